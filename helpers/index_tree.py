"""The syntax tree of a step in index notation: its node records, and reading a tree (walk, indices, text, sympy).

`helpers.index_notation.parse_step` builds these trees; `helpers.derivation` and its parts read them. Every node
remembers `pos`, where it sits in the step's text (for error messages with a caret). The functions here only read
a tree; each raises TypeError for anything that is not a node.
"""

from collections import namedtuple

import sympy

__all__ = ["Num", "Scalar", "Tensor", "Delta", "Deriv", "Func", "Neg", "Bin", "Power", "Sum", "FUNCTIONS",
           "NODE_TYPES", "walk", "letters_of", "free_indices", "show", "to_sympy"]

Num = namedtuple("Num", ["value", "pos"])  # value: a sympy Rational
Scalar = namedtuple("Scalar", ["name", "pos"])  # a size such as m, or a scalar quantity such as J
Tensor = namedtuple("Tensor", ["name", "indices", "pos"])  # indices: tuple of (letter, pos)
Delta = namedtuple("Delta", ["indices", "pos"])  # two (letter, pos)
Deriv = namedtuple("Deriv", ["top", "bottom", "pos"])  # top, bottom: Tensor or Scalar
Func = namedtuple("Func", ["name", "arg", "pos"])
Neg = namedtuple("Neg", ["arg", "pos"])
Bin = namedtuple("Bin", ["op", "left", "right", "pos"])  # op: + - * /
Power = namedtuple("Power", ["base", "exponent", "pos"])  # exponent: int
Sum = namedtuple("Sum", ["indices", "body", "pos"])  # indices: tuple of (letter, pos)

#: Every kind of node a tree is made of.
NODE_TYPES = (Num, Scalar, Tensor, Delta, Deriv, Func, Neg, Bin, Power, Sum)


def _sigmoid(x):
    """sigmoid(x) = 1 / (1 + exp(-x)) as a sympy expression."""
    return 1 / (1 + sympy.exp(-x))


#: The functions the notation knows, as sympy functions of one argument.
FUNCTIONS = {"tanh": sympy.tanh, "exp": sympy.exp, "log": sympy.log, "sigmoid": _sigmoid}


def _not_a_node(node):
    """The TypeError for something that is not a syntax tree node."""
    return TypeError(f"not a syntax tree node: {type(node).__name__} (expected one of "
                     f"{', '.join(t.__name__ for t in NODE_TYPES)}, as helpers.index_notation.parse_step builds)")


def _letters(pairs):
    """The letters of a tuple of (letter, pos)."""
    return tuple(letter for letter, _ in pairs)


def _children(node):
    """The sub-trees of one node (a derivative's top and bottom included)."""
    if isinstance(node, Deriv):
        return (node.top, node.bottom)
    if isinstance(node, (Func, Neg)):
        return (node.arg,)
    if isinstance(node, Power):
        return (node.base,)
    if isinstance(node, Bin):
        return (node.left, node.right)
    if isinstance(node, Sum):
        return (node.body,)
    if isinstance(node, NODE_TYPES):
        return ()
    raise _not_a_node(node)


def walk(node):
    """Every node of a tree, depth first (a list)."""
    nodes, stack = [], [node]
    while stack:
        here = stack.pop()
        nodes.append(here)
        stack.extend(reversed(_children(here)))
    return nodes


def letters_of(node):
    """The index letters of a left side, in order: a Tensor's, none for a Scalar, a derivative's top's then bottom's."""
    if isinstance(node, Tensor):
        return _letters(node.indices)
    if isinstance(node, Scalar):
        return ()
    if isinstance(node, Deriv):
        return letters_of(node.top) + letters_of(node.bottom)
    raise TypeError(f"a left side must be a Tensor, a Scalar or a Deriv, got {type(node).__name__}")


def free_indices(node):
    """The set of letters free in a tree: used and not summed."""
    if isinstance(node, (Tensor, Delta)):
        return set(_letters(node.indices))
    if isinstance(node, Sum):
        return free_indices(node.body) - set(_letters(node.indices))
    return set().union(*(free_indices(child) for child in _children(node)))


# ---------------------------------------------------------------- a tree written back in the notation


def _show_product(node):
    """A * or / node, with parentheses where the notation needs them."""
    left, right = show(node.left, False), show(node.right, False)
    if isinstance(node.left, Bin) and node.left.op in "+-":
        left = f"({left})"
    if isinstance(node.right, Bin) and (node.right.op in "+-" or node.op == "/"):
        right = f"({right})"
    if isinstance(node.left, Sum):
        left = f"({left})"
    return f"{left}*{right}" if node.op == "*" else f"{left}/{right}"


def _show_leaf(node):
    """A number, a scalar, a tensor entry or a δ."""
    if isinstance(node, Num):
        return str(node.value)
    if isinstance(node, Scalar):
        return node.name
    name = node.name if isinstance(node, Tensor) else "delta"
    return f"{name}[{','.join(_letters(node.indices))}]"


def show(node, top=True):
    """A tree written back in the notation (a sum of terms in parentheses unless it is the whole side)."""
    if isinstance(node, (Num, Scalar, Tensor, Delta)):
        return _show_leaf(node)
    if isinstance(node, Deriv):
        return f"d{show(node.top)}/d{show(node.bottom)}"
    if isinstance(node, Func):
        return f"{node.name}({show(node.arg)})"
    if isinstance(node, Neg):
        return f"-{show(node.arg, False)}"
    if isinstance(node, Power):
        return f"{show(node.base, False)}^{node.exponent}"
    if isinstance(node, Sum):
        return f"sum_{''.join(_letters(node.indices))} {show(node.body, False)}"
    if isinstance(node, Bin) and node.op in "*/":
        return _show_product(node)
    if isinstance(node, Bin):
        text = f"{show(node.left, False)} {node.op} {show(node.right, False)}"
        return text if top else f"({text})"
    raise _not_a_node(node)


# ---------------------------------------------------------------- sympy


def _sympy_indexed(node):
    """A Tensor or Scalar as sympy Indexed / Symbol."""
    if isinstance(node, Scalar):
        return sympy.Symbol(node.name)
    return sympy.IndexedBase(node.name)[tuple(sympy.Symbol(c) for c in _letters(node.indices))]


def _sympy_compound(node, ranges):
    """A function, a negation, a power, + - * / or a sum, as sympy."""
    if isinstance(node, Func):
        return FUNCTIONS[node.name](to_sympy(node.arg, ranges))
    if isinstance(node, Neg):
        return -to_sympy(node.arg, ranges)
    if isinstance(node, Power):
        return to_sympy(node.base, ranges) ** node.exponent
    if isinstance(node, Bin):
        left, right = to_sympy(node.left, ranges), to_sympy(node.right, ranges)
        return {"+": left + right, "-": left - right, "*": left * right, "/": left / right}[node.op]
    limits = [(sympy.Symbol(c), 0, ranges.get(c, sympy.Symbol("n_" + c)) - 1) for c in _letters(node.indices)]
    return sympy.Sum(to_sympy(node.body, ranges), *limits)


def to_sympy(node, ranges=None):
    """The tree as a sympy expression (Indexed, KroneckerDelta, Sum, Derivative); ranges: letter -> size symbol."""
    ranges = ranges or {}
    if isinstance(node, Num):
        return node.value
    if isinstance(node, (Scalar, Tensor)):
        return _sympy_indexed(node)
    if isinstance(node, Delta):
        a, b = _letters(node.indices)
        return sympy.KroneckerDelta(sympy.Symbol(a), sympy.Symbol(b), evaluate=False)
    if isinstance(node, Deriv):
        return sympy.Derivative(_sympy_indexed(node.top), _sympy_indexed(node.bottom), evaluate=False)
    if isinstance(node, (Func, Neg, Power, Bin, Sum)):
        return _sympy_compound(node, ranges)
    raise _not_a_node(node)
