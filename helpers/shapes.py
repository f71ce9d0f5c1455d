"""Trace the shapes in a numpy formula and say which operation does not conform, and the likely fix.

    >>> explain("dZ2 @ W2.T * gprime(Z1)", dZ2=("n2", "m"), W2=("n2", "n1"), Z1=("n1", "m"))

prints the shape of every sub-expression, then either "OK: result has shape ..." or the first
operation that does not conform, as a sentence with a suggested fix. A fix is suggested only when it is
right: given `expect=` (the shape the result must have, e.g. W's shape for dW), the whole formula with the
fix must conform and produce that shape; without `expect=`, the fix must be the only rewrite that conforms
(when several do, they are listed with their shapes and none is suggested). Shapes may be symbolic
(strings such as "n1", "m"), numeric (ints), or mixed; a symbolic size equals only itself, and
broadcasts against 1. The formula is parsed with `ast` and never evaluated: anything the tracer
does not understand raises ValueError("unsupported syntax: ...").

Supported: names, numeric literals, @ * + - / **, unary -, comparisons (Z1 > 0), .T, x.transpose(),
np.transpose, np.sum / np.mean / np.max / ... and x.sum(...) with axis= and keepdims=, np.dot, x.dot,
np.matmul, np.outer, np.where, np.maximum / np.minimum / np.multiply / ..., and any one-argument
function called by name (gprime(Z1), np.tanh(Z), sigmoid(Z)), which keeps its argument's shape.
"""

import ast
import numbers

import numpy as np

from .formatting import shape_str
from .shape_fixes import matmul_fixes
from .shape_trace import Nonconforming, Tracer

__all__ = ["explain"]


def _check_shapes(shapes):
    """Return {name: tuple shape}, or raise TypeError / ValueError naming the bad entry."""
    checked = {}
    for name, shape in shapes.items():
        if isinstance(shape, np.ndarray):
            shape = shape.shape
        if not isinstance(shape, (tuple, list)):
            raise TypeError(
                f"the shape of {name} must be a tuple such as ('n1', 'm') or (3, 5), or () for a number; "
                f"got {type(shape).__name__} {shape!r}"
            )
        for dim in shape:
            ok_int = isinstance(dim, numbers.Integral) and not isinstance(dim, bool) and dim >= 0
            if not (ok_int or (isinstance(dim, str) and dim.strip())):
                raise ValueError(
                    f"the shape of {name} is {shape!r}; each size must be a name such as 'm' "
                    f"or an int >= 0, got {dim!r}"
                )
        checked[name] = tuple(int(d) if isinstance(d, numbers.Integral) else d.strip() for d in shape)
    return checked


def _parse(expression):
    """The expression's AST body; a statement or a syntax error becomes a ValueError."""
    if not isinstance(expression, str):
        raise TypeError(f"expression must be a string such as 'W2.T @ dZ2', got {type(expression).__name__}")
    try:
        return ast.parse(expression.strip(), mode="eval").body
    except SyntaxError as exc:
        try:
            statement = ast.parse(expression.strip(), mode="exec").body[0]
        except SyntaxError:
            raise ValueError(f"{expression!r} is not a Python expression: {exc.msg}") from None
        kind = "an assignment" if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)) else "a statement"
        raise ValueError(
            f"unsupported syntax: {kind} in {expression!r}; give only the right-hand side, e.g. 'W2.T @ dZ2'"
        ) from None


def explain(expression, expect=None, **shapes):
    """Print the shape of every sub-expression of a numpy formula; return the result's shape, or None.

    expect: the shape the result must have (e.g. W's for dW), or None; a fix is suggested only if it gives it.
    """
    tree = _parse(expression)
    shapes = _check_shapes(shapes)
    if expect is not None:
        expect = _check_shapes({"expect": expect})["expect"]
    tracer = Tracer(expression, shapes, root=tree, expect=expect)
    try:
        result = tracer.shape(tree)
        if expect is not None and result != expect:
            fixes = matmul_fixes(tree.left, tree.right, False) if _is_matmul(tree) else []
            fix = tracer.fixes.first_fix(tree, fixes)
            tracer.problem = f"✗ Problem: the result has shape {shape_str(result)}, but it must have shape " \
                             f"{shape_str(expect)} (expect)" + (f"; did you mean {ast.unparse(fix)}?" if fix else "")
            result = None
    except Nonconforming:
        result = None
    _print_trace(tracer.entries)
    if result is None:
        print(tracer.problem)
        return None
    caveat = ", but see the warning above" if tracer.warnings else ""
    print(f"OK: result has shape {shape_str(result)}{caveat}")
    return result


def _is_matmul(node):
    """True if node is a product a @ b."""
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult)


def _print_trace(entries):
    """One line per distinct sub-expression: text, padded, then its shape."""
    seen, rows = set(), []
    for text, shape, warning in entries:
        if text not in seen or shape is None:
            seen.add(text)
            rows.append((text, "✗ does not conform" if shape is None else shape_str(shape), warning))
    width = min(max((len(t) for t, _, _ in rows), default=0), 40)
    for text, shape_text, warning in rows:
        print(f"{text:<{width}} : {shape_text}")
        if warning:
            print(warning)
