"""The named-mistake catalogue of the network checkers: one line of (wrong) maths per known mistake.

Add a named mistake here: a Mistake(description, compute) in the tuple of its check (_FORWARD_MISTAKES,
_BACKWARD_MISTAKES, _DEEP_MISTAKES, _STEP_MISTAKES) or in the generator beside it. `compute` takes the reference
pass by name (r.dZ2, r.A1, ...: `namespace` builds it from network.forward and network.backward's own outputs) and
returns the wrong outputs the mistake produces. `catalogue(kind, hidden, output)` lists the mistakes of a check;
helpers.seeded_problems computes each on every seeded problem, and helpers.checks names the one the learner's
numbers (or error) match. RIGHT_LINES holds the right line of each output, for checks.mistake_table.
"""

from collections import namedtuple
from types import SimpleNamespace

import numpy as np

from .activations import ACTIVATIONS
from .network import HIDDEN, PARAM_NAMES
from .network_inputs import check_activation_pair
from .validate import check_choice, check_keys, check_positive_int

#: The checks that have a catalogue (check_<kind> in helpers.checks).
KINDS = ("forward", "backward", "backward_deep", "step")

#: A known mistake: what to print, how to compute its wrong outputs, where it applies, and the code on the
#: line where numpy raises, if it raises (to tell apart mistakes that raise the same error).
Mistake = namedtuple("Mistake", ["description", "compute", "hidden", "output", "code"], defaults=(None, None, None))
Mistake.__doc__ = "A known mistake: its description, compute(reference) -> wrong outputs, where it applies, its code."


def _applies(mistake, hidden, output):
    """True if the mistake can be made with this hidden layer and output layer."""
    return mistake.hidden in (None, hidden) and mistake.output in (None, output)


# ---------------------------------------------------------------- backward: the catalogue


def _layer(dZ, A_prev, m, layer):
    """dW = dZ A_prevᵀ / m and db = row sums / m for one layer, as {'dW1': ..., 'db1': ...}."""
    return {f"dW{layer}": dZ @ A_prev.T / m, f"db{layer}": dZ.sum(axis=1, keepdims=True) / m}


def _from_dZ1(r, dZ1):
    """dW1, db1 from a (possibly wrong) dZ1."""
    return _layer(dZ1, r.X, r.m, 1)


def _from_dA1(r, dA1):
    """dW1, db1 from a (possibly wrong) dA1, through the right g1'(Z1)."""
    return _from_dZ1(r, dA1 * r.g1p)


def _from_dZ2(r, dZ2):
    """All four gradients from a (possibly wrong) dZ2, every later step right."""
    return {**_layer(dZ2, r.A1, r.m, 2), **_from_dA1(r, r.W2.T @ dZ2)}


def _scaled(r, k):
    """All four right gradients times k (a missing or extra 1/m, a sign)."""
    return {key: k * value for key, value in _from_dZ2(r, r.dZ2).items()}


def _db(r, total):
    """Both db's computed with the same (wrong) sum `total`."""
    return {"db2": total(r.dZ2) / r.m, "db1": total(r.dZ1) / r.m}


_USE_DB = "use np.sum(dZ, axis=1, keepdims=True) / m"

#: Each known mistake of a backward pass: what to print, and the wrong gradients it gives (r: _backward_namespace).
_BACKWARD_MISTAKES = (
    Mistake("dW2 = A1 @ dZ2.T: the product order is swapped (it gives dW2's transpose); use dZ2 @ A1.T / m",
            lambda r: {"dW2": r.A1 @ r.dZ2.T / r.m}),
    Mistake("dW1 = X @ dZ1.T: the product order is swapped (it gives dW1's transpose); use dZ1 @ X.T / m",
            lambda r: {"dW1": r.X @ r.dZ1.T / r.m}),
    Mistake("dA1 = dZ2 @ W2.T: the product order is swapped; use dA1 = W2.T @ dZ2",
            lambda r: _from_dA1(r, r.dZ2 @ r.W2.T), code="dZ2 @ W2.T"),
    Mistake("dA1 = W2 @ dZ2: W2 needs its transpose; use dA1 = W2.T @ dZ2",
            lambda r: _from_dA1(r, r.W2 @ r.dZ2), code="W2 @ dZ2"),
    Mistake("dA1 = dZ2.T @ W2: this is the transpose of dA1, shape (m, n_h); use dA1 = W2.T @ dZ2",
            lambda r: _from_dA1(r, r.dZ2.T @ r.W2), code="dA1 *"),  # numpy raises later, at dA1 * g1'(Z1)
    Mistake("dA1 = W1.T @ dZ2: W1 used where W2 belongs; use dA1 = W2.T @ dZ2",
            lambda r: _from_dA1(r, r.W1.T @ r.dZ2), code="W1.T @ dZ2"),
    Mistake("dW2 = dZ2 @ A1 / m: A1 needs its transpose; use dZ2 @ A1.T / m",
            lambda r: {"dW2": r.dZ2 @ r.A1 / r.m}, code="dZ2 @ A1"),
    Mistake("dW1 = dZ1 @ X / m: X needs its transpose; use dZ1 @ X.T / m",
            lambda r: {"dW1": r.dZ1 @ r.X / r.m}, code="dZ1 @ X"),
    Mistake("dW2 = dZ2 @ X.T / m: X used where A1 belongs (layer 2's input is A1)",
            lambda r: {"dW2": r.dZ2 @ r.X.T / r.m}),
    Mistake("dW1 = dZ1 @ A1.T / m: A1 used where X belongs (layer 1's input is X)",
            lambda r: {"dW1": r.dZ1 @ r.A1.T / r.m}),
    Mistake("dA1 = W2.T * dZ2: * (element-wise) where the matrix product @ belongs; use W2.T @ dZ2",
            lambda r: _from_dA1(r, r.W2.T * r.dZ2), code="W2.T * dZ2"),
    Mistake("dW2 = dZ2 * A1.T / m: * (element-wise) where the matrix product @ belongs; use dZ2 @ A1.T / m",
            lambda r: {"dW2": r.dZ2 * r.A1.T / r.m}, code="dZ2 * A1.T"),
    Mistake("dW1 = dZ1 * X.T / m: * (element-wise) where the matrix product @ belongs; use dZ1 @ X.T / m",
            lambda r: {"dW1": r.dZ1 * r.X.T / r.m}, code="dZ1 * X.T"),
    Mistake("dZ1 = dA1 @ g1'(Z1): the matrix product @ where the element-wise * belongs; use dA1 * g1'(Z1)",
            lambda r: _from_dZ1(r, r.dA1 @ r.g1p), code="dA1 @"),
    Mistake("dZ1 = dA1 @ g1'(Z1).T: a matrix product where the element-wise * belongs; use dA1 * g1'(Z1)",
            lambda r: _from_dZ1(r, r.dA1 @ r.g1p.T), code="dZ1 @ X.T"),  # numpy raises later, in dW1
    Mistake("missing 1/m: dW and db average over the m examples, e.g. dW2 = dZ2 @ A1.T / m",
            lambda r: _scaled(r, r.m)),
    Mistake("1/m applied twice, e.g. once inside dZ2 = (A2 - Y) / m and again in dW = dZ @ A.T / m; "
            "apply it once, in dW and db",
            lambda r: _scaled(r, 1 / r.m)),
    Mistake(f"db summed over axis 0 (the units) instead of axis 1 (the examples); {_USE_DB}",
            lambda r: _db(r, lambda dZ: dZ.sum(axis=0, keepdims=True))),
    Mistake(f"db summed without keepdims=True, so it has shape (n,) instead of (n, 1); {_USE_DB}",
            lambda r: _db(r, lambda dZ: dZ.sum(axis=1))),
    Mistake(f"db summed over axis 0 (the units) and without keepdims; {_USE_DB}",
            lambda r: _db(r, lambda dZ: dZ.sum(axis=0))),
    Mistake(f"db summed over every entry (np.sum(dZ) without axis); {_USE_DB}",
            lambda r: _db(r, np.sum)),
    Mistake("the ReLU mask A1 >= 0 is always true (A1 = max(Z1, 0) is never negative); use dA1 * (Z1 > 0)",
            lambda r: _from_dZ1(r, r.dA1 * (r.A1 >= 0)), hidden="relu"),
    Mistake("the ReLU mask taken from A1's values (dA1 * A1) instead of the 0/1 mask; use dA1 * (Z1 > 0)",
            lambda r: _from_dZ1(r, r.dA1 * r.A1), hidden="relu"),
    Mistake("the ReLU mask taken from the gradient (np.maximum(dA1, 0), or dA1 * (dA1 > 0)); use dA1 * (Z1 > 0)",
            lambda r: _from_dZ1(r, r.dA1 * (r.dA1 > 0)), hidden="relu"),
    Mistake("tanh' written as 1 - Z1**2; tanh'(Z1) = 1 - tanh(Z1)**2 = 1 - A1**2",
            lambda r: _from_dZ1(r, r.dA1 * (1 - r.Z1**2)), hidden="tanh"),
    Mistake("tanh' computed from the wrong layer's A: 1 - A2**2; the hidden layer needs 1 - A1**2",
            lambda r: _from_dZ1(r, r.dA1 * (1 - r.A2**2)), hidden="tanh", code="A2**2"),
    Mistake("sigmoid' computed from the wrong layer's A: A2 * (1 - A2); the hidden layer needs A1 * (1 - A1)",
            lambda r: _from_dZ1(r, r.dA1 * (r.A2 * (1 - r.A2))), hidden="sigmoid", code="A2 * (1 - A2)"),
    Mistake("sigmoid' written as Z1 * (1 - Z1); sigmoid'(Z1) = A1 * (1 - A1) with A1 = sigmoid(Z1)",
            lambda r: _from_dZ1(r, r.dA1 * (r.Z1 * (1 - r.Z1))), hidden="sigmoid"),
    Mistake("forgot the element-wise product with g1'(Z1): dZ1 = (W2.T @ dZ2) * g1'(Z1), not W2.T @ dZ2 alone",
            lambda r: _from_dZ1(r, r.dA1)),
    Mistake("sign error: dZ2 = Y - A2; it is dZ2 = A2 - Y",
            lambda r: _scaled(r, -1)),
    Mistake("the output's derivative A2 * (1 - A2) multiplied onto dZ2 = A2 - Y, which already is dL/dZ2; "
            "use dZ2 = A2 - Y",
            lambda r: _from_dZ2(r, r.dZ2 * r.A2 * (1 - r.A2)), output="sigmoid"),
)

#: g'(A) written as a learner would, for the "wrong activation's derivative" mistakes.
_PRIME_FORMULAS = {"tanh": "1 - A1**2", "sigmoid": "A1 * (1 - A1)"}


def _wrong_derivatives(hidden):
    """Mistakes that use another activation's derivative for the hidden layer."""
    mistakes = [
        Mistake(f"used {other}'s derivative, {other}'(Z1), for a {hidden} hidden layer; g1' must be {hidden}'",
                lambda r, other=other: _from_dZ1(r, r.dA1 * ACTIVATIONS[other].unchecked_g_prime(r.Z1)))
        for other in ("tanh", "sigmoid", "relu") if other != hidden
    ]
    mistakes += [
        Mistake(f"used {other}'s derivative {formula} on a {hidden} hidden layer; g1' must be {hidden}'",
                lambda r, other=other: _from_dZ1(r, r.dA1 * ACTIVATIONS[other].prime_from_A(r.A1)))
        for other, formula in _PRIME_FORMULAS.items() if other != hidden
    ]
    return mistakes


def _backward_namespace(q, hidden):
    """The reference backward pass by name, r.dZ2, r.dA1, r.dZ1 from network.backward; r.g1p = g1'(Z1) from A1."""
    r = SimpleNamespace(**q, m=q["X"].shape[1])
    r.g1p = ACTIVATIONS[hidden].prime_from_A(r.A1)  # (n_h, m)  g1'(Z1), from A1
    return r


# ---------------------------------------------------------------- backward, L layers


def _deep_namespace(q, hidden):
    """The reference pass as lists indexed by layer: r.W[l], r.A[l] (A[0] = X), r.dZ[l] (backward's), r.gp[l]."""
    L = sum(1 for k in q if k.startswith("W"))
    r = SimpleNamespace(L=L, m=q["X"].shape[1], Y=q["Y"], prime=ACTIVATIONS[hidden].prime_from_A)
    r.W = [None] + [q[f"W{l}"] for l in range(1, L + 1)]
    r.A = [q["X"]] + [q[f"A{l}"] for l in range(1, L + 1)]
    r.gp = [None] + [r.prime(r.A[l]) for l in range(1, L)]  # g'(Z[l]) from A[l], hidden layers only
    r.dZ = [None] + [q[f"dZ{l}"] for l in range(1, L + 1)]  # network.backward's dZ[l], (n[l], m)
    return r


def _deep_grads(r, dZ=None, A=None, top=None):
    """dW[l], db[l] for every layer from the lists dZ (default r.dZ) and A (default r.A); keys shifted by top."""
    dZ, A, shift = dZ or r.dZ, A or r.A, top or 0
    out = {}
    for l in range(1, r.L + 1):
        out[f"dW{l + shift}"] = dZ[l] @ A[l - 1].T / r.m  # (n[l], n[l-1])
        out[f"db{l + shift}"] = dZ[l].sum(axis=1, keepdims=True) / r.m  # (n[l], 1)
    return out


def _deep_chain(r, dA_from=None, prime_at=None, skip=()):
    """The recursion with one step changed: dA[l-1] = dA_from(l, dZ[l]), g' taken at prime_at(l), none in skip."""
    dZ = [None] * (r.L + 1)
    dZ[r.L] = r.dZ[r.L]
    for l in range(r.L, 1, -1):
        dA = dA_from(l, dZ[l]) if dA_from else r.W[l].T @ dZ[l]  # (n[l-1], m)
        g = r.prime(r.A[prime_at(l)]) if prime_at else r.gp[l - 1]
        dZ[l - 1] = dA if l - 1 in skip else dA * g
    return _deep_grads(r, dZ)


_DEEP_MISTAKES = (
    Mistake("A[l] used where A[l-1] belongs: dW[l] = dZ[l] @ A[l].T / m; layer l's input is A[l-1] (A[0] = X)",
            lambda r: _deep_grads(r, A=r.A[1:] + [None])),
    Mistake("off-by-one in the layer index: each layer's dW and db stored under the layer below's name "
            "(dW[l-1] = dZ[l] @ A[l-1].T / m); dW[l] is dZ[l] @ A[l-1].T / m",
            lambda r: _deep_grads(r, top=-1)),
    Mistake("off-by-one in the layer index: each layer's dW and db stored under the layer above's name "
            "(dW[l+1] = dZ[l] @ A[l-1].T / m); dW[l] is dZ[l] @ A[l-1].T / m",
            lambda r: _deep_grads(r, top=1)),
    Mistake("off-by-one in the layer index: W[l-1] used where W[l] belongs: dA[l-1] = W[l].T @ dZ[l]",
            lambda r: _deep_chain(r, dA_from=lambda l, dZ: r.W[l - 1].T @ dZ)),
    Mistake("off-by-one in the layer index: g' taken from A[l] where A[l-1] belongs: "
            "dZ[l-1] = dA[l-1] * g'(Z[l-1]), with g'(Z[l-1]) computed from A[l-1]",
            lambda r: _deep_chain(r, prime_at=lambda l: l)),
    Mistake("reused dZ from the wrong layer: dZ[L] = A[L] - Y used at every layer (the loop never updates dZ); "
            "each layer has its own dZ[l] = (W[l+1].T @ dZ[l+1]) * g'(Z[l])",
            lambda r: _deep_grads(r, dZ=[None] + [r.dZ[r.L]] * r.L)),
    Mistake("reused dZ from the wrong layer: dW[l] and db[l] computed from dZ[l-1] (dZ was overwritten before "
            "dW[l] was computed); compute dW[l] and db[l] from dZ[l] first, then move to layer l-1",
            lambda r: {k: v for k, v in _deep_grads(r, dZ=[None, r.dZ[1]] + r.dZ[1:-1]).items() if k[-1] != "1"}),
    Mistake("missing 1/m: dW[l] and db[l] average over the m examples, dW[l] = dZ[l] @ A[l-1].T / m",
            lambda r: {k: r.m * v for k, v in _deep_grads(r).items()}),
    Mistake("sign error: dZ[L] = Y - A[L]; it is dZ[L] = A[L] - Y",
            lambda r: {k: -v for k, v in _deep_grads(r).items()}),
)


def _forgot_prime(hidden, L):
    """Forgetting g' at one hidden layer (each in turn), or at all of them; none for an identity hidden layer."""
    if hidden == "identity":
        return []
    return [Mistake(f"forgot g' at layer {layer}: dZ[{layer}] = dA[{layer}] alone; it is dZ[{layer}] = "
                    f"dA[{layer}] * g'(Z[{layer}]) (here {hidden}')",
                    lambda r, layer=layer: _deep_chain(r, skip=(layer,)))
            for layer in range(1, L)] + [
        Mistake(f"forgot g' at every hidden layer: dZ[l] = dA[l] * g'(Z[l]) (here {hidden}'), not dA[l] alone",
                lambda r: _deep_chain(r, skip=range(1, r.L)))]


# ---------------------------------------------------------------- forward


def _chain(f, Z1=None, A1=None, Z2=None):
    """The rest of the forward pass from a (possibly wrong) Z1, A1 or Z2: {Z1, A1, Z2, A2}."""
    Z1 = f.W1 @ f.X + f.b1 if Z1 is None else Z1  # (n_h, m)
    A1 = f.g1(Z1) if A1 is None else A1  # (n_h, m)
    Z2 = f.W2 @ A1 + f.b2 if Z2 is None else Z2  # (n_y, m)
    return {"A2": f.g2(Z2), "Z1": Z1, "A1": A1, "Z2": Z2}


#: Each known mistake of a forward pass: what to print, and the wrong outputs it gives (f: the problem's namespace).
_FORWARD_MISTAKES = (
    Mistake("forgot the bias b1: Z1 = W1 @ X + b1",
            lambda f: _chain(f, Z1=f.W1 @ f.X)),
    Mistake("forgot the bias b2: Z2 = W2 @ A1 + b2",
            lambda f: _chain(f, Z2=f.W2 @ f.g1(f.W1 @ f.X + f.b1))),
    Mistake("Z1 = X @ W1: the product order is swapped; use Z1 = W1 @ X + b1",
            lambda f: _chain(f, Z1=f.X @ f.W1), code="X @ W1"),
    Mistake("Z1 = W1.T @ X: W1 needs no transpose here; use Z1 = W1 @ X + b1",
            lambda f: _chain(f, Z1=f.W1.T @ f.X), code="W1.T @ X"),
    Mistake("Z1 = W1 * X: * (element-wise) where the matrix product @ belongs",
            lambda f: _chain(f, Z1=f.W1 * f.X), code="W1 * X"),
    Mistake("b1 added as b1.T (shape (1, n_h)); the bias is a column (n_h, 1): Z1 = W1 @ X + b1",
            lambda f: _chain(f, Z1=f.W1 @ f.X + f.b1.T), code="b1.T"),
    Mistake("skipped the hidden activation: Z2 = W2 @ Z1 + b2 uses Z1 where A1 = g1(Z1) belongs",
            lambda f: _chain(f, A1=f.W1 @ f.X + f.b1)),
    Mistake("softmax normalised over axis 1 (the examples) instead of axis 0 (the classes)",
            lambda f: {"A2": _softmax_rows(_chain(f)["Z2"])}, output="softmax"),
)


def _softmax_rows(Z):
    """The softmax mistake: normalised along axis 1, over the examples."""
    e = np.exp(Z - Z.max(axis=1, keepdims=True))  # (n_y, m)
    return e / e.sum(axis=1, keepdims=True)


def _wrong_activations(hidden, output):
    """Mistakes that use another activation in the hidden or the output layer."""
    hiddens = [
        Mistake(f"the hidden layer uses {other}, but it must use {hidden}",
                lambda f, g=ACTIVATIONS[other].unchecked_g: _chain(f, A1=g(f.W1 @ f.X + f.b1)))
        for other in HIDDEN if other != hidden
    ]
    outputs = [
        Mistake(f"the output layer uses {other}, but it must use {output}",
                lambda f, g=ACTIVATIONS[other].unchecked_g: {"A2": g(_chain(f)["Z2"])})
        for other in ("sigmoid", "softmax", "identity", "tanh") if other != output
    ]
    return hiddens + outputs


def _forward_namespace(q, hidden, output):
    """The problem's params and X by name (f.W1, f.X, ...), with f.g1 and f.g2 the hidden and output g."""
    return SimpleNamespace(**q, g1=ACTIVATIONS[hidden].unchecked_g, g2=ACTIVATIONS[output].unchecked_g)


# ---------------------------------------------------------------- one gradient-descent step


def _per_parameter(description, new_value):
    """A mistake made on every parameter alike: new_value(P, dP, learning_rate)."""
    return Mistake(description, lambda s: {k: new_value(s.params[k], s.grads["d" + k], s.lr) for k in PARAM_NAMES})


_STEP_MISTAKES = (
    _per_parameter("added the gradient (P + learning_rate * dP climbs the cost); subtract it: P - learning_rate * dP",
                   lambda P, dP, lr: P + lr * dP),
    _per_parameter("forgot the learning rate: P - dP; use P - learning_rate * dP", lambda P, dP, lr: P - dP),
    _per_parameter("divided by the learning rate: P - dP / learning_rate; multiply: P - learning_rate * dP",
                   lambda P, dP, lr: P - dP / lr),
    _per_parameter("returned the step, not the new value: the new value is P - learning_rate * dP",
                   lambda P, dP, lr: -lr * dP),
    _per_parameter("returned the step with the wrong sign, not the new value: the new value is P - learning_rate * dP",
                   lambda P, dP, lr: lr * dP),
    _per_parameter("this parameter is returned unchanged: it was not updated", lambda P, dP, lr: P),
    Mistake("a bias updated with its weights' gradient (b - learning_rate * dW); use db",
            lambda s: {f"b{i}": s.params[f"b{i}"] - s.lr * s.grads[f"dW{i}"] for i in (1, 2)}),
)


# ---------------------------------------------------------------- the entry points

#: kind -> the names the reference pass must hold for namespace(kind, ...) (Wl, bl, … for every layer too).
_NEEDS = {"forward": (*PARAM_NAMES, "X"), "backward": (*PARAM_NAMES, "X", "Y", "Z1", "A1", "A2", "dZ2", "dA1", "dZ1"),
          "backward_deep": ("W1", "b1", "X", "Y", "A1", "dZ1"),
          "step": (*PARAM_NAMES, *(f"d{k}" for k in PARAM_NAMES), "learning_rate")}


def catalogue(kind, hidden="tanh", output="sigmoid", L=4):
    """The Mistakes of check_<kind> that apply to this hidden and output layer (and depth L, for backward_deep)."""
    check_choice(kind, "kind", KINDS)
    check_activation_pair(hidden, output)
    L = check_positive_int(L, "L", minimum=2)
    if kind == "forward":
        return [m for m in _FORWARD_MISTAKES if _applies(m, hidden, output)] + _wrong_activations(hidden, output)
    if kind == "backward":
        return [m for m in _BACKWARD_MISTAKES if _applies(m, hidden, output)] + _wrong_derivatives(hidden)
    if kind == "backward_deep":
        return list(_DEEP_MISTAKES) + _forgot_prime(hidden, L)
    return list(_STEP_MISTAKES)


def namespace(kind, quantities, hidden="tanh", output="sigmoid"):
    """The reference pass that check_<kind>'s mistakes read (r.X, r.dZ2, …), from a dict of its named arrays.

    quantities: params and X (forward); params, X, Y and forward's cache and backward's grads (backward,
    backward_deep); params, grads and learning_rate (step).
    """
    check_choice(kind, "kind", KINDS)
    check_activation_pair(hidden, output)
    if not isinstance(quantities, dict):
        raise TypeError(f"quantities must be a dict of the reference pass's arrays by name, got "
                        f"{type(quantities).__name__}")
    check_keys(quantities, "quantities", _NEEDS[kind], optional=tuple(quantities))
    if kind == "forward":
        return _forward_namespace(quantities, hidden, output)
    if kind == "backward":
        return _backward_namespace(quantities, hidden)
    if kind == "backward_deep":
        return _deep_namespace(quantities, hidden)
    q = quantities
    return SimpleNamespace(params={k: q[k] for k in PARAM_NAMES}, grads={"d" + k: q["d" + k] for k in PARAM_NAMES},
                           lr=q["learning_rate"])


#: kind -> the right line for each output, in the order of the pass (the first output a mistake changes is its cause).
RIGHT_LINES = {
    "forward": {"Z1": "Z1 = W1 @ X + b1", "A1": "A1 = g1(Z1)", "Z2": "Z2 = W2 @ A1 + b2", "A2": "A2 = g2(Z2)"},
    "backward": {"dW2": "dW2 = dZ2 @ A1.T / m", "db2": "db2 = np.sum(dZ2, axis=1, keepdims=True) / m",
                 "dW1": "dW1 = dZ1 @ X.T / m with dZ1 = (W2.T @ dZ2) * g1'(Z1)",
                 "db1": "db1 = np.sum(dZ1, axis=1, keepdims=True) / m"},
    "step": {k: "P - learning_rate * dP" for k in PARAM_NAMES},
}
