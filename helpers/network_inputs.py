"""The checks of helpers.network's inputs: params and their layer sizes, activation names, labels, forward's cache.

helpers.network calls these once per public call and then computes on what they return (plain float64 arrays,
activation names as one tuple per hidden layer); the messages name the argument, what it got and what was expected.
Parameters are the keys W1, b1, …, WL, bL numbered 1..L without gaps; `key_names(L)` lists every key of an
L-layer network once. `ForwardCache` is the dict network.forward returns: it keeps copies of what made it, so
`check_cache` can accept it without recomputing the forward pass.
"""

import functools
import re

import numpy as np

from .activations import ACTIVATIONS
from .formatting import shape_str
from .losses import OUTPUT_LAYERS, check_labels
from .validate import as_float_array, check_choice, check_keys, check_positive_int

HIDDEN = ("tanh", "sigmoid", "relu", "identity")
#: network.backward recomputes the forward pass from params and X; a cache entry further than this is refused.
CACHE_RTOL = 1e-9
_KEY = re.compile(r"^([Wb])([1-9][0-9]*)$")


def key_names(L):
    """Every key name of an L-layer network by kind ('params', 'grads', 'cache', 'extras', 'W', 'Z', 'dA', …)."""
    return _key_names(check_positive_int(L, "L"))


@functools.lru_cache(maxsize=None)
def _key_names(L):
    """key_names for a checked L, computed once per L (the loops look the names up, never format them)."""
    layers = range(1, L + 1)
    return {"params": tuple(k for l in layers for k in (f"W{l}", f"b{l}")),
            "grads": tuple(k for l in layers for k in (f"dW{l}", f"db{l}")),
            "cache": tuple(k for l in layers for k in (f"Z{l}", f"A{l}")),
            "extras": tuple(f"dZ{l}" for l in layers) + tuple(f"dA{l}" for l in range(1, L)),
            "W": tuple(f"W{l}" for l in layers), "b": tuple(f"b{l}" for l in layers),
            "Z": tuple(f"Z{l}" for l in layers), "A": tuple(f"A{l}" for l in layers),
            "dW": tuple(f"dW{l}" for l in layers), "db": tuple(f"db{l}" for l in layers),
            "dZ": tuple(f"dZ{l}" for l in layers), "dA": ("",) + tuple(f"dA{l}" for l in range(1, L))}


class ForwardCache(dict):
    """forward's cache: the dict Z1, A1, …, ZL, AL, which also records what made it (activations, params, X)."""

    def __init__(self, values, hidden, output, params, X):
        super().__init__(values)
        self.hidden, self.output = hidden, output
        self._made_from = {k: v.copy() for k, v in (*params.items(), ("X", X), *values.items())}

    def unchanged(self, arrays):
        """True if arrays (params, X and the cache's own entries, by name) equal those forward recorded."""
        return all(np.array_equal(arrays[k], v) for k, v in self._made_from.items())


# ---------------------------------------------------------------- params and sizes


def layer_count(params):
    """L from params' keys W1, b1, …, WL, bL, or TypeError / ValueError naming the stray or missing keys."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict with keys ['W1', 'b1', …, 'WL', 'bL'], got {type(params).__name__}")
    stray = [k for k in params if not (isinstance(k, str) and _KEY.match(k))]
    if stray:
        shown = stray[0] if len(stray) == 1 else stray
        raise ValueError(f"params has unexpected key{'s' if len(stray) > 1 else ''} {shown!r}; it may hold only "
                         "W1, b1, …, WL, bL (the weights and biases of an L-layer network, layers numbered from 1)")
    if not params:
        raise ValueError("params is empty; expected keys ['W1', 'b1', …, 'WL', 'bL'] (at least W1 and b1)")
    L = max(int(_KEY.match(k).group(2)) for k in params)
    names = key_names(L)["params"]
    gaps = [l for l in range(1, L) if f"W{l}" not in params and f"b{l}" not in params]
    if gaps:
        missing = [k for l in gaps for k in (f"W{l}", f"b{l}")]
        raise ValueError(f"params has layer {L} ({'W' if f'W{L}' in params else 'b'}{L}) but no {', '.join(missing)}: "
                         f"the layers must be numbered 1..L without gaps; expected keys {list(names)}")
    check_keys(params, "params", names)
    return L


def _size_name(l, L):
    """How the course names n[l]: n_x, n_h and n_y for 2 layers, n[l] (n_y for the output) otherwise."""
    if l == 0:
        return "n_x"
    if l == L:
        return "n_y"
    return "n_h" if L == 2 else f"n[{l}]"


def _check_layer(clean, l, L, n_prev):
    """Raise unless W[l] has n_prev columns and b[l] is the column (n[l], 1); return n[l]."""
    W, b = clean[f"W{l}"], clean[f"b{l}"]
    if W.shape[1] != n_prev:
        prev = clean[f"W{l - 1}"]
        raise ValueError(f"W{l} has shape {shape_str(W.shape)} but W{l - 1} has shape {shape_str(prev.shape)}: "
                         f"W{l} must have {_size_name(l - 1, L)} = {n_prev} columns, one per unit of layer {l - 1}")
    if b.shape != (W.shape[0], 1):
        raise ValueError(f"b{l} has shape {shape_str(b.shape)} but expected ({_size_name(l, L)}, 1) = "
                         f"({W.shape[0]}, 1)")
    return W.shape[0]


def check_params(params, X=None):
    """Validate params (and X against it); return (params as plain float64 arrays, (n_x, n[1], …, n[L]))."""
    L = layer_count(params)
    clean = {k: as_float_array(params[k], k, ndim=2) for k in key_names(L)["params"]}
    sizes = [clean["W1"].shape[1]]
    for l in range(1, L + 1):
        sizes.append(_check_layer(clean, l, L, sizes[-1]))
    if X is not None and X.shape[0] != sizes[0]:
        raise ValueError(f"W1 has shape {shape_str(clean['W1'].shape)} but X has {X.shape[0]} rows: "
                         f"X must be (n_x, m) = ({sizes[0]}, m), one example per column")
    return clean, tuple(sizes)


def check_int_list(values, name, what):
    """values as a tuple of ints >= 1, or TypeError naming `name` and saying `what` the list holds."""
    if isinstance(values, (str, bytes, dict, set)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a list of ints {what}, got {type(values).__name__} {values!r}")
    return tuple(check_positive_int(n, f"{name}[{i}]") for i, n in enumerate(values))


def check_layer_sizes(layer_sizes):
    """layer_sizes as a tuple of ints >= 1 with at least two entries [n_x, n[1], …, n[L]]."""
    sizes = check_int_list(layer_sizes, "layer_sizes", "[n_x, n[1], …, n[L]]")
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must hold at least [n_x, n_y] (one layer), got {list(sizes)}")
    return sizes


def check_widths(n_h, hidden_sizes):
    """The hidden layers' widths asked of train (a tuple), or None if neither n_h nor hidden_sizes was given."""
    if n_h is not None and hidden_sizes is not None:
        raise TypeError("give n_h (one hidden layer) or hidden_sizes=[n[1], …, n[L-1]], not both")
    if n_h is not None:
        return (check_positive_int(n_h, "n_h"),)
    if hidden_sizes is None:
        return None
    return check_int_list(hidden_sizes, "hidden_sizes", "(the widths n[1], …, n[L-1] of the hidden layers)")


def check_rng(rng):
    """Return rng if it is a numpy Generator, else TypeError."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator such as np.random.default_rng(1), got {type(rng).__name__}")
    return rng


# ---------------------------------------------------------------- activations and labels


def check_hidden(hidden):
    """hidden checked: one name, or a tuple of names (hidden_per_layer checks its length against L)."""
    if isinstance(hidden, str):
        return check_choice(hidden, "hidden activation", HIDDEN)
    if not isinstance(hidden, (list, tuple)):
        raise TypeError(f"hidden must be an activation name (one of {sorted(HIDDEN)}) or a list of names, one per "
                        f"hidden layer; got {type(hidden).__name__}")
    return tuple(check_choice(h, f"hidden activation of layer {l}", HIDDEN) for l, h in enumerate(hidden, 1))


def check_activations(hidden, output):
    """(hidden) checked by check_hidden, after checking output is one of OUTPUT_LAYERS."""
    hidden = check_hidden(hidden)
    check_choice(output, "output", OUTPUT_LAYERS)
    return hidden


def check_activation_pair(hidden, output):
    """(hidden, output) if hidden is one of HIDDEN (one name, not a list) and output one of OUTPUT_LAYERS."""
    check_choice(hidden, "hidden activation", HIDDEN)
    check_choice(output, "output", OUTPUT_LAYERS)
    return hidden, output


def hidden_per_layer(hidden, L):
    """hidden (checked) as a tuple of L-1 names, one per hidden layer; ValueError if a list has another length."""
    if isinstance(hidden, str):
        return (hidden,) * (L - 1)
    if len(hidden) != L - 1:
        raise ValueError(f"hidden lists {len(hidden)} activation(s) but this network has L = {L} layers, so "
                         f"{L - 1} hidden layer(s): give one name per hidden layer, or one name for all")
    return hidden


def check_output_size(n_y, output, L=2):
    """Raise ValueError for a softmax output over fewer than two classes (n_y = W[L]'s rows)."""
    if output == "softmax" and n_y < 2:
        raise ValueError(f"a softmax output needs n_y >= 2 classes, but W{L} has n_y = {n_y} row (a softmax over one "
                         "class is always 1); for two classes use a sigmoid output with n_y = 1, or n_y = 2")


def network_labels(Y, output, n_y, m, hard=False, L=2):
    """Y checked by losses.check_labels (the one place labels are checked) against the network's A[L] (n_y, m)."""
    return check_labels(Y, output, (n_y, m), hard=hard, against=f"the network's output A{L}")


# ---------------------------------------------------------------- forward's cache


def _mismatch(given, expected):
    """(largest |given - expected|, '[i, j]') if they differ beyond rounding, else None."""
    diff = np.abs(given - expected)
    bad = diff > CACHE_RTOL * (1.0 + np.abs(expected))
    if not bad.any():
        return None
    i, j = np.unravel_index(int(np.argmax(np.where(bad, diff, -1.0))), diff.shape)
    return float(diff[i, j]), f"[{i}, {j}]"


def _resolve(value, recorded, default, what, L):
    """The activation to use: the one asked for (checked), else the one the cache records, else the default."""
    if value is None:
        return recorded or default
    if recorded is not None:
        same = value == recorded if what == "output" else hidden_per_layer(value, L) == hidden_per_layer(recorded, L)
        if not same:
            raise ValueError(f"this cache was made by forward(..., {what}={recorded!r}) but backward was called "
                             f"with {what}={value!r}; pass the same {what} to both (or leave it out: backward then "
                             "uses the cache's)")
    return value


def cache_activations(cache, hidden, output, L):
    """(hidden as L-1 names, output) for backward: those asked for, else the cache's, else tanh and sigmoid."""
    if hidden is not None:
        hidden = check_hidden(hidden)
        hidden_per_layer(hidden, L)
    if output is not None:
        check_choice(output, "output", OUTPUT_LAYERS)
    recorded = (cache.hidden, cache.output) if isinstance(cache, ForwardCache) else (None, None)
    hidden = _resolve(hidden, recorded[0], "tanh", "hidden", L)
    return hidden_per_layer(hidden, L), _resolve(output, recorded[1], "sigmoid", "output", L)


def _cache_arrays(cache, params, m, L):
    """The cache's Z1, A1, …, ZL, AL as float arrays, each checked to have the shape (n[l], m)."""
    names = key_names(L)
    check_keys(cache, "cache", names["cache"], why=", as returned by forward(params, X)")
    c = {k: as_float_array(cache[k], f"cache[{k!r}]", ndim=2) for k in names["cache"]}
    for l in range(1, L + 1):
        shape = (params[f"W{l}"].shape[0], m)
        for key in (f"Z{l}", f"A{l}"):
            if c[key].shape != shape:
                raise ValueError(f"cache[{key!r}] has shape {shape_str(c[key].shape)} but expected "
                                 f"{shape_str(shape)} for these params and X")
    return c


def _check_activation_values(c, hidden, output, L):
    """Raise unless every A[l] is g[l](Z[l]) for the activations backward was given (naming any that fits)."""
    for l in range(1, L + 1):
        g, choices, what = (output, tuple(OUTPUT_LAYERS), "output") if l == L else (hidden[l - 1], HIDDEN, "hidden")
        if _mismatch(c[f"A{l}"], ACTIVATIONS[g].unchecked_g(c[f"Z{l}"])) is None:
            continue
        with np.errstate(all="ignore"):
            made = [h for h in choices if _mismatch(c[f"A{l}"], ACTIVATIONS[h].unchecked_g(c[f"Z{l}"])) is None]
        by = f"it matches {what}={made[0]!r}" if made else f"no {what} activation of the course makes it"
        raise ValueError(f"cache['A{l}'] is not {g}(cache['Z{l}']) ({by}): backward was called with {what}={g!r}"
                         f"{'' if what == 'output' or L == 2 else f' for layer {l}'}; pass the {what} that "
                         "forward used")


def _check_linear_values(c, params, X, L):
    """Raise unless every Z[l] is W[l] A[l-1] + b[l] for these params and X (naming where it is off)."""
    for l in range(1, L + 1):
        A_prev, previous = (X, "X") if l == 1 else (c[f"A{l - 1}"], f"A{l - 1}")
        found = _mismatch(c[f"Z{l}"], params[f"W{l}"] @ A_prev + params[f"b{l}"])
        if found is not None:
            raise ValueError(f"cache['Z{l}'] is not W{l} @ {previous} + b{l} for these params and X (off by "
                             f"{found[0]:.3g} at {found[1]}): pass the cache that forward(params, X) returned for "
                             "these same params and X (did params change after forward ran?)")


def check_cache(cache, params, X, hidden, output, L):
    """(the cache's arrays, hidden as L-1 names, output), checked to be forward(params, X, hidden, output)'s.

    params and X are already checked (check_params). A ForwardCache equal to the copies it keeps is accepted as
    it is; any other (or changed) cache is checked by recomputing each layer.
    """
    if not isinstance(cache, dict):
        raise TypeError(f"cache must be the dict returned by forward(params, X), got {type(cache).__name__}")
    hidden, output = cache_activations(cache, hidden, output, L)
    c = _cache_arrays(cache, params, X.shape[1], L)
    if isinstance(cache, ForwardCache) and cache.unchanged({**params, "X": X, **c}):
        return c, hidden, output  # exactly what forward computed: nothing to recompute
    _check_activation_values(c, hidden, output, L)
    _check_linear_values(c, params, X, L)
    return c, hidden, output
