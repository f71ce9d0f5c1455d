"""gradcheck: numerical_gradient, relative_error and compare."""

import numpy as np
import pytest

from helpers import formatting
from helpers.gradcheck import FD_TOL, ROUNDOFF_TOL, compare, format_error, numerical_gradient, relative_error


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


def test_compare_prints_a_verdict_against_the_stated_tolerance(capsys):
    ref = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert compare("dW", ref.copy(), ref) is True
    assert compare("dW", ref + 1e-10, ref) is True
    assert compare("dW", ref + 1e-10, ref, tol=ROUNDOFF_TOL) is False
    assert compare("dW", ref.T, ref) is False
    assert compare("dW", ref[:1], ref) is False
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert lines[0] == "dW         | ✓ close: rel error < 1e-06 (the tolerance)"
    assert lines[1] == lines[0]  # rounding-size differences print the same line as none
    assert lines[2] == "dW         | ✗ NOT close: rel error 1.8e-11 ≥ 1e-12 (the tolerance); max abs diff 1e-10 at [0, 0]"
    assert lines[3] == "dW         | ✗ NOT close: rel error 0.13 ≥ 1e-06 (the tolerance); max abs diff 1 at [0, 1]"
    assert "wrong shape: yours is (1, 2), expected (2, 2)" in lines[4]


@pytest.mark.parametrize("tol", [0, -1e-6, float("nan"), float("inf"), "1e-6", True])
def test_compare_refuses_a_tolerance_that_is_not_a_positive_number(tol):
    with pytest.raises((TypeError, ValueError), match="tol"):
        compare("dW", np.ones(2), np.ones(2), tol=tol)


def test_compare_refuses_a_reference_with_nan():
    with pytest.raises(ValueError, match="reference contains NaN"):
        compare("dW", np.ones(2), np.array([1.0, np.nan]))


@pytest.mark.parametrize("x, floor, printed", [
    (0.0, 1e-6, "< 1e-06"),
    (9.99e-7, 1e-6, "< 1e-06"),
    (np.nextafter(1e-6, 0), 1e-6, "< 1e-06"),
    (1e-6, 1e-6, "1e-06"),  # at the floor: printed, with 2 digits
    (1.04e-6, 1e-6, "1e-06"),
    (1.05e-6, 1e-6, "1e-06"),  # 1.05e-6 is stored as 1.0499...e-6
    (1.06e-6, 1e-6, "1.1e-06"),
    (3.3e-13, 1e-12, "< 1e-12"),
    (1e-12, 1e-12, "1e-12"),
    (2.5e-11, 1e-12, "2.5e-11"),
    (0.333, 1e-6, "0.33"),
    (0.001, 1e-6, "0.001"),
    (0.00099949, 1e-6, "0.001"),
    (10.000000002, 1e-6, "10"),
    (15.0, 1e-9, "15"),
    (123.4, 1e-6, "1.2e+02"),
])
def test_format_error_on_and_around_every_printed_boundary(x, floor, printed):
    assert format_error(x, floor) == printed


@pytest.mark.parametrize("x, floor", [(-1e-3, 1e-6), (float("nan"), 1e-6), (float("inf"), 1e-6), (1.0, 0.0),
                                      ("0.1", 1e-6), (None, 1e-6), (1.0, -1.0)])
def test_format_error_refuses_what_it_cannot_print(x, floor):
    with pytest.raises((TypeError, ValueError)):
        format_error(x, floor)


def test_the_tolerances_sit_far_above_the_noise_they_absorb():
    """FD_TOL >= 100 x the rounding noise of a centred difference; ROUNDOFF_TOL >= 100 x float64 rounding."""
    rng = np.random.default_rng(0)
    worst_fd, worst_roundoff = 0.0, 0.0
    for _ in range(20):
        W, A = rng.standard_normal((4, 3)), rng.standard_normal((3, 5))
        G = rng.standard_normal((4, 5))
        grad = G @ A.T  # dJ/dW of J = sum(G * (W A))
        worst_fd = max(worst_fd, relative_error(grad, numerical_gradient(lambda W_: np.sum(G * (W_ @ A)), W)))
        loop = np.array([[sum(G[i, k] * A[j, k] for k in range(5)) for j in range(3)] for i in range(4)])
        worst_roundoff = max(worst_roundoff, relative_error(loop, grad))
    assert 0 < worst_fd < FD_TOL / 100
    assert worst_roundoff < ROUNDOFF_TOL / 100


def test_compare_reports_nan_and_non_arrays(capsys):
    assert compare("db", np.array([np.nan]), np.array([1.0])) is False
    assert compare("db", "oops", np.array([1.0])) is False
    out = capsys.readouterr().out
    assert "NaN" in out and "not an array" in out


@pytest.mark.parametrize("x, printed", [(0.0, "0"), (0.01, "0.01"), (0.123456, "0.123"), (999.4, "999"), (999.6, "1.0e+03"),
                                        (1234.5, "1.2e+03"), (0.0099, "9.9e-03"), (-0.5, "-0.5"), (4.56e-5, "4.6e-05"),
                                        (float("inf"), "inf")])
def test_format_number_prints_three_digits_or_scientific(x, printed):
    """The explorer's labels: the rule written out by hand on each side of its two boundaries."""
    assert formatting.format_number(x) == printed


@pytest.mark.parametrize("tol, printed", [(1e-6, "1e-06"), (1e-12, "1e-12"), (3e-3, "3e-03"), (0.0, "0e+00")])
def test_format_tolerance_prints_one_digit(tol, printed):
    assert formatting.format_tolerance(tol) == printed


@pytest.mark.parametrize("nbytes, printed", [(0, "0 B"), (128, "128 B"), (1023, "1023 B"), (1024, "1 KiB"), (1023.6 * 1024, "1 MiB"), (999.4 * 1024, "999 KiB"),
                                             (8 * 2**20, "8 MiB"), (36_812_800, "35.1 MiB"), (2**51, "2 PiB")])
def test_format_bytes_in_binary_units(nbytes, printed):
    """Notebooks 03 and 07's memory sizes, written out by hand (2**51 bytes = 2 PiB, 36,812,800 B = 35.1 MiB)."""
    assert formatting.format_bytes(nbytes) == printed
