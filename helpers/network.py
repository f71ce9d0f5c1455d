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
mean squared error. Every public function checks its inputs; the loops inside
`train` call the unchecked `_forward` / `_backward` so checking costs nothing
per iteration.
"""

import numpy as np

from ._validate import as_float_array, check_choice, check_positive_float, check_positive_int, shape_str
from .activations import _PRIME_FROM_A, _RAW
from .losses import OUTPUT_LAYERS, _COST_FROM_Z

PARAM_NAMES = ("W1", "b1", "W2", "b2")
HIDDEN = ("tanh", "sigmoid", "relu", "identity")


# ---------------------------------------------------------------- checks


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy Generator such as np.random.default_rng(1), got {type(rng).__name__}"
        )


def check_params(params, X=None):
    """Validate a parameter dict (and X against it); return (n_x, n_h, n_y)."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict with keys {list(PARAM_NAMES)}, got {type(params).__name__}")
    missing = [k for k in PARAM_NAMES if k not in params]
    if missing:
        raise ValueError(f"params is missing {missing}; expected keys {list(PARAM_NAMES)}")
    W1, b1, W2, b2 = (as_float_array(params[k], k, ndim=2) for k in PARAM_NAMES)
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
    return n_x, n_h, n_y


def _check_X(X):
    X = as_float_array(X, "X", ndim=2)
    if X.shape[1] == 0:
        raise ValueError("X has no examples (shape (n_x, 0)); expected at least one column")
    return X


def _check_Y(Y, n_y, m, output):
    Y = as_float_array(Y, "Y", ndim=2)
    if Y.shape != (n_y, m):
        raise ValueError(
            f"Y has shape {shape_str(Y.shape)} but the network outputs A2 of shape ({n_y}, {m}); "
            "Y must be (n_y, m), one example per column"
        )
    if output == "sigmoid" and not ((Y >= 0) & (Y <= 1)).all():
        raise ValueError("Y must hold labels in [0, 1] for a sigmoid output")
    if output == "softmax" and not np.allclose(Y.sum(axis=0), 1.0):
        raise ValueError("Y must be one-hot (each column sums to 1) for a softmax output; see helpers.data.one_hot")
    return Y


def _check_names(hidden, output):
    check_choice(hidden, "hidden activation", HIDDEN)
    check_choice(output, "output", OUTPUT_LAYERS)


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
    return {
        "W1": rng.standard_normal((n_h, n_x)) * scale,  # (n_h, n_x)
        "b1": np.zeros((n_h, 1)),  # (n_h, 1)
        "W2": rng.standard_normal((n_y, n_h)) * scale,  # (n_y, n_h)
        "b2": np.zeros((n_y, 1)),  # (n_y, 1)
    }


def forward(params, X, hidden="tanh", output="sigmoid"):
    """Return (A2, cache) with cache holding Z1, A1, Z2, A2."""
    _check_names(hidden, output)
    X = _check_X(X)
    check_params(params, X)
    return _forward(params, X, hidden, output)


def loss(A2, Y, output="sigmoid"):
    """The cost J: the mean over examples of the loss paired with `output`."""
    return OUTPUT_LAYERS[check_choice(output, "output", OUTPUT_LAYERS)].loss(A2, Y)


def backward(params, cache, X, Y, hidden="tanh", output="sigmoid"):
    """Return dict dW1, db1, dW2, db2 (dJ/d.) and dZ1, dZ2 (per-example dL/dZ)."""
    _check_names(hidden, output)
    X = _check_X(X)
    _, n_h, n_y = check_params(params, X)
    m = X.shape[1]
    Y = _check_Y(Y, n_y, m, output)
    if not isinstance(cache, dict):
        raise TypeError(f"cache must be the dict returned by forward, got {type(cache).__name__}")
    expected = {"Z1": (n_h, m), "A1": (n_h, m), "Z2": (n_y, m), "A2": (n_y, m)}
    for key, shape in expected.items():
        if key not in cache:
            raise ValueError(f"cache is missing {key!r}; pass the cache returned by forward(params, X)")
        value = as_float_array(cache[key], f"cache[{key!r}]", ndim=2)
        if value.shape != shape:
            raise ValueError(f"cache[{key!r}] has shape {shape_str(value.shape)} but expected {shape_str(shape)}")
    return _backward(params, cache, X, Y, hidden, output)


def update(params, grads, learning_rate):
    """One gradient-descent step: P <- P - learning_rate * dP for each parameter; returns new params."""
    check_params(params)
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    for k in PARAM_NAMES:
        g = as_float_array(grads.get("d" + k) if isinstance(grads, dict) else None, "d" + k)
        if g.shape != np.shape(params[k]):
            raise ValueError(f"d{k} has shape {shape_str(g.shape)} but {k} has shape {shape_str(np.shape(params[k]))}")
    return _update(params, grads, learning_rate)


def train(X, Y, n_h, hidden="tanh", output="sigmoid", learning_rate=1.2, num_iterations=10_000,
          rng=None, scale=0.01, params=None):
    """Full-batch gradient descent; returns (params, losses) with one loss per iteration."""
    _check_names(hidden, output)
    X = _check_X(X)
    Y = as_float_array(Y, "Y", ndim=2)
    n_h = check_positive_int(n_h, "n_h")
    num_iterations = check_positive_int(num_iterations, "num_iterations")
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    if params is None:
        if rng is None:
            raise TypeError("train needs rng=np.random.default_rng(seed) (or params=...) to initialise the weights")
        params = init_params(X.shape[0], n_h, Y.shape[0], rng, scale)
    _, n_h_given, n_y = check_params(params, X)
    if n_h_given != n_h:
        raise ValueError(f"params has n_h = {n_h_given} hidden units but n_h = {n_h} was asked for")
    Y = _check_Y(Y, n_y, X.shape[1], output)
    params = {k: np.array(params[k], dtype=np.float64) for k in PARAM_NAMES}
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
    """Fraction of examples classified correctly (sigmoid or softmax output)."""
    if output not in ("sigmoid", "softmax"):
        raise ValueError(f"accuracy needs a classifier output ('sigmoid' or 'softmax'), got {output!r}")
    labels = predict(params, X, hidden, output)
    Y = as_float_array(Y, "Y", ndim=2)
    truth = (Y > 0.5).astype(np.int64) if output == "sigmoid" else Y.argmax(axis=0)[None, :]
    if truth.shape != labels.shape:
        raise ValueError(f"Y has shape {shape_str(Y.shape)} but predictions have shape {shape_str(labels.shape)}")
    return float(np.mean(labels == truth))


def numerical_param_gradients(params, X, Y, hidden="tanh", output="sigmoid", eps=1e-6):
    """dJ/dP by centred differences for every parameter P (an independent reference for backward)."""
    from .gradcheck import numerical_gradient

    _check_names(hidden, output)
    X = _check_X(X)
    _, _, n_y = check_params(params, X)
    Y = _check_Y(Y, n_y, X.shape[1], output)
    work = {k: np.array(params[k], dtype=np.float64) for k in PARAM_NAMES}

    def cost(_):
        return _COST_FROM_Z[output](_forward(work, X, hidden, output)[1]["Z2"], Y)

    return {"d" + k: numerical_gradient(cost, work[k], eps) for k in PARAM_NAMES}

