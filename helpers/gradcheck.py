"""Check gradients: centred finite differences, a relative error, and one `compare` line.

`compare(name, ours, reference)` prints one line in the spirit of Karpathy's
`cmp`: is `ours` exactly equal to `reference`, is it close, and by how much
it differs. Learners call it on their own answers.
"""

import numbers

import numpy as np

from ._validate import as_float_array, shape_str


def numerical_gradient(f, X, eps=1e-6):
    """Centred differences (f(X + eps e_i) - f(X - eps e_i)) / 2 eps for a scalar f; X's shape."""
    if not callable(f):
        raise TypeError(f"f must be a function of X returning a number, got {type(f).__name__}")
    if not isinstance(X, np.ndarray):
        raise TypeError(f"X must be a numpy array (it is perturbed in place), got {type(X).__name__}")
    if X.dtype != np.float64:
        raise TypeError(
            f"X has dtype {X.dtype}; numerical_gradient perturbs X in place by eps={eps}, "
            "so pass a float64 array, e.g. X.astype(float)"
        )
    if not X.flags.writeable:
        raise ValueError("X is read-only; numerical_gradient perturbs X in place, pass X.copy()")
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not eps > 0:
        raise ValueError(f"eps must be a number > 0, got {eps!r}")
    as_float_array(X, "X")  # rejects NaN / inf
    grad = np.zeros_like(X)
    for idx in np.ndindex(X.shape):
        old = X[idx]
        try:
            X[idx] = old + eps
            f_plus = _scalar(f(X))
            X[idx] = old - eps
            f_minus = _scalar(f(X))
        finally:
            X[idx] = old  # X is restored, even if f raises
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad


def _scalar(value):
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf" or arr.size != 1:
        raise ValueError(f"f must return a single number, got {type(value).__name__} of shape {arr.shape}")
    return float(arr.reshape(()))


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||), the Frobenius norm; 0.0 when both are zero."""
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a has shape {shape_str(a.shape)} but b has shape {shape_str(b.shape)}; they must match")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def format_error(x):
    """A short, reproducible description of a non-negative number: '0', '< 1e-09' when tiny, else 2 digits."""
    if x == 0:
        return "0"
    if x >= 1e-3:  # a real difference: two significant digits are stable across machines
        return f"{x:.2g}"
    exponent = int(np.ceil(np.log10(x)))
    if 10.0**exponent == x:
        exponent += 1
    return f"< 1e{exponent:+03d}"


def compare(name, ours, reference, rtol=1e-5, atol=1e-8):
    """Print one line (exact / close / max abs diff / relative error) and return True if close."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming the quantity, got {type(name).__name__}")
    reference = as_float_array(reference, "reference", allow_nonfinite=True)
    try:
        ours = as_float_array(ours, f"your {name}", allow_nonfinite=True)
    except TypeError as exc:
        print(f"{name:<10} | not an array of numbers: {exc}")
        return False
    if ours.shape != reference.shape:
        print(
            f"{name:<10} | wrong shape: yours is {shape_str(ours.shape)}, "
            f"expected {shape_str(reference.shape)}"
        )
        return False
    if not np.isfinite(ours).all():
        print(f"{name:<10} | yours contains NaN or inf")
        return False
    exact = bool(np.array_equal(ours, reference))
    close = bool(np.allclose(ours, reference, rtol=rtol, atol=atol))
    maxdiff = float(np.max(np.abs(ours - reference))) if ours.size else 0.0
    rel = relative_error(ours, reference)
    print(
        f"{name:<10} | exact: {exact!s:<5} | close: {close!s:<5} | "
        f"max abs diff {format_error(maxdiff):<8} | rel error {format_error(rel)}"
    )
    return close
