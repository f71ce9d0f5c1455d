"""gradcheck: numerical_gradient, relative_error and compare."""

import numpy as np
import pytest

from helpers.gradcheck import compare, numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic_is_exact_enough_and_restores_X():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 3, 4))
    A = rng.standard_normal((2, 3, 4))
    before = X.copy()
    grad = numerical_gradient(lambda X_: np.sum(A * X_**2), X)
    assert grad.shape == X.shape
    np.testing.assert_allclose(grad, 2 * A * X, atol=1e-8)
    np.testing.assert_array_equal(X, before)


def test_X_is_restored_even_when_f_raises():
    X = np.ones((2, 2))

    def f(X_):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(f, X)
    np.testing.assert_array_equal(X, np.ones((2, 2)))


@pytest.mark.parametrize("X, err, msg", [
    (np.ones((2, 2), dtype=int), TypeError, "dtype int64.*float64"),
    ([1.0, 2.0], TypeError, "numpy array"),
    (np.array([np.nan]), ValueError, "NaN"),
])
def test_numerical_gradient_rejects_bad_X(X, err, msg):
    with pytest.raises(err, match=msg):
        numerical_gradient(np.sum, X)


def test_numerical_gradient_rejects_non_scalar_f():
    with pytest.raises(ValueError, match="single number"):
        numerical_gradient(lambda X: X * 2, np.ones(3))
    with pytest.raises(TypeError, match="function"):
        numerical_gradient("f", np.ones(3))


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        relative_error(np.ones(2), np.ones(3))


def test_compare_prints_one_line_and_returns_a_bool(capsys):
    ref = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert compare("dW", ref.copy(), ref) is True
    assert compare("dW", ref + 1e-10, ref) is True
    assert compare("dW", ref.T, ref) is False
    assert compare("dW", ref[:1], ref) is False
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert lines[0] == "dW         | exact: True  | close: True  | max abs diff 0        | rel error 0"
    assert "exact: False | close: True" in lines[1] and "max abs diff < 1e-09" in lines[1]
    assert "close: False" in lines[2] and "max abs diff 1 " in lines[2] and "rel error 0.13" in lines[2]
    assert "wrong shape: yours is (1, 2), expected (2, 2)" in lines[3]


def test_compare_reports_nan_and_non_arrays(capsys):
    assert compare("db", np.array([np.nan]), np.array([1.0])) is False
    assert compare("db", "oops", np.array([1.0])) is False
    out = capsys.readouterr().out
    assert "NaN" in out and "not an array" in out
