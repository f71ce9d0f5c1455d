"""full_jacobian, kronecker_delta and jacobian_explorer_arrays (the numbers of notebook 03's explorer)."""

import numpy as np
import pytest

from helpers.jacobian import full_jacobian, jacobian_explorer_arrays, kronecker_delta


def test_full_jacobian_of_matmul_is_delta_times_A():
    rng = np.random.default_rng(0)
    W, A = rng.standard_normal((2, 3)), rng.standard_normal((3, 4))
    J = full_jacobian(lambda W_: W_ @ A, W)  # (2, 4, 2, 3)
    assert J.shape == (2, 4, 2, 3)
    expected = np.einsum("ik,lj->ijkl", np.eye(2), A)  # dZ_ij/dW_kl = delta_ik A_lj
    np.testing.assert_allclose(J, expected, atol=1e-9)


def test_full_jacobian_of_elementwise_function_is_diagonal():
    X = np.array([0.1, -0.4, 2.0])
    J = full_jacobian(np.tanh, X)
    np.testing.assert_allclose(J, np.diag(1 - np.tanh(X) ** 2), atol=1e-9)


def test_full_jacobian_does_not_touch_the_callers_X():
    X = np.array([[1.0, 2.0]])
    full_jacobian(lambda X_: X_ * 3, X)
    np.testing.assert_array_equal(X, [[1.0, 2.0]])


def test_full_jacobian_rejects_bad_inputs():
    with pytest.raises(TypeError, match="function"):
        full_jacobian(3, np.ones(2))
    with pytest.raises(ValueError, match="NaN"):
        full_jacobian(np.sin, np.array([np.nan]))


def test_kronecker_delta_is_eye():
    np.testing.assert_array_equal(kronecker_delta(3), np.eye(3))
    with pytest.raises(ValueError):
        kronecker_delta(0)
    with pytest.raises(TypeError):
        kronecker_delta(2.5)


def test_full_jacobian_of_the_identity_is_the_identity_even_when_F_returns_X_itself():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    J = full_jacobian(lambda X_: X_, X)  # returns its input, which full_jacobian perturbs next
    np.testing.assert_allclose(J, np.einsum("ik,jl->ijkl", np.eye(2), np.eye(2)), atol=1e-9)


# ---------------------------------------------------------------- jacobian_explorer_arrays (notebook 03's explorer)

W_EX = np.array([[1.0, 2.0], [-1.0, 1.0]])  # notebook 03's example
A_EX = np.array([[2.0, -1.0], [1.0, 3.0]])


def test_explorer_arrays_of_notebook_03_by_hand():
    dZ = W_EX @ A_EX  # L = ½ Σ Z², so dL/dZ = Z
    arrays = jacobian_explorer_arrays(W_EX, A_EX, dZ)
    np.testing.assert_array_equal(arrays["Z"], [[4, 5], [-1, 4]])
    np.testing.assert_array_equal(arrays["dZ_dW"], np.einsum("ik,lj->ijkl", np.eye(2), A_EX))
    np.testing.assert_allclose(arrays["dL_dW"], dZ @ A_EX.T, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(arrays["dL_dW"], [[3, 19], [-6, 11]])  # dL/dZ Aᵀ, worked out by hand
    np.testing.assert_array_equal(arrays["naive"], [[13, 11], [2, 13]])  # dL/dZ A: a different matrix


def test_explorer_arrays_agree_with_finite_differences():
    rng = np.random.default_rng(14)
    W, A = rng.standard_normal((2, 3)), rng.standard_normal((3, 4))  # (n, p), (p, m)
    dL_dZ = np.sin(W @ A)  # L = -Σ cos Z
    arrays = jacobian_explorer_arrays(W, A, dL_dZ)
    np.testing.assert_allclose(arrays["dZ_dW"], full_jacobian(lambda W_: W_ @ A, W), atol=1e-9)
    numeric = full_jacobian(lambda W_: np.array(-np.sum(np.cos(W_ @ A))), W)  # (n, p)
    np.testing.assert_allclose(arrays["dL_dW"], numeric, atol=1e-8)
    assert arrays["naive"] is None  # dL/dZ (2, 4) @ A (3, 4) does not conform


@pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")
def test_explorer_arrays_are_plain_float_arrays_from_lists():
    arrays = jacobian_explorer_arrays(W_EX.tolist(), np.asmatrix(A_EX), (W_EX @ A_EX).tolist())
    for key in ("Z", "dL_dZ", "dZ_dW", "dL_dW", "naive"):
        assert type(arrays[key]) is np.ndarray and arrays[key].dtype == np.float64, key


def test_explorer_arrays_reject_bad_shapes():
    with pytest.raises(ValueError, match=r"W has shape \(2, 2\) and A has shape \(3, 2\)"):
        jacobian_explorer_arrays(W_EX, np.ones((3, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"dL_dZ has shape \(2, 3\) but expected \(2, 2\)"):
        jacobian_explorer_arrays(W_EX, A_EX, np.ones((2, 3)))
