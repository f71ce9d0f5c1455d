"""How the course prints things: shapes, and errors against a floor. Change how numbers are printed here.

One place, so that every message of helpers (the checkers, explain, the gradient doctor) and every notebook prints
a shape or a relative error the same way.
"""

import numbers


def shape_str(shape):
    """Format a shape as numpy prints it, (4, 1), (4,), (); dims may be names too: (n1, m)."""
    if not isinstance(shape, tuple) or not all(isinstance(n, (numbers.Integral, str)) for n in shape):
        raise TypeError(f"shape must be a tuple of ints such as (4, 1) (or of names such as ('n1', 'm')), "
                        f"got {type(shape).__name__} {shape!r}")
    dims = [n if isinstance(n, str) else str(int(n)) for n in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"
