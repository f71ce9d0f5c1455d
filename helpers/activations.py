"""Activation functions g and their derivatives g', plus one registry name -> (g, g').

All functions act on an array Z of any shape. Element-wise activations return
g'(Z) with Z's shape, so that backprop through them is a Hadamard product,
dZ = dA * g'(Z). Softmax is not element-wise: it acts on each column (the class
axis, axis 0, in the column convention), and its derivative is a Jacobian
matrix per column, diag(s) - s s^T. `activation_backward` hides that difference.

ReLU's derivative at exactly 0 is a choice, since ReLU has a kink there: this
course takes relu'(0) = 0, as PyTorch and TensorFlow do.
"""

from collections import namedtuple

import numpy as np

from .validate import as_float_array, check_choice, check_same_shape, shape_str


def identity(Z):
    """g(Z) = Z."""
    Z = as_float_array(Z, "Z")
    return Z.copy()


def identity_prime(Z):
    """g'(Z) = 1, with Z's shape."""
    Z = as_float_array(Z, "Z")
    return np.ones_like(Z)


def _sigmoid(Z):
    e = np.exp(-np.abs(Z))  # never overflows
    return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid(Z):
    """g(Z) = 1 / (1 + exp(-Z)), computed without overflow for large |Z|."""
    return _sigmoid(as_float_array(Z, "Z"))


def sigmoid_prime(Z):
    """g'(Z) = s (1 - s) with s = sigmoid(Z)."""
    s = sigmoid(Z)
    return s * (1.0 - s)


def tanh(Z):
    """g(Z) = tanh(Z)."""
    return np.tanh(as_float_array(Z, "Z"))


def tanh_prime(Z):
    """g'(Z) = 1 - tanh(Z)**2."""
    t = tanh(Z)
    return 1.0 - t * t


def relu(Z):
    """g(Z) = max(Z, 0)."""
    return np.maximum(as_float_array(Z, "Z"), 0.0)


def relu_prime(Z):
    """g'(Z) = 1 where Z > 0, else 0 (the stated choice relu'(0) = 0)."""
    return (as_float_array(Z, "Z") > 0).astype(np.float64)


def _softmax(Z):
    shifted = Z - Z.max(axis=0, keepdims=True)  # (n, m); exp never overflows
    e = np.exp(shifted)
    return e / e.sum(axis=0, keepdims=True)


def softmax(Z):
    """Softmax over the class axis 0 of Z (n, m): each column sums to 1; stable for large Z."""
    Z = as_float_array(Z, "Z")
    if Z.ndim not in (1, 2) or Z.shape[0] == 0:
        raise ValueError(f"softmax expects Z of shape (n_classes, m) or (n_classes,) with n_classes >= 1, "
                         f"got shape {shape_str(Z.shape)}")
    return _softmax(Z)


def softmax_jacobian(Z):
    """Per-example softmax Jacobian J[:, :, k] = diag(s_k) - s_k s_k^T, shape (n, n, m)."""
    Z = as_float_array(Z, "Z")
    if Z.ndim != 2 or Z.shape[0] == 0:
        raise ValueError(f"softmax_jacobian expects Z of shape (n_classes, m) with n_classes >= 1, "
                         f"got shape {shape_str(Z.shape)}")
    s = _softmax(Z)  # (n, m)
    n = s.shape[0]
    return np.eye(n)[:, :, None] * s[None, :, :] - s[:, None, :] * s[None, :, :]  # (n, n, m)


Activation = namedtuple("Activation", ["g", "g_prime", "elementwise"])
Activation.__doc__ = "An activation g, its derivative g', and whether g acts element-wise."

#: The one registry: name -> (g, g', elementwise). Softmax's g' is its Jacobian.
ACTIVATIONS = {
    "identity": Activation(identity, identity_prime, True),
    "sigmoid": Activation(sigmoid, sigmoid_prime, True),
    "tanh": Activation(tanh, tanh_prime, True),
    "relu": Activation(relu, relu_prime, True),
    "softmax": Activation(softmax, softmax_jacobian, False),
}


#: Unchecked (g, g') for hot loops whose inputs were checked once (helpers.network).
_RAW = {
    "identity": (lambda Z: Z, np.ones_like),
    "sigmoid": (_sigmoid, lambda Z: (lambda s: s * (1.0 - s))(_sigmoid(Z))),
    "tanh": (np.tanh, lambda Z: 1.0 - np.tanh(Z) ** 2),
    "relu": (lambda Z: np.maximum(Z, 0.0), lambda Z: (Z > 0).astype(np.float64)),
    "softmax": (_softmax, None),
}


#: g'(Z) written in terms of A = g(Z), so backprop reuses the forward pass's A (1 - A**2 for tanh).
_PRIME_FROM_A = {
    "identity": np.ones_like,
    "sigmoid": lambda A: A * (1.0 - A),
    "tanh": lambda A: 1.0 - A * A,
    "relu": lambda A: (A > 0).astype(np.float64),
}


def get_activation(name):
    """Return the Activation (g, g_prime, elementwise) registered under name."""
    return ACTIVATIONS[check_choice(name, "activation", ACTIVATIONS)]


def activation_backward(name, dA, Z):
    """Backprop dA through g = ACTIVATIONS[name] at Z: dA * g'(Z), or J^T dA per column for softmax."""
    act = get_activation(name)
    dA = as_float_array(dA, "dA")
    Z = as_float_array(Z, "Z")
    check_same_shape(dA, "dA", Z, "Z")
    if act.elementwise:
        return dA * act.g_prime(Z)  # Hadamard product, (n, m)
    J = act.g_prime(Z)  # (n, n, m), symmetric in its first two axes
    return np.einsum("ijk,ik->jk", J, dA)  # dZ_jk = sum_i dA_ik dA_ik/dZ_jk
