"""Input checks shared by every public helper: convert once, check once, then compute on what was returned.

Each check raises TypeError or ValueError with a message that names the
argument, what it is, and what was expected, so that a learner never has to
read a numpy broadcasting traceback. The `as_*` / `check_*` functions that
convert return the converted value: the caller computes on that value, never
on its original argument (a list, an np.matrix), so what was checked is what
is used.
"""

import numbers

import numpy as np

from .formatting import shape_str  # re-exported: helpers and learners import it from here too


def _as_plain_array(x, name):
    """x as a plain ndarray (no subclass), or TypeError / ValueError naming `name`."""
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(f"{name} is a masked array; its masked entries would be used as numbers: "
                        f"pass {name}.filled(value) or {name}.compressed() instead")
    if isinstance(x, np.ndarray):
        return x.view(np.ndarray) if type(x) is not np.ndarray else x  # np.matrix -> plain 2-D array
    if isinstance(x, (bool, str, bytes, dict, set)) or x is None:
        raise TypeError(f"{name} must be a numpy array of numbers, got {type(x).__name__}")
    if not isinstance(x, (numbers.Number, list, tuple)):
        raise TypeError(f"{name} must be a numpy array of numbers, got {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # a ragged nested list
        raise ValueError(f"{name} is not a rectangular array of numbers (rows of different lengths?): {exc}") from None
    return arr


def as_float_array(x, name, ndim=None, allow_nonfinite=False):
    """Return x as a plain float64 ndarray (np.matrix and lists converted), or raise naming `name`."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming the argument, got {type(name).__name__}")
    arr = _as_plain_array(x, name)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {arr.dtype}")
    if ndim is not None and arr.ndim != ndim:
        hint = ""
        if ndim == 2 and arr.ndim == 1:
            hint = f"; a 1-D array of length {arr.shape[0]} is ambiguous, use .reshape(1, -1) or .reshape(-1, 1)"
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {shape_str(arr.shape)}{hint}")
    arr = arr.astype(np.float64, copy=False)
    if not allow_nonfinite and not np.isfinite(arr).all():
        bad = int(np.size(arr) - np.isfinite(arr).sum())
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); expected finite numbers")
    return arr


def as_columns(x, name, rows="n"):
    """x as a float64 (rows, m) array with at least one example (column), or raise naming `name`."""
    arr = as_float_array(x, name, ndim=2)
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has no examples: shape {shape_str(arr.shape)}; "
                         f"expected ({rows}, m) with m >= 1 columns, one example per column")
    return arr


def check_shape(arr, name, expected, why=""):
    """Raise ValueError unless arr.shape == expected."""
    if tuple(np.shape(arr)) != tuple(expected):
        extra = f" ({why})" if why else ""
        got, want = shape_str(np.shape(arr)), shape_str(tuple(expected))
        raise ValueError(f"{name} has shape {got} but expected {want}{extra}")


def check_same_shape(a, name_a, b, name_b):
    """Raise ValueError unless a and b have the same shape."""
    if np.shape(a) != np.shape(b):
        raise ValueError(
            f"{name_a} has shape {shape_str(np.shape(a))} but {name_b} has shape {shape_str(np.shape(b))}; "
            "they must have the same shape"
        )


def check_positive_int(value, name, minimum=1):
    """Return value as an int >= minimum (default 1), or raise TypeError / ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int >= {minimum}, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_real(value, name, low=None, high=None, low_open=False, high_open=False):
    """Return value as a finite float in [low, high] (open ends if asked), or raise TypeError / ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low:g}")
    if high is not None:
        parts.append(f"{'<' if high_open else '<='} {high:g}")
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if not np.isfinite(value) or below or above:
        raise ValueError(f"{name} must be a finite number {' and '.join(parts)}, got {value!r}".replace("  ", " "))
    return value


def check_positive_float(value, name):
    """Return value as a finite float > 0, or raise TypeError / ValueError naming it."""
    return check_real(value, name, low=0.0, low_open=True)


def check_seed(seed, name="seed"):
    """Return seed as an int >= 0 (it seeds a random generator), or raise naming it."""
    return check_positive_int(seed, name, minimum=0)


def check_choice(value, name, choices):
    """Raise TypeError / ValueError unless value is one of the strings in choices; return it."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(choices)}; got {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(choices)}")
    return value


def check_keys(mapping, name, required, optional=(), why=""):
    """Raise unless mapping is a dict holding every required key and nothing outside required + optional."""
    expected = list(required) + list(optional)
    if not isinstance(mapping, dict):
        raise TypeError(f"{name} must be a dict with keys {list(required)}, got {type(mapping).__name__}")
    missing = [k for k in required if k not in mapping]
    if missing:
        raise ValueError(f"{name} is missing {_keys(missing)}; expected keys {list(required)}")
    extra = [k for k in mapping if k not in expected]
    if extra:
        raise ValueError(f"{name} has unexpected {_keys(extra)}; it may hold only {expected}{why}")
    return mapping


def _keys(keys):
    """'key 'W3'' or 'keys ['W3', 'b3']'."""
    return f"key {keys[0]!r}" if len(keys) == 1 else f"keys {keys}"
