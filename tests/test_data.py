"""helpers.data: the files match their generators and provenance, splits are fixed, loaders validate."""

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest

from helpers import data

DATA = Path(__file__).resolve().parents[1] / "data"


def test_flower_file_is_the_dls_generator_output():
    X, Y = data.make_flower()
    flower = data.load_flower()
    np.testing.assert_array_equal(flower.X, X)
    np.testing.assert_array_equal(flower.Y, Y)
    assert X.shape == (2, 400) and Y.shape == (1, 400) and Y.sum() == 200


def test_flower_first_points_match_the_legacy_seed_1_stream():
    # np.random.seed(1); the first class's first angle noise is randn()*0.2 = 1.6243453636632417*0.2
    t0 = 0.0 + 1.6243453636632417 * 0.2
    X, _ = data.make_flower()
    r0 = X[0, 0] / np.sin(t0)
    assert X[1, 0] == pytest.approx(r0 * np.cos(t0), rel=1e-12)


def test_digits_file_is_the_scikit_learn_copy():
    digest = hashlib.sha256((DATA / "digits.csv.gz").read_bytes()).hexdigest()
    assert digest == "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
    with gzip.open(DATA / "digits.csv.gz", "rt", encoding="utf-8") as fh:
        assert sum(1 for _ in fh) == 1797


def test_digits_loader_shapes_and_scaling():
    d = data.load_digits()
    assert d.X_train.shape == (64, 1438) and d.X_test.shape == (64, 359)
    assert d.Y_train.shape == (10, 1438)
    assert d.X.min() == 0.0 and d.X.max() == 1.0
    np.testing.assert_array_equal(d.Y.sum(axis=0), 1.0)
    assert d.X.dtype == np.float64 and d.Y.dtype == np.float64


def test_split_is_fixed_and_disjoint():
    a, b = data.load_flower(), data.load_flower()
    np.testing.assert_array_equal(a.X_test, b.X_test)
    assert sorted(a.order.tolist()) == list(range(400))
    assert a.X_train.shape[1] + a.X_test.shape[1] == 400


@pytest.mark.parametrize("name", sorted(data.PLANAR))
def test_planar_sets_are_binary_balanced_2d(name):
    d = data.load_planar(name)
    assert d.X.shape == (2, 400) and d.Y.shape == (1, 400)
    assert set(np.unique(d.Y)) == {0.0, 1.0} and d.Y.sum() == 200


def test_one_hot_and_errors():
    np.testing.assert_array_equal(data.one_hot(np.array([2, 0]), 3), [[0, 1], [0, 0], [1, 0]])
    with pytest.raises(ValueError, match="0..2"):
        data.one_hot(np.array([3]), 3)
    with pytest.raises(ValueError, match="1-D array of ints"):
        data.one_hot(np.array([0.5]), 3)
    with pytest.raises(ValueError, match="unknown dataset 'petals'"):
        data.load_planar("petals")
    with pytest.raises(ValueError, match="X has 3 examples"):
        data.split("x", np.ones((2, 3)), np.ones((1, 4)))


# ---------------------------------------------------------------- confusion_matrix


def _confusion_by_loop(true, pred, n_classes):
    """The reference: one count per example, in a plain Python loop."""
    C = [[0] * n_classes for _ in range(n_classes)]
    for t, p in zip(true, pred):
        C[t][p] += 1
    return np.array(C)


def test_confusion_matrix_counts_by_hand():
    true = np.array([0, 0, 1, 2, 2, 2])
    pred = np.array([0, 1, 1, 2, 0, 2])
    C = data.confusion_matrix(true, pred, 3)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert C.dtype.kind == "i" and C.sum() == true.size


def test_confusion_matrix_agrees_with_a_loop_and_with_the_accuracy():
    rng = np.random.default_rng(14)
    true = rng.integers(0, 10, size=500)
    pred = np.where(rng.random(500) < 0.8, true, rng.integers(0, 10, size=500))  # 80 % right, the rest random
    C = data.confusion_matrix(true, pred, 10)
    np.testing.assert_array_equal(C, _confusion_by_loop(true, pred, 10))
    assert np.trace(C) == np.sum(true == pred)  # the diagonal counts the right answers
    np.testing.assert_array_equal(C.sum(axis=1), np.bincount(true, minlength=10))  # rows: the true classes
    np.testing.assert_array_equal(C.sum(axis=0), np.bincount(pred, minlength=10))  # columns: the predictions


def test_confusion_matrix_takes_rows_lists_and_empty_labels():
    C = data.confusion_matrix(np.array([[0, 1, 1]]), [0, 0, 1], 2)  # a (1, m) row of ids, a list
    np.testing.assert_array_equal(C, [[1, 0], [1, 1]])
    np.testing.assert_array_equal(data.confusion_matrix(np.array([], int), np.array([], int), 2), np.zeros((2, 2)))


def test_confusion_matrix_rejects_bad_labels():
    true, pred = np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2])
    with pytest.raises(ValueError, match=r"predicted_labels must lie in 0\.\.2, got 1\.\.3"):
        data.confusion_matrix(true, pred + 1, 3)
    with pytest.raises(TypeError, match="true_labels must be integer class labels, got dtype float64"):
        data.confusion_matrix(true.astype(float), pred, 3)
    with pytest.raises(ValueError, match="true_labels has 6 labels but predicted_labels has 5; they must match"):
        data.confusion_matrix(true, pred[:-1], 3)
    with pytest.raises(ValueError, match="n_classes must be >= 1"):
        data.confusion_matrix(true, pred, 0)
