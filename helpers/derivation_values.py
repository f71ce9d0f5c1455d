"""The value of a step: a tree evaluated to an array whose axes are named by index letters, and compared with its truth.

`evaluate` turns a tree into a `Labelled` array: symbolic (sympy expressions in the problem's input symbols) or at
one of the problem's random points (floats). A product multiplies entries with the same letters, a sum adds over
its letters, a δ is an identity matrix over its letters' range, a derivative is the problem's own `sympy.diff`.
`agrees` and `decide` compare a right side with the truth of its left side (the defined quantity, or the
derivative by sympy): numerically on every random draw, then symbolically; `first_difference` shows one entry where
they differ.
"""

import numbers

import numpy as np
import sympy

from . import index_tree as nt
from .activations import ACTIVATIONS
from .derivation_indices import check_problem

__all__ = ["RTOL", "Labelled", "evaluate", "agrees", "decide", "first_difference"]

RTOL = 1e-9  # two sides agree numerically: relative difference below this on every draw


class Labelled:
    """An array whose axes are named by index letters."""

    def __init__(self, arr, labels):
        self.arr, self.labels = arr, tuple(labels)

    def ordered(self, labels):
        """The array with its axes in the given order of letters."""
        return np.transpose(self.arr, [self.labels.index(c) for c in labels]) if self.labels else self.arr

    def expanded(self, labels):
        """The array transposed and reshaped to broadcast over the given letters (a superset)."""
        mine = [c for c in labels if c in self.labels]
        arr = self.ordered(mine) if mine else self.arr
        shape = [arr.shape[mine.index(c)] if c in mine else 1 for c in labels]
        return np.reshape(arr, shape)


class _Env:
    """What a tree is evaluated in: the problem, the values of its names, symbolic or at a numeric point."""

    def __init__(self, problem, values, symbolic, point=None, ranges=None):
        self.problem, self.values, self.symbolic, self.point = problem, values, symbolic, point
        self.ranges = ranges or {}
        self.dtype = object if symbolic else float


def _check_step(problem, lhs, rhs, ranges):
    """TypeError unless problem, the left side, the right side and the ranges are what a comparison needs."""
    check_problem(problem)
    nt.letters_of(lhs)  # a TypeError unless lhs is a left side
    nt.walk(rhs)  # a TypeError unless rhs is a tree
    if not isinstance(ranges, dict):
        raise TypeError(f"ranges must be a dict {{letter: size name}} (check_indices returns it), got "
                        f"{type(ranges).__name__}")


# ---------------------------------------------------------------- evaluation, node by node


def _number(node, env):
    """A number: an exact sympy Rational, or a float."""
    value = node.value if env.symbolic else float(node.value)
    return Labelled(np.array(value, dtype=env.dtype), ())


def _scalar(node, env):
    """A size such as m (its value), or a scalar quantity such as J."""
    p = env.problem
    if node.name in p.scalars:
        value = p.sizes[p.scalars[node.name]]
        return Labelled(np.array(sympy.Integer(value) if env.symbolic else float(value), dtype=env.dtype), ())
    return Labelled(np.asarray(env.values[node.name], dtype=env.dtype), ())


def _tensor(node, env):
    """A tensor's values, its axes named by its indices."""
    return Labelled(np.asarray(env.values[node.name], dtype=env.dtype), [c for c, _ in node.indices])


def _delta(node, env):
    """δ[a,b]: the identity matrix over the range of a."""
    (a, _), (b, _) = node.indices
    n = env.problem.sizes[env.ranges[a]]
    if env.symbolic:
        return Labelled(np.vectorize(sympy.Integer, otypes=[object])(np.eye(n, dtype=int).astype(object)), (a, b))
    return Labelled(np.eye(n), (a, b))


def _derivative(node, env):
    """dT[..]/dV[..]: the problem's sympy.diff of every entry of T by every entry of V."""
    p = env.problem
    if env.symbolic:
        arr = p.derivative(node.top.name, node.bottom.name)
    else:
        arr = p.derivative_numeric(node.top.name, node.bottom.name, env.point)
    return Labelled(arr, nt.letters_of(node))


#: The notation's functions on floats; sigmoid is the course's own (helpers.activations), without overflow.
_NUMPY_FUNCTIONS = {"tanh": np.tanh, "exp": np.exp, "log": np.log, "sigmoid": ACTIVATIONS["sigmoid"].unchecked_g}


def _function(node, env):
    """tanh, exp, log or sigmoid, entry by entry (sympy's or numpy's)."""
    inner = _evaluate(node.arg, env)
    if env.symbolic:
        return Labelled(np.frompyfunc(nt.FUNCTIONS[node.name], 1, 1)(inner.arr), inner.labels)
    with np.errstate(all="ignore"):
        return Labelled(_NUMPY_FUNCTIONS[node.name](inner.arr), inner.labels)


def _negation(node, env):
    """-x entry by entry."""
    inner = _evaluate(node.arg, env)
    return Labelled(-inner.arr, inner.labels)


def _power(node, env):
    """x^k entry by entry."""
    inner = _evaluate(node.base, env)
    return Labelled(inner.arr ** node.exponent, inner.labels)


def _sum(node, env):
    """sum_ij body: add the body's entries over the axes of i and j."""
    inner = _evaluate(node.body, env)
    letters = [c for c, _ in node.indices]
    axes = tuple(inner.labels.index(c) for c in letters)
    return Labelled(np.sum(inner.arr, axis=axes), [c for c in inner.labels if c not in letters])


def _binary(node, env):
    """+ - * / entry by entry, the two sides broadcast over the union of their letters."""
    left, right = _evaluate(node.left, env), _evaluate(node.right, env)
    labels = list(left.labels) + [c for c in right.labels if c not in left.labels]
    a, b = left.expanded(labels), right.expanded(labels)
    with np.errstate(all="ignore"):
        arr = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide}[node.op](a, b)
    return Labelled(np.asarray(arr, dtype=env.dtype), labels)


_RULES = {nt.Num: _number, nt.Scalar: _scalar, nt.Tensor: _tensor, nt.Delta: _delta, nt.Deriv: _derivative,
          nt.Func: _function, nt.Neg: _negation, nt.Power: _power, nt.Sum: _sum, nt.Bin: _binary}


def _evaluate(node, env):
    """A tree evaluated to a Labelled array (object dtype if symbolic, float otherwise)."""
    rule = _RULES.get(type(node))
    if rule is None:
        raise TypeError(f"not a syntax tree node: {type(node).__name__}")
    return rule(node, env)


def evaluate(node, problem, values, point=None, ranges=None):
    """A tree as a Labelled array: symbolic if point is None, else floats at the problem's random point."""
    check_problem(problem)
    if not isinstance(values, dict):
        raise TypeError(f"values must be a dict {{name: array}} (Problem.symbolic or numeric), got "
                        f"{type(values).__name__}")
    if point is not None and (isinstance(point, bool) or not isinstance(point, numbers.Integral)
                              or not 0 <= point < len(problem.points)):
        raise ValueError(f"point must be None or the index of one of the problem's {len(problem.points)} random "
                         f"points, got {point!r}")
    if ranges is not None and not isinstance(ranges, dict):
        raise TypeError(f"ranges must be a dict {{letter: size name}} or None, got {type(ranges).__name__}")
    return _evaluate(node, _Env(problem, values, point is None, point, ranges))


# ---------------------------------------------------------------- comparing a step with its truth


def _truth(lhs, env):
    """The true value of a left side, as a Labelled array."""
    if isinstance(lhs, nt.Deriv):
        return _evaluate(lhs, env)
    arr = np.asarray(env.values[lhs.name], dtype=env.dtype)
    return Labelled(arr, nt.letters_of(lhs))


def _agrees_at(problem, lhs, rhs, ranges, point):
    """True if the right side equals the truth of the left side at one random point."""
    env = _Env(problem, problem.numeric(point), symbolic=False, point=point, ranges=ranges)
    try:
        ours = _evaluate(rhs, env)
    except (KeyError, ValueError, IndexError):
        return False
    truth = _truth(lhs, env)
    letters = nt.letters_of(lhs)
    if not set(ours.labels) <= set(letters):
        return False
    b = truth.ordered(letters)
    a = np.broadcast_to(ours.expanded(letters), b.shape)  # a side constant along an index is broadcast
    if not np.all(np.isfinite(a)):
        return False
    scale = max(1.0, float(np.max(np.abs(b))) if b.size else 1.0)
    return bool(np.max(np.abs(a - b)) <= RTOL * scale) if b.size else True


def agrees(problem, lhs, rhs, ranges):
    """True if the right side equals the truth of the left side on every random draw (relative difference < RTOL)."""
    _check_step(problem, lhs, rhs, ranges)
    return all(_agrees_at(problem, lhs, rhs, ranges, k) for k in range(len(problem.points)))


def _symbolic_sides(problem, lhs, rhs, ranges):
    """(yours, the truth): both sides as object arrays of sympy expressions, in the left side's order of letters."""
    env = _Env(problem, problem.symbolic(), symbolic=True, ranges=ranges)
    letters = nt.letters_of(lhs)
    truth = np.asarray(_truth(lhs, env).ordered(letters), dtype=object)
    ours = np.broadcast_to(np.asarray(_evaluate(rhs, env).expanded(letters), dtype=object), truth.shape)
    return ours, truth


def decide(problem, lhs, rhs, ranges):
    """How a right step is equal to its truth ('symbolically, by sympy' or 'numerically, ...'); None if it is not."""
    if not agrees(problem, lhs, rhs, ranges):
        return None
    ours, truth = _symbolic_sides(problem, lhs, rhs, ranges)
    if all(sympy.expand(d) == 0 for d in np.ravel(ours - truth)):
        return "symbolically, by sympy"
    return "numerically, on two random draws"


def first_difference(problem, lhs, rhs, ranges):
    """One entry where the sides differ, both written out by sympy (short), or '' if none does."""
    _check_step(problem, lhs, rhs, ranges)
    ours, truth = _symbolic_sides(problem, lhs, rhs, ranges)
    letters = nt.letters_of(lhs)
    for idx in np.ndindex(truth.shape):
        if sympy.expand(ours[idx] - truth[idx]) != 0:
            where = ", ".join(f"{c}={v}" for c, v in zip(letters, idx))
            mine, right = str(sympy.expand(ours[idx])), str(sympy.expand(truth[idx]))
            if len(mine) + len(right) > 160:
                return f"  For example at {where or 'the scalar'} the two sides differ."
            return f"  For example at {where or 'the scalar'}: yours is {mine}, the right value is {right}."
    return ""
