"""Check a derivation step by step, and name the first wrong step and the mistake in it.

A learner writes a derivation as a list of strings in the index notation of `helpers.index_notation`:

    steps = ["dZ[i,k]/dW[p,q] = sum_j delta[i,p]*delta[j,q]*A[j,k]",
             "= delta[i,p]*A[q,k]",
             "dJ/dW[p,q] = sum_ik G[i,k]*delta[i,p]*A[q,k]",
             "= sum_k G[p,k]*A[q,k]"]
    check_derivation(steps, linear_layer())

A `Problem` says what the symbols mean: the input tensors and their shapes (named sizes such as
n, m), and the definitions of the other quantities in the same notation (Z = W A + B, and a scalar
J whose gradient with respect to Z is G). Every step is compared with the truth for its left side,
which the checker computes itself: each input entry is a sympy symbol (small concrete sizes, all
different), a defined quantity is the sympy expression its definition gives, and a derivative is
`sympy.diff` of those expressions, entry by entry. A step is equal to its truth

* symbolically, when sympy expands the difference of the two sides to 0 in every entry (this
  decides it for the polynomial steps of a linear layer), or else
* numerically, when both sides agree on two seeded random draws of every input (float64, relative
  difference below 1e-9): for steps with tanh or exp that sympy does not reduce to the same form.

Since step N-1 equals the truth, a step N that does not equals is the first wrong step. Before any
numbers, the indices are checked: the same free indices on both sides, every summed index used,
an index at most twice in a product, one range per letter. Then the checker looks for the smallest
change that makes the wrong step right (put back a δ, transpose a factor, sum over another index,
add a sum, a 1/m, a sign) and names that mistake. Malformed input gets a message with a caret at
the place; nothing the learner writes is executed.
"""

import numbers
from collections import namedtuple

import numpy as np
import sympy

from . import index_notation as nt
from .index_notation import NotationError, parse_step

__all__ = ["Problem", "Verdict", "MISTAKES", "verify", "check_derivation", "linear_layer", "matrix_product",
           "row_layer",
           "dense_layer",
           "NotationError"]

RTOL = 1e-9  # two sides agree numerically: relative difference below this on every draw

#: The mistakes the checker names. Where one is the index form of a mistake in helpers.checks'
#: catalogue (the matrix form a learner would type), the catalogue's wording is quoted.
MISTAKES = {
    "dropped delta": "a dropped δ: {fix} is right. δ is not a 1 to leave out: it keeps only the terms with equal "
                     "indices, and it stays until a sum over one of its indices removes it",
    "delta collapse": "the δ was collapsed the wrong way: {fix} is right. When δ removes a sum over one index, "
                      "every use of that index becomes the δ's other index",
    "transposed factor": "a transposed factor: {fix} is right. {name}'s two indices are in each other's place, as "
                         "when {name} misses its transpose in a matrix product. Check which index of {name} is its row",
    "swapped indices": "two indices swapped: {fix} is right. Yours is the transpose of the answer; the left "
                       "side fixes which index is which",
    "missing sum": "a missing sum: {fix} is right. The chain rule adds the contributions through every entry of "
                   "the intermediate variable ('i is kept in the output, so it is not summed')",
    "wrong sum index": "a sum over the wrong index: {fix} is right. Sum over the index the two factors share, "
                       "the one that is not on the left side",
    "missing 1/m": "missing 1/m: {fix} is right (the catalogue's 'missing 1/m: dW and db average over the m "
                   "examples')",
    "extra 1/m": "1/m applied twice: {fix} is right (the cost averages over the m examples once)",
    "sign error": "sign error: {fix} is right",
}

#: The verdict on one step: its number (from 1), whether it is right, how it was decided or what is wrong.
Verdict = namedtuple("Verdict", ["step", "ok", "how", "mistake", "message"])


class Problem:
    """The symbols of a derivation: input tensors with named sizes, scalars, and defined quantities."""

    def __init__(self, tensors, definitions, sizes, scalars=None, seed=0):
        self.shapes = self._check_tensors(tensors)
        self.sizes = self._check_sizes(sizes)
        self.scalars = dict(scalars or {})  # scalar name -> the size it equals, e.g. {"m": "m"}
        for name, size in self.scalars.items():
            if size not in self.sizes:
                raise ValueError(f"scalar {name!r} equals size {size!r}, which is not in sizes {sorted(self.sizes)}")
        for names in self.shapes.values():
            missing = [s for s in names if s not in self.sizes]
            if missing:
                raise ValueError(f"size {missing[0]!r} of a tensor is not in sizes {sorted(self.sizes)}")
        if isinstance(definitions, str) or not isinstance(definitions, (list, tuple)):
            raise TypeError(f"definitions must be a list of strings, got {type(definitions).__name__}")
        self.symbols = {name: _symbol_array(name, self._dims(name)) for name in self.shapes}
        self.defined, self.order = {}, []  # name -> parsed definition; order of definition
        for text in definitions:
            self._define(text)
        self.rng_seed = seed
        self._cache = {}
        self.points = [self._draw(np.random.default_rng([seed, k])) for k in range(2)]

    @staticmethod
    def _check_tensors(tensors):
        if not isinstance(tensors, dict):
            raise TypeError(f"tensors must be a dict {{name: (size names)}}, got {type(tensors).__name__}")
        return {name: tuple(dims) for name, dims in tensors.items()}

    @staticmethod
    def _check_sizes(sizes):
        if not isinstance(sizes, dict):
            raise TypeError(f"sizes must be a dict {{size name: int}}, got {type(sizes).__name__}")
        for name, value in sizes.items():
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= value <= 6:
                raise ValueError(f"size {name!r} must be an int from 1 to 6 (kept small for sympy), got {value!r}")
        if len(set(sizes.values())) != len(sizes):
            raise ValueError(f"the sizes must all differ, so that a transposed factor cannot fit; got {sizes}")
        return dict(sizes)

    def names(self):
        """Every name a step may use, with its number of indices."""
        names = {name: len(dims) for name, dims in self.shapes.items()}
        names.update({name: len(self.dims_of(name)) for name in self.defined})
        names.update({name: 0 for name in self.scalars})
        return names

    def _dims(self, name):
        return tuple(self.sizes[s] for s in self.shapes[name])

    def dims_of(self, name):
        """The size names of a tensor's axes (inputs and defined quantities)."""
        return self.shapes[name] if name in self.shapes else self.defined[name][1]

    def _define(self, text):
        step = parse_step(text, {**self.names(), **_pending(text)})
        if step.lhs is None or not isinstance(step.lhs, (nt.Tensor, nt.Scalar)):
            raise ValueError(f"a definition must be 'Name[indices] = expression', got {text!r}")
        name = step.lhs.name
        letters = _letters_of(step.lhs)
        ranges = _ranges(self, step.rhs, {}, text)
        missing = [c for c in letters if c not in ranges]
        if missing:
            raise ValueError(f"in the definition {text!r} index {missing[0]} is not used on the right")
        dims = tuple(ranges[c] for c in letters)
        self.defined[name] = (step, dims)
        self.order.append(name)

    # ---- values

    def symbolic(self, as_inputs=()):
        """name -> labelled-free object array: inputs as symbols, defined quantities expanded in them."""
        key = ("sym", tuple(sorted(as_inputs)))
        if key not in self._cache:
            values = dict(self.symbols)
            for name in self.order:
                if name in as_inputs:
                    values[name] = _symbol_array(name, tuple(self.sizes[s] for s in self.defined[name][1]))
                else:
                    step, dims = self.defined[name]
                    arr = _evaluate(step.rhs, _Env(self, values, symbolic=True)).ordered(_letters_of(step.lhs))
                    values[name] = arr
            self._cache[key] = values
        return self._cache[key]

    def _draw(self, rng):
        """One random point: every input symbol (and every defined quantity's symbol) -> a float."""
        subs = {}
        for name in self.shapes:
            for s in self.symbols[name].flat:
                subs[s] = float(rng.standard_normal())
        for name in self.order:
            step, dims = self.defined[name]
            for s in _symbol_array(name, tuple(self.sizes[d] for d in dims)).flat:
                subs[s] = float(rng.standard_normal())
        return subs

    def numeric(self, point, as_inputs=()):
        """name -> float array at one random point (defined quantities computed from the inputs)."""
        key = ("num", point, tuple(sorted(as_inputs)))
        if key not in self._cache:
            subs = self.points[point]
            self._cache[key] = {name: _to_float(arr, subs) for name, arr in self.symbolic(as_inputs).items()}
        return self._cache[key]

    def derivative(self, top, bottom):
        """d top / d bottom as an object array of shape top.shape + bottom.shape (sympy.diff entry by entry)."""
        key = ("diff", top, bottom)
        if key not in self._cache:
            as_inputs = (bottom,) if bottom in self.defined else ()
            values = self.symbolic(as_inputs)
            t = np.asarray(values[top], dtype=object)
            b = values[bottom] if bottom in self.shapes else _symbol_array(
                bottom, tuple(self.sizes[d] for d in self.defined[bottom][1]))
            out = np.empty(t.shape + b.shape, dtype=object)
            for ti in np.ndindex(t.shape):
                for bi in np.ndindex(b.shape):
                    out[ti + bi] = sympy.diff(t[ti], b[bi])
            self._cache[key] = out
        return self._cache[key]

    def derivative_numeric(self, top, bottom, point):
        """The derivative at one random point, as floats."""
        key = ("dnum", top, bottom, point)
        if key not in self._cache:
            self._cache[key] = _to_float(self.derivative(top, bottom), self.points[point])
        return self._cache[key]


def _pending(text):
    """The name being defined by a definition (so its own left side parses): name -> number of indices."""
    head = text.split("=", 1)[0].strip()
    name = head.split("[", 1)[0].strip()
    count = head.count(",") + 1 if "[" in head else 0
    return {name: count} if name else {}


def _symbol_array(name, shape):
    """An object array of sympy symbols named like W[0,1]."""
    arr = np.empty(shape, dtype=object)
    for idx in np.ndindex(shape):
        arr[idx] = sympy.Symbol(f"{name}[{','.join(map(str, idx))}]" if idx else name)
    return arr


def _to_float(arr, subs):
    """An object array of sympy expressions evaluated at a point (dict symbol -> float)."""
    arr = np.asarray(arr, dtype=object)
    out = np.empty(arr.shape, dtype=float)
    for idx in np.ndindex(arr.shape):
        out[idx] = float(sympy.sympify(arr[idx]).xreplace(subs))
    return out


# ---------------------------------------------------------------- index bookkeeping


def _letters_of(node):
    """The index letters of a left side: a Tensor, a Scalar, or a derivative (top's then bottom's)."""
    if isinstance(node, nt.Tensor):
        return tuple(c for c, _ in node.indices)
    if isinstance(node, nt.Scalar):
        return ()
    if isinstance(node, nt.Deriv):
        return _letters_of(node.top) + _letters_of(node.bottom)
    raise TypeError(type(node).__name__)


class _IndexProblem(Exception):
    """Something wrong with the indices of a step (a mistake, not bad notation): where and what."""

    def __init__(self, kind, pos, message, letters=()):
        super().__init__(message)
        self.kind, self.pos, self.message, self.letters = kind, pos, message, letters


def _walk(node):
    """Every node of a tree, depth first."""
    yield node
    for child in _children(node):
        yield from _walk(child)


def _children(node):
    if isinstance(node, nt.Deriv):
        return (node.top, node.bottom)
    if isinstance(node, (nt.Func, nt.Neg)):
        return (node.arg,)
    if isinstance(node, nt.Power):
        return (node.base,)
    if isinstance(node, nt.Bin):
        return (node.left, node.right)
    if isinstance(node, nt.Sum):
        return (node.body,)
    return ()


def _ranges(problem, tree, known, text):
    """letter -> size name for every index in the tree (and the given known ones); _IndexProblem on a clash."""
    ranges = dict(known)
    where = {c: "the left side" for c in known}
    deltas = []
    for node in _walk(tree):
        items = []
        if isinstance(node, nt.Tensor):
            dims = problem.dims_of(node.name)
            items = [(c, pos, d, f"{node.name}[...] (axis {k} of {node.name}, which is {_fmt(dims)})")
                     for k, ((c, pos), d) in enumerate(zip(node.indices, dims))]
        elif isinstance(node, nt.Deriv):
            for part in (node.top, node.bottom):
                if isinstance(part, nt.Tensor):
                    dims = problem.dims_of(part.name)
                    items += [(c, pos, d, f"d{part.name}[...]") for (c, pos), d in zip(part.indices, dims)]
        elif isinstance(node, nt.Delta):
            deltas.append(node)
        for c, pos, d, what in items:
            if c in ranges and ranges[c] != d:
                raise _IndexProblem("range", pos, f"index {c} runs over {d} in {what}, but over {ranges[c]} in "
                                   f"{where[c]}: the indices do not fit (a transposed factor?)", (c,))
            ranges.setdefault(c, d)
            where.setdefault(c, what)
    for _ in range(2):  # a delta passes a range from one letter to the other
        for node in deltas:
            (a, pa), (b, pb) = node.indices
            if a in ranges and b in ranges and ranges[a] != ranges[b]:
                raise _IndexProblem("range", node.pos, f"delta[{a},{b}] compares {a} (over {ranges[a]}) with {b} "
                                   f"(over {ranges[b]}): a δ needs two indices over the same range", (a, b))
            if a in ranges:
                ranges.setdefault(b, ranges[a])
            if b in ranges:
                ranges.setdefault(a, ranges[b])
    for node in deltas:
        for c, pos in node.indices:
            if c not in ranges:
                raise _IndexProblem("range", pos, f"index {c} appears only in a δ, so it has no range", (c,))
    return ranges


def _fmt(dims):
    return "(" + ", ".join(dims) + ")"


def _factors(node):
    """The factors of a product, through * and / and into the body of a sum (a sum is part of its product)."""
    if isinstance(node, nt.Bin) and node.op in "*/":
        return _factors(node.left) + _factors(node.right)
    if isinstance(node, nt.Sum):
        return _factors(node.body)
    if isinstance(node, nt.Neg):
        return _factors(node.arg)
    return [node]


def _uses(node):
    """[(letter, pos)] of every index use of one factor: a factor in parentheses counts its free indices once."""
    if isinstance(node, (nt.Tensor, nt.Delta)):
        return list(node.indices)
    if isinstance(node, nt.Deriv):
        return _uses(node.top) + _uses(node.bottom)
    if isinstance(node, nt.Scalar):
        return []
    return [(c, getattr(node, "pos", 0)) for c in sorted(nt.free_indices(node))]


def _check_structure(tree, lhs):
    """Raise _IndexProblem for: an index three times in a product, an unused sum index, terms with other indices."""
    for node in _walk(tree):
        if isinstance(node, (nt.Bin, nt.Sum, nt.Neg)) and not (isinstance(node, nt.Bin) and node.op in "+-"):
            counts = {}
            for factor in _factors(node):
                for c, pos in _uses(factor):
                    counts.setdefault(c, []).append(pos)
            for c, positions in counts.items():
                if len(positions) > 2:
                    raise _IndexProblem("triple", positions[2], f"index {c} is used {len(positions)} times in one "
                                       "product; an index appears at most twice in a product (once on each of the "
                                       "two factors it connects): rename one of them", (c,))
        if isinstance(node, nt.Sum):
            body_free = nt.free_indices(node.body)
            for c, pos in node.indices:
                if c not in body_free:
                    raise _IndexProblem("unused sum", pos, f"sum over {c}, but nothing after it depends on {c} (or "
                                       f"{c} is summed twice): a sum must run over an index of what it sums", (c,))
        if isinstance(node, nt.Bin) and node.op in "+-":
            left, right = nt.free_indices(node.left), nt.free_indices(node.right)
            if not (left <= right or right <= left):  # B[i] + ...[e,i]: a term may be broadcast over an index
                raise _IndexProblem("terms", node.pos, f"the terms around this '{node.op}' have different free "
                                   f"indices, {_set(left)} and {_set(right)}: terms are added entry by entry, "
                                   "so one term's indices must include the other's", tuple(sorted(left ^ right)))
    lhs_letters = _letters_of(lhs)
    free = nt.free_indices(tree)
    extra = sorted(free - set(lhs_letters))
    if extra:
        pos = next((p for n in _walk(tree) if isinstance(n, (nt.Tensor, nt.Delta)) for c, p in n.indices
                    if c == extra[0]), 0)
        raise _IndexProblem("free extra", pos, f"{_indices(extra)} free on the right (used, not summed) but not on "
                           "the left side: a free index left over; it must be summed, or removed by a δ", tuple(extra))


def _indices(letters):
    """'index i is' or 'indices i, p are'."""
    return f"index {letters[0]} is" if len(letters) == 1 else f"indices {', '.join(letters)} are"


def _set(letters):
    return "{" + ", ".join(sorted(letters)) + "}" if letters else "none"


# ---------------------------------------------------------------- evaluation on labelled arrays


class _Labelled:
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


def _evaluate(node, env):
    """A tree evaluated to a _Labelled array (object dtype if symbolic, float otherwise)."""
    p = env.problem
    dtype = object if env.symbolic else float
    if isinstance(node, nt.Num):
        return _Labelled(np.array(node.value if env.symbolic else float(node.value), dtype=dtype), ())
    if isinstance(node, nt.Scalar):
        if node.name in p.scalars:
            value = p.sizes[p.scalars[node.name]]
            return _Labelled(np.array(sympy.Integer(value) if env.symbolic else float(value), dtype=dtype), ())
        return _Labelled(np.asarray(env.values[node.name], dtype=dtype), ())
    if isinstance(node, nt.Tensor):
        return _Labelled(np.asarray(env.values[node.name], dtype=dtype), [c for c, _ in node.indices])
    if isinstance(node, nt.Delta):
        (a, _), (b, _) = node.indices
        n = p.sizes[env.ranges[a]]
        eye = np.eye(n, dtype=int).astype(object) if env.symbolic else np.eye(n)
        if env.symbolic:
            eye = np.vectorize(sympy.Integer, otypes=[object])(eye)
        return _Labelled(eye, (a, b))
    if isinstance(node, nt.Deriv):
        arr = p.derivative(node.top.name, node.bottom.name) if env.symbolic else \
            p.derivative_numeric(node.top.name, node.bottom.name, env.point)
        return _Labelled(arr, _letters_of(node))
    if isinstance(node, nt.Func):
        inner = _evaluate(node.arg, env)
        if env.symbolic:
            return _Labelled(np.frompyfunc(nt.FUNCTIONS[node.name], 1, 1)(inner.arr), inner.labels)
        f = {"tanh": np.tanh, "exp": np.exp, "log": np.log, "sigmoid": lambda x: 1 / (1 + np.exp(-x))}[node.name]
        with np.errstate(all="ignore"):
            return _Labelled(f(inner.arr), inner.labels)
    if isinstance(node, nt.Neg):
        inner = _evaluate(node.arg, env)
        return _Labelled(-inner.arr, inner.labels)
    if isinstance(node, nt.Power):
        inner = _evaluate(node.base, env)
        return _Labelled(inner.arr ** node.exponent, inner.labels)
    if isinstance(node, nt.Sum):
        inner = _evaluate(node.body, env)
        letters = [c for c, _ in node.indices]
        axes = tuple(inner.labels.index(c) for c in letters)
        return _Labelled(np.sum(inner.arr, axis=axes), [c for c in inner.labels if c not in letters])
    if isinstance(node, nt.Bin):
        left, right = _evaluate(node.left, env), _evaluate(node.right, env)
        labels = list(left.labels) + [c for c in right.labels if c not in left.labels]
        a, b = left.expanded(labels), right.expanded(labels)
        with np.errstate(all="ignore"):
            arr = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide}[node.op](a, b)
        return _Labelled(np.asarray(arr, dtype=dtype), labels)
    raise TypeError(f"not a syntax tree node: {type(node).__name__}")


# ---------------------------------------------------------------- comparing a step with its truth


def _truth(problem, lhs, env):
    """The true value of a left side, as a _Labelled array."""
    if isinstance(lhs, nt.Deriv):
        return _evaluate(lhs, env)
    name = lhs.name
    arr = np.asarray(env.values[name], dtype=object if env.symbolic else float)
    return _Labelled(arr, _letters_of(lhs))


def _numeric_values(problem, lhs, point):
    """The values for numeric evaluation: defined quantities from the inputs."""
    return problem.numeric(point)


def _agrees(problem, lhs, rhs, ranges, point):
    """True if the right side equals the truth of the left side at one random point."""
    env = _Env(problem, problem.numeric(point), symbolic=False, point=point, ranges=ranges)
    try:
        ours = _evaluate(rhs, env)
    except (KeyError, ValueError, IndexError):
        return False
    truth = _truth(problem, lhs, env)
    letters = _letters_of(lhs)
    if not set(ours.labels) <= set(letters):
        return False
    b = truth.ordered(letters)
    a = np.broadcast_to(ours.expanded(letters), b.shape)  # a side constant along an index is broadcast
    if not np.all(np.isfinite(a)):
        return False
    scale = max(1.0, float(np.max(np.abs(b))) if b.size else 1.0)
    return bool(np.max(np.abs(a - b)) <= RTOL * scale) if b.size else True


def _equal_symbolically(problem, lhs, rhs, ranges):
    """True if sympy expands (right side - truth) to 0 in every entry."""
    env = _Env(problem, problem.symbolic(), symbolic=True, ranges=ranges)
    ours, truth = _evaluate(rhs, env), _truth(problem, lhs, env)
    letters = _letters_of(lhs)
    right = np.asarray(truth.ordered(letters), dtype=object)
    diff = np.broadcast_to(np.asarray(ours.expanded(letters), dtype=object), right.shape) - right
    return all(sympy.expand(d) == 0 for d in np.ravel(diff))


def _decide(problem, lhs, rhs, ranges):
    """'symbolically' or 'numerically' if the step is right, None if it is wrong."""
    if not all(_agrees(problem, lhs, rhs, ranges, k) for k in range(len(problem.points))):
        return None
    return "symbolically, by sympy" if _equal_symbolically(problem, lhs, rhs, ranges) else \
        "numerically, on two random draws"


def _valid(problem, lhs, rhs):
    """The ranges of a step if its indices are right, else raise _IndexProblem."""
    known = _ranges(problem, lhs, {}, "") if not isinstance(lhs, nt.Scalar) else {}
    ranges = _ranges(problem, rhs, known, "")
    _check_structure(rhs, lhs)
    return ranges


# ---------------------------------------------------------------- mutations: the smallest change that fixes a step


def _replace(node, target, new):
    """The tree with the node `target` (by identity) replaced by `new`."""
    if node is target:
        return new
    if isinstance(node, nt.Deriv):
        return node
    if isinstance(node, nt.Func):
        return node._replace(arg=_replace(node.arg, target, new))
    if isinstance(node, nt.Neg):
        return node._replace(arg=_replace(node.arg, target, new))
    if isinstance(node, nt.Power):
        return node._replace(base=_replace(node.base, target, new))
    if isinstance(node, nt.Bin):
        return node._replace(left=_replace(node.left, target, new), right=_replace(node.right, target, new))
    if isinstance(node, nt.Sum):
        return node._replace(body=_replace(node.body, target, new))
    return node


def _rename(node, old, new):
    """The tree with every index letter old renamed to new."""
    def fix(pairs):
        return tuple((new if c == old else c, p) for c, p in pairs)
    if isinstance(node, (nt.Tensor, nt.Delta)):
        return node._replace(indices=fix(node.indices))
    if isinstance(node, nt.Deriv):
        return node._replace(top=_rename(node.top, old, new), bottom=_rename(node.bottom, old, new))
    if isinstance(node, (nt.Func, nt.Neg)):
        return node._replace(arg=_rename(node.arg, old, new))
    if isinstance(node, nt.Power):
        return node._replace(base=_rename(node.base, old, new))
    if isinstance(node, nt.Bin):
        return node._replace(left=_rename(node.left, old, new), right=_rename(node.right, old, new))
    if isinstance(node, nt.Sum):
        return node._replace(indices=fix(node.indices), body=_rename(node.body, old, new))
    return node


def _show(node, top=True):
    """A tree written back in the notation."""
    def idx(pairs):
        return ",".join(c for c, _ in pairs)
    if isinstance(node, nt.Num):
        return str(node.value)
    if isinstance(node, nt.Scalar):
        return node.name
    if isinstance(node, nt.Tensor):
        return f"{node.name}[{idx(node.indices)}]"
    if isinstance(node, nt.Delta):
        return f"delta[{idx(node.indices)}]"
    if isinstance(node, nt.Deriv):
        return f"d{_show(node.top)}/d{_show(node.bottom)}"
    if isinstance(node, nt.Func):
        return f"{node.name}({_show(node.arg)})"
    if isinstance(node, nt.Neg):
        return f"-{_show(node.arg, False)}"
    if isinstance(node, nt.Power):
        return f"{_show(node.base, False)}^{node.exponent}"
    if isinstance(node, nt.Sum):
        return f"sum_{''.join(c for c, _ in node.indices)} {_show(node.body, False)}"
    if isinstance(node, nt.Bin):
        left, right = _show(node.left, False), _show(node.right, False)
        if node.op in "*/":
            if isinstance(node.left, nt.Bin) and node.left.op in "+-":
                left = f"({left})"
            if isinstance(node.right, nt.Bin) and (node.right.op in "+-" or node.op == "/"):
                right = f"({right})"
            if isinstance(node.left, nt.Sum):
                left = f"({left})"
            return f"{left}*{right}" if node.op == "*" else f"{left}/{right}"
        text = f"{left} {node.op} {right}"
        return text if top else f"({text})"
    return "?"


def _candidates(problem, lhs, rhs):
    """(mistake, fixed right side) pairs to try, the likeliest first."""
    lhs_letters = _letters_of(lhs)
    rhs_letters = sorted({c for n in _walk(rhs) for c, _ in _uses(n) if isinstance(n, (nt.Tensor, nt.Delta))}
                         | {c for n in _walk(rhs) if isinstance(n, nt.Sum) for c, _ in n.indices})
    letters = list(dict.fromkeys(list(lhs_letters) + rhs_letters))
    free = nt.free_indices(rhs)
    extra = sorted(free - set(lhs_letters))
    missing = [c for c in lhs_letters if c not in free]
    sums = [n for n in _walk(rhs) if isinstance(n, nt.Sum)]
    out = []
    # a dropped delta: multiply the whole side, or the body of a sum, by delta[a,b]
    for a_i, a in enumerate(letters):
        for b in letters[a_i + 1:]:
            delta = nt.Delta(((a, 0), (b, 0)), 0)
            out.append(("dropped delta", nt.Bin("*", rhs, delta, 0)))
            for s in sums:
                out.append(("dropped delta", _replace(rhs, s, s._replace(body=nt.Bin("*", s.body, delta, 0)))))
    # a transposed factor
    for n in _walk(rhs):
        if isinstance(n, nt.Tensor) and len(n.indices) == 2:
            out.append(("transposed factor", _replace(rhs, n, n._replace(indices=n.indices[::-1]))))
    # a missing sum over the left-over indices
    if extra:
        out.append(("missing sum", nt.Sum(tuple((c, 0) for c in extra), rhs, 0)))
    # a sum over the wrong index
    for s in sums:
        for k, (b, _) in enumerate(s.indices):
            for c in letters:
                if c != b and c not in lhs_letters:
                    new = list(s.indices)
                    new[k] = (c, 0)
                    out.append(("wrong sum index", _replace(rhs, s, s._replace(indices=tuple(new)))))
    # two indices of the left side swapped throughout: the transpose of the answer
    for a_i, a in enumerate(lhs_letters):
        for b in lhs_letters[a_i + 1:]:
            out.append(("swapped indices", _rename(_rename(_rename(rhs, a, "#"), b, a), "#", b)))
    # a delta collapsed the wrong way: a left-over index should have become a missing one
    for x in extra:
        for y in missing:
            out.append(("delta collapse", _rename(rhs, x, y)))
    # 1/m and sign
    for name in problem.scalars:
        out.append(("missing 1/m", nt.Bin("/", rhs, nt.Scalar(name, 0), 0)))
        out.append(("extra 1/m", nt.Bin("*", rhs, nt.Scalar(name, 0), 0)))
    out.append(("sign error", nt.Neg(rhs, 0)))
    return out


def _fix_text(key, fixed, rhs):
    """How the fixed right side is shown: in full, or as a change of yours for a factor or a sign."""
    if key == "sign error":
        return f"-({_show(rhs)})" if not isinstance(rhs, nt.Neg) else _show(rhs.arg)
    if key in ("missing 1/m", "extra 1/m"):
        name = fixed.right.name
        return f"1/{name} * ({_show(rhs)})" if key == "missing 1/m" else f"{name} * ({_show(rhs)})"
    return _show(fixed)


def _diagnose(problem, lhs, rhs):
    """(mistake key, the fixed right side as text) for the first candidate change that makes the step right."""
    for key, fixed in _candidates(problem, lhs, rhs):
        try:
            ranges = _valid(problem, lhs, fixed)
        except _IndexProblem:
            continue
        if all(_agrees(problem, lhs, fixed, ranges, k) for k in range(len(problem.points))):
            return key, _fix_text(key, fixed, rhs)
    return None, None


# ---------------------------------------------------------------- the public checker


def _as_steps(steps):
    if isinstance(steps, str):
        raise TypeError("steps must be a list of strings, one step each (got one string: put it in a list)")
    if not isinstance(steps, (list, tuple)):
        raise TypeError(f"steps must be a list of strings, got {type(steps).__name__}")
    return list(steps)


def verify(steps, problem):
    """One Verdict per step up to and including the first wrong one (no printing)."""
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a helpers.derivation.Problem, got {type(problem).__name__}")
    steps = _as_steps(steps)
    verdicts, lhs = [], None
    names = problem.names()
    for number, text in enumerate(steps, start=1):
        if not isinstance(text, str):
            verdicts.append(Verdict(number, False, None, "notation", f"step {number} is a {type(text).__name__}, "
                                                                      "not a string"))
            break
        try:
            step = parse_step(text, names)
        except NotationError as exc:
            verdicts.append(Verdict(number, False, None, "notation", str(exc)))
            break
        if step.lhs is None and lhs is None:
            verdicts.append(Verdict(number, False, None, "notation", str(NotationError(
                text, text.index("="), "the first step needs a left side, e.g. dJ/dW[p,q] = ..."))))
            break
        if step.lhs is not None:
            lhs = step.lhs
            if isinstance(lhs, nt.Deriv):
                top, bottom = set(_letters_of(lhs.top)), set(_letters_of(lhs.bottom))
                if top & bottom:
                    c = sorted(top & bottom)[0]
                    verdicts.append(Verdict(number, False, None, "notation", str(NotationError(
                        text, lhs.pos, f"index {c} is used for both d{lhs.top.name} and d{lhs.bottom.name}: "
                                       "give the entry you differentiate by its own letters"))))
                    break
                if lhs.bottom.name not in problem.shapes and lhs.bottom.name not in problem.defined:
                    verdicts.append(Verdict(number, False, None, "notation", str(NotationError(
                        text, lhs.bottom.pos, f"{lhs.bottom.name} is a size, not a variable to differentiate by"))))
                    break
            elif lhs.name in problem.shapes or lhs.name in problem.scalars:
                verdicts.append(Verdict(number, False, None, "notation", str(NotationError(
                    text, lhs.pos, f"{lhs.name} is given, not defined by the derivation: the left side must be a "
                                   f"defined quantity ({', '.join(problem.order)}) or a derivative"))))
                break
        try:
            ranges = _valid(problem, lhs, step.rhs)
        except _IndexProblem as exc:
            key, fixed = _diagnose(problem, lhs, step.rhs)
            message = _located(text, exc.pos, exc.message)
            if key:
                message += "\n" + MISTAKES[key].format(fix=f"'{fixed}'", name=_factor_name(step.rhs, fixed))
            verdicts.append(Verdict(number, False, None, key or exc.kind, message))
            break
        how = _decide(problem, lhs, step.rhs, ranges)
        if how is None:
            key, fixed = _diagnose(problem, lhs, step.rhs)
            what = "does not follow from the step before" if step.lhs is None else \
                f"is not right for {_show_lhs(lhs)}"
            message = f"this step {what}: the two sides differ."
            absent = [c for c in _letters_of(lhs) if c not in nt.free_indices(step.rhs)]
            if absent:
                message += f" ({_indices(absent)} on the left side but not on the right.)"
            if key:
                message += "\n" + MISTAKES[key].format(fix=f"'{fixed}'", name=_factor_name(step.rhs, fixed))
            else:
                message += "\n" + _first_difference(problem, lhs, step.rhs, ranges)
            verdicts.append(Verdict(number, False, None, key or "wrong", message))
            break
        verdicts.append(Verdict(number, True, how, None, ""))
    return verdicts


def _located(text, pos, message):
    """A message with the step and a caret under the place."""
    return f"{message}\n    {text}\n    {' ' * pos}^"


def _show_lhs(lhs):
    return _show(lhs)


def _factor_name(rhs, fixed):
    """The tensor whose indices a 'transposed factor' fix swapped (for the message)."""
    for n in _walk(rhs):
        if isinstance(n, nt.Tensor) and len(n.indices) == 2:
            swapped = f"{n.name}[{n.indices[1][0]},{n.indices[0][0]}]"
            if swapped in fixed and _show(n) not in fixed:
                return n.name
    return "the factor"


def _first_difference(problem, lhs, rhs, ranges):
    """One entry where the sides differ, both sides written out by sympy."""
    env = _Env(problem, problem.symbolic(), symbolic=True, ranges=ranges)
    letters = _letters_of(lhs)
    truth = np.asarray(_truth(problem, lhs, env).ordered(letters), dtype=object)
    ours = np.broadcast_to(np.asarray(_evaluate(rhs, env).expanded(letters), dtype=object), truth.shape)
    for idx in np.ndindex(truth.shape):
        if sympy.expand(ours[idx] - truth[idx]) != 0:
            where = ", ".join(f"{c}={v}" for c, v in zip(letters, idx))
            mine, right = str(sympy.expand(ours[idx])), str(sympy.expand(truth[idx]))
            if len(mine) + len(right) > 160:
                return f"  For example at {where or 'the scalar'} the two sides differ."
            return f"  For example at {where or 'the scalar'}: yours is {mine}, the right value is {right}."
    return ""


def check_derivation(steps, problem):
    """Print a verdict per step, naming the first wrong step and its mistake; return True if all are right."""
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a helpers.derivation.Problem, got {type(problem).__name__}")
    if steps is None:
        print("derivation: not answered yet — replace None with your list of steps")
        return False
    steps = _as_steps(steps)
    if not steps:
        print("derivation: not answered yet — the list of steps is empty")
        return False
    verdicts = verify(steps, problem)
    for verdict in verdicts:
        text = steps[verdict.step - 1]
        if verdict.ok:
            print(f"✓ step {verdict.step}: {text.strip()}   (equal: {verdict.how})")
        else:
            label = "" if verdict.mistake in ("notation", "wrong") else f" [{verdict.mistake}]"
            shown = text.strip() if isinstance(text, str) else repr(text)
            print(f"✗ step {verdict.step}: {shown}{label}")
            print("  " + verdict.message.replace("\n", "\n  "))
            rest = len(steps) - verdict.step
            if rest:
                print(f"  ({rest} later step{'s' if rest > 1 else ''} not checked: fix this one first)")
            return False
    print(f"All {len(steps)} steps right.")
    return True


def linear_layer():
    """Z[i,k] = sum_j W[i,j]*A[j,k] + B[i,k] (column convention), J any cost with dJ/dZ[i,k] = G[i,k]."""
    return Problem(
        tensors={"W": ("n", "n_prev"), "A": ("n_prev", "m"), "B": ("n", "m"), "G": ("n", "m")},
        definitions=["Z[i,k] = sum_j W[i,j]*A[j,k] + B[i,k]", "J = sum_ik G[i,k]*Z[i,k]"],
        sizes={"n": 2, "n_prev": 3, "m": 4}, scalars={"m": "m"})


def matrix_product():
    """Notebook 03's product: Z[i,e] = sum_r W[i,r]*A[r,e], L any loss with dL/dZ[i,e] = G[i,e]; W is 2 x 3."""
    return Problem(
        tensors={"W": ("n", "n_prev"), "A": ("n_prev", "m"), "G": ("n", "m")},
        definitions=["Z[i,e] = sum_r W[i,r]*A[r,e]", "L = sum_ie G[i,e]*Z[i,e]"],
        sizes={"n": 2, "n_prev": 3, "m": 4})


def row_layer():
    """Notebook 02's batch: Z[e,i] = sum_j H[e,j]*W[j,i] + B[i], J = 1/m sum of the losses, G[e,i] = dZ_ei."""
    return Problem(
        tensors={"H": ("m", "h"), "W": ("h", "n"), "B": ("n",), "G": ("m", "n")},
        definitions=["Z[e,i] = sum_j H[e,j]*W[j,i] + B[i]", "J = 1/m * sum_ei G[e,i]*Z[e,i]"],
        sizes={"m": 4, "h": 3, "n": 2}, scalars={"m": "m"})


def dense_layer():
    """Notebook 04's layer: Z[i,e] = sum_j W[i,j]*A[j,e] + b[i], J = 1/m sum of the losses, G[i,e] = dZ[i,e]."""
    return Problem(
        tensors={"W": ("n", "n_prev"), "A": ("n_prev", "m"), "b": ("n",), "G": ("n", "m")},
        definitions=["Z[i,e] = sum_j W[i,j]*A[j,e] + b[i]", "J = 1/m * sum_ie G[i,e]*Z[i,e]"],
        sizes={"n": 2, "n_prev": 3, "m": 4}, scalars={"m": "m"})
