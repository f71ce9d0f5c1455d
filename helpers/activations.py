"""Activation functions g and their derivatives g', plus one registry name -> Activation record.

All functions act on an array Z of any shape. Element-wise activations return
g'(Z) with Z's shape, so that backprop through them is a Hadamard product,
dZ = dA * g'(Z). Softmax is not element-wise: it acts on each column (the class
axis, axis 0, in the column convention), and its derivative is a Jacobian
matrix per column, diag(s) - s s^T. `activation_backward` hides that difference.

ReLU's derivative at exactly 0 is a choice, since ReLU has a kink there: this
course takes relu'(0) = 0, as PyTorch and TensorFlow do.
"""

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from .formatting import shape_str
from .validate import as_float_array, check_choice, check_same_shape


def identity(Z):
    """g(Z) = Z."""
    Z = as_float_array(Z, "Z")
    return Z.copy()


def identity_prime(Z):
    """g'(Z) = 1, with Z's shape."""
    Z = as_float_array(Z, "Z")
    return np.ones_like(Z)


# Each formula is written once, unchecked (the registry's hot-loop forms); the public function checks Z, then calls it.
def _sigmoid(Z):
    e = np.exp(-np.abs(Z))  # never overflows
    return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_prime(Z):
    s = _sigmoid(Z)
    return s * (1.0 - s)


def _tanh_prime(Z):
    t = np.tanh(Z)
    return 1.0 - t * t


def _relu(Z):
    return np.maximum(Z, 0.0)


def _relu_prime(Z):
    return (Z > 0).astype(np.float64)


def sigmoid(Z):
    """g(Z) = 1 / (1 + exp(-Z)), computed without overflow for large |Z|."""
    return _sigmoid(as_float_array(Z, "Z"))


def sigmoid_prime(Z):
    """g'(Z) = s (1 - s) with s = sigmoid(Z)."""
    return _sigmoid_prime(as_float_array(Z, "Z"))


def tanh(Z):
    """g(Z) = tanh(Z)."""
    return np.tanh(as_float_array(Z, "Z"))


def tanh_prime(Z):
    """g'(Z) = 1 - tanh(Z)**2."""
    return _tanh_prime(as_float_array(Z, "Z"))


def relu(Z):
    """g(Z) = max(Z, 0)."""
    return _relu(as_float_array(Z, "Z"))


def relu_prime(Z):
    """g'(Z) = 1 where Z > 0, else 0 (the stated choice relu'(0) = 0)."""
    return _relu_prime(as_float_array(Z, "Z"))


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


@dataclass(frozen=True)
class Activation:
    """Everything the course knows about one activation g; unpacks as (g, g_prime, elementwise).

    g, g_prime: checked functions of Z (softmax's g_prime is its Jacobian, (n, n, m));
    unchecked_g, unchecked_g_prime: the same maths without input checks, for hot loops whose inputs were checked
    once (helpers.network); prime_from_A: g'(Z) written in terms of A = g(Z), so backprop reuses the forward pass's A
    (1 - A**2 for tanh), None for softmax (not element-wise; pair it with its loss, helpers.losses.OUTPUT_LAYERS);
    peak_slope: the largest g'(z) (1 for tanh, 1/4 for sigmoid): the explorer calls a slope below 1 % of it flat.
    """

    name: str
    g: Callable
    g_prime: Callable
    elementwise: bool
    unchecked_g: Callable
    unchecked_g_prime: Optional[Callable] = None
    prime_from_A: Optional[Callable] = None
    peak_slope: Optional[float] = None

    def __iter__(self):
        """(g, g_prime, elementwise): the triple notebooks 04 and 07 unpack, `g, g_prime, _ = ACTIVATIONS[name]`."""
        return iter((self.g, self.g_prime, self.elementwise))


#: The one registry: name -> Activation. Add an activation here (and its functions above).
ACTIVATIONS = {a.name: a for a in (
    Activation("identity", identity, identity_prime, True, lambda Z: Z, np.ones_like, np.ones_like, 1.0),
    Activation("sigmoid", sigmoid, sigmoid_prime, True, _sigmoid, _sigmoid_prime, lambda A: A * (1.0 - A), 0.25),
    Activation("tanh", tanh, tanh_prime, True, np.tanh, _tanh_prime, lambda A: 1.0 - A * A, 1.0),
    Activation("relu", relu, relu_prime, True, _relu, _relu_prime, _relu_prime, 1.0),
    Activation("softmax", softmax, softmax_jacobian, False, _softmax),
)}

def get_activation(name):
    """Return the Activation record registered under name."""
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
