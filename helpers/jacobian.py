"""The full derivative of an array with respect to an array, and the Kronecker delta.

For Z = F(X), `full_jacobian(F, X)[i..., k...]` is dZ[i...] / dX[k...]: an
array of shape Z.shape + X.shape. For Z = W A with 2x2 matrices that is a
2x2x2x2 array of 16 numbers, which is why "dZ/dW" is not a matrix.
`jacobian_explorer_arrays` computes that tensor exactly, with what notebook 03's explorer shows beside it.
"""

import numpy as np

from .formatting import shape_str
from .validate import as_float_array, check_positive_float, check_positive_int, check_shape


def full_jacobian(F, X, eps=1e-6):
    """Centred-difference derivative of array-valued F at X, shape F(X).shape + X.shape."""
    if not callable(F):
        raise TypeError(f"F must be a function of X returning an array, got {type(F).__name__}")
    eps = check_positive_float(eps, "eps")
    X = as_float_array(X, "X").copy()  # (X.shape); the caller's X is never touched
    Z0 = _output(F, X)
    J = np.zeros(Z0.shape + X.shape)  # (Z.shape + X.shape)
    for idx in np.ndindex(X.shape):
        old = X[idx]
        X[idx] = old + eps
        z_plus = _output(F, X)
        X[idx] = old - eps
        z_minus = _output(F, X)
        X[idx] = old
        if z_plus.shape != Z0.shape or z_minus.shape != Z0.shape:
            changed = z_plus.shape if z_plus.shape != Z0.shape else z_minus.shape
            raise ValueError(f"F(X) changed shape from {shape_str(Z0.shape)} to {shape_str(changed)} "
                             "when X was perturbed")
        J[(Ellipsis,) + idx] = (z_plus - z_minus) / (2 * eps)
    return J


def _output(F, X):
    """F(X) as a float array of its own (F may return X itself, which is perturbed next)."""
    return as_float_array(F(X), "F(X)").copy()


def kronecker_delta(n):
    """delta_ik = dx_i/dx_k: 1 if i == k else 0, as an (n, n) array, i.e. np.eye(n)."""
    return np.eye(check_positive_int(n, "n"))


def jacobian_explorer_arrays(W, A, dL_dZ):
    """For Z = W A: Z, dL/dZ, dZ/dW = delta_ik A_lj, dL/dW by contraction, and the naive dL/dZ @ A (or None)."""
    W = as_float_array(W, "W", ndim=2)  # (n, p)
    A = as_float_array(A, "A", ndim=2)  # (p, m)
    if W.shape[1] != A.shape[0]:
        raise ValueError(f"W has shape {W.shape} and A has shape {A.shape}; W's columns must equal A's rows")
    dL_dZ = as_float_array(dL_dZ, "dL_dZ", ndim=2)
    check_shape(dL_dZ, "dL_dZ", (W.shape[0], A.shape[1]), why="the shape of Z = W A")
    Z = W @ A  # (n, m)
    dZ_dW = np.einsum("ik,lj->ijkl", kronecker_delta(W.shape[0]), A)  # (n, m, n, p)
    dL_dW = np.einsum("ij,ijkl->kl", dL_dZ, dZ_dW)  # (n, p)
    naive = dL_dZ @ A if dL_dZ.shape[1] == A.shape[0] else None  # only square-ish shapes allow it
    return {"Z": Z, "dL_dZ": dL_dZ, "dZ_dW": dZ_dW, "dL_dW": dL_dW, "naive": naive}
