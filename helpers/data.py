"""Datasets in the column convention: X is (n_x, m) float64, Y is (n_y, m) float64.

Every loader returns a `Dataset` with a fixed train/test split. `Dataset.X`
and `Dataset.Y` give all examples in their original order (the Deep Learning
Specialization trains the flower on all 400 points and reports training
accuracy; use those to compare with it).

The data files live in the repository's data/ folder, which is installed as
the package `helpers.datafiles`, so the loaders also work after a plain
`pip install` of the course (Colab). See data/README.md for provenance.
"""

import gzip
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ._validate import as_float_array, check_choice, check_positive_int

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
    """Split (X, Y) by a fixed seeded permutation of the columns into a Dataset."""
    X = as_float_array(X, "X", ndim=2)
    Y = as_float_array(Y, "Y", ndim=2)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(f"X has {X.shape[1]} examples (columns) but Y has {Y.shape[1]}; they must match")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    n_test = int(round(m * test_fraction))
    train, test = order[: m - n_test], order[m - n_test:]
    return Dataset(name, X[:, train], Y[:, train], X[:, test], Y[:, test], order)


def one_hot(labels, n_classes):
    """Integer labels (m,) -> one-hot Y of shape (n_classes, m)."""
    n_classes = check_positive_int(n_classes, "n_classes")
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be a 1-D array of ints, got dtype {labels.dtype} and shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {labels.min()}..{labels.max()}")
    Y = np.zeros((n_classes, labels.size))  # (n_classes, m)
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def _data_file(filename):
    try:  # installed from a wheel (Colab, pip install git+URL): data/ ships as helpers.datafiles
        return resources.files("helpers.datafiles").joinpath(filename)
    except ModuleNotFoundError:  # a clone or an editable install: read data/ beside helpers/
        return Path(__file__).resolve().parent.parent / "data" / filename


def make_flower(m=400, seed=1):
    """The Deep Learning Specialization's planar 'flower': petals r = 4 sin(4t) + noise 0.2.

    Reproduces `load_planar_dataset` exactly: the legacy np.random.seed(1)
    stream, 200 points per class. Returns X (2, m) and Y (1, m).
    """
    m = check_positive_int(m, "m")
    rs = np.random.RandomState(seed)  # the legacy generator the original code seeds
    N = m // 2
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1))
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rs.randn(N) * 0.2  # angle
        r = 4 * np.sin(4 * t) + rs.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def load_flower():
    """The 400-point flower (2 classes) from data/flower.csv, split 320 / 80."""
    raw = np.loadtxt(_data_file("flower.csv").open("r"), delimiter=",", skiprows=1)  # (400, 3)
    return split("flower", raw[:, :2].T, raw[:, 2:].T)


def load_digits():
    """The 8x8 handwritten digits (1797 images, 10 classes), pixels scaled to [0, 1], split 1438 / 359.

    X is (64, m), Y is one-hot (10, m); an image is X[:, k].reshape(8, 8).
    """
    with _data_file("digits.csv.gz").open("rb") as fh:
        raw = np.loadtxt(gzip.open(fh, "rt"), delimiter=",")  # (1797, 65)
    labels = raw[:, -1].astype(np.int64)
    return split("digits", raw[:, :-1].T / 16.0, one_hot(labels, 10))


def make_moons(m=400, noise=0.2, seed=0):
    """Two interleaving half circles: X (2, m), Y (1, m)."""
    m = check_positive_int(m, "m")
    rng = np.random.default_rng(seed)
    n0 = m // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, m - n0)
    X = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], np.c_[1 - np.cos(t1), 0.5 - np.sin(t1)]]).T
    X = X + noise * rng.standard_normal(X.shape)  # (2, m)
    Y = np.r_[np.zeros(n0), np.ones(m - n0)][None, :]  # (1, m)
    return X, Y


def make_circles(m=400, noise=0.1, factor=0.5, seed=0):
    """A small circle inside a large one: X (2, m), Y (1, m)."""
    m = check_positive_int(m, "m")
    rng = np.random.default_rng(seed)
    n0 = m // 2
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, m - n0, endpoint=False)
    X = np.concatenate([np.c_[np.cos(t0), np.sin(t0)], factor * np.c_[np.cos(t1), np.sin(t1)]]).T
    X = X + noise * rng.standard_normal(X.shape)  # (2, m)
    Y = np.r_[np.zeros(n0), np.ones(m - n0)][None, :]  # (1, m)
    return X, Y


def make_spirals(m=400, noise=0.2, turns=1.5, seed=0):
    """Two interleaved spirals: X (2, m), Y (1, m)."""
    m = check_positive_int(m, "m")
    rng = np.random.default_rng(seed)
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
