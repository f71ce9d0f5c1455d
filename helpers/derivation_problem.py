"""The symbols of a derivation (`Problem`): input tensors with named sizes, scalars, defined quantities, their truth.

A `Problem` says what the symbols of a derivation mean. Each input entry is a sympy symbol (small concrete sizes,
all different, so that a transposed factor cannot fit); a defined quantity (Z = W A + B, J = sum G Z) is the sympy
expression its definition gives; `derivative` is `sympy.diff` of those expressions, entry by entry, and
`numeric` / `derivative_numeric` evaluate them at two seeded random draws of every input. The ready-made problems
of the notebooks are at the end: `linear_layer`, `matrix_product` (nb 03), `row_layer` (nb 02), `dense_layer`
(nb 04).
"""

import numbers

import numpy as np
import sympy

from . import index_tree as nt
from .derivation_indices import index_ranges
from .derivation_values import evaluate
from .index_notation import parse_step

__all__ = ["Problem", "linear_layer", "matrix_product", "row_layer", "dense_layer"]


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
        self._cache = {}
        self.points = [self._draw(np.random.default_rng([seed, k])) for k in range(2)]

    @staticmethod
    def _check_tensors(tensors):
        """name -> tuple of size names; TypeError unless tensors is a dict."""
        if not isinstance(tensors, dict):
            raise TypeError(f"tensors must be a dict {{name: (size names)}}, got {type(tensors).__name__}")
        return {name: tuple(dims) for name, dims in tensors.items()}

    @staticmethod
    def _check_sizes(sizes):
        """A copy of sizes, each an int from 1 to 6 and all different, else an error."""
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
        """The concrete shape of an input tensor."""
        return tuple(self.sizes[s] for s in self.shapes[name])

    def dims_of(self, name):
        """The size names of a tensor's axes (inputs and defined quantities)."""
        return self.shapes[name] if name in self.shapes else self.defined[name][1]

    def _define(self, text):
        """Parse one definition, check its indices and record the quantity with its size names."""
        step = parse_step(text, {**self.names(), **_pending(text)})
        if step.lhs is None or not isinstance(step.lhs, (nt.Tensor, nt.Scalar)):
            raise ValueError(f"a definition must be 'Name[indices] = expression', got {text!r}")
        name = step.lhs.name
        letters = nt.letters_of(step.lhs)
        ranges = index_ranges(self, step.rhs)
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
                    arr = evaluate(step.rhs, self, values).ordered(nt.letters_of(step.lhs))
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


# ---------------------------------------------------------------- the notebooks' problems


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
