"""Time a small piece of code for the notebooks' speed figures (best of a few runs, in seconds)."""

import numbers
import timeit


def best_time(f, number=1, repeats=3):
    """Best wall-clock seconds per call of f() over `repeats` runs of `number` calls each."""
    if not callable(f):
        raise TypeError(f"f must be a function taking no arguments, got {type(f).__name__}")
    for value, name in ((number, "number"), (repeats, "repeats")):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be an int >= 1, got {value!r}")
    return min(timeit.repeat(f, number=number, repeat=repeats)) / number
