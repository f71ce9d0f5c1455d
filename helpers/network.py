"""A 2-layer network in the column convention, written to read like the maths.

Shapes (one example per column):
    X  (n_x, m)     W1 (n_h, n_x)   b1 (n_h, 1)   Z1 = W1 X + b1   (n_h, m)   A1 = g1(Z1)
                    W2 (n_y, n_h)   b2 (n_y, 1)   Z2 = W2 A1 + b2  (n_y, m)   A2 = g2(Z2)
    Y  (n_y, m)

Backward (dX means dL/dX per example for Z and A, dJ/dX for parameters):
    dZ2 = A2 - Y                        fused output layer, no 1/m
    dW2 = dZ2 A1^T / m                  db2 = sum over the batch axis / m
    dA1 = W2^T dZ2                      dZ1 = dA1 * g1'(Z1)   (Hadamard; g1' computed from
                                        A1 = g1(Z1), e.g. tanh' = 1 - A1**2, as the DLS does)
    dW1 = dZ1 X^T / m                   db1 = sum over the batch axis / m

`output` names the output activation and with it the loss: "sigmoid" with
binary cross-entropy, "softmax" with cross-entropy, "identity" with (half)
mean squared error. Every public function checks its inputs once and computes
on the checked arrays (lists and np.matrix become plain float64 arrays); labels
are checked by helpers.losses.check_labels. `forward`'s cache records the
activations that made it, and `backward` uses them or refuses a mismatch. The
loops inside `train` call the unchecked `_forward` / `_backward` so checking
costs nothing per iteration.
"""

import numpy as np

from .activations import _PRIME_FROM_A, _RAW
from .losses import OUTPUT_LAYERS, _COST_FROM_Z, check_labels
from .validate import (as_columns, as_float_array, check_choice, check_keys, check_positive_float,
                       check_positive_int, shape_str)

PARAM_NAMES = ("W1", "b1", "W2", "b2")
GRAD_NAMES = ("dW1", "db1", "dW2", "db2")
CACHE_NAMES = ("Z1", "A1", "Z2", "A2")
HIDDEN = ("tanh", "sigmoid", "relu", "identity")
#: backward recomputes the forward pass from params and X; a cache entry further than this from it is refused.
CACHE_RTOL = 1e-9


class ForwardCache(dict):
    """forward's cache: the dict Z1, A1, Z2, A2, which also records what made it (activations, params, X)."""

    def __init__(self, values, hidden, output, params, X):
        super().__init__(values)
        self.hidden, self.output = hidden, output
        self._made_from = {k: v.copy() for k, v in (*params.items(), ("X", X), *values.items())}

    def _unchanged(self, arrays):
        """True if arrays (params, X and the cache's own entries, by name) equal those forward recorded."""
        return all(np.array_equal(arrays[k], v) for k, v in self._made_from.items())


# ---------------------------------------------------------------- checks


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy Generator such as np.random.default_rng(1), got {type(rng).__name__}"
        )


def check_params(params, X=None):
    """Validate a parameter dict (and X against it); return (params as plain float64 arrays, (n_x, n_h, n_y))."""
    check_keys(params, "params", PARAM_NAMES, why=", the weights and biases of this 2-layer network")
    clean = {k: as_float_array(params[k], k, ndim=2) for k in PARAM_NAMES}
    W1, b1, W2, b2 = (clean[k] for k in PARAM_NAMES)
    n_h, n_x = W1.shape
    n_y = W2.shape[0]
    if W2.shape[1] != n_h:
        raise ValueError(
            f"W2 has shape {shape_str(W2.shape)} but W1 has shape {shape_str(W1.shape)}: "
            f"W2 must have n_h = {n_h} columns, one per hidden unit"
        )
    if b1.shape != (n_h, 1):
        raise ValueError(f"b1 has shape {shape_str(b1.shape)} but expected (n_h, 1) = ({n_h}, 1)")
    if b2.shape != (n_y, 1):
        raise ValueError(f"b2 has shape {shape_str(b2.shape)} but expected (n_y, 1) = ({n_y}, 1)")
    if X is not None and X.shape[0] != n_x:
        raise ValueError(
            f"W1 has shape {shape_str(W1.shape)} but X has {X.shape[0]} rows: "
            f"X must be (n_x, m) = ({n_x}, m), one example per column"
        )
    return clean, (n_x, n_h, n_y)


def _check_X(X):
    return as_columns(X, "X", "n_x")


def _check_names(hidden, output):
    check_choice(hidden, "hidden activation", HIDDEN)
    check_choice(output, "output", OUTPUT_LAYERS)


def _check_output_size(n_y, output):
    if output == "softmax" and n_y < 2:
        raise ValueError(f"a softmax output needs n_y >= 2 classes, but W2 has n_y = {n_y} row (a softmax over one "
                         "class is always 1); for two classes use a sigmoid output with n_y = 1, or n_y = 2")


def _labels(Y, output, n_y, m, hard=False):
    """Y checked by losses.check_labels (the one place labels are checked) against the network's A2 (n_y, m)."""
    return check_labels(Y, output, (n_y, m), hard=hard, against="the network's output A2")


def _mismatch(given, expected):
    """(largest |given - expected|, '[i, j]') if they differ beyond rounding, else None."""
    diff = np.abs(given - expected)
    bad = diff > CACHE_RTOL * (1.0 + np.abs(expected))
    if not bad.any():
        return None
    i, j = np.unravel_index(int(np.argmax(np.where(bad, diff, -1.0))), diff.shape)
    return float(diff[i, j]), f"[{i}, {j}]"


def _which(names, Z, A):
    """The activations among names whose g(Z) equals A (to name what made a cache)."""
    with np.errstate(all="ignore"):
        return [g for g in names if _mismatch(A, _RAW[g][0](Z)) is None]


def _resolve(value, recorded, default, what):
    """The activation to use: the one asked for, else the one the cache records, else the default."""
    if value is None:
        return recorded or default
    if recorded is not None and value != recorded:
        raise ValueError(f"this cache was made by forward(..., {what}={recorded!r}) but backward was called with "
                         f"{what}={value!r}; pass the same {what} to both (or leave it out: backward then uses the "
                         "cache's)")
    return value


def _check_cache(cache, params, X, hidden, output):
    """The cache's arrays, checked to be forward(params, X, hidden, output)'s, and the activations to use."""
    if not isinstance(cache, dict):
        raise TypeError(f"cache must be the dict returned by forward(params, X), got {type(cache).__name__}")
    if hidden is not None:
        check_choice(hidden, "hidden activation", HIDDEN)
    if output is not None:
        check_choice(output, "output", OUTPUT_LAYERS)
    recorded = (cache.hidden, cache.output) if isinstance(cache, ForwardCache) else (None, None)
    hidden = _resolve(hidden, recorded[0], "tanh", "hidden")
    output = _resolve(output, recorded[1], "sigmoid", "output")
    _check_names(hidden, output)
    check_keys(cache, "cache", CACHE_NAMES, why=", as returned by forward(params, X)")
    n_h, m, n_y = params["W1"].shape[0], X.shape[1], params["W2"].shape[0]
    shapes = {"Z1": (n_h, m), "A1": (n_h, m), "Z2": (n_y, m), "A2": (n_y, m)}
    c = {k: as_float_array(cache[k], f"cache[{k!r}]", ndim=2) for k in CACHE_NAMES}
    for key, shape in shapes.items():
        if c[key].shape != shape:
            raise ValueError(f"cache[{key!r}] has shape {shape_str(c[key].shape)} but expected {shape_str(shape)} "
                             "for these params and X")
    if isinstance(cache, ForwardCache) and cache._unchanged({**params, "X": X, **c}):
        return c, hidden, output  # exactly what forward computed: nothing to recompute
    for A, Z, g, names, what in (("A1", "Z1", hidden, HIDDEN, "hidden"), ("A2", "Z2", output, tuple(OUTPUT_LAYERS),
                                                                          "output")):
        if _mismatch(c[A], _RAW[g][0](c[Z])) is not None:
            made = _which(names, c[Z], c[A])
            by = f"it matches {what}={made[0]!r}" if made else f"no {what} activation of the course makes it"
            raise ValueError(f"cache[{A!r}] is not {g}(cache[{Z!r}]) ({by}): backward was called with {what}={g!r}; "
                             f"pass the {what} that forward used")
    recomputed = {"Z1": params["W1"] @ X + params["b1"], "Z2": params["W2"] @ c["A1"] + params["b2"]}
    for key, formula in (("Z1", "W1 @ X + b1"), ("Z2", "W2 @ A1 + b2")):
        found = _mismatch(c[key], recomputed[key])
        if found is not None:
            raise ValueError(f"cache[{key!r}] is not {formula} for these params and X (off by {found[0]:.3g} at "
                             f"{found[1]}): pass the cache that forward(params, X) returned for these same params "
                             "and X (did params change after forward ran?)")
    return c, hidden, output


# ---------------------------------------------------------------- the maths


def _forward(params, X, hidden, output):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = W1 @ X + b1  # (n_h, m)
    A1 = _RAW[hidden][0](Z1)  # (n_h, m)
    Z2 = W2 @ A1 + b2  # (n_y, m)
    A2 = _RAW[output][0](Z2)  # (n_y, m)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _backward(params, cache, X, Y, hidden, output):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y  # (n_y, m)  fused output layer
    dW2 = dZ2 @ cache["A1"].T / m  # (n_y, n_h)
    db2 = dZ2.sum(axis=1, keepdims=True) / m  # (n_y, 1)
    dA1 = params["W2"].T @ dZ2  # (n_h, m)
    dZ1 = dA1 * _PRIME_FROM_A[hidden](cache["A1"])  # (n_h, m)  Hadamard with g1'(Z1), from A1
    dW1 = dZ1 @ X.T / m  # (n_h, n_x)
    db1 = dZ1.sum(axis=1, keepdims=True) / m  # (n_h, 1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dZ1": dZ1, "dZ2": dZ2}


def _update(params, grads, learning_rate):
    return {k: params[k] - learning_rate * grads["d" + k] for k in PARAM_NAMES}


# ---------------------------------------------------------------- public API


def init_params(n_x, n_h, n_y, rng, scale=0.01):
    """W ~ scale * N(0, 1) drawn from rng in the order W1, W2; biases zero."""
    n_x, n_h, n_y = (check_positive_int(v, k) for v, k in ((n_x, "n_x"), (n_h, "n_h"), (n_y, "n_y")))
    _check_rng(rng)
    scale = check_positive_float(scale, "scale")
    with np.errstate(over="ignore"):
        params = {
            "W1": rng.standard_normal((n_h, n_x)) * scale,  # (n_h, n_x)
            "b1": np.zeros((n_h, 1)),  # (n_h, 1)
            "W2": rng.standard_normal((n_y, n_h)) * scale,  # (n_y, n_h)
            "b2": np.zeros((n_y, 1)),  # (n_y, 1)
        }
    if not all(np.isfinite(v).all() for v in params.values()):
        raise ValueError(f"scale = {scale:g} makes some weights overflow to inf; choose a smaller scale")
    return params


def forward(params, X, hidden="tanh", output="sigmoid"):
    """Return (A2, cache): cache holds Z1, A1, Z2, A2 and records hidden and output (cache.hidden, cache.output)."""
    _check_names(hidden, output)
    X = _check_X(X)
    params, (_, _, n_y) = check_params(params, X)
    _check_output_size(n_y, output)
    A2, cache = _forward(params, X, hidden, output)
    return A2, ForwardCache(cache, hidden, output, params, X)


def loss(A2, Y, output="sigmoid"):
    """The cost J: the mean over examples of the loss paired with `output`."""
    return OUTPUT_LAYERS[check_choice(output, "output", OUTPUT_LAYERS)].loss(A2, Y)


def backward(params, cache, X, Y, hidden=None, output=None):
    """Return dict dW1, db1, dW2, db2 (dJ/d.) and dZ1, dZ2 (per-example dL/dZ).

    hidden and output default to the ones the cache records (forward's), or tanh and sigmoid for a
    hand-made cache. The cache must be forward(params, X)'s: a cache from forward is compared with the
    copies it keeps of its params, X and entries; any other (or changed) cache is checked by recomputing it.
    """
    X = _check_X(X)
    params, (_, _, n_y) = check_params(params, X)
    cache, hidden, output = _check_cache(cache, params, X, hidden, output)
    _check_output_size(n_y, output)
    Y = _labels(Y, output, n_y, X.shape[1])
    return _backward(params, cache, X, Y, hidden, output)


def update(params, grads, learning_rate):
    """One gradient-descent step: P <- P - learning_rate * dP for each parameter; returns new params."""
    params, _ = check_params(params)
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    check_keys(grads, "grads", GRAD_NAMES, optional=("dZ1", "dZ2"), why=" (dZ1, dZ2 from backward are ignored)")
    clean = {}
    for k in PARAM_NAMES:
        g = clean["d" + k] = as_float_array(grads["d" + k], "d" + k, ndim=2)
        if g.shape != params[k].shape:
            raise ValueError(f"d{k} has shape {shape_str(g.shape)} but {k} has shape {shape_str(params[k].shape)}")
    return _update(params, clean, learning_rate)


def train(X, Y, n_h, hidden="tanh", output="sigmoid", learning_rate=1.2, num_iterations=10_000,
          rng=None, scale=0.01, params=None):
    """Full-batch gradient descent; returns (params, losses) with one loss per iteration."""
    _check_names(hidden, output)
    X = _check_X(X)
    Y = as_columns(Y, "Y", "n_y")
    n_h = check_positive_int(n_h, "n_h")
    num_iterations = check_positive_int(num_iterations, "num_iterations")
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    if params is None:
        if rng is None:
            raise TypeError("train needs rng=np.random.default_rng(seed) (or params=...) to initialise the weights")
        params = init_params(X.shape[0], n_h, Y.shape[0], rng, scale)
    params, (_, n_h_given, n_y) = check_params(params, X)
    if n_h_given != n_h:
        raise ValueError(f"params has n_h = {n_h_given} hidden units but n_h = {n_h} was asked for")
    Y = _labels(Y, output, n_y, X.shape[1])
    _check_output_size(n_y, output)
    params = {k: v.copy() for k, v in params.items()}  # the caller's arrays are never touched
    cost = _COST_FROM_Z[output]  # unchecked: a diverging run records nan instead of raising
    losses = np.empty(num_iterations)
    for i in range(num_iterations):
        A2, cache = _forward(params, X, hidden, output)
        losses[i] = cost(cache["Z2"], Y)
        params = _update(params, _backward(params, cache, X, Y, hidden, output), learning_rate)
    return params, losses


def predict(params, X, hidden="tanh", output="sigmoid"):
    """Class labels (1, m): A2 > 0.5 for sigmoid, argmax over classes for softmax; A2 for identity."""
    A2, _ = forward(params, X, hidden, output)
    if output == "sigmoid":
        return (A2 > 0.5).astype(np.int64)
    if output == "softmax":
        return A2.argmax(axis=0)[None, :]
    return A2


def accuracy(params, X, Y, hidden="tanh", output="sigmoid"):
    """Fraction of examples classified correctly; Y holds hard labels: 0/1 (sigmoid) or one-hot columns (softmax)."""
    _check_names(hidden, output)
    if output not in ("sigmoid", "softmax"):
        raise ValueError(f"accuracy needs a classifier output ('sigmoid' or 'softmax'), got {output!r}")
    A2, _ = forward(params, X, hidden, output)
    Y = _labels(Y, output, A2.shape[0], A2.shape[1], hard=True)
    if output == "sigmoid":
        return float(np.mean((A2 > 0.5) == (Y == 1)))
    return float(np.mean(A2.argmax(axis=0) == Y.argmax(axis=0)))


def numerical_param_gradients(params, X, Y, hidden="tanh", output="sigmoid", eps=1e-6):
    """dJ/dP by centred differences for every parameter P (an independent reference for backward)."""
    from .gradcheck import numerical_gradient

    _check_names(hidden, output)
    eps = check_positive_float(eps, "eps")
    X = _check_X(X)
    params, (_, _, n_y) = check_params(params, X)
    _check_output_size(n_y, output)
    Y = _labels(Y, output, n_y, X.shape[1])
    work = {k: v.copy() for k, v in params.items()}

    def cost(_):
        return _COST_FROM_Z[output](_forward(work, X, hidden, output)[1]["Z2"], Y)

    return {"d" + k: numerical_gradient(cost, work[k], eps) for k in PARAM_NAMES}
