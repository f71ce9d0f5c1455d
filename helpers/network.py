"""An L-layer network in the column convention, written to read like the maths (L = 2 is notebook 04's).

Parameters are the keys W1, b1, …, WL, bL (the Deep Learning Specialization's naming); L is read from the
keys present, which must number the layers 1..L without gaps. Shapes (one example per column), A0 = X:
    W[l] (n[l], n[l-1])   b[l] (n[l], 1)   Z[l] = W[l] A[l-1] + b[l]  (n[l], m)   A[l] = g[l](Z[l])
    X (n_x, m) = (n[0], m)                 Y (n_y, m) = (n[L], m)

Backward (dX means dL/dX per example for Z and A, dJ/dX for parameters):
    dZ[L] = A[L] - Y                        fused output layer, no 1/m
    dW[l] = dZ[l] A[l-1]^T / m              db[l] = sum over the batch axis / m
    dA[l-1] = W[l]^T dZ[l]                  dZ[l-1] = dA[l-1] * g[l-1]'(Z[l-1])   (Hadamard; g' computed
                                            from A = g(Z), e.g. tanh' = 1 - A**2, as the DLS does)

`output` names the output activation and with it the loss: "sigmoid" with binary cross-entropy, "softmax"
with cross-entropy, "identity" with (half) mean squared error. `hidden` is one activation name for every
hidden layer, or a sequence of L-1 names, one per hidden layer. Every public function checks its inputs once
(with helpers.network_inputs) and computes on the checked arrays (lists and np.matrix become plain float64
arrays); labels are checked by helpers.losses.check_labels. `forward`'s cache records the activations that made
it, and `backward` uses them or refuses a mismatch. `train` checks once, then loops over `unchecked_step`: the `unchecked_*`
functions are the maths alone, for loops whose inputs were checked once (train, the gradient-flow explorer).
"""

import functools
import numbers

import numpy as np

from .activations import ACTIVATIONS
from .losses import OUTPUT_LAYERS
from .network_inputs import HIDDEN  # noqa: F401  (network.HIDDEN: the hidden activations a network may use)
from .network_inputs import (ForwardCache, check_activations, check_cache, check_layer_sizes,
                             check_output_size, check_params, check_rng, check_widths, hidden_per_layer, key_names,
                             layer_count, network_labels)
from .validate import as_columns, as_float_array, check_choice, check_keys, check_positive_float, \
    check_positive_int, shape_str

#: The keys of the 2-layer network of notebook 04 (param_names(L) gives them for any L).
PARAM_NAMES = ("W1", "b1", "W2", "b2")
GRAD_NAMES = ("dW1", "db1", "dW2", "db2")
#: init_params's named schemes: the standard deviation of W[l]'s entries from n[l-1], the fan-in.
INIT_SCHEMES = {"xavier": lambda fan_in: np.sqrt(1.0 / fan_in), "he": lambda fan_in: np.sqrt(2.0 / fan_in)}


def param_names(L):
    """('W1', 'b1', …, 'WL', 'bL') for an L-layer network."""
    return key_names(check_positive_int(L, "L"))["params"]


# ---------------------------------------------------------------- the maths, unchecked


@functools.lru_cache(maxsize=None)
def _plan(hidden, output):
    """Per layer, the names and g of the forward pass and the g' of backward, for a tuple hidden (cached)."""
    L = len(hidden) + 1
    n = key_names(L)
    gs = [ACTIVATIONS[h].unchecked_g for h in (*hidden, output)]
    forward_plan = tuple(zip(n["W"], n["b"], n["Z"], n["A"], gs))
    # backward, from layer L down to 1: (W[l], A[l-1] or None for X, dZ, dW, db, dA[l-1], g'[l-1] from A[l-1])
    backward_plan = tuple((n["W"][l - 1], n["A"][l - 2] if l > 1 else None, n["dZ"][l - 1], n["dW"][l - 1],
                           n["db"][l - 1], n["dA"][l - 1], ACTIVATIONS[hidden[l - 2]].prime_from_A if l > 1 else None)
                          for l in range(L, 0, -1))
    return forward_plan, backward_plan, n["A"][-1], n["Z"][-1], (*n["grads"], *n["extras"])


def unchecked_forward(params, X, hidden, output, keep=True):
    """(A[L], {Z1, A1, …, ZL, AL}) with no checks: params and X checked by check_params, hidden L-1 names.

    keep=False keeps only what backward and the cost need (every A[l], and Z[L]): train's lighter loop.
    """
    plan = _plan(tuple(hidden), output)[0]
    cache = {}
    A = X  # A0 = X  (n_x, m)
    for W, b, Z_name, A_name, g in plan:
        Z = params[W] @ A + params[b]  # (n[l], m)
        A = g(Z)  # (n[l], m)
        cache[A_name] = A
        if keep:
            cache[Z_name] = Z
    if not keep:
        cache[plan[-1][2]] = Z
    return A, cache


def unchecked_backward(params, cache, X, Y, hidden, output, keep=True):
    """{dW1, db1, …, dZ1, …, dA1, …} with no checks: the arrays of a checked problem and its forward's cache.

    keep=False returns only dW1, db1, …, dWL, dbL (each dZ and dA is freed as soon as it is used).
    """
    _, plan, last_A, _, order = _plan(tuple(hidden), output)
    m = X.shape[1]
    grads = {}
    dZ = cache[last_A] - Y  # (n_y, m)  fused output layer
    for W, A_prev_name, dZ_name, dW_name, db_name, dA_name, g_prime in plan:
        A_prev = X if A_prev_name is None else cache[A_prev_name]  # (n[l-1], m)
        grads[dW_name] = dZ @ A_prev.T / m  # (n[l], n[l-1])
        grads[db_name] = dZ.sum(axis=1, keepdims=True) / m  # (n[l], 1)
        if keep:
            grads[dZ_name] = dZ
        if g_prime is not None:
            dA = params[W].T @ dZ  # (n[l-1], m)
            if keep:
                grads[dA_name] = dA
            dZ = dA * g_prime(A_prev)  # (n[l-1], m)  Hadamard with g'(Z[l-1]), from A[l-1]
    return {k: grads[k] for k in order} if keep else grads


def unchecked_update(params, grads, learning_rate):
    """One gradient-descent step with no checks: P - learning_rate * dP for each parameter of params."""
    return {k: params[k] - learning_rate * grads["d" + k] for k in params}


def unchecked_cost_and_grads(params, X, Y, hidden, output, keep=True):
    """(cost, cache, grads) at params, with no checks: the forward and backward pass of one step, without its update.

    keep=False: the cache and grads hold only what the step needs (see unchecked_forward, unchecked_backward).
    """
    hidden = tuple(hidden)
    A, cache = unchecked_forward(params, X, hidden, output, keep)
    cost = OUTPUT_LAYERS[output].unchecked_loss_from_Z(cache[_plan(hidden, output)[3]], Y)
    return cost, cache, unchecked_backward(params, cache, X, Y, hidden, output, keep)


def unchecked_step(params, X, Y, hidden, output, learning_rate, keep=True):
    """(new params, cost before the step, cache, grads): one training step with no checks (train's loop)."""
    cost, cache, grads = unchecked_cost_and_grads(params, X, Y, hidden, output, keep)
    return unchecked_update(params, grads, learning_rate), cost, cache, grads


# ---------------------------------------------------------------- public API


def check_scale(scale):
    """The weights' scale: a positive float (their std), or one of INIT_SCHEMES' names."""
    if isinstance(scale, str):
        return check_choice(scale, "scale", INIT_SCHEMES)
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real):
        raise TypeError(f"scale must be a number > 0 or one of {sorted(INIT_SCHEMES)}, got {type(scale).__name__}")
    return check_positive_float(scale, "scale")


def _init_arguments(layer_sizes, args, rng, scale):
    """(sizes, rng, scale) from either calling form of init_params."""
    if isinstance(layer_sizes, numbers.Number):  # the 2-layer form init_params(n_x, n_h, n_y, rng, scale)
        if len(args) < 2 or len(args) > 4 or (rng is not None and len(args) > 2):
            raise TypeError("init_params takes ([n_x, n[1], …, n[L]], rng, scale=0.01) or the 2-layer form "
                            f"(n_x, n_h, n_y, rng, scale=0.01); got n_x and {len(args)} more positional argument(s)")
        sizes = tuple(check_positive_int(v, k) for v, k in zip((layer_sizes, *args[:2]), ("n_x", "n_h", "n_y")))
        args = args[2:]
    else:
        if len(args) > 2:
            raise TypeError(f"init_params(layer_sizes, rng, scale) takes at most 3 arguments, got {1 + len(args)}")
        sizes = check_layer_sizes(layer_sizes)
    if args:
        if rng is not None:
            raise TypeError("init_params got rng both by position and by keyword")
        rng, args = args[0], args[1:]
    if args:
        if scale is not None:
            raise TypeError("init_params got scale both by position and by keyword")
        scale = args[0]
    check_rng(rng)
    return sizes, rng, check_scale(0.01 if scale is None else scale)


def init_params(layer_sizes, *args, rng=None, scale=None):
    """Weights for layer_sizes = [n_x, n[1], …, n[L]]: init_params(layer_sizes, rng, scale=0.01).

    W[l] = std * N(0, 1) drawn from rng in the order W1, W2, …, WL; biases zero. scale is the std itself
    (a number > 0), or "xavier" (std = sqrt(1 / n[l-1])) or "he" (std = sqrt(2 / n[l-1])).
    The 2-layer form init_params(n_x, n_h, n_y, rng, scale=0.01) gives the same params as [n_x, n_h, n_y].
    """
    sizes, rng, scale = _init_arguments(layer_sizes, args, rng, scale)
    params = {}
    with np.errstate(over="ignore"):
        for l in range(1, len(sizes)):
            std = INIT_SCHEMES[scale](sizes[l - 1]) if isinstance(scale, str) else scale
            params[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])) * std  # (n[l], n[l-1])
            params[f"b{l}"] = np.zeros((sizes[l], 1))  # (n[l], 1)
    if not all(np.isfinite(v).all() for v in params.values()):
        raise ValueError(f"scale = {scale:g} makes some weights overflow to inf; choose a smaller scale")
    return params


def _checked(params, X, hidden, output):
    """The checked (params, X, sizes, hidden as given, hidden as a tuple of L-1 names, L) of a call."""
    hidden = check_activations(hidden, output)
    X = as_columns(X, "X", "n_x")
    params, sizes = check_params(params, X)
    L = len(sizes) - 1
    hidden_tuple = hidden_per_layer(hidden, L)
    check_output_size(sizes[-1], output, L)
    return params, X, sizes, hidden, hidden_tuple, L


def forward(params, X, hidden="tanh", output="sigmoid"):
    """Return (A[L], cache): cache holds Z1, A1, …, ZL, AL and records hidden and output (cache.hidden, .output)."""
    params, X, _, hidden, hidden_tuple, _ = _checked(params, X, hidden, output)
    A, cache = unchecked_forward(params, X, hidden_tuple, output)
    return A, ForwardCache(cache, hidden, output, params, X)


def loss(A2, Y, output="sigmoid"):
    """The cost J: the mean over examples of the loss paired with `output` (A2: the network's output A[L])."""
    return OUTPUT_LAYERS[check_choice(output, "output", OUTPUT_LAYERS)].loss(A2, Y)


def backward(params, cache, X, Y, hidden=None, output=None):
    """Return dW1, db1, …, dWL, dbL (dJ/d.), and dZ1, …, dZL, dA1, …, dA(L-1) (per-example dL/d.).

    hidden and output default to the ones the cache records (forward's), or tanh and sigmoid for a
    hand-made cache. The cache must be forward(params, X)'s: a cache from forward is compared with the
    copies it keeps of its params, X and entries; any other (or changed) cache is checked by recomputing it.
    """
    X = as_columns(X, "X", "n_x")
    params, sizes = check_params(params, X)
    L = len(sizes) - 1
    cache, hidden, output = check_cache(cache, params, X, hidden, output, L)
    check_output_size(sizes[-1], output, L)
    Y = network_labels(Y, output, sizes[-1], X.shape[1], L=L)
    return unchecked_backward(params, cache, X, Y, hidden, output)


def update(params, grads, learning_rate):
    """One gradient-descent step: P <- P - learning_rate * dP for each parameter; returns new params."""
    params, sizes = check_params(params)
    names = key_names(len(sizes) - 1)
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    extras = names["extras"]
    check_keys(grads, "grads", names["grads"], optional=extras,
               why=f" ({', '.join(extras)} from backward are ignored)")
    clean = {}
    for k in names["params"]:
        g = clean["d" + k] = as_float_array(grads["d" + k], "d" + k, ndim=2)
        if g.shape != params[k].shape:
            raise ValueError(f"d{k} has shape {shape_str(g.shape)} but {k} has shape {shape_str(params[k].shape)}")
    return unchecked_update(params, clean, learning_rate)


def train(X, Y, n_h=None, hidden="tanh", output="sigmoid", learning_rate=1.2, num_iterations=10_000,
          rng=None, scale=0.01, params=None, hidden_sizes=None):
    """Full-batch gradient descent; returns (params, losses) with one loss per iteration.

    The layers: n_h hidden units in one hidden layer (notebook 04), or hidden_sizes=[n[1], …, n[L-1]] for
    L - 1 hidden layers ([] for none), or the shapes of params; n_x and n_y come from X and Y.
    scale is init_params's (a number, "xavier" or "he").
    """
    hidden = check_activations(hidden, output)
    X = as_columns(X, "X", "n_x")
    Y = as_columns(Y, "Y", "n_y")
    widths = check_widths(n_h, hidden_sizes)
    num_iterations = check_positive_int(num_iterations, "num_iterations")
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    if params is None:
        if rng is None:
            raise TypeError("train needs rng=np.random.default_rng(seed) (or params=...) to initialise the weights")
        if widths is None:
            raise TypeError("train needs n_h (one hidden layer), hidden_sizes=[n[1], …, n[L-1]] or params=...")
        params = init_params([X.shape[0], *widths, Y.shape[0]], rng, scale)
    params, sizes = check_params(params, X)
    if widths is not None and sizes[1:-1] != widths:
        if n_h is not None and len(sizes) == 3:
            raise ValueError(f"params has n_h = {sizes[1]} hidden units but n_h = {n_h} was asked for")
        asked = f"n_h = {n_h}" if n_h is not None else f"hidden_sizes = {list(widths)}"
        raise ValueError(f"params has hidden layers of widths {list(sizes[1:-1])} but {asked} was asked for")
    L = len(sizes) - 1
    hidden_tuple = hidden_per_layer(hidden, L)
    Y = network_labels(Y, output, sizes[-1], X.shape[1], L=L)
    check_output_size(sizes[-1], output, L)
    params = {k: v.copy() for k, v in params.items()}  # the caller's arrays are never touched
    losses = np.empty(num_iterations)  # unchecked: a diverging run records nan instead of raising
    for i in range(num_iterations):
        params, losses[i], _, _ = unchecked_step(params, X, Y, hidden_tuple, output, learning_rate, keep=False)
    return params, losses


def predict(params, X, hidden="tanh", output="sigmoid"):
    """Class labels (1, m): A[L] > 0.5 for sigmoid, argmax over classes for softmax; A[L] for identity."""
    A, _ = forward(params, X, hidden, output)
    if output == "sigmoid":
        return (A > 0.5).astype(np.int64)
    if output == "softmax":
        return A.argmax(axis=0)[None, :]
    return A


def accuracy(params, X, Y, hidden="tanh", output="sigmoid"):
    """Fraction of examples classified correctly; Y holds hard labels: 0/1 (sigmoid) or one-hot columns (softmax)."""
    check_activations(hidden, output)
    if output not in ("sigmoid", "softmax"):
        raise ValueError(f"accuracy needs a classifier output ('sigmoid' or 'softmax'), got {output!r}")
    A, _ = forward(params, X, hidden, output)
    Y = network_labels(Y, output, A.shape[0], A.shape[1], hard=True, L=layer_count(params))
    if output == "sigmoid":
        return float(np.mean((A > 0.5) == (Y == 1)))
    return float(np.mean(A.argmax(axis=0) == Y.argmax(axis=0)))


def numerical_param_gradients(params, X, Y, hidden="tanh", output="sigmoid", eps=1e-6):
    """dJ/dP by centred differences for every parameter P (an independent reference for backward)."""
    from .gradcheck import numerical_gradient

    eps = check_positive_float(eps, "eps")
    params, X, sizes, _, hidden_tuple, L = _checked(params, X, hidden, output)
    Y = network_labels(Y, output, sizes[-1], X.shape[1], L=L)
    work = {k: v.copy() for k, v in params.items()}
    last = key_names(L)["Z"][-1]

    def cost(_):
        return OUTPUT_LAYERS[output].unchecked_loss_from_Z(unchecked_forward(work, X, hidden_tuple, output)[1][last], Y)

    return {"d" + k: numerical_gradient(cost, work[k], eps) for k in key_names(L)["params"]}
