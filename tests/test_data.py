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
