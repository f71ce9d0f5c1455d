"""The cheat sheet (cheatsheet.md): every formula row is checked by code.

Each row of the sheet is `| id | LaTeX | `numpy` | `shape` |`. TWINS below holds, for every id, the row's LaTeX (so
that an edit of the formula without its code, or the other way round, fails here) and the cases to check it on.
The numpy column is read from the sheet and run; its result must have the stated shape and match an independent
reference: finite differences of the cost (helpers.gradcheck.numerical_gradient, helpers.jacobian.full_jacobian)
or a helpers function tested elsewhere.
"""

import re
from decimal import Decimal, localcontext

import numpy as np
import pytest

from helpers import activations, losses
from helpers.gradcheck import FD_TOL, numerical_gradient, relative_error
from helpers.jacobian import full_jacobian
from notebook_files import ROOT
from problems import labels

SHEET = ROOT / "cheatsheet.md"
ROW = re.compile(r"^\|\s*([A-Z]\d+)\s*\|(.*)\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|\s*$")
EXACT = 1e-12  # the same maths two ways: ROUNDOFF_TOL


def sheet_rows():
    """id -> (latex cell, code, shape) for every formula row of the sheet."""
    rows = {}
    for line in SHEET.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            ident, latex, code, shape = match.groups()
            assert ident not in rows, f"id {ident} appears twice"
            rows[ident] = (latex.strip(), code, shape)
    return rows


# ---------------------------------------------------------------- the networks the rows are checked on

HIDDEN = {"tanh": (activations.tanh, activations.tanh_prime), "relu": (activations.relu, activations.relu_prime),
          "sigmoid": (activations.sigmoid, activations.sigmoid_prime)}
OUTPUT = {"sigmoid": (activations.sigmoid, losses.binary_cross_entropy),
          "softmax": (activations.softmax, losses.cross_entropy),
          "identity": (lambda Z: Z, losses.mean_squared_error)}
SIZES = [3, 5, 4, 2]  # n_x, n[1], n[2], n[3]: all different, so that a transposed factor cannot fit
M_EXAMPLES = 6


class Net:
    """An L-layer network in the column convention (hidden tanh, relu; one output layer), with its cost."""

    def __init__(self, output, seed=0):
        rng = np.random.default_rng(seed)
        self.output, self.hidden = output, ["tanh", "relu"]
        self.m, self.L = M_EXAMPLES, len(SIZES) - 1
        self.X = rng.standard_normal((SIZES[0], self.m))
        self.W = {l: rng.standard_normal((SIZES[l], SIZES[l - 1])) for l in range(1, self.L + 1)}
        self.b = {l: rng.standard_normal((SIZES[l], 1)) for l in range(1, self.L + 1)}
        self.Y = labels(rng, output, SIZES[-1], self.m)
        self.Z, self.A = {}, {0: self.X}
        for l in range(1, self.L + 1):
            self.Z[l] = self.W[l] @ self.A[l - 1] + self.b[l]
            self.A[l] = self.g(l)(self.Z[l])
        assert np.abs(self.Z[2]).min() > 1e-3, "a ReLU input within reach of eps: pick another seed"

    def g(self, l):
        return OUTPUT[self.output][0] if l == self.L else HIDDEN[self.hidden[l - 1]][0]

    def g_prime(self, l):
        return HIDDEN[self.hidden[l - 1]][1]

    def cost_from_Z(self, l, Z):
        """J as a function of Z[l], the layers above recomputed."""
        A = self.g(l)(Z)
        for k in range(l + 1, self.L + 1):
            Z = self.W[k] @ A + self.b[k]
            A = self.g(k)(Z)
        return OUTPUT[self.output][1](A, self.Y)

    def cost_from_A(self, l, A):
        return self.cost_from_Z(l + 1, self.W[l + 1] @ A + self.b[l + 1])

    def cost_with(self, l, W=None, b=None):
        W = self.W[l] if W is None else W
        b = self.b[l] if b is None else b
        return self.cost_from_Z(l, W @ self.A[l - 1] + b)

    # references by finite differences
    def dZ(self, l):
        return self.m * numerical_gradient(lambda Z: self.cost_from_Z(l, Z), self.Z[l].copy())

    def dA(self, l):
        return self.m * numerical_gradient(lambda A: self.cost_from_A(l, A), self.A[l].copy())

    def dW(self, l):
        return numerical_gradient(lambda W: self.cost_with(l, W=W), self.W[l].copy())

    def db(self, l):
        return numerical_gradient(lambda b: self.cost_with(l, b=b), self.b[l].copy())

    def layer_sizes(self, l):
        return {"n[l]": SIZES[l], "n[l-1]": SIZES[l - 1], "n[L]": SIZES[-1], "m": self.m}


NETS = {output: Net(output) for output in OUTPUT}
NET = NETS["sigmoid"]


def case(ns, reference, sizes, tol=FD_TOL, label=""):
    return {"ns": ns, "reference": reference, "sizes": sizes, "tol": tol, "label": label}


def _layer_ns(net, l):
    return {"W": net.W[l], "b": net.b[l], "A_prev": net.A[l - 1], "Z": net.Z[l], "m": net.m}


# ---------------------------------------------------------------- one checker per row

def c1():
    for l in range(1, NET.L + 1):
        loops = np.array([[sum(NET.W[l][i, j] * NET.A[l - 1][j, e] for j in range(SIZES[l - 1])) + NET.b[l][i, 0]
                           for e in range(NET.m)] for i in range(SIZES[l])])
        yield case(_layer_ns(NET, l), loops, NET.layer_sizes(l), EXACT, f"l={l}")


def c2():
    for l in range(1, NET.L + 1):
        ns = {"Z": NET.Z[l], "g": NET.g(l)}
        yield case(ns, NET.A[l], NET.layer_sizes(l), EXACT, f"l={l}")


def _output_case(output, reference_fn, name="J"):
    net = NETS[output]
    ns = {"Z": net.Z[net.L], "A": net.A[net.L], "Y": net.Y, "m": net.m}
    return case(ns, reference_fn(net), net.layer_sizes(net.L), EXACT, output)


def _exact_bce(Z, Y):
    """-sum(y log s(z) + (1-y) log(1-s(z))) / m in 50-digit decimals, the textbook form: an independent reference."""
    with localcontext() as ctx:
        ctx.prec = 50
        total = Decimal(0)
        for z, y in zip(Z.ravel().tolist(), Y.ravel().tolist()):
            s = 1 / (1 + (-Decimal(z)).exp())
            one_minus_s = (-Decimal(z)).exp() / (1 + (-Decimal(z)).exp())  # 1 - s(z), without rounding to 0
            total -= Decimal(y) * s.ln() + (1 - Decimal(y)) * one_minus_s.ln()
        return float(total / Z.shape[1])


def _exact_softmax_ce(Z, Y):
    """-sum(Y log softmax(Z)) / m in 50-digit decimals, no shift: an independent reference."""
    with localcontext() as ctx:
        ctx.prec = 50
        total = Decimal(0)
        for e in range(Z.shape[1]):
            exps = [Decimal(z).exp() for z in Z[:, e].tolist()]
            for z_exp, y in zip(exps, Y[:, e].tolist()):
                total -= Decimal(y) * (z_exp / sum(exps)).ln()
        return float(total / Z.shape[1])


def _exact_sigmoid(Z):
    with localcontext() as ctx:
        ctx.prec = 50
        return np.array([float(1 / (1 + (-Decimal(z)).exp())) for z in Z.ravel().tolist()]).reshape(Z.shape)


HUGE = np.array([[1000.0, -1000.0, 1000.0], [-1000.0, 1000.0, 3.0]])  # (2, 3): |z| = 1000, where exp overflows
HUGE_BINARY = np.array([[0.0, 1.0, 1.0], [0.0, 0.0, 1.0]])  # each |z| = 1000 entry confidently wrong or right
HUGE_ONE_HOT = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])


def _huge_case(Y, reference):
    return case({"Z": HUGE, "Y": Y, "m": HUGE.shape[1]}, reference, {"n[L]": 2, "m": 3}, EXACT, "|z| = 1000")


def o1():
    yield _output_case("sigmoid", lambda net: _exact_bce(net.Z[net.L], net.Y))
    yield _huge_case(HUGE_BINARY, _exact_bce(HUGE, HUGE_BINARY))


def o2():
    net = NETS["softmax"]
    big = net.Z[net.L] + 800.0  # exp(800) overflows: the stable form must not
    yield case({"Z": big}, activations.softmax(net.Z[net.L]), net.layer_sizes(net.L), EXACT, "stable")
    yield _output_case("softmax", lambda net: activations.softmax(net.Z[net.L]))


def o3():
    yield _output_case("softmax", lambda net: _exact_softmax_ce(net.Z[net.L], net.Y))
    yield _huge_case(HUGE_ONE_HOT, _exact_softmax_ce(HUGE, HUGE_ONE_HOT))


def o6():
    net = NETS["sigmoid"]
    yield case({"Z": net.Z[net.L]}, _exact_sigmoid(net.Z[net.L]), net.layer_sizes(net.L), EXACT)
    yield case({"Z": HUGE}, _exact_sigmoid(HUGE), {"n[L]": 2, "m": 3}, EXACT, "|z| = 1000")


def o4():
    yield _output_case("identity", lambda net: losses.mean_squared_error(net.A[net.L], net.Y))


def o5():
    for output, net in NETS.items():
        ns = {"A": net.A[net.L], "Y": net.Y, "m": net.m}
        yield case(ns, net.dZ(net.L), net.layer_sizes(net.L), FD_TOL, output)


def _every_layer(reference, first=1, last=None, extra=lambda net, l: {}):
    for output, net in NETS.items():
        for l in range(first, (last or net.L) + 1):
            ns = {**_layer_ns(net, l), "dZ": net.dZ(l), **extra(net, l)}
            yield case(ns, reference(net, l), net.layer_sizes(l), FD_TOL, f"{output} l={l}")


def b1():
    yield from _every_layer(lambda net, l: net.dW(l))


def b2():
    yield from _every_layer(lambda net, l: net.db(l))


def b3():
    yield from _every_layer(lambda net, l: net.dA(l - 1), first=2)


def b4():
    yield from _every_layer(lambda net, l: net.dZ(l), last=NET.L - 1,
                            extra=lambda net, l: {"dA": net.dA(l), "g_prime": net.g_prime(l)})


class TwoLayer:
    """The 2-layer network of notebooks 01 and 04: tanh hidden layer, sigmoid output."""

    def __init__(self):
        self.net = Net("sigmoid", seed=1)
        net = self.net
        self.sizes = {"n_x": SIZES[0], "n1": SIZES[1], "n2": SIZES[2], "m": net.m}
        # a 2-layer network: layers 1 and 2 of a fresh net with a sigmoid output on 2 units
        rng = np.random.default_rng(2)
        self.X = net.X
        self.W1, self.b1 = net.W[1], net.b[1]
        self.W2, self.b2 = rng.standard_normal((SIZES[2], SIZES[1])), rng.standard_normal((SIZES[2], 1))
        self.Y = labels(rng, "sigmoid", SIZES[2], net.m)
        self.Z1 = self.W1 @ self.X + self.b1
        self.A1 = np.tanh(self.Z1)
        self.Z2 = self.W2 @ self.A1 + self.b2
        self.A2 = activations.sigmoid(self.Z2)

    def cost(self, W1=None, b1=None, W2=None, b2=None, Z1=None, Z2=None):
        W1, b1 = (self.W1 if W1 is None else W1), (self.b1 if b1 is None else b1)
        W2, b2 = (self.W2 if W2 is None else W2), (self.b2 if b2 is None else b2)
        if Z2 is None:
            A1 = np.tanh(W1 @ self.X + b1 if Z1 is None else Z1)
            Z2 = W2 @ A1 + b2
        return losses.binary_cross_entropy(activations.sigmoid(Z2), self.Y)

    def ns(self):
        m = self.net.m
        dZ2 = m * numerical_gradient(lambda Z: self.cost(Z2=Z), self.Z2.copy())
        dZ1 = m * numerical_gradient(lambda Z: self.cost(Z1=Z), self.Z1.copy())
        return {"X": self.X, "Y": self.Y, "W1": self.W1, "b1": self.b1, "W2": self.W2, "b2": self.b2,
                "Z1": self.Z1, "A1": self.A1, "Z2": self.Z2, "A2": self.A2, "m": m, "dZ2": dZ2, "dZ1": dZ1,
                "g1_prime": activations.tanh_prime}


TWO = TwoLayer()


def _two(reference):
    ns = TWO.ns()
    yield case(ns, reference(ns), TWO.sizes, FD_TOL)


def t1():
    yield from _two(lambda ns: ns["dZ2"])


def t2():
    yield from _two(lambda ns: numerical_gradient(lambda W: TWO.cost(W2=W), TWO.W2.copy()))


def t3():
    yield from _two(lambda ns: numerical_gradient(lambda b: TWO.cost(b2=b), TWO.b2.copy()))


def t4():
    yield from _two(lambda ns: ns["dZ1"])


def t5():
    yield from _two(lambda ns: numerical_gradient(lambda W: TWO.cost(W1=W), TWO.W1.copy()))


def t6():
    yield from _two(lambda ns: numerical_gradient(lambda b: TWO.cost(b1=b), TWO.b1.copy()))


def _activation(g):
    Z = NET.Z[2]  # away from 0 (checked in Net)
    ns = {"Z": Z, "A": g(Z)}
    yield case(ns, numerical_gradient(lambda Z_: np.sum(g(Z_)), Z.copy()), NET.layer_sizes(2), FD_TOL)


def g1():
    yield from _activation(activations.sigmoid)


def g2():
    yield from _activation(activations.tanh)


def g3():
    yield from _activation(activations.relu)


def g4():
    yield from _activation(lambda Z: Z)


def g5():
    net = NETS["softmax"]
    z = net.Z[net.L][:, 0]
    a = activations.softmax(z)
    yield case({"a": a}, full_jacobian(activations.softmax, z), net.layer_sizes(net.L), FD_TOL)


class Rows:
    """The network of NETS[output] in the row convention: every array transposed, and its own cost."""

    def __init__(self, output):
        self.net = net = NETS[output]
        self.m, self.L = net.m, net.L
        self.W = {l: net.W[l].T.copy() for l in net.W}
        self.b = {l: net.b[l].T.copy() for l in net.b}
        self.Y = net.Y.T.copy()
        self.A, self.Z = {0: net.X.T.copy()}, {}
        for l in range(1, self.L + 1):
            self.Z[l] = self.A[l - 1] @ self.W[l] + self.b[l]
            self.A[l] = self._g(l, self.Z[l])

    def _g(self, l, Z):
        return self.net.g(l)(Z.T).T  # the activations act on columns (softmax): apply to the transpose

    def cost_from_Z(self, l, Z):
        A = self._g(l, Z)
        for k in range(l + 1, self.L + 1):
            A = self._g(k, A @ self.W[k] + self.b[k])
        return OUTPUT[self.net.output][1](A.T, self.Y.T)

    def cost_with(self, l, W=None, b=None):
        W = self.W[l] if W is None else W
        b = self.b[l] if b is None else b
        return self.cost_from_Z(l, self.A[l - 1] @ W + b)

    def dZ(self, l):
        return self.m * numerical_gradient(lambda Z: self.cost_from_Z(l, Z), self.Z[l].copy())

    def dA(self, l):
        return self.m * numerical_gradient(lambda A: self.cost_from_Z(l + 1, A @ self.W[l + 1] + self.b[l + 1]),
                                           self.A[l].copy())


ROWS = {output: Rows(output) for output in OUTPUT}


def _row_layers(reference, first=1, last=None, extra=lambda r, l: {}):
    for output, r in ROWS.items():
        for l in range(first, (last or r.L) + 1):
            ns = {"W": r.W[l], "b": r.b[l], "A_prev": r.A[l - 1], "Z": r.Z[l], "dZ": r.dZ(l), "m": r.m,
                  **extra(r, l)}
            yield case(ns, reference(r, l), r.net.layer_sizes(l), FD_TOL, f"{output} l={l}")


def r1():
    for l in range(1, NET.L + 1):
        r = ROWS["sigmoid"]
        yield case({"W": r.W[l], "b": r.b[l], "A_prev": r.A[l - 1]}, NET.Z[l].T, NET.layer_sizes(l), EXACT)


def r2():
    for output, r in ROWS.items():
        yield case({"A": r.A[r.L], "Y": r.Y, "m": r.m}, r.dZ(r.L), r.net.layer_sizes(r.L), FD_TOL, output)


def r3():
    yield from _row_layers(lambda r, l: numerical_gradient(lambda W: r.cost_with(l, W=W), r.W[l].copy()))


def r4():
    yield from _row_layers(lambda r, l: numerical_gradient(lambda b: r.cost_with(l, b=b), r.b[l].copy()))


def r5():
    yield from _row_layers(lambda r, l: r.dA(l - 1), first=2)


def r6():
    yield from _row_layers(lambda r, l: r.dZ(l), last=NET.L - 1,
                           extra=lambda r, l: {"dA": r.dA(l), "g_prime": r.net.g_prime(l)})


def _torch_layer(l=2):
    """Layer l of the row-convention net as PyTorch stores it, and the cost as a function of its output y."""
    r = ROWS["sigmoid"]
    x, weight, bias = r.A[l - 1], NET.W[l], NET.b[l].ravel()
    sizes = {"m": NET.m, "in": SIZES[l - 1], "out": SIZES[l]}

    def cost_of_y(y):
        return r.cost_from_Z(l, y)

    def cost(weight_=weight, bias_=bias, x_=x):
        return cost_of_y(x_ @ weight_.T + bias_)

    y = x @ weight.T + bias
    dy = numerical_gradient(cost_of_y, y.copy())  # autograd's dJ/dy: the mean cost, 1/m inside
    ns = {"x": x, "weight": weight, "bias": bias, "dy": dy, "dZ_col": NET.dZ(l), "m": NET.m}
    return ns, sizes, cost, dy


def p1():
    ns, sizes, _, _ = _torch_layer()
    yield case(ns, NET.Z[2].T, sizes, EXACT)


def p2():
    ns, sizes, _, dy = _torch_layer()
    yield case(ns, dy, sizes, FD_TOL)


def p3():
    ns, sizes, cost, _ = _torch_layer()
    yield case(ns, numerical_gradient(lambda w: cost(weight_=w), ns["weight"].copy()), sizes, FD_TOL)


def p4():
    ns, sizes, cost, _ = _torch_layer()
    yield case(ns, numerical_gradient(lambda b: cost(bias_=b), ns["bias"].copy()), sizes, FD_TOL)


def p5():
    ns, sizes, cost, _ = _torch_layer()
    yield case(ns, numerical_gradient(lambda x: cost(x_=x), ns["x"].copy()), sizes, FD_TOL)


def _one_layer():
    l = 2
    ns = {**_layer_ns(NET, l), "dZ": NET.dZ(l), "a": np.arange(1.0, SIZES[l] + 1), "n": SIZES[l]}
    sizes = {"n": SIZES[l], "n_prev": SIZES[l - 1], "m": NET.m}
    return ns, sizes, l


def i1():
    ns, sizes, _ = _one_layer()
    yield case(ns, ns["a"], sizes, EXACT)


def i2():
    ns, sizes, l = _one_layer()
    yield case(ns, full_jacobian(lambda W: W @ ns["A_prev"] + ns["b"], ns["W"]), sizes, FD_TOL)


def i3():
    ns, sizes, l = _one_layer()
    yield case(ns, NET.dW(l), sizes, FD_TOL)


def _layouts():
    M = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])  # (p, n) = (2, 3)
    x = np.array([1.0, 0.5, -1.0])
    jac = full_jacobian(lambda x_: M @ x_, x)  # rows follow the output u: the numerator layout
    return {"M": M, "x": x}, {"p": 2, "n": 3}, jac


def l1():
    ns, sizes, jac = _layouts()
    yield case(ns, jac, sizes, FD_TOL)


def l2():
    ns, sizes, jac = _layouts()
    yield case(ns, np.moveaxis(jac, 0, 1), sizes, FD_TOL)


def l3():
    ns, sizes, _ = _layouts()
    M = ns["M"]
    yield case(ns, numerical_gradient(lambda x_: 0.5 * np.sum((M @ x_) ** 2), ns["x"].copy()), sizes, FD_TOL)


def k1():
    x = np.array([0.3, -1.2, 2.0])

    def f(x_):
        return np.sum(np.sin(x_) * x_**2)

    ns = {"f": f, "x": x, "eps": 1e-6, "u_i": np.array([0.0, 1.0, 0.0])}
    yield case(ns, numerical_gradient(f, x.copy())[1], {}, 1e-9)


def k2():
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    yield case({"a": a, "b": b}, relative_error(a, b), {}, EXACT)


# ---------------------------------------------------------------- the twins: id -> (LaTeX on the sheet, checker)

TWINS = {
    "C1": (r"$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$", c1),
    "C2": (r"$A^{[l]} = g^{[l]}(Z^{[l]})$, entry by entry", c2),
    "O1": ('sigmoid + binary cross-entropy, $J = -\\frac1m \\sum_{i,e} \\bigl(Y_{ie} \\log A_{ie} + (1 - Y_{ie}) \\log(1 - A_{ie})\\bigr)$, computed from the logits $Z = Z^{[L]}$ (finite for any $Z$): $J = \\frac1m \\sum_{i,e} \\bigl(\\log(1 + e^{Z_{ie}}) - Y_{ie} Z_{ie}\\bigr)$', o1),
    "O2": (r"softmax, stable form: $A_{ie} = e^{Z_{ie} - c_e} / \sum_r e^{Z_{re} - c_e}$ with "
           r"$c_e = \max_r Z_{re}$", o2),
    "O3": ('softmax + cross-entropy ($Y$ one-hot), $J = -\\frac1m \\sum_{i,e} Y_{ie} \\log A_{ie}$, computed from the logits by log-sum-exp: $\\log A_{ie} = Z_{ie} - c_e - \\log \\sum_r e^{Z_{re} - c_e}$, $c_e = \\max_r Z_{re}$', o3),
    "O4": (r"identity + squared error: $A^{[L]} = Z^{[L]}$, $J = \frac{1}{2m} \sum_{i,e} (A_{ie} - Y_{ie})^2$", o4),
    "O5": (r"all three, each fused with its loss: $dZ^{[L]} = A^{[L]} - Y$", o5),
    "O6": ('sigmoid, stable form: $\\sigma(z) = \\frac{1}{1 + e^{-\\lvert z \\rvert}}$ if $z \\ge 0$, $\\frac{e^{-\\lvert z \\rvert}}{1 + e^{-\\lvert z \\rvert}}$ if $z < 0$ (no $e^{1000}$)', o6),
    "B1": (r"$dW^{[l]} = \frac1m\, dZ^{[l]} A^{[l-1]\top}$", b1),
    "B2": (r"$db^{[l]} = \frac1m \sum_e dZ^{[l]}_{:,e}$, the mean over the batch", b2),
    "B3": (r"$dA^{[l-1]} = W^{[l]\top} dZ^{[l]}$", b3),
    "B4": (r"$dZ^{[l]} = dA^{[l]} \odot g^{[l]\prime}(Z^{[l]})$", b4),
    "T1": (r"$dZ2 = A2 - Y$", t1),
    "T2": (r"$dW2 = \frac1m\, dZ2\, A1^\top$", t2),
    "T3": (r"$db2 = \frac1m \sum_e dZ2_{:,e}$", t3),
    "T4": (r"$dZ1 = W2^\top dZ2 \odot g1'(Z1)$", t4),
    "T5": (r"$dW1 = \frac1m\, dZ1\, X^\top$", t5),
    "T6": (r"$db1 = \frac1m \sum_e dZ1_{:,e}$", t6),
    "G1": (r"$\sigma(z) = \frac{1}{1 + e^{-z}}$, $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$", g1),
    "G2": (r"$\tanh'(z) = 1 - \tanh^2 z$", g2),
    "G3": (r"$\mathrm{relu}(z) = \max(0, z)$, $\mathrm{relu}'(z) = 1$ if $z > 0$, else $0$ (mask from $Z$, not from "
           r"$A \ge 0$)", g3),
    "G4": (r"identity: $g(z) = z$, $g'(z) = 1$", g4),
    "G5": (r"softmax of one column $a$: $\mathcal J = \operatorname{diag}(a) - a\,a^\top$, "
           r"$\mathcal J_{ik} = \partial a_i / \partial z_k$", g5),
    "R1": (r"$Z^{[l]} = A^{[l-1]} W^{[l]} + b^{[l]}$", r1),
    "R2": (r"$dZ^{[L]} = A^{[L]} - Y$", r2),
    "R3": (r"$dW^{[l]} = \frac1m\, A^{[l-1]\top} dZ^{[l]}$", r3),
    "R4": (r"$db^{[l]} = \frac1m \sum_e dZ^{[l]}_{e,:}$", r4),
    "R5": (r"$dA^{[l-1]} = dZ^{[l]} W^{[l]\top}$", r5),
    "R6": (r"$dZ^{[l]} = dA^{[l]} \odot g^{[l]\prime}(Z^{[l]})$", r6),
    "P1": (r"$y = x\,W^\top + b$", p1),
    "P2": (r"$dy = \partial J / \partial y = \frac1m\, dZ^\top$ ($dZ$ of the column convention)", p2),
    "P3": (r"`weight.grad` $= dy^\top x$", p3),
    "P4": (r"`bias.grad` $= \sum_e dy_{e,:}$", p4),
    "P5": (r"$\partial J / \partial x = dy\,W$", p5),
    "I1": (r"$\sum_k \delta_{ik}\, a_k = a_i$", i1),
    "I2": (r"$\dfrac{\partial Z_{ie}}{\partial W_{kl}} = \delta_{ik}\, A_{prev,le}$, a 4-index array", i2),
    "I3": (r"$dW_{kl} = \frac1m \sum_{i,e} dZ_{ie}\, \delta_{ik}\, A_{prev,le} = \frac1m \sum_e dZ_{ke}\, "
           r"A_{prev,le}$", i3),
    "L1": (r"numerator layout: $\mathcal J_{ik} = \partial u_i / \partial x_k$, $\mathcal J = M$", l1),
    "L2": (r"denominator layout: $\bigl(\partial u / \partial x\bigr)_{ki} = \partial u_i / \partial x_k$, "
           r"$= M^\top$", l2),
    "L3": (r"for $J = \frac12 \lVert M x \rVert^2$: $\partial J / \partial x = \mathcal J^\top u = M^\top M x$, "
           r"the shape of $x$", l3),
    "K1": (r"centred difference, $\varepsilon = 10^{-6}$: $\dfrac{\partial f}{\partial x_i} \approx "
           r"\dfrac{f(x + \varepsilon \mathbf u_i) - f(x - \varepsilon \mathbf u_i)}{2 \varepsilon}$, $\mathbf u_i$ the unit "
           r"vector of axis $i$", k1),
    "K2": (r"relative error $\dfrac{\lVert a - b \rVert}{\lVert a \rVert + \lVert b \rVert}$: close below "
           r"$10^{-6}$ against finite differences, below $10^{-12}$ for the same maths two ways", k2),
}


def _shape(text, sizes):
    """'(n[l], m)' -> (5, 6) with the case's sizes; '()' -> ()."""
    inner = text.strip()
    assert inner.startswith("(") and inner.endswith(")"), f"shape {text!r} is not a tuple"
    parts = [p.strip() for p in inner[1:-1].split(",") if p.strip()]
    return tuple(int(p) if p.isdigit() else sizes[p] for p in parts)


def _run(code, ns):
    """Run a row's numpy code; the value of the name its last statement assigns."""
    scope = {"np": np, **ns}
    exec(code, scope)  # the sheet's own code, from the repository
    target = code.split(";")[-1].split("=")[0].strip()
    return scope[target]


def test_every_row_has_a_twin_and_every_twin_a_row():
    rows = sheet_rows()
    assert len(rows) >= 40
    assert sorted(rows) == sorted(TWINS), (sorted(set(rows) - set(TWINS)), sorted(set(TWINS) - set(rows)))


@pytest.mark.parametrize("ident", sorted(TWINS))
def test_row_latex_matches_its_twin(ident):
    latex, _, _ = sheet_rows()[ident]
    assert latex == TWINS[ident][0], f"{ident}: the sheet says\n{latex}\nthe twin says\n{TWINS[ident][0]}"
    assert latex.count("$") % 2 == 0 and "|" not in latex, f"{ident}: unbalanced $ or a | that splits the table"


@pytest.mark.parametrize("ident", sorted(TWINS))
def test_row_code_has_the_stated_shape_and_matches_the_reference(ident):
    _, code, shape = sheet_rows()[ident]
    cases = list(TWINS[ident][1]())
    assert cases, ident
    for c in cases:
        value = np.asarray(_run(code, c["ns"]), dtype=float)
        reference = np.asarray(c["reference"], dtype=float)
        assert value.shape == _shape(shape, c["sizes"]), (ident, c["label"], value.shape, shape)
        assert value.shape == reference.shape, (ident, c["label"], value.shape, reference.shape)
        assert np.isfinite(value).all(), (ident, c["label"])
        error = relative_error(value, reference) if value.size > 1 or value.any() else 0.0
        assert error < c["tol"], f"{ident} ({c['label']}): relative error {error:.1e} >= {c['tol']:.0e}"


@pytest.mark.parametrize("ident, wrong", [
    ("B1", "dW = A_prev @ dZ.T / m"), ("B1", "dW = dZ @ A_prev.T"), ("B2", "db = np.sum(dZ, axis=1) / m"),
    ("B3", "dA_prev = W @ dZ"), ("T4", "dZ1 = W2.T @ dZ2"), ("R3", "dW = dZ.T @ A_prev / m"),
    ("G3", "g_prime = (A >= 0).astype(float)"), ("P3", "weight_grad = x.T @ dy"), ("O5", "dZ = (A - Y) / m"),
])
def test_a_wrong_formula_fails_its_check(ident, wrong):
    """The checks can fail: a classic mistake in the numpy column is caught (wrong shape or wrong numbers)."""
    _, _, shape = sheet_rows()[ident]
    failed = False
    for c in TWINS[ident][1]():
        try:
            value = np.asarray(_run(wrong, c["ns"]), dtype=float)
        except ValueError:
            failed = True
            continue
        reference = np.asarray(c["reference"], dtype=float)
        if value.shape != _shape(shape, c["sizes"]) or value.shape != reference.shape:
            failed = True
        elif relative_error(value, reference) >= c["tol"]:
            failed = True
    assert failed, f"{ident}: {wrong!r} passed"


@pytest.mark.parametrize("ident, naive, Y", [
    ("O1", "A = 1 / (1 + np.exp(-Z)); J = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m", HUGE_BINARY),
    ("O3", "E = np.exp(Z); A = E / E.sum(axis=0, keepdims=True); J = -np.sum(Y * np.log(A)) / m", HUGE_ONE_HOT),
])
def test_the_stable_cost_is_finite_at_1000_where_the_textbook_form_is_not(ident, naive, Y):
    """At |z| = 1000 the textbook np.log(A) gives inf or nan (notebook 04 section 5.2); the sheet's row stays exact."""
    ns = {"Z": HUGE, "Y": Y, "m": HUGE.shape[1]}
    with np.errstate(all="ignore"):
        assert not np.isfinite(_run(naive, ns)), f"{ident}: the textbook form did not overflow, the test shows nothing"
    stable = _run(sheet_rows()[ident][1], ns)
    assert np.isfinite(stable) and stable > 100, (ident, stable)  # a confidently wrong |z| = 1000 costs about 1000


def test_the_stable_sigmoid_is_exact_at_1000_where_the_textbook_form_warns():
    with np.errstate(over="raise"), pytest.raises(FloatingPointError):
        1 / (1 + np.exp(-HUGE))
    with np.errstate(over="raise"):
        A = _run(sheet_rows()["O6"][1], {"Z": HUGE})
    assert relative_error(A, _exact_sigmoid(HUGE)) < EXACT
