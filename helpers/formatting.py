"""How the course prints things: shapes, errors against a floor, tolerances, the explorer's numbers and memory.

One place, so that every message of helpers (the checkers, explain, the gradient doctor, the explorer's labels) and
every notebook prints a shape, a relative error, a tolerance or a norm the same way: change how they print here.
"""

import math
import numbers


def shape_str(shape):
    """Format a shape as numpy prints it, (4, 1), (4,), (); dims may be names too: (n1, m)."""
    if not isinstance(shape, tuple) or not all(isinstance(n, (numbers.Integral, str)) for n in shape):
        raise TypeError(f"shape must be a tuple of ints such as (4, 1) (or of names such as ('n1', 'm')), "
                        f"got {type(shape).__name__} {shape!r}")
    dims = [n if isinstance(n, str) else str(int(n)) for n in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def shape_labeller(sizes):
    """shape -> '(4, 3) = (n_h, n_x)': a shape with the name of each size that belongs to exactly one dimension."""
    if not isinstance(sizes, dict) or not all(isinstance(k, str) and isinstance(v, numbers.Integral)
                                              for k, v in sizes.items()):
        raise TypeError(f"sizes must be a dict of name -> int such as {{'n_h': 4, 'm': 5}}, got {sizes!r}")
    names = {}
    for name, size in sizes.items():
        names[size] = None if size in names or size == 1 else name

    def label(shape):
        """A shape with its symbolic name where that differs, e.g. (4, 3) = (n_h, n_x)."""
        symbolic = tuple(names.get(s) or s for s in shape)
        return shape_str(shape) if symbolic == tuple(shape) else f"{shape_str(shape)} = {shape_str(symbolic)}"

    return label


def format_error(x, floor):
    """x as printed by the course: '< floor' below the floor, else 2 significant digits ('0.34', '1.2e-05')."""
    x, floor = _nonnegative(x, "x"), _nonnegative(floor, "floor")
    if floor == 0:
        raise ValueError("floor must be > 0: below it a number is rounding noise and is printed as '< floor'")
    return f"< {format_tolerance(floor)}" if x < floor else f"{x:.2g}"


def format_tolerance(tol):
    """A tolerance or a step as the course prints it: one significant digit, '1e-06'."""
    return f"{_nonnegative(tol, 'tol'):.0e}"


def format_number(x):
    """A norm or a maximum for a figure's label: 3 significant digits, scientific below 0.01 or from 1000 ('0.123', '4.6e-05')."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"x must be a real number, got {type(x).__name__} {x!r}")
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    short = f"{x:.3g}"
    return short if x == 0 or (abs(x) >= 1e-2 and "e" not in short) else f"{x:.1e}"


def _nonnegative(value, name):
    """value as a float >= 0, or TypeError / ValueError naming it (validate imports this module, not the reverse)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number >= 0, got {type(value).__name__} {value!r}")
    if not value >= 0 or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def format_share(x):
    """A share for the explorer's 'keeps …×' labels: 2 decimals, '0' for none, scientific below 0.01."""
    x = _nonnegative(x, "x")
    return "0" if x == 0 else f"{x:.2f}" if x >= 0.01 else f"{x:.1e}"


def format_bytes(nbytes):
    """A memory size in binary units, 3 significant digits: '128 B', '35.1 MiB', '2 PiB'."""
    nbytes = _nonnegative(nbytes, "nbytes")
    if nbytes < 1024:
        return f"{nbytes:g} B"
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        nbytes /= 1024
        if nbytes < 999.5:  # below what .3g would print as 1.02e+03: the next unit reads better
            return f"{nbytes:.3g} {unit}"
    return f"{nbytes / 1024:.3g} PiB"
