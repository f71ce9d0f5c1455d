"""Losses J(A, Y) as the mean over the m examples, and their gradients.

Column convention: A and Y are (n_y, m), one example per column.

Gradient convention (the Deep Learning Specialization's): `*_grad` returns
dA = dL/dA of the *per-example* loss L, so that dA = m * dJ/dA. The 1/m of the
mean is applied once, in dW and db. Likewise the fused forms return
dZ = A - Y without the 1/m.

mean_squared_error carries a factor 1/2, J = (1/2m) sum (A - Y)^2, so that its
gradient is A - Y, the same fused form as the two cross-entropies.
"""

from collections import namedtuple

import numpy as np

from ._validate import as_float_array, check_choice, check_same_shape
from .activations import _sigmoid, _softmax

#: A is clipped to [EPS, 1 - EPS] inside logs and divisions, so no loss is inf.
EPS = 1e-12


def _pair(A, Y, name_a="A"):
    A = as_float_array(A, name_a, ndim=2)
    Y = as_float_array(Y, "Y", ndim=2)
    check_same_shape(A, name_a, Y, "Y")
    return A, Y


def binary_cross_entropy(A, Y):
    """J = -(1/m) sum [Y log A + (1 - Y) log(1 - A)], A clipped away from 0 and 1."""
    A, Y = _pair(A, Y)
    A = np.clip(A, EPS, 1 - EPS)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[1])


def binary_cross_entropy_grad(A, Y):
    """dA = -Y/A + (1 - Y)/(1 - A), per example (no 1/m)."""
    A, Y = _pair(A, Y)
    A = np.clip(A, EPS, 1 - EPS)
    return -Y / A + (1 - Y) / (1 - A)


def cross_entropy(A, Y):
    """J = -(1/m) sum over classes and examples of Y log A; Y is one-hot (n_classes, m)."""
    A, Y = _pair(A, Y)
    return float(-np.sum(Y * np.log(np.clip(A, EPS, 1.0))) / A.shape[1])


def cross_entropy_grad(A, Y):
    """dA = -Y / A, per example (no 1/m)."""
    A, Y = _pair(A, Y)
    return -Y / np.clip(A, EPS, 1.0)


def mean_squared_error(A, Y):
    """J = (1/2m) sum (A - Y)^2, summed over outputs, averaged over examples."""
    return _half_mse(*_pair(A, Y))


def mean_squared_error_grad(A, Y):
    """dA = A - Y, per example (no 1/m)."""
    A, Y = _pair(A, Y)
    return A - Y


def sigmoid_bce_dZ(Z, Y):
    """Fused sigmoid + binary cross-entropy: dZ = sigmoid(Z) - Y, finite for any finite Z."""
    Z, Y = _pair(Z, Y, "Z")
    return _sigmoid(Z) - Y


def softmax_ce_dZ(Z, Y):
    """Fused softmax + cross-entropy: dZ = softmax(Z) - Y, finite for any finite Z."""
    Z, Y = _pair(Z, Y, "Z")
    return _softmax(Z) - Y


def identity_mse_dZ(Z, Y):
    """Fused identity + mean squared error: dZ = Z - Y."""
    Z, Y = _pair(Z, Y, "Z")
    return Z - Y


def _bce_with_logits(Z, Y):
    # -[y log s(z) + (1-y) log(1-s(z))] = max(z, 0) - z y + log(1 + exp(-|z|))
    return float(np.sum(np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))) / Z.shape[1])


def _cross_entropy_with_logits(Z, Y):
    shifted = Z - Z.max(axis=0, keepdims=True)  # (n, m)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return float(-np.sum(Y * log_softmax) / Z.shape[1])


def _half_mse(A, Y):
    return float(0.5 * np.sum((A - Y) ** 2) / A.shape[1])


def bce_with_logits(Z, Y):
    """Binary cross-entropy from the pre-activation Z, exact and finite for any finite Z."""
    return _bce_with_logits(*_pair(Z, Y, "Z"))


def cross_entropy_with_logits(Z, Y):
    """Cross-entropy from the pre-activation Z via a stable log-sum-exp."""
    return _cross_entropy_with_logits(*_pair(Z, Y, "Z"))


OutputLayer = namedtuple("OutputLayer", ["activation", "loss", "loss_grad", "fused_dZ", "loss_from_Z"])
OutputLayer.__doc__ = "An output activation paired with its loss, the loss's dA, the fused dZ and a stable J(Z)."

#: The three output layers the course uses, keyed by the output activation's name.
OUTPUT_LAYERS = {
    "sigmoid": OutputLayer("sigmoid", binary_cross_entropy, binary_cross_entropy_grad, sigmoid_bce_dZ, bce_with_logits),
    "softmax": OutputLayer("softmax", cross_entropy, cross_entropy_grad, softmax_ce_dZ, cross_entropy_with_logits),
    "identity": OutputLayer("identity", mean_squared_error, mean_squared_error_grad, identity_mse_dZ, mean_squared_error),
}


def get_output_layer(name):
    """Return the OutputLayer registered under the output activation's name."""
    return OUTPUT_LAYERS[check_choice(name, "output", OUTPUT_LAYERS)]

#: Unchecked J(Z) per output, for hot loops whose inputs were checked once (helpers.network.train).
_COST_FROM_Z = {"sigmoid": _bce_with_logits, "softmax": _cross_entropy_with_logits, "identity": _half_mse}
