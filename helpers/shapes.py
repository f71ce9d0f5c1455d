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

`product_shape_rows` judges a list of products left @ right by their size names: it conforms because the inner
sizes are the same name ('ok'), only by accident because two different names have the same value ('accident'),
or not at all ('clash'). `plots.plot_product_shapes` draws its rows (notebooks 01, 02).

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

__all__ = ["explain", "product_shape_rows"]


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


# ------------------------------------------------------------------ products by size name (notebooks 01, 02)


def _dim(value, sizes, where):
    """One dimension given as an int or as a symbol of `sizes`: return (label, int)."""
    if isinstance(value, str):
        if value not in sizes:
            raise ValueError(f"{where} uses the size {value!r}, which is not in sizes {sorted(sizes)}")
        return value, sizes[value]
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise TypeError(f"{where} must hold ints >= 1 or size names such as 'm', got {value!r}")
    return str(int(value)), int(value)


def _shape_of(shape, sizes, where):
    """A 2-D shape such as ('n1', 'm') or (4, 5): return (labels, ints)."""
    if not isinstance(shape, tuple) or len(shape) != 2:
        raise ValueError(f"{where} must be a 2-tuple such as ('n1', 'm') or (4, 5), got {shape!r}")
    (lr, r), (lc, c) = (_dim(v, sizes, where) for v in shape)
    return (lr, lc), (r, c)


def _size_text(label, value):
    """'m = 5' for a size name, '5' for a plain int (not '5 = 5')."""
    return label if label == str(value) else f"{label} = {value}"


def product_shape_rows(products, sizes=None):
    """For each (left_name, left_shape, right_name, right_shape): int shapes, labels and a verdict.

    verdict 'ok': the inner sizes are the same size name (or equal ints); 'accident': different
    size names that happen to be equal, so numpy runs it; 'clash': the product does not conform.
    """
    sizes = {} if sizes is None else sizes
    if not isinstance(sizes, dict) or not all(isinstance(k, str) for k in sizes):
        raise TypeError(f"sizes must be a dict such as {{'m': 5, 'n1': 4}}, got {type(sizes).__name__}")
    for key, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise TypeError(f"sizes[{key!r}] must be an int >= 1, got {value!r}")
    sizes = {key: int(value) for key, value in sizes.items()}  # plain ints from here on
    if not isinstance(products, (list, tuple)) or not products:
        raise TypeError("products must be a non-empty list of (left_name, left_shape, right_name, right_shape)")
    rows = []
    for n, item in enumerate(products):
        if not isinstance(item, tuple) or len(item) != 4 or not all(isinstance(s, str) for s in item[::2]):
            raise TypeError(f"products[{n}] must be (left_name, left_shape, right_name, right_shape), got {item!r}")
        left, lshape, right, rshape = item
        (lr, lc), (r1, c1) = _shape_of(lshape, sizes, f"products[{n}] {left}'s shape")
        (rr, rc), (r2, c2) = _shape_of(rshape, sizes, f"products[{n}] {right}'s shape")
        if c1 != r2:
            verdict = "clash"
            note = f"✗ does not conform: inner sizes {_size_text(lc, c1)} and {_size_text(rr, r2)} differ"
        elif lc == rr:
            verdict = "ok"
            note = f"✓ inner sizes match ({lc}): result ({lr}, {rc})"
        else:
            verdict = "accident"
            note = f"! conforms only by accident ({lc} = {rr} = {c1}): it pairs axis {lc} with axis {rr}"
        rows.append({
            "left": left, "right": right, "left_shape": (r1, c1), "right_shape": (r2, c2),
            "left_label": f"({lr}, {lc})", "right_label": f"({rr}, {rc})", "verdict": verdict, "note": note,
            "result_shape": None if verdict == "clash" else (r1, c2),
            "result_label": None if verdict == "clash" else f"({lr}, {rc})",
        })
    return rows
