"""Suggest a fix for an operation whose shapes do not conform: candidate rewrites, and the one that is right.

`matmul_fixes` and `elementwise_fixes` write the candidates (a swap, a transpose, * for @ or @ for *) as ASTs;
`FixSearch.first_fix` keeps the one that is right. With the shape the whole result must have (`expect`), that is
the candidate with which the whole formula conforms and has that shape; without it, the only candidate that
conforms (when several do, they are kept in `ambiguous` and none is suggested). Whether a candidate conforms is
asked of a probe, a function from an AST node to its shape (or None), which helpers.shape_trace's Tracer gives,
so this module traces nothing itself. Nothing is evaluated.
"""

import ast
import copy

from .formatting import shape_str

__all__ = ["FixSearch", "matmul_fixes", "elementwise_fixes"]


def _transposed(node):
    """node.T as an AST, undoing an existing .T (W2.T -> W2)."""
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return node.value
    return ast.Attribute(value=node, attr="T", ctx=ast.Load())


def _replaced(root, old, new):
    """A copy of the AST root with the node `old` (by identity) replaced by `new`."""

    class _Swap(ast.NodeTransformer):
        def visit(self, node):
            return new if node is old else super().visit(node)

    return _Swap().visit(copy.deepcopy(root, memo={id(old): old, id(new): new}))


def matmul_fixes(l, r, same_shape):
    """Candidate rewrites of l @ r: element-wise (only for operands of one shape), swapped or transposed."""
    at = ast.MatMult()
    swaps = [ast.BinOp(r, at, l), ast.BinOp(l, at, _transposed(r)), ast.BinOp(_transposed(l), at, r)]
    return [ast.BinOp(l, ast.Mult(), r)] + swaps if same_shape else swaps


def elementwise_fixes(node, operands, op):
    """Candidate rewrites of an element-wise operation: a matrix product (for *) or a transpose."""
    l, r = operands
    rebuild = (lambda a, b: ast.BinOp(a, node.op, b)) if isinstance(node, ast.BinOp) else \
        (lambda a, b: ast.Compare(a, node.ops, [b])) if isinstance(node, ast.Compare) else \
        (lambda a, b: ast.Call(node.func, [a, b], []))
    transposes = [rebuild(l, _transposed(r)), rebuild(_transposed(l), r)]
    at = ast.MatMult()
    products = [ast.BinOp(l, at, r), ast.BinOp(l, at, _transposed(r)), ast.BinOp(_transposed(l), at, r)]
    return products + transposes if op == "*" else transposes


class FixSearch:
    """The suggestion search of one formula: which candidate rewrite is right, or which several conform."""

    def __init__(self, probe, root=None, expect=None, suggest=True):
        self.probe = probe  # node -> its shape if it conforms and broadcasts by design, else None
        self.root = root  # the whole formula's AST, to try a fix in place
        self.expect = expect  # the shape the whole result must have, or None if unknown
        self.suggest = suggest  # False in the probes that test a candidate fix
        self.ambiguous = None  # several conforming rewrites, as "fix gives shape" texts, when none is suggested

    def first_fix(self, original, candidates):
        """The candidate rewrite of `original` that is right (see the module docstring), or None."""
        self.ambiguous = None
        if not self.suggest:
            return None
        fits = [(c, self.probe(c)) for c in candidates]
        fits = [(c, shape) for c, shape in fits if shape is not None]
        if self.expect is not None:
            whole = [self.probe(_replaced(self.root, original, c)) for c, _ in fits]
            return next((c for (c, _), shape in zip(fits, whole) if shape == self.expect), None)
        if len(fits) > 1:
            self.ambiguous = [f"{ast.unparse(c)} gives {shape_str(shape)}" for c, shape in fits]
            return None
        return fits[0][0] if fits else None

    def ambiguity(self):
        """'; several rewrites conform: ...' when no fix was suggested because several fit, else ''."""
        if not self.ambiguous:
            return ""
        return f"; several rewrites conform ({', '.join(self.ambiguous)}): give expect=<the shape you want> " \
               "for a suggestion"
