"""Seeded problems shared by the network tests (network, autograd, PyTorch reference): params, X, Y, columns."""

import numpy as np

from helpers import network


def labels(rng, output, n_y, m):
    """Y (n_y, m) for an output layer: 0/1 for sigmoid, one-hot columns for softmax, any reals for identity."""
    if output == "sigmoid":
        return (rng.random((n_y, m)) > 0.5).astype(float)
    if output == "softmax":
        return np.eye(n_y)[:, rng.integers(0, n_y, m)]
    return rng.standard_normal((n_y, m))


def problem(output, n_x=3, n_h=4, n_y=2, m=5, seed=0):
    """A seeded 2-layer problem: every size different, weights of scale 1 (out of the linear regime), non-zero biases."""
    rng = np.random.default_rng(seed)
    params = network.init_params(n_x, n_h, n_y, rng, scale=1.0)
    params["b1"], params["b2"] = rng.standard_normal((n_h, 1)), rng.standard_normal((n_y, 1))
    X = rng.standard_normal((n_x, m))
    return params, X, labels(rng, output, n_y, m)
