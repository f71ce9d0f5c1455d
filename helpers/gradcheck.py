"""Check gradients: centred finite differences, a relative error, and one `compare` line.

`compare(name, ours, reference, tol)` prints one verdict line in the spirit of Karpathy's
`cmp`, and learners call it on their own answers. The course's gradient-check rule:

* the relative error is ||ours - reference|| / (||ours|| + ||reference||) (Frobenius norms);
* against centred finite differences with eps = 1e-6 in float64, "close" means a relative error
  below FD_TOL = 1e-6. Rounding puts such errors between about 1e-11 and 2e-9 (float64 rounding
  of f, about 1e-16, divided by 2 eps), so the tolerance sits over 500x above the noise, and a
  wrong formula (a missing transpose, 1/m or g') lands above 1e-3;
* the same mathematics computed two ways (a loop against a matrix product) agrees to rounding:
  pass tol=ROUNDOFF_TOL = 1e-12, over 1000x above float64's 1e-16;
* a passing check prints "rel error < tol", never the noise itself, so the printed line is the
  same on every CPU, BLAS and numpy version; a failing one prints the error to 2 digits, which
  a wrong formula makes a property of the mathematics;
* at a kink (ReLU at 0) the centred difference averages the two one-sided slopes, so an error
  of order 1 can appear in the entries that sit on the kink: that is a property of f, not a bug.
"""

import numpy as np

from .formatting import format_error, format_tolerance, shape_str  # format_error re-exported: the notebooks import it from here
from .validate import as_float_array, check_positive_float, check_real

FD_TOL = 1e-6  # compare's default: a gradient against centred finite differences (eps = 1e-6, float64)
ROUNDOFF_TOL = 1e-12  # the same mathematics computed two ways: equal up to float64 rounding


def numerical_gradient(f, X, eps=1e-6):
    """Centred differences (f(X + eps e_i) - f(X - eps e_i)) / 2 eps for a scalar f; X's shape.

    X is perturbed in place (and restored), so f may read it through a closure; an np.matrix X is
    handed to f as a plain array. A non-finite f(X +- eps e_i) is refused, never turned into NaN.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of X returning a number, got {type(f).__name__}")
    if not isinstance(X, np.ndarray) or isinstance(X, np.ma.MaskedArray):
        raise TypeError(f"X must be a numpy array (it is perturbed in place), got {type(X).__name__}")
    eps = check_positive_float(eps, "eps")
    X = X.view(np.ndarray)  # np.matrix -> plain array sharing X's memory
    if X.dtype != np.float64:
        raise TypeError(
            f"X has dtype {X.dtype}; numerical_gradient perturbs X in place by eps={eps}, "
            "so pass a float64 array, e.g. X.astype(float)"
        )
    if not X.flags.writeable:
        raise ValueError("X is read-only; numerical_gradient perturbs X in place, pass X.copy()")
    as_float_array(X, "X")  # rejects NaN / inf
    grad = np.zeros(X.shape)
    for idx in np.ndindex(X.shape):
        old = X[idx]
        try:
            X[idx] = old + eps
            f_plus = _scalar(f(X), idx, "+")
            X[idx] = old - eps
            f_minus = _scalar(f(X), idx, "-")
        finally:
            X[idx] = old  # X is restored, even if f raises
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad


def _scalar(value, idx, sign):
    """f's value as a finite float, or ValueError saying where f stopped being finite."""
    if isinstance(value, (str, bytes)) or value is None:
        raise ValueError(f"f must return a single number, got {type(value).__name__}")
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf" or arr.size != 1:
        raise ValueError(f"f must return a single number, got {type(value).__name__} of shape {arr.shape}")
    out = float(arr.reshape(()))
    if not np.isfinite(out):
        raise ValueError(f"f returned {out} at X{list(idx)} {sign} eps: the finite difference needs finite values; "
                         "is X near the edge of f's domain (a log of 0, a division by 0)?")
    return out


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||), the Frobenius norm; 0.0 when both are zero."""
    a = as_float_array(a, "a")
    b = as_float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a has shape {shape_str(a.shape)} but b has shape {shape_str(b.shape)}; they must match")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def _worst_entry(ours, reference):
    """' at [i, j]': the index of the largest absolute difference ('' for a scalar)."""
    if ours.ndim == 0:
        return ""
    idx = np.unravel_index(int(np.argmax(np.abs(ours - reference))), ours.shape)
    return " at [" + ", ".join(str(int(i)) for i in idx) + "]"


def compare(name, ours, reference, tol=FD_TOL):
    """Print one verdict line (close or not, relative error against tol) and return True if close."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming the quantity, got {type(name).__name__}")
    tol = check_real(tol, "tol", low=0.0)
    if not tol > 0:
        raise ValueError(f"tol must be > 0, got {tol!r}; use ROUNDOFF_TOL ({ROUNDOFF_TOL:g}) for 'equal up to rounding'")
    reference = as_float_array(reference, "reference", allow_nonfinite=True)
    try:
        ours = as_float_array(ours, f"your {name}", allow_nonfinite=True)
    except TypeError as exc:
        print(f"{name:<10} | ✗ not an array of numbers: {exc}")
        return False
    if ours.shape != reference.shape:
        print(f"{name:<10} | ✗ wrong shape: yours is {shape_str(ours.shape)}, expected {shape_str(reference.shape)}")
        return False
    if not np.isfinite(ours).all():
        print(f"{name:<10} | ✗ yours contains NaN or inf")
        return False
    if not np.isfinite(reference).all():
        raise ValueError("reference contains NaN or inf; compare needs a finite reference")
    rel = relative_error(ours, reference)
    if rel < tol:
        print(f"{name:<10} | ✓ close: rel error < {format_tolerance(tol)} (the tolerance)")
        return True
    maxdiff = float(np.max(np.abs(ours - reference))) if ours.size else 0.0
    print(
        f"{name:<10} | ✗ NOT close: rel error {format_error(rel, tol)} ≥ {format_tolerance(tol)} (the tolerance); "
        f"max abs diff {format_error(maxdiff, tol)}{_worst_entry(ours, reference)}"
    )
    return False
