"""Datasets in the column convention: X is (n_x, m) float64, Y is (n_y, m) float64.

Every loader returns a `Dataset` with a fixed train/test split. `Dataset.X`
and `Dataset.Y` give all examples in their original order (the Deep Learning
Specialization trains the flower on all 400 points and reports training
accuracy; use those to compare with it). Class ids: `one_hot` turns them into
Y, `confusion_matrix` counts which class was predicted for which.

The data files live in the repository's data/ folder, which is installed as
the package `helpers.datafiles`, so the loaders also work after a plain
`pip install` of the course (Colab). See data/README.md for provenance.
"""

import gzip
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from .validate import as_columns, check_choice, check_positive_int, check_real, check_seed

SPLIT_SEED = 0  # the seed of the fixed permutation that splits every dataset
TEST_FRACTION = 0.2


@dataclass(frozen=True)
class Dataset:
    """A dataset split into train and test parts, one example per column."""

    name: str
    X_train: np.ndarray  # (n_x, m_train)
    Y_train: np.ndarray  # (n_y, m_train)
    X_test: np.ndarray  # (n_x, m_test)
    Y_test: np.ndarray  # (n_y, m_test)
    order: np.ndarray  # (m,) original index of each train-then-test example

    @property
    def X(self):
        """All examples (n_x, m) in their original order."""
        return _unsplit(self.X_train, self.X_test, self.order)

    @property
    def Y(self):
        """All labels (n_y, m) in their original order."""
        return _unsplit(self.Y_train, self.Y_test, self.order)

    def __repr__(self):
        return (
            f"Dataset({self.name!r}, X_train {self.X_train.shape}, Y_train {self.Y_train.shape}, "
            f"X_test {self.X_test.shape}, Y_test {self.Y_test.shape})"
        )


def _unsplit(train, test, order):
    out = np.empty((train.shape[0], order.size))
    out[:, order] = np.concatenate([train, test], axis=1)
    return out


def split(name, X, Y, test_fraction=TEST_FRACTION, seed=SPLIT_SEED):
    """Split (X, Y) by a fixed seeded permutation of the columns into a Dataset; both parts non-empty."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming the dataset, got {type(name).__name__}")
    X = as_columns(X, "X", "n_x")
    Y = as_columns(Y, "Y", "n_y")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"X has {X.shape[1]} examples (columns) but Y has {Y.shape[1]}; they must match")
    test_fraction = check_real(test_fraction, "test_fraction", low=0.0, high=1.0, low_open=True, high_open=True)
    seed = check_seed(seed)
    m = X.shape[1]
    n_test = int(round(m * test_fraction))
    if not 1 <= n_test <= m - 1:
        raise ValueError(f"X has m = {m} examples: test_fraction = {test_fraction:g} leaves {n_test} for the test set "
                         f"and {m - n_test} for training; both need at least one example (choose another "
                         "test_fraction or more examples)")
    order = np.random.default_rng(seed).permutation(m)
    train, test = order[: m - n_test], order[m - n_test:]
    return Dataset(name, X[:, train], Y[:, train], X[:, test], Y[:, test], order)


def one_hot(labels, n_classes):
    """Integer labels (m,) -> one-hot Y of shape (n_classes, m)."""
    n_classes = check_positive_int(n_classes, "n_classes")
    if isinstance(labels, np.ma.MaskedArray) or not isinstance(labels, (np.ndarray, list, tuple)):
        raise TypeError(f"labels must be a 1-D array of int class ids, got {type(labels).__name__}")
    labels = np.asarray(labels).view(np.ndarray)
    if labels.ndim == 2 and 1 in labels.shape:
        raise ValueError(f"labels must be 1-D (m,), got shape {labels.shape}; pass labels.ravel() "
                         "(for a (1, m) row Y of class ids: Y[0].astype(int))")
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        hint = "; for whole-number floats use labels.astype(int)" if labels.dtype.kind == "f" else ""
        raise ValueError(f"labels must be a 1-D array of ints, got dtype {labels.dtype} and shape {labels.shape}{hint}")
    if labels.size == 0:
        raise ValueError("labels is empty: expected at least one example")
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {labels.min()}..{labels.max()}")
    Y = np.zeros((n_classes, labels.size))  # (n_classes, m)
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def confusion_matrix(true_labels, predicted_labels, n_classes):
    """Counts C (n_classes, n_classes): C[i, j] = how many examples of class i were predicted as j."""
    n_classes = check_positive_int(n_classes, "n_classes")
    t = np.asarray(true_labels).ravel()  # (m,)
    p = np.asarray(predicted_labels).ravel()  # (m,)
    for name, v in (("true_labels", t), ("predicted_labels", p)):
        if v.dtype.kind not in "iu":
            raise TypeError(f"{name} must be integer class labels, got dtype {v.dtype}")
        if v.size and (v.min() < 0 or v.max() >= n_classes):
            raise ValueError(f"{name} must lie in 0..{n_classes - 1}, got {v.min()}..{v.max()}")
    if t.shape != p.shape:
        raise ValueError(f"true_labels has {t.size} labels but predicted_labels has {p.size}; they must match")
    C = np.zeros((n_classes, n_classes), dtype=np.int64)  # (n_classes, n_classes)
    np.add.at(C, (t, p), 1)
    return C


#: The data files the course ships (in data/ of a clone, in helpers.datafiles of an installed wheel).
DATA_FILES = ("flower.csv", "digits.csv.gz")


def data_file(filename):
    """The path (a Traversable) of one of DATA_FILES, wherever helpers was installed from."""
    check_choice(filename, "filename", DATA_FILES)
    try:  # installed from a wheel (Colab, pip install git+URL): data/ ships as helpers.datafiles
        return resources.files("helpers.datafiles").joinpath(filename)
    except ModuleNotFoundError:  # a clone or an editable install: read data/ beside helpers/
        return Path(__file__).resolve().parent.parent / "data" / filename


def make_flower(m=400, seed=1):
    """The Deep Learning Specialization's planar 'flower': petals r = 4 sin(4t) + noise 0.2.

    Reproduces `load_planar_dataset` exactly for even m (m = 400 is its dataset): the legacy
    np.random.seed(1) stream, m / 2 points per class. For odd m class 0 has one point more.
    Returns X (2, m) and Y (1, m): m real points, m >= 2.
    """
    m = check_positive_int(m, "m", minimum=2)
    seed = check_seed(seed)
    rs = np.random.RandomState(seed)  # the legacy generator the original code seeds
    sizes = (m - m // 2, m // 2)  # (N, N) for even m, as the original
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1))
    start = 0
    for j, N in enumerate(sizes):
        ix = range(start, start + N)
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rs.randn(N) * 0.2  # angle
        r = 4 * np.sin(4 * t) + rs.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
        start += N
    return X.T, Y.T


def load_flower():
    """The 400-point flower (2 classes) from data/flower.csv, split 320 / 80."""
    raw = np.loadtxt(data_file("flower.csv").open("r", encoding="utf-8"), delimiter=",", skiprows=1)  # (400, 3)
    return split("flower", raw[:, :2].T, raw[:, 2:].T)


def load_digits():
    """The 8x8 handwritten digits (1797 images, 10 classes), pixels scaled to [0, 1], split 1438 / 359.

    X is (64, m), Y is one-hot (10, m); an image is X[:, k].reshape(8, 8).
    """
    with data_file("digits.csv.gz").open("rb") as fh:
        raw = np.loadtxt(gzip.open(fh, "rt", encoding="utf-8"), delimiter=",")  # (1797, 65)
    labels = raw[:, -1].astype(np.int64)
    return split("digits", raw[:, :-1].T / 16.0, one_hot(labels, 10))


def _generator_args(m, noise, seed):
    """(m, noise, rng) checked for the 2-D generators: m >= 2 (both classes), noise finite >= 0, seed int >= 0."""
    m = check_positive_int(m, "m", minimum=2)
    noise = check_real(noise, "noise", low=0.0)
    return m, noise, np.random.default_rng(check_seed(seed))


def make_moons(m=400, noise=0.2, seed=0):
    """Two interleaving half circles: X (2, m), Y (1, m)."""
    m, noise, rng = _generator_args(m, noise, seed)
    n0 = m // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, m - n0)
    X = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]]).T
    X = X + noise * rng.standard_normal(X.shape)  # (2, m)
    Y = np.r_[np.zeros(n0), np.ones(m - n0)][None, :]  # (1, m)
    return X, Y


def make_circles(m=400, noise=0.1, factor=0.5, seed=0):
    """A small circle (radius factor, 0 < factor < 1) inside a unit circle: X (2, m), Y (1, m)."""
    m, noise, rng = _generator_args(m, noise, seed)
    factor = check_real(factor, "factor", low=0.0, high=1.0, low_open=True, high_open=True)
    n0 = m // 2
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, m - n0, endpoint=False)
    X = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], factor * np.c_[np.cos(t1), np.sin(t1)]]).T
    X = X + noise * rng.standard_normal(X.shape)  # (2, m)
    Y = np.r_[np.zeros(n0), np.ones(m - n0)][None, :]  # (1, m)
    return X, Y


def make_spirals(m=400, noise=0.2, turns=1.5, seed=0):
    """Two interleaved spirals of `turns` > 0 turns each: X (2, m), Y (1, m)."""
    m, noise, rng = _generator_args(m, noise, seed)
    turns = check_real(turns, "turns", low=0.0, low_open=True)
    n0 = m // 2
    parts = []
    for j, n in enumerate((n0, m - n0)):
        t = np.linspace(0.25, 1, n) * turns * 2 * np.pi  # angle
        r = 4 * t / (turns * 2 * np.pi)  # radius grows with the angle
        parts.append(np.c_[r * np.cos(t + j * np.pi), r * np.sin(t + j * np.pi)])
    X = np.concatenate(parts).T + noise * rng.standard_normal((2, m))  # (2, m)
    Y = np.r_[np.zeros(n0), np.ones(m - n0)][None, :]  # (1, m)
    return X, Y


#: The 2-D binary datasets, by name; each loader takes no arguments.
PLANAR = {
    "flower": load_flower,
    "moons": lambda: split("moons", *make_moons()),
    "circles": lambda: split("circles", *make_circles()),
    "spirals": lambda: split("spirals", *make_spirals()),
}


def load_planar(name):
    """Load one of the 2-D binary datasets in PLANAR by name."""
    return PLANAR[check_choice(name, "dataset", PLANAR)]()
