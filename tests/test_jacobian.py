"""full_jacobian and kronecker_delta."""

import numpy as np
import pytest

from helpers.jacobian import full_jacobian, kronecker_delta


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
