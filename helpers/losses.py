"""Losses J(A, Y) as the mean over the m examples, and their gradients.

Column convention: A and Y are (n_y, m), one example per column.

Gradient convention (the Deep Learning Specialization's): `*_grad` returns
dA = dL/dA of the *per-example* loss L, so that dA = m * dJ/dA. The 1/m of the
mean is applied once, in dW and db. Likewise the fused forms return
dZ = A - Y without the 1/m.

mean_squared_error carries a factor 1/2, J = (1/2m) sum (A - Y)^2, so that its
gradient is A - Y, the same fused form as the two cross-entropies.

Every loss checks the domain it is defined on before computing anything
(`check_labels` is the one place labels are checked, for these losses and for
helpers.network):

* binary cross-entropy (sigmoid output): A in [0, 1] (within PROB_TOL); Y in [0, 1]. Hard labels are 0 or 1;
  soft labels (a probability per entry) are supported: J is then the cross-entropy between
  Bernoulli(Y) and Bernoulli(A), and dZ = A - Y still holds;
* cross-entropy (softmax output, n_y >= 2 classes): every column of A is a probability vector,
  entries in [0, 1] summing to 1 within PROB_TOL; every column of Y is one-hot, or a probability
  vector (soft labels, supported as above). Class ids in a (1, m) row are refused with the
  conversion to write: Y = helpers.data.one_hot(ids, n_y);
* mean squared error (identity output): any finite A and Y.

A outside [0, 1] is refused, with a note that it looks like logits Z (use the *_with_logits
loss or pass the activation of Z). Only a valid A is clipped into [EPS, 1 - EPS] inside logs and
divisions, so that A = 0 or 1 exactly (a saturated sigmoid) gives a finite loss.
"""

from collections import namedtuple

import numpy as np

from .activations import ACTIVATIONS
from .formatting import shape_str
from .validate import as_columns, check_choice

#: A is clipped to [EPS, 1 - EPS] inside logs and divisions, so no loss is inf.
EPS = 1e-12
#: A prediction A may leave [0, 1], and a column of probabilities (a softmax output, a soft label) may miss a sum of 1,
#: by this much: room for rounding and for finite differences with eps <= 1e-6, far below any real mistake.
PROB_TOL = 1e-5

#: Per output: the activation to apply to logits Z, and the loss that takes Z directly.
_FROM_LOGITS = {"sigmoid": ("sigmoid", "bce_with_logits"), "softmax": ("softmax", "cross_entropy_with_logits")}


def _first_bad(mask):
    """'[i, j]' of the first True entry of a 2-D mask."""
    i, j = np.argwhere(mask)[0]
    return f"[{i}, {j}]"


def _class_id_hint(Y, n_y):
    """How to turn a (1, m) row of class ids into one-hot Y, or '' if Y is not such a row."""
    if Y.shape[0] != 1 or not np.array_equal(Y, np.round(Y)) or Y.min() < 0:
        return ""
    k = n_y if n_y and n_y > 1 else int(Y.max()) + 1
    return (f"; Y looks like a (1, m) row of class ids 0..{int(Y.max())}: a softmax output needs one-hot Y of "
            f"shape (n_y, m), one column per example: Y = helpers.data.one_hot(Y[0].astype(int), {k})")


def check_labels(Y, output, shape=None, hard=False, name="Y", against="A"):
    """Return Y as float64 (n_y, m) labels valid for `output`, or raise saying what is wrong and how to fix it.

    shape: the (n_y, m) Y must have (that of `against`, e.g. A); hard: refuse soft labels (for accuracy).
    """
    check_choice(output, "output", OUTPUT_LAYERS)
    Y = as_columns(Y, name, "n_y")
    if shape is not None and Y.shape != tuple(shape):
        hint = _class_id_hint(Y, shape[0]) if output == "softmax" else ""
        if not hint and Y.shape == tuple(shape)[::-1]:
            hint = f"; {name} looks transposed (one example per row): pass {name}.T"
        raise ValueError(f"{against} has shape {shape_str(tuple(shape))} but {name} has shape {shape_str(Y.shape)}; "
                         f"{name} must be (n_y, m) = {shape_str(tuple(shape))}, one example per column{hint}")
    if output == "identity":
        return Y
    kind = "0 or 1" if hard else "0 or 1 (or soft labels in [0, 1])"
    if output == "sigmoid":
        bad = (Y != 0) & (Y != 1) if hard else (Y < 0) | (Y > 1)
        if bad.any():
            more = "; for more than two classes use a softmax output with one-hot Y" if Y.max() > 1 else ""
            raise ValueError(f"{name} must hold labels {kind} for a sigmoid output; got {Y[bad][0]:g} at "
                             f"{name}{_first_bad(bad)} (values from {Y.min():g} to {Y.max():g}){more}")
        return Y
    if Y.shape[0] < 2:  # softmax
        raise ValueError(f"{name} has shape {shape_str(Y.shape)}: a softmax output needs n_y >= 2 classes (a softmax "
                         f"over one class is always 1){_class_id_hint(Y, None)}; for two classes you can also use a "
                         "sigmoid output with n_y = 1")
    bad = (Y != 0) & (Y != 1) if hard else (Y < 0) | (Y > 1)
    sums = Y.sum(axis=0)
    off = np.abs(sums - 1) > PROB_TOL
    if bad.any() or off.any():
        j = int(np.argwhere(bad)[0][1]) if bad.any() else int(np.flatnonzero(off)[0])
        what = "one-hot" if hard else "one-hot (or a probability vector: soft labels in [0, 1] summing to 1)"
        raise ValueError(f"each column of {name} must be {what} for a softmax output; column {j} is "
                         f"{np.round(Y[:, j], 6).tolist()} (sum {sums[j]:.6g}); see helpers.data.one_hot")
    return Y


def _check_probabilities(A, name, output):
    """Raise unless A is a valid output of `output`: entries in [0, 1], softmax columns summing to 1."""
    low, high = float(A.min()), float(A.max())
    if low < -PROB_TOL or high > 1 + PROB_TOL:
        activation, with_logits = _FROM_LOGITS[output]
        raise ValueError(f"{name} holds values from {low:.3g} to {high:.3g}, outside [0, 1]: {name} must be the "
                         f"{output} output, a probability. These look like logits Z (pre-activations): pass "
                         f"{activation}(Z), or use losses.{with_logits}(Z, Y), which takes Z")
    if output == "softmax":
        sums = A.sum(axis=0)  # (m,)
        off = np.flatnonzero(np.abs(sums - 1) > PROB_TOL)
        if off.size:
            rows = A.sum(axis=1)
            hint = (" Its rows sum to 1: it was normalised over axis 1 (the examples) instead of axis 0 (the classes)."
                    if np.allclose(rows, 1, rtol=0, atol=PROB_TOL) else "")
            raise ValueError(f"each column of {name} must sum to 1 within {PROB_TOL:g} (a softmax over the class axis "
                             f"0); column {off[0]} sums to {sums[off[0]]:.6g}.{hint}")


def _outputs_and_labels(A, Y, output, name="A"):
    """(A, Y) checked for `output`: A (n_y, m) with m >= 1 in the output's range, Y valid labels of A's shape."""
    A = as_columns(A, name, "n_y")
    if output != "identity":
        _check_probabilities(A, name, output)
    return A, check_labels(Y, output, A.shape, against=name)


def _logits_and_labels(Z, Y, output):
    """(Z, Y) checked: Z (n_y, m) any finite logits, Y valid labels for `output` of Z's shape."""
    Z = as_columns(Z, "Z", "n_y")
    return Z, check_labels(Y, output, Z.shape, against="Z")


def binary_cross_entropy(A, Y):
    """J = -(1/m) sum [Y log A + (1 - Y) log(1 - A)]; A in [0, 1] (clipped from 0 and 1 after the check)."""
    A, Y = _outputs_and_labels(A, Y, "sigmoid")
    A = np.clip(A, EPS, 1 - EPS)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[1])


def binary_cross_entropy_grad(A, Y):
    """dA = -Y/A + (1 - Y)/(1 - A), per example (no 1/m)."""
    A, Y = _outputs_and_labels(A, Y, "sigmoid")
    A = np.clip(A, EPS, 1 - EPS)
    return -Y / A + (1 - Y) / (1 - A)


def cross_entropy(A, Y):
    """J = -(1/m) sum over classes and examples of Y log A; Y one-hot (or soft) (n_classes, m)."""
    A, Y = _outputs_and_labels(A, Y, "softmax")
    return float(-np.sum(Y * np.log(np.clip(A, EPS, 1.0))) / A.shape[1])


def cross_entropy_grad(A, Y):
    """dA = -Y / A, per example (no 1/m)."""
    A, Y = _outputs_and_labels(A, Y, "softmax")
    return -Y / np.clip(A, EPS, 1.0)


def mean_squared_error(A, Y):
    """J = (1/2m) sum (A - Y)^2, summed over outputs, averaged over examples."""
    return _half_mse(*_outputs_and_labels(A, Y, "identity"))


def mean_squared_error_grad(A, Y):
    """dA = A - Y, per example (no 1/m)."""
    A, Y = _outputs_and_labels(A, Y, "identity")
    return A - Y


def sigmoid_bce_dZ(Z, Y):
    """Fused sigmoid + binary cross-entropy: dZ = sigmoid(Z) - Y, finite for any finite Z."""
    Z, Y = _logits_and_labels(Z, Y, "sigmoid")
    return ACTIVATIONS["sigmoid"].unchecked_g(Z) - Y


def softmax_ce_dZ(Z, Y):
    """Fused softmax + cross-entropy: dZ = softmax(Z) - Y, finite for any finite Z."""
    Z, Y = _logits_and_labels(Z, Y, "softmax")
    return ACTIVATIONS["softmax"].unchecked_g(Z) - Y


def identity_mse_dZ(Z, Y):
    """Fused identity + mean squared error: dZ = Z - Y."""
    Z, Y = _logits_and_labels(Z, Y, "identity")
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
    return _bce_with_logits(*_logits_and_labels(Z, Y, "sigmoid"))


def cross_entropy_with_logits(Z, Y):
    """Cross-entropy from the pre-activation Z via a stable log-sum-exp."""
    return _cross_entropy_with_logits(*_logits_and_labels(Z, Y, "softmax"))


OutputLayer = namedtuple("OutputLayer", ["activation", "loss", "loss_grad", "fused_dZ", "loss_from_Z",
                                         "unchecked_loss_from_Z"])
OutputLayer.__doc__ = ("An output activation (a name in helpers.activations.ACTIVATIONS) paired with its loss, the "
                       "loss's dA, the fused dZ, a stable J(Z), and that J(Z) unchecked for hot loops (helpers.network).")

#: The three output layers the course uses, keyed by the output activation's name.
OUTPUT_LAYERS = {
    "sigmoid": OutputLayer("sigmoid", binary_cross_entropy, binary_cross_entropy_grad, sigmoid_bce_dZ, bce_with_logits,
                           _bce_with_logits),
    "softmax": OutputLayer("softmax", cross_entropy, cross_entropy_grad, softmax_ce_dZ, cross_entropy_with_logits,
                           _cross_entropy_with_logits),
    "identity": OutputLayer("identity", mean_squared_error, mean_squared_error_grad, identity_mse_dZ,
                            mean_squared_error, _half_mse),
}


def get_output_layer(name):
    """Return the OutputLayer registered under the output activation's name."""
    return OUTPUT_LAYERS[check_choice(name, "output", OUTPUT_LAYERS)]
