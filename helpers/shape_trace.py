"""The engine behind helpers.shapes.explain: walk a formula's AST and apply numpy's shape rules, op by op.

Three classes, each one idea: _Trace records what the trace shows (every sub-expression's shape, the first problem,
warnings) and probes a candidate fix with a fresh tracer; _ShapeRules holds numpy's rule per operator (reductions,
@, dot, broadcasting); Tracer walks the AST and reads each node's arguments. The fix search (which rewrite of an
operation to suggest) is helpers.shape_fixes. The formula is never evaluated. Raising Nonconforming stops the trace
at the first operation that does not conform.
"""

import ast
import builtins

import numpy as np

from .formatting import shape_str
from .shape_fixes import FixSearch, elementwise_fixes, matmul_fixes

_NUMPY = ("np", "numpy")
#: Reductions taking (x, axis=None, keepdims=False), as np.f(x, ...) or x.f(...).
_REDUCTIONS = frozenset({"sum", "mean", "max", "min", "prod", "std", "var", "amax", "amin", "argmax", "argmin"})
#: numpy functions of several arrays that broadcast them element-wise.
_BROADCASTING = frozenset({
    "add", "subtract", "multiply", "divide", "true_divide", "power", "maximum", "minimum", "where",
})
#: numpy functions that change shapes in ways the tracer does not model.
_SHAPE_CHANGING = frozenset({
    "reshape", "ravel", "squeeze", "expand_dims", "concatenate", "stack", "hstack", "vstack", "zeros", "ones",
    "empty", "full", "eye", "identity", "arange", "linspace", "einsum", "tensordot", "inner", "kron", "trace",
    "diag", "diagonal", "cumsum", "cumprod", "diff", "tile", "repeat", "broadcast_to", "array", "asarray",
    "atleast_2d", "flatten", "sort", "argsort", "split", "pad", "swapaxes", "moveaxis", "vdot", "cross",
})
_BINOPS = {ast.MatMult: "@", ast.Mult: "*", ast.Add: "+", ast.Sub: "-", ast.Div: "/", ast.Pow: "**"}
_OTHER_OPS = {ast.FloorDiv: "//", ast.Mod: "%", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
              ast.LShift: "<<", ast.RShift: ">>"}
_COMPARES = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<=", ast.Eq: "==", ast.NotEq: "!="}
_CONSTRUCTS = {
    ast.Subscript: "subscripting", ast.Lambda: "a lambda", ast.ListComp: "a list comprehension",
    ast.SetComp: "a set comprehension", ast.DictComp: "a dict comprehension", ast.GeneratorExp: "a generator",
    ast.BoolOp: "and / or", ast.IfExp: "an if-expression", ast.Dict: "a dict", ast.Set: "a set",
    ast.List: "a list", ast.Tuple: "a tuple", ast.JoinedStr: "an f-string", ast.NamedExpr: "the := operator",
    ast.Starred: "*-unpacking", ast.Await: "await", ast.Yield: "yield", ast.Slice: "a slice",
}


class Nonconforming(Exception):
    """Raised inside the tracer at the first operation whose shapes do not conform."""


def _broadcast(*shapes):
    """numpy's broadcast of several shapes: (result, None), or (None, axis counted from the right)."""
    ndim = max(len(s) for s in shapes)
    padded = [(1,) * (ndim - len(s)) + tuple(s) for s in shapes]
    out = []
    for axis in range(ndim):
        sizes = list(dict.fromkeys(p[axis] for p in padded if p[axis] != 1))
        if len(sizes) > 1:
            return None, ndim - axis
        out.append(sizes[0] if sizes else 1)
    return tuple(out), None


def _axis_words(from_right):
    """'the last axis', 'the second-to-last axis', 'axis -3'."""
    return {1: "the last axis", 2: "the second-to-last axis"}.get(from_right, f"axis -{from_right}")


def _size(shape):
    """The number of entries of a shape, symbolic when needed: n, 12, n*m."""
    numeric = int(np.prod([d for d in shape if isinstance(d, int)], dtype=np.int64))
    names = [d for d in shape if isinstance(d, str)]
    if not names:
        return numeric
    return "*".join(([str(numeric)] if numeric != 1 else []) + names)


class _Trace:
    """What a trace records: the shape of every sub-expression, the first problem, the warnings."""

    def __init__(self, expression, shapes, suggest=True, root=None, expect=None):
        self.expression = expression
        self.shapes = shapes
        self.fixes = FixSearch(self.probe, root, expect, suggest)  # suggest=False in the probes themselves
        self.entries = []  # (text, shape or None, warning or None)
        self.problem = None
        self.warnings = 0

    def unsupported(self, what, node, hint=""):
        """Raise ValueError naming the construct the tracer does not support."""
        raise ValueError(f"unsupported syntax: {what} `{ast.unparse(node)}` in {self.expression!r}{hint}")

    def note(self, node, shape, warning=None):
        """Record node's shape (and an accidental-broadcast warning) in the trace; return the shape."""
        self.warnings += warning is not None
        if self.problem is None:
            self.entries.append((ast.unparse(node), shape, warning))
        return shape

    def fail(self, node, why, fix=None):
        """Record the first problem, as a sentence with the fix, and stop tracing this branch."""
        if self.problem is None:
            fix_text = f"; did you mean {ast.unparse(fix)}?" if fix is not None else self.fixes.ambiguity()
            self.problem = f"✗ Problem in {ast.unparse(node)}: {why}{fix_text}"
            self.entries.append((ast.unparse(node), None, None))
        raise Nonconforming

    def probe(self, node):
        """node's shape if it conforms and its top operation broadcasts by design, else None (for FixSearch)."""
        probe = Tracer(self.expression, self.shapes, suggest=False)
        try:
            shape = probe.shape(node)
        except Nonconforming:
            return None
        return shape if probe.entries[-1][2] is None else None


class _ShapeRules(_Trace):
    """numpy's shape rules per operator: reductions, matrix products, dot, broadcasting."""

    def reduced(self, node, array, shape, axis, keepdims):
        """The shape left after reducing over axis (None: all axes)."""
        ndim = len(shape)
        axes = tuple(range(ndim)) if axis is None else axis
        bad = [a for a in axes if not -ndim <= a < ndim]
        if bad:
            valid = ", ".join(str(a) for a in range(-ndim, ndim)) or "none"
            self.fail(node, f"{ast.unparse(array)} has shape {shape_str(shape)} with {ndim} axes, "
                      f"so axis {bad[0]} does not exist (valid: {valid})")
        axes = {a % ndim for a in axes}
        if len(axes) != (len(shape) if axis is None else len(axis)):
            self.fail(node, f"axis {axis} names the same axis twice")
        if keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(shape))
        return tuple(d for i, d in enumerate(shape) if i not in axes)

    def matmul(self, node, lnode, rnode, left, right, op):
        """numpy's matmul rule, 1-D operands and stacked axes included."""
        if not left or not right:
            scalar = lnode if not left else rnode
            self.fail(node, f"{ast.unparse(scalar)} is a number, shape (), and {op} needs two arrays",
                      self.fixes.first_fix(node, [ast.BinOp(lnode, ast.Mult(), rnode)]))
        lmat, rmat = (left if len(left) > 1 else (1,) + left), (right if len(right) > 1 else right + (1,))
        if lmat[-1] != rmat[-2]:
            fix = self.fixes.first_fix(node, matmul_fixes(lnode, rnode, left == right))
            self.fail(node, f"{shape_str(left)} {op} {shape_str(right)}: inner sizes {lmat[-1]} and {rmat[-2]} differ "
                      "(the left's columns must match the right's rows)", fix)
        batch, _ = _broadcast(lmat[:-2], rmat[:-2])
        if batch is None:
            self.fail(node, f"{shape_str(left)} {op} {shape_str(right)}: the stacked (batch) axes do not broadcast")
        return batch + left[-2:-1] + (right[-1:] if len(right) > 1 else ())

    def dot(self, node, lnode, rnode, left, right, op):
        """numpy's dot rule: scalars scale, up to 2-D as matmul, else last axis with second-to-last."""
        if not left or not right:
            return _broadcast(left, right)[0]
        if len(left) <= 2 and len(right) <= 2:
            return self.matmul(node, lnode, rnode, left, right, op)
        inner = right[-2] if len(right) > 1 else right[0]
        if left[-1] != inner:
            self.fail(node, f"{op} of {shape_str(left)} and {shape_str(right)}: sizes {left[-1]} and {inner} differ")
        return left[:-1] + right[:-2] + right[-1:] if len(right) > 1 else left[:-1]

    def elementwise(self, node, operands, shapes, op):
        """Broadcast the operands' shapes; name the axis that fails and the likely fix."""
        result, axis = _broadcast(*shapes)
        if op.startswith("np."):
            shown = f"{op} of {', '.join(shape_str(s) for s in shapes)}"
        else:
            shown = f" {op} ".join(shape_str(s) for s in shapes)
        if result is None:
            sizes = list(dict.fromkeys(s[-axis] for s in shapes if len(s) >= axis and s[-axis] != 1))
            fix = self.fixes.first_fix(node, elementwise_fixes(node, operands, op)) if len(operands) == 2 else None
            self.fail(node, f"{shown}: sizes {sizes[0]} and {sizes[1]} differ in {_axis_words(axis)} and neither "
                      "is 1, so they do not broadcast", fix)
        warning = self.accidental(node, operands, shapes, result, shown)
        return self.note(node, result, warning)

    def accidental(self, node, operands, shapes, result, shown):
        """A warning if every operand had to be stretched (e.g. (n, 1) + (1, n) -> (n, n)), else None."""
        arrays = [(o, s) for o, s in zip(operands, shapes) if s]
        if len(arrays) < 2 or any((1,) * (len(result) - len(s)) + s == result for _, s in arrays):
            return None
        flat = [(o, s) for o, s in arrays if len(s) == 1]
        fix = self.fixes.first_fix(node, elementwise_fixes(node, operands, "")) if len(operands) == 2 and not flat \
            else None
        if fix is not None:
            fix_text = f" Did you mean {ast.unparse(fix)}?"
        elif self.fixes.ambiguity():
            fix_text = self.fixes.ambiguity()[1:].replace(" several", " Several", 1) + "."
            self.fixes.ambiguous = None
        elif flat:
            fix_text = f" {ast.unparse(flat[0][0])} is 1-D, {shape_str(flat[0][1])}: keep it 2-D, with keepdims=True " \
                "in a sum, or .reshape(-1, 1) for a column."
        else:
            fix_text = " Give both operands the same orientation."
        return (f"⚠ Warning, accidental broadcast in {ast.unparse(node)}: {shown} stretches every operand into "
                f"{shape_str(result)}; numpy allows it, but it is almost never what a formula means.{fix_text}")


class Tracer(_ShapeRules):
    """Walks an expression's AST, reading each node and its arguments, and applies the shape rules."""

    def shape(self, node):
        """The shape of node (a tuple), tracing every sub-expression."""
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            self.unsupported(_CONSTRUCTS.get(type(node), type(node).__name__), node)
        return method(node)

    def children(self, nodes):
        """Shapes of several sub-expressions; every one is checked for syntax even after a problem."""
        shapes, failed = [], False
        for child in nodes:
            try:
                shapes.append(self.shape(child))
            except Nonconforming:
                failed = True
        if failed:
            raise Nonconforming
        return shapes

    def visit_Name(self, node):
        """A name: the shape the caller gave for it."""
        if node.id not in self.shapes:
            raise ValueError(
                f"unknown name {node.id!r} in {self.expression!r}: give its shape, "
                f"e.g. explain(..., {node.id}=('n1', 'm')), or {node.id}=() for a number"
            )
        return self.note(node, self.shapes[node.id])

    def visit_Constant(self, node):
        """A numeric literal: shape ()."""
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            self.unsupported(f"the {type(node.value).__name__} literal", node)
        return ()  # numbers are not listed in the trace

    def visit_UnaryOp(self, node):
        """-x or +x: x's shape."""
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            self.unsupported(f"the unary operator {type(node.op).__name__}", node)
        shape = self.shape(node.operand)
        return shape if isinstance(node.operand, ast.Constant) else self.note(node, shape)

    def visit_Attribute(self, node):
        """x.T (reversed shape), or np.pi / np.e."""
        if isinstance(node.value, ast.Name) and node.value.id in _NUMPY and node.attr in ("pi", "e"):
            return self.note(node, ())
        if node.attr != "T":
            self.unsupported(f"the attribute .{node.attr}", node)
        return self.note(node, self.shape(node.value)[::-1])

    def visit_BinOp(self, node):
        """@ by the matrix-product rule; * + - / ** by broadcasting."""
        op = _BINOPS.get(type(node.op))
        if op is None:
            self.unsupported(f"the operator {_OTHER_OPS.get(type(node.op), type(node.op).__name__)}", node)
        left, right = self.children([node.left, node.right])
        if op == "@":
            return self.note(node, self.matmul(node, node.left, node.right, left, right, "@"))
        return self.elementwise(node, [node.left, node.right], [left, right], op)

    def visit_Compare(self, node):
        """A single comparison such as Z1 > 0: broadcasting."""
        if len(node.ops) != 1 or type(node.ops[0]) not in _COMPARES:
            self.unsupported("a chained or non-numeric comparison", node)
        shapes = self.children([node.left, node.comparators[0]])
        return self.elementwise(node, [node.left, node.comparators[0]], shapes, _COMPARES[type(node.ops[0])])

    def visit_Call(self, node):
        """A call: a function by name, a numpy function, or a method."""
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            self.unsupported("*args / **kwargs", node)
        func = node.func
        if isinstance(func, ast.Name):
            return self.named_call(node, func.id)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in _NUMPY:
            return self.numpy_call(node, func.attr)
        if isinstance(func, ast.Attribute):
            return self.method_call(node, func.attr)
        self.unsupported("this kind of call", node)

    def named_call(self, node, name):
        """gprime(Z1) and the like: element-wise; Python's built-ins are refused."""
        if name in self.shapes:
            self.unsupported(f"a call to {name}, which you gave a shape for:", node)
        if name.startswith("_") or (hasattr(builtins, name) and name != "abs"):
            hint = f"; use np.{name}(x, axis=..., keepdims=...)" if name in _REDUCTIONS else ""
            self.unsupported(f"Python's built-in {name}(...)", node, hint)
        return self.elementwise_function(node, name)

    def numpy_call(self, node, name):
        """np.sum, np.dot, np.outer, np.transpose, np.maximum, ... or an element-wise np function."""
        if name in _REDUCTIONS:
            return self.reduction(node, node.args[:1], node.args[1:])
        if name in ("dot", "matmul") and self.arity(node, 2):
            left, right = self.children(node.args)
            op = "np.dot" if name == "dot" else "@"
            return self.note(node, self.dot(node, *node.args, left, right, op))
        if name == "outer" and self.arity(node, 2):
            left, right = self.children(node.args)
            return self.note(node, (_size(left), _size(right)))
        if name == "transpose" and self.arity(node, 1):
            return self.note(node, self.shape(node.args[0])[::-1])
        if name in _BROADCASTING and self.arity(node, 3 if name == "where" else 2):
            return self.elementwise(node, node.args, self.children(node.args), f"np.{name}")
        if name in _SHAPE_CHANGING:
            self.unsupported(f"np.{name}", node, " (it changes shapes in a way the tracer does not follow)")
        return self.elementwise_function(node, f"np.{name}")

    def method_call(self, node, name):
        """x.sum(...), x.transpose(), x.dot(y)."""
        if name in _REDUCTIONS:
            return self.reduction(node, [node.func.value], node.args)
        if name == "transpose" and self.arity(node, 0):
            return self.note(node, self.shape(node.func.value)[::-1])
        if name == "dot" and self.arity(node, 1):
            left, right = self.children([node.func.value, node.args[0]])
            return self.note(node, self.dot(node, node.func.value, node.args[0], left, right, ".dot"))
        self.unsupported(f"the method .{name}(...)", node)

    def arity(self, node, n):
        """True if node is a call with n positional arguments and no keywords, else unsupported."""
        if len(node.args) != n or node.keywords:
            self.unsupported(f"{ast.unparse(node.func)} with these arguments", node, f" (expected {n} positional)")
        return True

    def elementwise_function(self, node, name):
        """A one-argument function that keeps its argument's shape."""
        if len(node.args) != 1 or node.keywords:
            self.unsupported(f"{name} with these arguments", node, " (an element-wise function takes one array)")
        return self.note(node, self.shape(node.args[0]))

    def reduction(self, node, array, extra):
        """np.sum(x, axis=..., keepdims=...) or x.sum(...), with axis and keepdims read from the AST."""
        if len(array) != 1 or len(extra) > 1:
            self.unsupported("a reduction with these arguments", node, " (expected x, axis=..., keepdims=...)")
        keywords = {k.arg: k.value for k in node.keywords}
        unknown = sorted(set(keywords) - {"axis", "keepdims"})
        if unknown:
            self.unsupported(f"the keyword {unknown[0]}=", node)
        if extra and "axis" in keywords:
            self.unsupported("axis given twice", node)
        axis = self.axis_value(extra[0] if extra else keywords.get("axis"), node)
        keepdims = self.keepdims_value(keywords.get("keepdims"), node)
        shape = self.shape(array[0])
        return self.note(node, self.reduced(node, array[0], shape, axis, keepdims))

    def axis_value(self, value, node):
        """The axis argument as None or a tuple of ints, read from the AST (never evaluated)."""
        if value is None or isinstance(value, ast.Constant) and value.value is None:
            return None
        items = value.elts if isinstance(value, ast.Tuple) else [value]
        axes = []
        for item in items:
            sign = -1 if isinstance(item, ast.UnaryOp) and isinstance(item.op, ast.USub) else 1
            item = item.operand if sign == -1 else item
            if not (isinstance(item, ast.Constant) and type(item.value) is int):
                self.unsupported("an axis that is not a whole number written in the formula", node)
            axes.append(sign * item.value)
        return tuple(axes)

    def keepdims_value(self, value, node):
        """The keepdims argument as a bool, read from the AST."""
        if value is None:
            return False
        if not (isinstance(value, ast.Constant) and isinstance(value.value, bool)):
            self.unsupported("keepdims that is not True or False", node)
        return value.value
