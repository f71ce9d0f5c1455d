"""Input checks shared by every public helper (private: not part of the course API).

Each check raises TypeError or ValueError with a message that names the
argument, what it is, and what was expected, so that a learner never has to
read a numpy broadcasting traceback.
"""

import numbers

import numpy as np


def shape_str(shape):
    """Format a shape as numpy prints it, e.g. (4, 1)."""
    return str(tuple(shape))


def as_float_array(x, name, ndim=None, allow_nonfinite=False):
    """Return x as a float64 ndarray, or raise TypeError / ValueError naming `name`."""
    if isinstance(x, (str, bytes)) or x is None or isinstance(x, dict):
        raise TypeError(f"{name} must be a numpy array of numbers, got {type(x).__name__}")
    if isinstance(x, np.ndarray):
        arr = x
    elif isinstance(x, (numbers.Number, list, tuple)):
        arr = np.asarray(x)
    else:
        raise TypeError(f"{name} must be a numpy array of numbers, got {type(x).__name__}")
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


def check_shape(arr, name, expected, why=""):
    """Raise ValueError unless arr.shape == expected."""
    if tuple(arr.shape) != tuple(expected):
        extra = f" ({why})" if why else ""
        raise ValueError(f"{name} has shape {shape_str(arr.shape)} but expected {shape_str(expected)}{extra}")


def check_same_shape(a, name_a, b, name_b):
    """Raise ValueError unless a and b have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} has shape {shape_str(a.shape)} but {name_b} has shape {shape_str(b.shape)}; "
            "they must have the same shape"
        )


def check_positive_int(value, name):
    """Raise TypeError / ValueError unless value is an int >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive int, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return int(value)


def check_positive_float(value, name):
    """Raise TypeError / ValueError unless value is a finite real number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__} {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return float(value)


def check_choice(value, name, choices):
    """Raise TypeError / ValueError unless value is one of the strings in choices."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(choices)}; got {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(choices)}")
    return value
