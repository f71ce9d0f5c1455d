"""Every public function of helpers refuses bad input clearly, or returns the correct value: one registry, no gaps.

CASES maps "module.name" to its bad-input cases. Each case is (label, call, expectation):
  raises(TypeError or ValueError, regex): the message must match (it names the argument, what it got
      and what was expected), and the error must be raised by helpers' own code, not by numpy deep inside;
  returns(check): the call succeeds and check(result) holds against an independent reference.
`test_every_public_function_has_bad_input_cases` enumerates every public function and class of every
helpers module and fails when one has no cases here, so the next function added cannot skip this file.
The labels in [brackets] are the kinds of issue 13 (see the issue text); (probe) marks cases beyond it.
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers
from helpers import (activations, autograd, checks, data, derivation, environment, flow, flow_figure, flow_graph,
                     flow_panels, formatting, function_checks, gradcheck, gradient_doctor, index_notation, jacobian, losses,
                     mistakes, network, network_inputs, plots, seeded_problems, shapes, stepper, verdict,
                     stepper_widget, timing, validate, widgets)
from helpers import derivation_indices, derivation_mistakes, derivation_problem, derivation_values
from helpers import index_tree

HELPERS_DIR = Path(helpers.__file__).resolve().parent
pytestmark = pytest.mark.filterwarnings("ignore:the matrix subclass:PendingDeprecationWarning")

#: Public callables that take no learner input worth refusing, each with the reason. Keep it short.
EXEMPT = {
    "activations.Activation": "a frozen record of the ACTIVATIONS registry, built by helpers, not by learners",
    "losses.OutputLayer": "a namedtuple record of the OUTPUT_LAYERS registry, built by helpers, not by learners",
    "mistakes.Mistake": "a namedtuple record of the mistake catalogue, built by helpers.mistakes, not by learners",
    "seeded_problems.Computed": "a namedtuple record of a seeded problem, built by helpers.seeded_problems",
    "seeded_problems.Problem": "a namedtuple record of a seeded problem, built by helpers.seeded_problems",
    "seeded_problems.Raised": "a namedtuple record of a seeded problem's catalogue, built from a caught exception",
    "verdict.Verdict": "a namedtuple record that verdict.judge returns, never built by learners",
    "shape_trace.Tracer": "the engine behind shapes.explain, which checks the formula and the shapes first",
    "shape_trace.Nonconforming": "the exception the tracer raises inside itself; explain catches it",
    "shape_fixes.FixSearch": "the suggestion search inside shapes.explain's tracer, on ASTs the tracer has parsed",
    "shape_fixes.matmul_fixes": "candidate rewrites inside shapes.explain's tracer, of ASTs the tracer has parsed",
    "shape_fixes.elementwise_fixes": "candidate rewrites inside shapes.explain's tracer, of ASTs the tracer has "
                                     "parsed",
    "data.Dataset": "a frozen record that data.split builds from arrays it has checked",
    "data.load_flower": "takes no arguments (Python itself refuses any)",
    "data.load_digits": "takes no arguments (Python itself refuses any)",
    "network_inputs.ForwardCache": "the dict network.forward returns; check_cache checks any cache it is given",
    "network.unchecked_forward": "the maths alone, by design, for loops whose inputs were checked once (train, "
                                 "the explorer); forward is its checked form",
    "network.unchecked_backward": "the maths alone, by design (see unchecked_forward); backward is its checked form",
    "network.unchecked_update": "the maths alone, by design (see unchecked_forward); update is its checked form",
    "network.unchecked_step": "the maths alone, by design (see unchecked_forward); train is its checked form",
    "network.unchecked_cost_and_grads": "the maths alone, by design (see unchecked_forward); forward, loss and "
                                        "backward are its checked form",
    "flow_panels.BoundaryPanel": "a panel of flow_figure.FlowFigure, built by it on Axes it lays out; FlowFigure checks its arguments",
    "flow_panels.CostPanel": "a panel of flow_figure.FlowFigure, built by it on Axes it lays out; FlowFigure checks its arguments",
    "flow_panels.NormsPanel": "a panel of flow_figure.FlowFigure, built by it on Axes it lays out; FlowFigure checks its arguments",
    "flow_panels.TextPanel": "a panel of flow_figure.FlowFigure, built by it on Axes it lays out; FlowFigure checks its arguments",

}


def raises(exc, pattern):
    """Expect exc whose message matches the regex pattern."""
    return ("raises", exc, pattern)


def returns(check):
    """Expect a result for which check(result) holds (check asserts)."""
    return ("returns", check)


# ---------------------------------------------------------------- fixtures: small seeded problems

RNG = np.random.default_rng(13)
X = RNG.standard_normal((2, 5))  # (n_x, m)
Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])  # (1, m)
P = network.init_params(2, 3, 1, np.random.default_rng(0), scale=1.0)
P["b1"], P["b2"] = RNG.standard_normal((3, 1)), RNG.standard_normal((1, 1))
P3 = network.init_params(2, 3, 3, np.random.default_rng(1), scale=1.0)  # softmax, 3 classes
Y3 = data.one_hot(np.array([0, 2, 1, 1, 0]), 3)  # (3, m)
IDS3 = np.array([[0.0, 2.0, 1.0, 1.0, 0.0]])  # the same labels as a (1, m) row of class ids
Z = RNG.standard_normal((1, 5)) * 3  # logits (1, m)
A = activations.sigmoid(Z)
Z3 = RNG.standard_normal((3, 5))
A3 = activations.softmax(Z3)
GRADS = {"d" + k: np.ones_like(v) for k, v in P.items()}
EXTRA = {**P, "W4": np.ones((1, 1)), "b4": np.zeros((1, 1))}  # a layer 4 with no layer 3: a gap in the numbering
STRAY = {**P, "dW1": np.ones((3, 2))}  # a gradient left among the params
GAP = r"params has layer 4 \(W4\) but no W3, b3: the layers must be numbered 1\.\.L without gaps"
DEEP = network.init_params([2, 3, 4, 1], np.random.default_rng(3), scale=1.0)  # L = 3


def _mat(params):
    """params with every array an np.matrix (whose * is a matrix product)."""
    return {k: np.asmatrix(v) for k, v in params.items()}


def _lists(d):
    return {k: v.tolist() for k, v in d.items()}


def _plain(x):
    return type(x) is np.ndarray and x.dtype == np.float64


def _same(expected, tol=1e-12):
    """check: the result equals expected (arrays, or dicts/tuples of arrays), as plain float64 arrays."""
    def check(result):
        check_one(result, expected, "")

    def check_one(r, e, k):
        if isinstance(e, dict):
            assert set(r) >= set(e), set(e) - set(r)
            for key in e:
                check_one(r[key], e[key], key)
        elif isinstance(e, tuple):
            assert len(r) == len(e)
            for ri, ei in zip(r, e):
                check_one(ri, ei, k)
        elif isinstance(e, np.ndarray):
            assert type(r) is np.ndarray, (k, type(r))  # never an np.matrix
            np.testing.assert_allclose(r, e, rtol=tol, atol=tol, err_msg=k)
        else:
            assert r == pytest.approx(e, rel=tol), k
    return check


def _forward(params=P, X_=X, hidden="tanh", output="sigmoid"):
    return network.forward(params, X_, hidden, output)


def _relu_cache():
    return network.forward(P, X, "relu")[1]


def _stale_cache():
    _, cache = network.forward(P, X)
    grads = network.backward(P, cache, X, Y)
    return network.update(P, grads, 0.5), cache  # new params, the old cache


def _bce_reference(A_, Y_):
    return float(-np.mean(np.sum(Y_ * np.log(A_) + (1 - Y_) * np.log(1 - A_), axis=0)))


def _fd_dZ2(params, X_, Y_, output):
    """dL/dZ2 per example by finite differences of the logits loss: an independent reference for soft labels."""
    Z2 = network.forward(params, X_, "tanh", output)[1]["Z2"].copy()
    f = losses.bce_with_logits if output == "sigmoid" else losses.cross_entropy_with_logits
    return X_.shape[1] * gradcheck.numerical_gradient(lambda Zp: f(Zp, Y_), Z2)


def _flower_points(m):
    Xf, Yf = data.make_flower(m)
    assert Xf.shape == (2, m) and Yf.shape == (1, m)
    assert np.all(np.abs(Xf).sum(axis=0) > 0), "a padding point (0, 0)"
    assert 0 < Yf.sum() < m and abs(Yf.sum() - (m - Yf.sum())) <= 1  # both classes, balanced
    return True


def _flower_400_unchanged(result):
    Xf, Yf = result
    ds = data.load_flower()  # data/flower.csv, the committed file
    assert np.array_equal(Xf, ds.X) and np.array_equal(Yf, ds.Y)


def _trainer():
    return flow.FlowTrainer("flower", n_h=2, seed=2)


# ---------------------------------------------------------------- the registry

MISSING_B2 = {k: v for k, v in P.items() if k != "b2"}
NAN_X = np.where(np.eye(2, 5) > 0, np.nan, X)

CASES = {
    # ---- network
    "network.forward": [
        ("[matrix] params and X as np.matrix", lambda: _forward(_mat(P), np.asmatrix(X)), returns(_same(_forward()))),
        ("[list] params and X as lists", lambda: _forward(_lists(P), X.tolist()), returns(_same(_forward()))),
        ("[extra keys] W4, b4 beside W1..b2, no layer 3", lambda: _forward(EXTRA),
         raises(ValueError, GAP)),
        ("[missing key] no b2", lambda: _forward(MISSING_B2), raises(ValueError, r"params is missing key 'b2'")),
        ("[m = 0] X with no columns", lambda: _forward(P, np.zeros((2, 0))),
         raises(ValueError, r"X has no examples: shape \(2, 0\); expected \(n_x, m\) with m >= 1")),
        ("[shape] X (m, n_x), the row convention", lambda: _forward(P, X.T),
         raises(ValueError, r"W1 has shape \(3, 2\) but X has 5 rows: X must be \(n_x, m\) = \(2, m\)")),
        ("[nonfinite] NaN in X", lambda: _forward(P, NAN_X), raises(ValueError, r"X contains 2 NaN")),
        ("[type] X a string", lambda: _forward(P, "X"), raises(TypeError, r"X must be a numpy array of numbers, got str")),
        ("[name] hidden='softplus'", lambda: _forward(P, X, "softplus"),
         raises(ValueError, r"unknown hidden activation 'softplus'")),
        ("(probe) softmax over n_y = 1 class", lambda: _forward(P, X, "tanh", "softmax"),
         raises(ValueError, r"softmax output needs n_y >= 2 classes, but W2 has n_y = 1")),
        ("(probe) masked array X", lambda: _forward(P, np.ma.masked_less(X, 0)),
         raises(TypeError, r"X is a masked array")),
        ("(probe) ragged list X", lambda: _forward(P, [[1.0, 2.0], [3.0]]),
         raises(ValueError, r"X is not a rectangular array of numbers")),
        ("[extra keys] a gradient dW1 among the params", lambda: _forward(STRAY),
         raises(ValueError, r"params has unexpected key 'dW1'; it may hold only W1, b1, …, WL, bL")),
        ("[layers] W3 given without b3", lambda: _forward({**P, "W3": np.ones((1, 1))}),
         raises(ValueError, r"params is missing key 'b3'; expected keys \['W1', 'b1', 'W2', 'b2', 'W3', 'b3'\]")),
        ("[layers] W3 that does not fit layer 2's width", lambda: _forward({**DEEP, "W3": np.ones((1, 3))}),
         raises(ValueError, r"W3 has shape \(1, 3\) but W2 has shape \(4, 3\): W3 must have n\[2\] = 4 columns")),
        ("[hidden] a list of 1 name for L = 3 (2 hidden layers)", lambda: _forward(DEEP, X, ["relu"]),
         raises(ValueError, r"hidden lists 1 activation\(s\) but this network has L = 3 layers, so 2 hidden")),
        ("[hidden] an unknown name in the list", lambda: _forward(DEEP, X, ["relu", "gelu"]),
         raises(ValueError, r"unknown hidden activation of layer 2 'gelu'")),
        ("[hidden] a number", lambda: _forward(DEEP, X, 3), raises(TypeError, r"hidden must be an activation name")),
        ("[hidden] per-layer names: the maths by hand", lambda: _forward(DEEP, X, ("relu", "tanh"))[0],
         returns(_same(activations.sigmoid(DEEP["W3"] @ np.tanh(DEEP["W2"] @ np.maximum(DEEP["W1"] @ X + DEEP["b1"], 0)
                                                             + DEEP["b2"]) + DEEP["b3"])))),
        ("[L = 1] logistic regression: sigmoid(W1 X + b1)", lambda: _forward(
            network.init_params([2, 1], np.random.default_rng(0), scale=1.0), X)[0],
         returns(_same(activations.sigmoid(network.init_params([2, 1], np.random.default_rng(0), scale=1.0)["W1"]
                                           @ X)))),
        ("(probe) cache records hidden and output", lambda: _forward(P, X, "relu")[1],
         returns(lambda c: (c.hidden, c.output) == ("relu", "sigmoid") or pytest.fail(str((c.hidden, c.output))))),
    ],
    "network.backward": [
        ("[cache] forward(relu), backward with the default hidden: uses the cache's relu",
         lambda: network.backward(P, _relu_cache(), X, Y),
         returns(_same({k: network.numerical_param_gradients(P, X, Y, "relu")[k] for k in network.GRAD_NAMES},
                       tol=1e-7))),
        ("[cache] forward(relu), backward(hidden='tanh'): refused naming both",
         lambda: network.backward(P, _relu_cache(), X, Y, hidden="tanh"),
         raises(ValueError, r"made by forward\(\.\.\., hidden='relu'\) but backward was called with hidden='tanh'")),
        ("[cache] a plain-dict relu cache with hidden='tanh': refused naming relu",
         lambda: network.backward(P, dict(_relu_cache()), X, Y, hidden="tanh"),
         raises(ValueError, r"cache\['A1'\] is not tanh\(cache\['Z1'\]\) \(it matches hidden='relu'\)")),
        ("[list] params, cache, X, Y as lists",
         lambda: network.backward(_lists(P), _lists(_forward()[1]), X.tolist(), Y.tolist()),
         returns(_same(network.backward(P, _forward()[1], X, Y)))),
        ("[matrix] params, cache, X, Y as np.matrix",
         lambda: network.backward(_mat(P), _mat(_forward()[1]), np.asmatrix(X), np.asmatrix(Y)),
         returns(_same(network.backward(P, _forward()[1], X, Y)))),
        ("[labels] Y = 2 for a sigmoid output", lambda: network.backward(P, _forward()[1], X, Y * 2),
         raises(ValueError, r"Y must hold labels 0 or 1 \(or soft labels in \[0, 1\]\) for a sigmoid output; got 2")),
        ("[labels] Y = -1 for a sigmoid output", lambda: network.backward(P, _forward()[1], X, Y - 1),
         raises(ValueError, r"Y must hold labels 0 or 1 .* got -1")),
        ("[labels] softmax Y column (2, -1, 0) sums to 1 but is not one-hot",
         lambda: network.backward(P3, _forward(P3, X, "tanh", "softmax")[1], X,
                                  np.c_[[2.0, -1.0, 0.0], Y3[:, 1:]]),
         raises(ValueError, r"each column of Y must be one-hot .* column 0 is \[2\.0, -1\.0, 0\.0\]")),
        ("[class ids] softmax Y as a (1, m) row of class ids",
         lambda: network.backward(P3, _forward(P3, X, "tanh", "softmax")[1], X, IDS3),
         raises(ValueError, r"row of class ids 0\.\.2: .* Y = helpers\.data\.one_hot\(Y\[0\]\.astype\(int\), 3\)")),
        ("[soft labels] sigmoid Y = 0.3 (supported): dZ2 = A2 - Y against finite differences",
         lambda: network.backward(P, _forward()[1], X, np.full((1, 5), 0.3))["dZ2"],
         returns(_same(_fd_dZ2(P, X, np.full((1, 5), 0.3), "sigmoid"), tol=1e-6))),
        ("[m = 0] X with no columns", lambda: network.backward(P, _forward()[1], np.zeros((2, 0)), Y),
         raises(ValueError, r"X has no examples")),
        ("[extra keys] params with W4, b4 but no layer 3", lambda: network.backward(EXTRA, _forward()[1], X, Y),
         raises(ValueError, GAP)),
        ("[missing key] cache without A1",
         lambda: network.backward(P, {k: v for k, v in _forward()[1].items() if k != "A1"}, X, Y),
         raises(ValueError, r"cache is missing key 'A1'")),
        ("[type] cache a tuple", lambda: network.backward(P, tuple(_forward()[1].values()), X, Y),
         raises(TypeError, r"cache must be the dict returned by forward")),
        ("[shape] cache['Z1'] transposed", lambda: network.backward(P, {**_forward()[1], "Z1": _forward()[1]["Z1"].T},
                                                                     X, Y),
         raises(ValueError, r"cache\['Z1'\] has shape \(5, 3\) but expected \(3, 5\)")),
        ("(probe) a stale cache: params updated after forward",
         lambda: network.backward(*_stale_cache()[:1], _stale_cache()[1], X, Y),
         raises(ValueError, r"cache\['Z1'\] is not W1 @ X \+ b1 for these params and X")),
        ("(probe) a cache from other X of the same shape", lambda: network.backward(P, _forward()[1], X + 1, Y),
         raises(ValueError, r"cache\['Z1'\] is not W1 @ X \+ b1")),
        ("(probe) Y transposed (m, n_y)", lambda: network.backward(P, _forward()[1], X, Y.T),
         raises(ValueError, r"Y looks transposed \(one example per row\): pass Y\.T")),
        ("[hidden] a deep cache made with per-layer names, backward with other names",
         lambda: network.backward(DEEP, _forward(DEEP, X, ["relu", "tanh"])[1], X, Y, hidden=["tanh", "relu"]),
         raises(ValueError, r"made by forward\(\.\.\., hidden=\('relu', 'tanh'\)\) but backward was called with "
                            r"hidden=\('tanh', 'relu'\)")),
        ("[hidden] a hand-made deep cache checked layer by layer",
         lambda: network.backward(DEEP, dict(_forward(DEEP, X, ["relu", "tanh"])[1]), X, Y, hidden="tanh"),
         raises(ValueError, r"cache\['A1'\] is not tanh\(cache\['Z1'\]\) \(it matches hidden='relu'\).* for layer 1")),
        ("[L = 3] deep backward against finite differences",
         lambda: network.backward(DEEP, _forward(DEEP, X, "sigmoid")[1], X, Y),
         returns(_same(network.numerical_param_gradients(DEEP, X, Y, "sigmoid"), tol=1e-7))),
        ("(probe) output='softmax' for a sigmoid cache", lambda: network.backward(P, _forward()[1], X, Y,
                                                                                 output="softmax"),
         raises(ValueError, r"made by forward\(\.\.\., output='sigmoid'\) but backward was called with "
                            r"output='softmax'")),
    ],
    "network.update": [
        ("[matrix] params as np.matrix: plain arrays back", lambda: network.update(_mat(P), GRADS, 0.5),
         returns(_same({k: P[k] - 0.5 for k in P}))),
        ("[list] grads as lists", lambda: network.update(P, _lists(GRADS), 0.5),
         returns(_same({k: P[k] - 0.5 for k in P}))),
        ("[missing key] grads without dW1",
         lambda: network.update(P, {k: v for k, v in GRADS.items() if k != "dW1"}, 0.5),
         raises(ValueError, r"grads is missing key 'dW1'")),
        ("[extra keys] params with W4, b4 but no layer 3 (not dropped silently)",
         lambda: network.update(EXTRA, GRADS, 0.5),
         raises(ValueError, GAP)),
        ("[extra keys] grads with dW3", lambda: network.update(P, {**GRADS, "dW3": np.ones((1, 1))}, 0.5),
         raises(ValueError, r"grads has unexpected key 'dW3'")),
        ("[shape] dW1 transposed", lambda: network.update(P, {**GRADS, "dW1": GRADS["dW1"].T}, 0.5),
         raises(ValueError, r"dW1 has shape \(2, 3\) but W1 has shape \(3, 2\)")),
        ("[value] learning_rate = -1", lambda: network.update(P, GRADS, -1.0),
         raises(ValueError, r"learning_rate must be a finite number > 0, got -1\.0")),
        ("(probe) grads from backward, with dZ1 and dZ2: accepted",
         lambda: network.update(P, network.backward(P, _forward()[1], X, Y), 0.0 + 1e-3), returns(lambda r: True)),
        ("[L = 3] deep grads from backward (dZ, dA ignored)",
         lambda: network.update(DEEP, network.backward(DEEP, _forward(DEEP)[1], X, Y), 0.5),
         returns(lambda r: sorted(r) == sorted(DEEP) or pytest.fail(str(sorted(r))))),
        ("[L = 3] deep grads without dW3", lambda: network.update(DEEP, {"d" + k: np.ones_like(v) for k, v in
                                                                          DEEP.items() if k != "W3"}, 0.5),
         raises(ValueError, r"grads is missing key 'dW3'")),
        ("(probe) grads a list", lambda: network.update(P, list(GRADS.values()), 0.5),
         raises(TypeError, r"grads must be a dict with keys \['dW1', 'db1', 'dW2', 'db2'\], got list")),
    ],
    "network.train": [
        ("[labels] Y = 2", lambda: network.train(X, Y * 2, 3, num_iterations=2, rng=np.random.default_rng(0)),
         raises(ValueError, r"Y must hold labels 0 or 1")),
        ("[class ids] softmax Y as class ids", lambda: network.train(X, IDS3, 3, output="softmax", num_iterations=2,
                                                                      rng=np.random.default_rng(0)),
         raises(ValueError, r"softmax output needs n_y >= 2 classes .*one_hot\(Y\[0\]\.astype\(int\), 3\)")),
        ("[extra keys] params with W4, b4 but no layer 3",
         lambda: network.train(X, Y, 3, num_iterations=2, params=EXTRA),
         raises(ValueError, GAP)),
        ("[m = 0] no examples", lambda: network.train(np.zeros((2, 0)), np.zeros((1, 0)), 3, num_iterations=2,
                                                      rng=np.random.default_rng(0)),
         raises(ValueError, r"X has no examples")),
        ("[matrix] X, Y, params as np.matrix", lambda: network.train(np.asmatrix(X), np.asmatrix(Y), 3,
                                                                     num_iterations=3, params=_mat(P)),
         returns(_same(network.train(X, Y, 3, num_iterations=3, params=P)))),
        ("[value] num_iterations = 0", lambda: network.train(X, Y, 3, num_iterations=0, rng=np.random.default_rng(0)),
         raises(ValueError, r"num_iterations must be >= 1, got 0")),
        ("[type] no rng and no params", lambda: network.train(X, Y, 3, num_iterations=1),
         raises(TypeError, r"train needs rng=np\.random\.default_rng\(seed\)")),
        ("[hidden_sizes] both n_h and hidden_sizes", lambda: network.train(X, Y, 3, hidden_sizes=[3],
                                                                           rng=np.random.default_rng(0)),
         raises(TypeError, r"give n_h \(one hidden layer\) or hidden_sizes=\[n\[1\], …, n\[L-1\]\], not both")),
        ("[hidden_sizes] a string", lambda: network.train(X, Y, hidden_sizes="32", rng=np.random.default_rng(0)),
         raises(TypeError, r"hidden_sizes must be a list of ints")),
        ("[hidden_sizes] a width 0", lambda: network.train(X, Y, hidden_sizes=[3, 0], rng=np.random.default_rng(0)),
         raises(ValueError, r"hidden_sizes\[1\] must be >= 1, got 0")),
        ("[hidden_sizes] neither n_h nor hidden_sizes nor params",
         lambda: network.train(X, Y, rng=np.random.default_rng(0)),
         raises(TypeError, r"train needs n_h \(one hidden layer\), hidden_sizes=")),
        ("[hidden_sizes] widths that differ from params'",
         lambda: network.train(X, Y, hidden_sizes=[3, 5], params=DEEP),
         raises(ValueError, r"params has hidden layers of widths \[3, 4\] but hidden_sizes = \[3, 5\] was asked for")),
        ("[scale] 'glorot' is not a scheme name", lambda: network.train(X, Y, hidden_sizes=[3], scale="glorot",
                                                                         rng=np.random.default_rng(0)),
         raises(ValueError, r"unknown scale 'glorot'; expected one of \['he', 'xavier'\]")),
        ("[hidden_sizes] [3] equals n_h = 3, bit for bit",
         lambda: network.train(X, Y, hidden_sizes=[3], num_iterations=3, rng=np.random.default_rng(0))[0],
         returns(_same(network.train(X, Y, 3, num_iterations=3, rng=np.random.default_rng(0))[0], tol=0))),
        ("[L = 3] deep training with params: the update of the public functions",
         lambda: network.train(X, Y, hidden="relu", learning_rate=0.5, num_iterations=1, params=DEEP)[0],
         returns(_same(network.update(DEEP, network.backward(DEEP, _forward(DEEP, X, "relu")[1], X, Y), 0.5)))),
        ("(probe) the caller's params are not modified", lambda: network.train(X, Y, 3, num_iterations=3,
                                                                               params=P)[0],
         returns(lambda r: np.array_equal(P["W1"], network.init_params(2, 3, 1, np.random.default_rng(0),
                                                                       scale=1.0)["W1"]) or pytest.fail())),
    ],
    "network.loss": [
        ("[domain] A2 = 1.5", lambda: network.loss(np.full((1, 5), 1.5), Y),
         raises(ValueError, r"A holds values from 1\.5 to 1\.5, outside \[0, 1\]")),
        ("[logits] Z2 passed as A2", lambda: network.loss(Z, Y),
         raises(ValueError, r"These look like logits Z \(pre-activations\): pass sigmoid\(Z\), or use "
                            r"losses\.bce_with_logits\(Z, Y\)")),
        ("[m = 0]", lambda: network.loss(np.zeros((1, 0)), np.zeros((1, 0))), raises(ValueError, r"A has no examples")),
        ("[matrix] np.matrix A2 and Y", lambda: network.loss(np.asmatrix(A), np.asmatrix(Y)),
         returns(_same(_bce_reference(A, Y)))),
        ("[name] output='linear'", lambda: network.loss(A, Y, "linear"), raises(ValueError, r"unknown output 'linear'")),
    ],
    "network.predict": [
        ("[extra keys] params with W4, b4 but no layer 3", lambda: network.predict(EXTRA, X),
         raises(ValueError, GAP)),
        ("[matrix] np.matrix params", lambda: network.predict(_mat(P), X),
         returns(_same((network.forward(P, X)[0] > 0.5).astype(float)))),
        ("[m = 0]", lambda: network.predict(P, np.zeros((2, 0))), raises(ValueError, r"X has no examples")),
    ],
    "network.accuracy": [
        ("[labels] Y = 2 no longer counts as class 1", lambda: network.accuracy(P, X, Y * 2),
         raises(ValueError, r"Y must hold labels 0 or 1 for a sigmoid output; got 2")),
        ("[class ids] softmax Y as a (1, m) row of class ids", lambda: network.accuracy(P3, X, IDS3, output="softmax"),
         raises(ValueError, r"row of class ids .*one_hot\(Y\[0\]\.astype\(int\), 3\)")),
        ("(probe) soft labels refused: accuracy needs hard labels", lambda: network.accuracy(P, X, np.full((1, 5), .3)),
         raises(ValueError, r"Y must hold labels 0 or 1 for a sigmoid output; got 0\.3")),
        ("[extra keys]", lambda: network.accuracy(EXTRA, X, Y), raises(ValueError, GAP)),
        ("[correct] one-hot Y built from the predictions", lambda: network.accuracy(
            P3, X, np.eye(3)[:, network.predict(P3, X, output="softmax")[0]], output="softmax"),
         returns(lambda r: r == 1.0 or pytest.fail(str(r)))),
        ("[name] output='identity'", lambda: network.accuracy(P, X, Y, output="identity"),
         raises(ValueError, r"accuracy needs a classifier output")),
    ],
    "network_inputs.check_params": [
        ("[extra keys]", lambda: network.check_params(EXTRA), raises(ValueError, GAP)),
        ("[missing key]", lambda: network.check_params(MISSING_B2), raises(ValueError, r"missing key 'b2'")),
        ("[type] params a list", lambda: network.check_params([P]), raises(TypeError, r"params must be a dict")),
        ("[matrix] converted to plain arrays", lambda: network.check_params(_mat(P))[0], returns(_same(P))),
        ("[shape] b1 a row", lambda: network.check_params({**P, "b1": P["b1"].T}),
         raises(ValueError, r"b1 has shape \(1, 3\) but expected \(n_h, 1\) = \(3, 1\)")),
    ],
    "network.check_scale": [
        ("[value] scale = 0", lambda: network.check_scale(0), raises(ValueError, r"scale must be a finite number > 0")),
        ("[choice] 'glorot'", lambda: network.check_scale("glorot"),
         raises(ValueError, r"unknown scale 'glorot'; expected one of \['he', 'xavier'\]")),
        ("[type] True", lambda: network.check_scale(True),
         raises(TypeError, r"scale must be a number > 0 or one of \['he', 'xavier'\], got bool")),
        ("[correct] 0.5 and 'he' pass through", lambda: (network.check_scale(0.5), network.check_scale("he")),
         returns(lambda r: r == (0.5, "he") or pytest.fail(str(r)))),
    ],
    "network.init_params": [
        ("[type] rng an int seed", lambda: network.init_params(2, 3, 1, 42), raises(TypeError, r"rng must be a numpy")),
        ("[value] n_h = 0", lambda: network.init_params(2, 0, 1, np.random.default_rng(0)),
         raises(ValueError, r"n_h must be >= 1, got 0")),
        ("[value] scale = nan", lambda: network.init_params(2, 3, 1, np.random.default_rng(0), float("nan")),
         raises(ValueError, r"scale must be a finite number > 0, got nan")),
        ("(probe) scale = 1.7e308 overflows the weights", lambda: network.init_params(2, 3, 1, np.random.default_rng(0),
                                                                                      1.7e308),
         raises(ValueError, r"scale = 1\.7e\+308 makes some weights overflow to inf")),
        ("[layer_sizes] a string", lambda: network.init_params("2,3,1", np.random.default_rng(0)),
         raises(TypeError, r"layer_sizes must be a list of ints \[n_x, n\[1\], …, n\[L\]\], got str")),
        ("[layer_sizes] only [n_x]", lambda: network.init_params([2], np.random.default_rng(0)),
         raises(ValueError, r"layer_sizes must hold at least \[n_x, n_y\] \(one layer\), got \[2\]")),
        ("[layer_sizes] a width 0", lambda: network.init_params([2, 0, 1], np.random.default_rng(0)),
         raises(ValueError, r"layer_sizes\[1\] must be >= 1, got 0")),
        ("[layer_sizes] a float width", lambda: network.init_params([2, 3.5, 1], np.random.default_rng(0)),
         raises(TypeError, r"layer_sizes\[1\] must be an int >= 1, got float 3\.5")),
        ("[layer_sizes] no rng", lambda: network.init_params([2, 3, 1]), raises(TypeError, r"rng must be a numpy")),
        ("[scale] 'glorot'", lambda: network.init_params([2, 3, 1], np.random.default_rng(0), "glorot"),
         raises(ValueError, r"unknown scale 'glorot'; expected one of \['he', 'xavier'\]")),
        ("[scale] True", lambda: network.init_params([2, 3, 1], np.random.default_rng(0), True),
         raises(TypeError, r"scale must be a number > 0 or one of \['he', 'xavier'\], got bool")),
        ("[arguments] the 2-layer form without n_y", lambda: network.init_params(2, 3, np.random.default_rng(0)),
         raises(TypeError, r"n_y must be an int >= 1, got Generator")),
        ("[legacy] init_params(2, 3, 1, rng) equals init_params([2, 3, 1], rng), bit for bit",
         lambda: network.init_params(2, 3, 1, np.random.default_rng(5), scale=0.3),
         returns(_same(network.init_params([2, 3, 1], np.random.default_rng(5), 0.3), tol=0))),
        ("[scale] 'he': std sqrt(2 / n[l-1]) per layer, the same draws as scale 1",
         lambda: network.init_params([400, 300, 2], np.random.default_rng(0), scale="he"),
         returns(lambda r: all(np.allclose(r[k], network.init_params([400, 300, 2], np.random.default_rng(0),
                                                                     scale=1.0)[k] * np.sqrt(2 / n))
                               for k, n in (("W1", 400), ("W2", 300))) or pytest.fail())),
        ("[type] n_x = 2.0", lambda: network.init_params(2.0, 3, 1, np.random.default_rng(0)),
         raises(TypeError, r"n_x must be an int >= 1, got float 2\.0")),
    ],
    "network.param_names": [
        ("[value] L = 0", lambda: network.param_names(0), raises(ValueError, r"L must be >= 1, got 0")),
        ("[type] L = 2.0", lambda: network.param_names(2.0), raises(TypeError, r"L must be an int")),
        ("[L = 2]", lambda: network.param_names(2),
         returns(lambda r: r == network.PARAM_NAMES or pytest.fail(str(r)))),
    ],
    "network.numerical_param_gradients": [
        ("[eps] eps = inf", lambda: network.numerical_param_gradients(P, X, Y, eps=float("inf")),
         raises(ValueError, r"eps must be a finite number > 0, got inf")),
        ("[labels] Y = 2", lambda: network.numerical_param_gradients(P, X, Y * 2),
         raises(ValueError, r"Y must hold labels 0 or 1")),
        ("[hidden] a list too long", lambda: network.numerical_param_gradients(DEEP, X, Y, ["relu"] * 3),
         raises(ValueError, r"hidden lists 3 activation\(s\) but this network has L = 3 layers")),
        ("[extra keys]", lambda: network.numerical_param_gradients(EXTRA, X, Y),
         raises(ValueError, GAP)),
    ],
    # ---- network_inputs (issue 14: the checks network runs on its inputs)
    "network_inputs.key_names": [
        ("[value] L = 0", lambda: network_inputs.key_names(0), raises(ValueError, r"L must be >= 1, got 0")),
        ("[L = 3] every kind, in layer order", lambda: network_inputs.key_names(3),
         returns(lambda r: (r["params"] == network.param_names(3) and r["dA"] == ("", "dA1", "dA2")
                            and r["extras"] == ("dZ1", "dZ2", "dZ3", "dA1", "dA2")) or pytest.fail(str(r)))),
    ],
    "network_inputs.layer_count": [
        ("[type] params a list", lambda: network_inputs.layer_count([P]), raises(TypeError, r"params must be a dict")),
        ("[extra keys] a gap", lambda: network_inputs.layer_count(EXTRA), raises(ValueError, GAP)),
        ("[key] a gradient among the params", lambda: network_inputs.layer_count(STRAY),
         raises(ValueError, r"params has unexpected key 'dW1'")),
        ("[value] an empty dict", lambda: network_inputs.layer_count({}), raises(ValueError, r"params is empty")),
        ("[key] W0", lambda: network_inputs.layer_count({**P, "W0": np.ones((1, 1))}),
         raises(ValueError, r"params has unexpected key 'W0'")),
        ("[L = 3]", lambda: network_inputs.layer_count(DEEP), returns(lambda r: r == 3 or pytest.fail(str(r)))),
    ],
    "network_inputs.check_activation_pair": [
        ("[name] hidden 'softplus'", lambda: network_inputs.check_activation_pair("softplus", "sigmoid"),
         raises(ValueError, r"unknown hidden activation 'softplus'")),
        ("[type] hidden a list", lambda: network_inputs.check_activation_pair(["tanh"], "sigmoid"),
         raises(TypeError, r"hidden activation must be a string")),
        ("[name] output 'relu'", lambda: network_inputs.check_activation_pair("tanh", "relu"),
         raises(ValueError, r"unknown output 'relu'")),
    ],
    "network_inputs.check_int_list": [
        ("[type] a dict", lambda: network_inputs.check_int_list({1: 2}, "sizes", "[n1]"),
         raises(TypeError, r"sizes must be a list of ints \[n1\], got dict")),
        ("[value] a 0", lambda: network_inputs.check_int_list([3, 0], "sizes", "[n1]"),
         raises(ValueError, r"sizes\[1\] must be >= 1, got 0")),
        ("[correct] a numpy array of ints", lambda: network_inputs.check_int_list(np.array([3, 4]), "sizes", ""),
         returns(lambda r: r == (3, 4) or pytest.fail(str(r)))),
    ],
    "network_inputs.check_layer_sizes": [
        ("[value] one size", lambda: network_inputs.check_layer_sizes([4]),
         raises(ValueError, r"layer_sizes must hold at least \[n_x, n_y\]")),
        ("[type] an int", lambda: network_inputs.check_layer_sizes(4),
         raises(TypeError, r"layer_sizes must be a list of ints \[n_x, n\[1\], …, n\[L\]\], got int")),
    ],
    "network_inputs.check_widths": [
        ("[arguments] both n_h and hidden_sizes", lambda: network_inputs.check_widths(3, [3]),
         raises(TypeError, r"give n_h \(one hidden layer\) or hidden_sizes")),
        ("[type] hidden_sizes a string", lambda: network_inputs.check_widths(None, "4"),
         raises(TypeError, r"hidden_sizes must be a list of ints \(the widths")),
        ("[correct] neither, n_h, and []", lambda: [network_inputs.check_widths(None, None),
                                                    network_inputs.check_widths(4, None),
                                                    network_inputs.check_widths(None, [])],
         returns(lambda r: r == [None, (4,), ()] or pytest.fail(str(r)))),
    ],
    "network_inputs.check_rng": [
        ("[type] a seed", lambda: network_inputs.check_rng(1), raises(TypeError, r"rng must be a numpy Generator")),
        ("[type] the legacy RandomState", lambda: network_inputs.check_rng(np.random.RandomState(0)),
         raises(TypeError, r"got RandomState")),
    ],
    "network_inputs.check_hidden": [
        ("[name] 'tahn'", lambda: network_inputs.check_hidden("tahn"), raises(ValueError, r"unknown hidden activation")),
        ("[type] a dict", lambda: network_inputs.check_hidden({"l1": "tanh"}),
         raises(TypeError, r"hidden must be an activation name .* got dict")),
        ("[name] layer 2 of a list", lambda: network_inputs.check_hidden(["tanh", "elu"]),
         raises(ValueError, r"hidden activation of layer 2")),
        ("[correct] a list becomes a tuple", lambda: network_inputs.check_hidden(["relu", "tanh"]),
         returns(lambda r: r == ("relu", "tanh") or pytest.fail(str(r)))),
    ],
    "network_inputs.check_activations": [
        ("[name] output 'relu'", lambda: network_inputs.check_activations("tanh", "relu"),
         raises(ValueError, r"unknown output 'relu'")),
        ("[name] hidden checked first", lambda: network_inputs.check_activations("elu", "relu"),
         raises(ValueError, r"unknown hidden activation 'elu'")),
    ],
    "network_inputs.hidden_per_layer": [
        ("[value] two names for L = 2", lambda: network_inputs.hidden_per_layer(("tanh", "relu"), 2),
         raises(ValueError, r"hidden lists 2 activation\(s\) but this network has L = 2 layers")),
        ("[correct] one name for every hidden layer", lambda: network_inputs.hidden_per_layer("relu", 4),
         returns(lambda r: r == ("relu",) * 3 or pytest.fail(str(r)))),
    ],
    "network_inputs.check_output_size": [
        ("[value] softmax over one class", lambda: network_inputs.check_output_size(1, "softmax", 3),
         raises(ValueError, r"a softmax output needs n_y >= 2 classes, but W3 has n_y = 1")),
        ("[correct] sigmoid over one class", lambda: network_inputs.check_output_size(1, "sigmoid"),
         returns(lambda r: r is None or pytest.fail(str(r)))),
    ],
    "network_inputs.network_labels": [
        ("[shape] Y (1, 4) against A2 (1, 5)", lambda: network_inputs.network_labels(Y[:, :4], "sigmoid", 1, 5),
         raises(ValueError, r"the network's output A2")),
        ("[labels] Y = 2", lambda: network_inputs.network_labels(Y * 2, "sigmoid", 1, 5),
         raises(ValueError, r"Y must hold labels 0 or 1")),
    ],
    "network_inputs.cache_activations": [
        ("[mismatch] hidden differs from the cache's", lambda: network_inputs.cache_activations(_relu_cache(), "tanh",
                                                                                                None, 2),
         raises(ValueError, r"this cache was made by forward\(\.\.\., hidden='relu'\)")),
        ("[correct] a hand-made cache: tanh and sigmoid", lambda: network_inputs.cache_activations({}, None, None, 3),
         returns(lambda r: r == (("tanh", "tanh"), "sigmoid") or pytest.fail(str(r)))),
        ("[correct] forward's cache: its own", lambda: network_inputs.cache_activations(_relu_cache(), None, None, 2),
         returns(lambda r: r == (("relu",), "sigmoid") or pytest.fail(str(r)))),
    ],
    "network_inputs.check_cache": [
        ("[type] a list", lambda: network_inputs.check_cache([1], P, X, None, None, 2),
         raises(TypeError, r"cache must be the dict returned by forward")),
        ("[stale] params changed after forward", lambda: network_inputs.check_cache(_stale_cache()[1],
                                                                                    _stale_cache()[0], X, None, None, 2),
         raises(ValueError, r"cache\['Z1'\] is not W1 @ X \+ b1 for these params and X")),
        ("[activation] a relu cache checked as tanh", lambda: network_inputs.check_cache(dict(_relu_cache()), P, X,
                                                                                         "tanh", None, 2),
         raises(ValueError, r"cache\['A1'\] is not tanh\(cache\['Z1'\]\) \(it matches hidden='relu'\)")),
        ("[shape] A1 transposed", lambda: network_inputs.check_cache({**_relu_cache(), "A1": _relu_cache()["A1"].T},
                                                                     P, X, None, None, 2),
         raises(ValueError, r"cache\['A1'\] has shape \(5, 3\) but expected \(3, 5\)")),
        ("[correct] a hand-made copy equals forward's", lambda: network_inputs.check_cache(dict(_relu_cache()), P, X,
                                                                                           "relu", None, 2)[0],
         returns(_same(dict(_relu_cache())))),
    ],
    # ---- losses
    "losses.check_labels": [
        ("[labels] sigmoid Y = -1", lambda: losses.check_labels(Y - 1, "sigmoid"), raises(ValueError, r"got -1")),
        ("[class ids] softmax ids row against A (3, m)", lambda: losses.check_labels(IDS3, "softmax", (3, 5)),
         raises(ValueError, r"one_hot\(Y\[0\]\.astype\(int\), 3\)")),
        ("[soft labels] a softmax probability column is accepted", lambda: losses.check_labels(A3, "softmax"),
         returns(_same(A3))),
        ("[hard] soft labels refused when hard=True", lambda: losses.check_labels(A3, "softmax", hard=True),
         raises(ValueError, r"each column of Y must be one-hot for a softmax output")),
        ("[name] output='linear'", lambda: losses.check_labels(Y, "linear"), raises(ValueError, r"unknown output")),
        ("[m = 0]", lambda: losses.check_labels(np.zeros((1, 0)), "sigmoid"), raises(ValueError, r"Y has no examples")),
    ],
    "losses.binary_cross_entropy": [
        ("[domain] A = 1.5", lambda: losses.binary_cross_entropy(np.full((1, 5), 1.5), Y),
         raises(ValueError, r"outside \[0, 1\]")),
        ("[domain] A = -0.2", lambda: losses.binary_cross_entropy(np.full((1, 5), -0.2), Y),
         raises(ValueError, r"A holds values from -0\.2 to -0\.2, outside \[0, 1\]")),
        ("[logits] Z passed as A", lambda: losses.binary_cross_entropy(Z, Y), raises(ValueError, r"look like logits")),
        ("[labels] Y = 2", lambda: losses.binary_cross_entropy(A, Y * 2), raises(ValueError, r"got 2 at Y\[0, 0\]")),
        ("[m = 0]", lambda: losses.binary_cross_entropy(np.zeros((1, 0)), np.zeros((1, 0))),
         raises(ValueError, r"A has no examples: shape \(1, 0\)")),
        ("[clip] A = 0 and 1 exactly (valid): finite", lambda: losses.binary_cross_entropy(
            np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])), returns(lambda r: abs(r) < 1e-11 or pytest.fail(str(r)))),
        ("[soft labels] Y = 0.3: the Bernoulli cross-entropy", lambda: losses.binary_cross_entropy(A, np.full((1, 5), .3)),
         returns(_same(_bce_reference(A, np.full((1, 5), 0.3))))),
        ("[matrix] np.matrix A", lambda: losses.binary_cross_entropy(np.asmatrix(A), Y), returns(_same(_bce_reference(A, Y)))),
        ("[list] lists", lambda: losses.binary_cross_entropy(A.tolist(), Y.tolist()), returns(_same(_bce_reference(A, Y)))),
    ],
    "losses.binary_cross_entropy_grad": [
        ("[domain] A = 1.5 (was -1)", lambda: losses.binary_cross_entropy_grad(np.full((1, 5), 1.5), Y),
         raises(ValueError, r"outside \[0, 1\]")),
        ("[labels] Y = -1", lambda: losses.binary_cross_entropy_grad(A, Y - 1), raises(ValueError, r"got -1")),
        ("[soft labels] m dJ/dA by finite differences", lambda: losses.binary_cross_entropy_grad(A, np.full((1, 5), .3)),
         returns(_same(5 * gradcheck.numerical_gradient(
             lambda Ap: losses.binary_cross_entropy(Ap, np.full((1, 5), .3)), A.copy()), tol=1e-6))),
    ],
    "losses.cross_entropy": [
        ("[domain] columns that do not sum to 1", lambda: losses.cross_entropy(np.full((3, 5), 0.5), Y3),
         raises(ValueError, r"column 0 sums to 1\.5")),
        ("[domain] softmax over axis 1 (the examples)", lambda: losses.cross_entropy(
            np.exp(Z3) / np.exp(Z3).sum(axis=1, keepdims=True), Y3),
         raises(ValueError, r"normalised over axis 1 \(the examples\) instead of axis 0")),
        ("[logits] Z passed as A", lambda: losses.cross_entropy(Z3, Y3),
         raises(ValueError, r"pass softmax\(Z\), or use losses\.cross_entropy_with_logits\(Z, Y\)")),
        ("[class ids] Y a row of ids", lambda: losses.cross_entropy(A3, IDS3), raises(ValueError, r"one_hot")),
        ("[labels] column (2, -1, 0)", lambda: losses.cross_entropy(A3, np.c_[[2.0, -1.0, 0.0], Y3[:, 1:]]),
         raises(ValueError, r"column 0 is \[2\.0, -1\.0, 0\.0\]")),
        ("[tolerance] a column off by 1e-7 (within PROB_TOL) is accepted", lambda: losses.cross_entropy(
            A3 + np.r_[1e-7, 0, 0][:, None], Y3), returns(lambda r: np.isfinite(r) or pytest.fail())),
        ("[soft labels] probability columns", lambda: losses.cross_entropy(A3, A3),
         returns(_same(float(-np.sum(A3 * np.log(A3)) / 5)))),
        ("[m = 0]", lambda: losses.cross_entropy(np.zeros((3, 0)), np.zeros((3, 0))), raises(ValueError, r"no examples")),
    ],
    "losses.cross_entropy_grad": [
        ("[domain] columns that do not sum to 1", lambda: losses.cross_entropy_grad(A3 / 2, Y3),
         raises(ValueError, r"must sum to 1 within 1e-05")),
        ("[logits]", lambda: losses.cross_entropy_grad(Z3, Y3), raises(ValueError, r"look like logits")),
    ],
    "losses.mean_squared_error": [
        ("[shape] A and Y", lambda: losses.mean_squared_error(A, Y.T),
         raises(ValueError, r"A has shape \(1, 5\) but Y has shape \(5, 1\)")),
        ("[m = 0]", lambda: losses.mean_squared_error(np.zeros((1, 0)), np.zeros((1, 0))), raises(ValueError, r"no examples")),
        ("[any real] identity labels may be any finite number", lambda: losses.mean_squared_error(Z, Y * 7),
         returns(_same(float(np.sum((Z - 7 * Y) ** 2) / 10)))),
        ("[nonfinite] inf in Y", lambda: losses.mean_squared_error(Z, Y * np.inf),
         raises(ValueError, r"Y contains \d NaN or infinite")),
    ],
    "losses.mean_squared_error_grad": [
        ("[matrix]", lambda: losses.mean_squared_error_grad(np.asmatrix(Z), Y), returns(_same(Z - Y))),
        ("[1-D] ambiguous", lambda: losses.mean_squared_error_grad(Z[0], Y[0]), raises(ValueError, r"reshape")),
    ],
    "losses.sigmoid_bce_dZ": [
        ("[labels] Y = 2", lambda: losses.sigmoid_bce_dZ(Z, Y * 2), raises(ValueError, r"got 2")),
        ("[matrix]", lambda: losses.sigmoid_bce_dZ(np.asmatrix(Z), Y), returns(_same(A - Y))),
        ("[m = 0]", lambda: losses.sigmoid_bce_dZ(np.zeros((1, 0)), np.zeros((1, 0))), raises(ValueError, r"Z has no examples")),
    ],
    "losses.softmax_ce_dZ": [
        ("[class ids]", lambda: losses.softmax_ce_dZ(Z3, IDS3), raises(ValueError, r"one_hot\(Y\[0\]\.astype\(int\), 3\)")),
        ("[labels] column (2, -1, 0)", lambda: losses.softmax_ce_dZ(Z3, np.c_[[2.0, -1.0, 0.0], Y3[:, 1:]]),
         raises(ValueError, r"one-hot")),
        ("(probe) softmax over 1 class", lambda: losses.softmax_ce_dZ(Z, np.ones((1, 5))),
         raises(ValueError, r"softmax output needs n_y >= 2 classes")),
        ("[soft labels] against finite differences", lambda: losses.softmax_ce_dZ(Z3, A3[::-1]),
         returns(_same(5 * gradcheck.numerical_gradient(lambda Zp: losses.cross_entropy_with_logits(Zp, A3[::-1]),
                                                        Z3.copy()), tol=1e-6))),
    ],
    "losses.identity_mse_dZ": [
        ("[list]", lambda: losses.identity_mse_dZ(Z.tolist(), Y.tolist()), returns(_same(Z - Y))),
        ("[type] a dict", lambda: losses.identity_mse_dZ({"Z": Z}, Y), raises(TypeError, r"Z must be a numpy array")),
    ],
    "losses.bce_with_logits": [
        ("[labels] Y = -1", lambda: losses.bce_with_logits(Z, Y - 1), raises(ValueError, r"got -1")),
        ("[correct] equals the A-based loss", lambda: losses.bce_with_logits(Z, Y), returns(_same(_bce_reference(A, Y),
                                                                                                   tol=1e-10))),
    ],
    "losses.cross_entropy_with_logits": [
        ("[class ids]", lambda: losses.cross_entropy_with_logits(Z3, IDS3), raises(ValueError, r"class ids")),
        ("[m = 0]", lambda: losses.cross_entropy_with_logits(np.zeros((3, 0)), np.zeros((3, 0))),
         raises(ValueError, r"no examples")),
    ],
    "losses.get_output_layer": [
        ("[name] 'linear'", lambda: losses.get_output_layer("linear"), raises(ValueError, r"unknown output 'linear'")),
        ("[type] 3", lambda: losses.get_output_layer(3), raises(TypeError, r"output must be a string")),
    ],
    # ---- activations
    **{f"activations.{name}": [
        ("[matrix] np.matrix Z: a plain array back", lambda fn=getattr(activations, name): fn(np.asmatrix(Z3)),
         returns(lambda r, fn=getattr(activations, name): _plain(r) and np.array_equal(r, fn(Z3)) or pytest.fail())),
        ("[type] a string", lambda fn=getattr(activations, name): fn("Z"), raises(TypeError, r"Z must be a numpy array")),
        ("[nonfinite] NaN", lambda fn=getattr(activations, name): fn(np.array([[np.nan]])),
         raises(ValueError, r"Z contains 1 NaN")),
    ] for name in ("identity", "identity_prime", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu",
                   "relu_prime", "softmax", "softmax_jacobian")},
    "activations.get_activation": [
        ("[name] 'softplus'", lambda: activations.get_activation("softplus"), raises(ValueError, r"unknown activation")),
    ],
    "activations.activation_backward": [
        ("[shape] dA and Z differ", lambda: activations.activation_backward("tanh", Z3, Z3.T),
         raises(ValueError, r"dA has shape \(3, 5\) but Z has shape \(5, 3\)")),
        ("[matrix]", lambda: activations.activation_backward("tanh", np.asmatrix(Z3), np.asmatrix(Z3)),
         returns(_same(Z3 * (1 - np.tanh(Z3) ** 2)))),
    ],
    # ---- data
    "data.data_file": [
        ("[name] unknown file", lambda: data.data_file("iris.csv"), raises(ValueError, r"unknown filename 'iris.csv'")),
        ("[type] a Path", lambda: data.data_file(Path("flower.csv")), raises(TypeError, r"filename must be a string")),
        ("(probe) the flower file", lambda: data.data_file("flower.csv"), returns(lambda p: p.is_file())),
    ],
    "data.make_flower": [
        ("[odd m] m = 401: 401 real points", lambda: _flower_points(401), returns(bool)),
        ("[odd m] m = 3: 3 real points", lambda: _flower_points(3), returns(bool)),
        ("[small m] m = 2", lambda: _flower_points(2), returns(bool)),
        ("[unchanged] m = 400 equals data/flower.csv bit for bit", lambda: data.make_flower(400),
         returns(_flower_400_unchanged)),
        ("[m] m = 1: one class only", lambda: data.make_flower(1), raises(ValueError, r"m must be >= 2, got 1")),
        ("[m] m = 400.0", lambda: data.make_flower(400.0), raises(TypeError, r"m must be an int >= 2, got float")),
        ("(probe) seed = -1", lambda: data.make_flower(seed=-1), raises(ValueError, r"seed must be >= 0, got -1")),
    ],
    "data.make_moons": [
        ("[noise] nan", lambda: data.make_moons(noise=float("nan")), raises(ValueError, r"noise must be a finite number >= 0, got nan")),
        ("[noise] -0.1", lambda: data.make_moons(noise=-0.1), raises(ValueError, r"noise must be .* >= 0, got -0\.1")),
        ("[m] m = 1", lambda: data.make_moons(1), raises(ValueError, r"m must be >= 2")),
        ("(probe) seed = None", lambda: data.make_moons(seed=None), raises(TypeError, r"seed must be an int >= 0")),
    ],
    "data.make_circles": [
        ("[noise] inf", lambda: data.make_circles(noise=float("inf")), raises(ValueError, r"noise must be a finite")),
        ("(probe) factor = 1: the circles coincide", lambda: data.make_circles(factor=1.0),
         raises(ValueError, r"factor must be a finite number > 0 and < 1, got 1\.0")),
        ("(probe) factor = 'big'", lambda: data.make_circles(factor="big"), raises(TypeError, r"factor must be a real number")),
    ],
    "data.make_spirals": [
        ("[turns] 0", lambda: data.make_spirals(turns=0), raises(ValueError, r"turns must be a finite number > 0, got 0\.0")),
        ("[noise] nan", lambda: data.make_spirals(noise=float("nan")), raises(ValueError, r"noise must be a finite")),
        ("[m] m = 0", lambda: data.make_spirals(0), raises(ValueError, r"m must be >= 2, got 0")),
    ],
    "data.split": [
        ("[tiny] m = 2 leaves an empty test set", lambda: data.split("x", X[:, :2], Y[:, :2]),
         raises(ValueError, r"X has m = 2 examples: test_fraction = 0\.2 leaves 0 for the test set")),
        ("[m = 0]", lambda: data.split("x", np.zeros((2, 0)), np.zeros((1, 0))), raises(ValueError, r"X has no examples")),
        ("(probe) test_fraction a string", lambda: data.split("x", X, Y, test_fraction="0.2"),
         raises(TypeError, r"test_fraction must be a real number, got str")),
        ("(probe) test_fraction = 1", lambda: data.split("x", X, Y, test_fraction=1),
         raises(ValueError, r"test_fraction must be a finite number > 0 and < 1, got 1\.0")),
        ("[shape] X and Y columns", lambda: data.split("x", X, Y[:, :4]), raises(ValueError, r"X has 5 examples")),
        ("[matrix] np.matrix X", lambda: data.split("x", np.asmatrix(X), Y).X, returns(_same(X))),
    ],
    "data.one_hot": [
        ("[class ids] a (1, m) row", lambda: data.one_hot(IDS3.astype(int), 3),
         raises(ValueError, r"labels must be 1-D \(m,\), got shape \(1, 5\); pass labels\.ravel\(\)")),
        ("(probe) float ids", lambda: data.one_hot(IDS3[0], 3), raises(ValueError, r"labels\.astype\(int\)")),
        ("[range] id 3 of 3 classes", lambda: data.one_hot(np.array([3]), 3), raises(ValueError, r"0\.\.2")),
        ("[m = 0] empty", lambda: data.one_hot(np.array([], dtype=int), 3), raises(ValueError, r"labels is empty")),
        ("[list] a list of ints", lambda: data.one_hot([0, 2, 1, 1, 0], 3), returns(_same(Y3))),
        ("(probe) labels a string", lambda: data.one_hot("012", 3), raises(TypeError, r"labels must be a 1-D array")),
    ],
    "data.load_planar": [
        ("[name] 'petals'", lambda: data.load_planar("petals"), raises(ValueError, r"unknown dataset 'petals'")),
    ],
    # ---- gradcheck, jacobian
    "gradcheck.numerical_gradient": [
        ("[eps] inf", lambda: gradcheck.numerical_gradient(np.sum, X.copy(), eps=float("inf")),
         raises(ValueError, r"eps must be a finite number > 0, got inf")),
        ("[eps] 0", lambda: gradcheck.numerical_gradient(np.sum, X.copy(), eps=0), raises(ValueError, r"eps must be")),
        ("[eps] nan", lambda: gradcheck.numerical_gradient(np.sum, X.copy(), eps=float("nan")),
         raises(ValueError, r"eps must be")),
        ("(probe) f not finite at X + eps: no NaN gradient", lambda: gradcheck.numerical_gradient(
            lambda v: np.sum(np.log(v)), np.array([1e-7, 1.0])),
         raises(ValueError, r"f returned nan at X\[0\] - eps")),
        ("[matrix] np.matrix X: a plain gradient", lambda: gradcheck.numerical_gradient(
            lambda v: float(np.sum(np.asarray(v) ** 2)), np.asmatrix(X.copy())), returns(_same(2 * X, tol=1e-6))),
        ("[type] X a list", lambda: gradcheck.numerical_gradient(np.sum, X.tolist()),
         raises(TypeError, r"X must be a numpy array \(it is perturbed in place\), got list")),
        ("[type] f returns an array", lambda: gradcheck.numerical_gradient(lambda v: v, X.copy()),
         raises(ValueError, r"f must return a single number")),
    ],
    "gradcheck.relative_error": [
        ("[shape]", lambda: gradcheck.relative_error(X, X.T), raises(ValueError, r"a has shape \(2, 5\) but b has shape")),
        ("[matrix]", lambda: gradcheck.relative_error(np.asmatrix(X), X), returns(lambda r: r == 0.0 or pytest.fail())),
        ("[nonfinite]", lambda: gradcheck.relative_error(NAN_X, X), raises(ValueError, r"a contains 2 NaN")),
    ],
    "gradcheck.compare": [
        ("[value] tol 0", lambda: gradcheck.compare("dW", X, X, tol=0), raises(ValueError, r"tol must be > 0")),
        ("[type] name not a string", lambda: gradcheck.compare(3, X, X), raises(TypeError, r"name must be a string")),
        ("[nonfinite] reference NaN", lambda: gradcheck.compare("dW", X, NAN_X),
         raises(ValueError, r"reference contains NaN or inf")),
        ("[matrix] np.matrix yours", lambda: gradcheck.compare("dW", np.asmatrix(X), X),
         returns(lambda r: r is True or pytest.fail())),
    ],
    "jacobian.full_jacobian": [
        ("[eps] 0", lambda: jacobian.full_jacobian(lambda v: v * 2, X, eps=0),
         raises(ValueError, r"eps must be a finite number > 0, got 0")),
        ("[eps] inf", lambda: jacobian.full_jacobian(lambda v: v * 2, X, eps=float("inf")), raises(ValueError, r"eps")),
        ("[matrix] np.matrix X", lambda: jacobian.full_jacobian(lambda v: 2 * v, np.asmatrix(X[:, :2])),
         returns(_same(2 * np.einsum("ik,jl->ijkl", np.eye(2), np.eye(2)), tol=1e-8))),
        ("[type] F not callable", lambda: jacobian.full_jacobian(3, X), raises(TypeError, r"F must be a function")),
        ("(probe) F not finite", lambda: jacobian.full_jacobian(lambda v: np.log(v - 1), np.array([1.0])),
         raises(ValueError, r"F\(X\) contains 1 NaN or infinite")),
    ],
    "jacobian.kronecker_delta": [
        ("[value] n = 0", lambda: jacobian.kronecker_delta(0), raises(ValueError, r"n must be >= 1, got 0")),
        ("[type] n = 2.5", lambda: jacobian.kronecker_delta(2.5), raises(TypeError, r"n must be an int")),
    ],
    # ---- formatting (how shapes and errors are printed)
    "formatting.shape_str": [
        ("[type] a list", lambda: formatting.shape_str([2, 3]), raises(TypeError, r"shape must be a tuple of ints")),
        ("[type] a float dim", lambda: formatting.shape_str((2.0, 3)), raises(TypeError, r"tuple of ints")),
        ("(probe) names and ints", lambda: formatting.shape_str(("n1", 3)), returns(lambda s: s == "(n1, 3)")),
        ("(probe) one axis", lambda: formatting.shape_str((4,)), returns(lambda s: s == str((4,)))),
    ],
    "formatting.format_error": [
        ("[value] floor 0", lambda: formatting.format_error(1e-3, 0), raises(ValueError, r"floor must be > 0")),
        ("[value] x nan", lambda: formatting.format_error(float("nan"), 1e-9), raises(ValueError, r"x must be a finite")),
        ("[type] x a string", lambda: formatting.format_error("1e-3", 1e-9), raises(TypeError, r"x must be a real")),
    ],
    "formatting.format_tolerance": [
        ("[value] tol -1", lambda: formatting.format_tolerance(-1e-6), raises(ValueError, r"tol must be a finite number >= 0")),
        ("[type] tol a string", lambda: formatting.format_tolerance("1e-6"), raises(TypeError, r"tol must be a real")),
        ("[correct] 1e-6", lambda: formatting.format_tolerance(1e-6), returns(lambda s: s == "1e-06")),
    ],
    "formatting.format_number": [
        ("[type] a string", lambda: formatting.format_number("0.1"), raises(TypeError, r"x must be a real number, got str")),
        ("[type] True", lambda: formatting.format_number(True), raises(TypeError, r"x must be a real number")),
        ("[value] nan is shown as nan", lambda: formatting.format_number(float("nan")), returns(lambda s: s == "nan")),
        ("[correct] np.float32 is a number", lambda: formatting.format_number(np.float32(0.5)), returns(lambda s: s == "0.5")),
    ],
    "formatting.format_share": [
        ("[value] -0.5", lambda: formatting.format_share(-0.5), raises(ValueError, r"x must be a finite number >= 0")),
        ("[correct] none kept", lambda: formatting.format_share(0.0), returns(lambda s: s == "0")),
        ("[correct] 0.456", lambda: formatting.format_share(0.456), returns(lambda s: s == "0.46")),
        ("[correct] 0.0012", lambda: formatting.format_share(0.0012), returns(lambda s: s == "1.2e-03")),
    ],
    "formatting.format_bytes": [
        ("[value] -1 bytes", lambda: formatting.format_bytes(-1), raises(ValueError, r"nbytes must be a finite number >= 0")),
        ("[type] a string", lambda: formatting.format_bytes("8"), raises(TypeError, r"nbytes must be a real number")),
        ("[correct] 2 GiB", lambda: formatting.format_bytes(2 * 1024**3), returns(lambda s: s == "2 GiB")),
    ],
    "formatting.shape_labeller": [
        ("[type] a list", lambda: formatting.shape_labeller([4, 3]), raises(TypeError, r"sizes must be a dict")),
        ("[type] a float size", lambda: formatting.shape_labeller({"n": 4.0}), raises(TypeError, r"sizes must be")),
        ("(probe) names unique sizes", lambda: formatting.shape_labeller({"n_h": 4, "n_x": 3, "m": 1})((4, 3, 1)),
         returns(lambda s: s == "(4, 3, 1) = (n_h, n_x, 1)")),
    ],
    # ---- validate (the shared checks themselves)
    "validate.as_float_array": [
        ("[matrix] np.matrix -> plain", lambda: validate.as_float_array(np.asmatrix(X), "X"), returns(_same(X))),
        ("[masked]", lambda: validate.as_float_array(np.ma.masked_less(X, 0), "X"), raises(TypeError, r"masked array")),
        ("[ragged]", lambda: validate.as_float_array([[1, 2], [3]], "X"), raises(ValueError, r"not a rectangular")),
        ("[complex]", lambda: validate.as_float_array(X + 1j, "X"), raises(TypeError, r"X must hold real numbers")),
        ("[bool scalar]", lambda: validate.as_float_array(True, "X"), raises(TypeError, r"got bool")),
    ],
    "validate.as_columns": [
        ("[m = 0]", lambda: validate.as_columns(np.zeros((2, 0)), "X", "n_x"),
         raises(ValueError, r"X has no examples: shape \(2, 0\); expected \(n_x, m\)")),
    ],
    "validate.check_shape": [
        ("[shape]", lambda: validate.check_shape(X, "X", (5, 2)), raises(ValueError, r"X has shape \(2, 5\) but expected \(5, 2\)")),
    ],
    "validate.check_same_shape": [
        ("[shape]", lambda: validate.check_same_shape(X, "a", X.T, "b"), raises(ValueError, r"a has shape \(2, 5\) but b")),
    ],
    "validate.check_positive_int": [
        ("[bool]", lambda: validate.check_positive_int(True, "n"), raises(TypeError, r"n must be an int >= 1, got bool")),
        ("[value]", lambda: validate.check_positive_int(0, "n"), raises(ValueError, r"n must be >= 1, got 0")),
    ],
    "validate.check_real": [
        ("[nan]", lambda: validate.check_real(float("nan"), "x", low=0), raises(ValueError, r"x must be a finite number >= 0")),
        ("[type]", lambda: validate.check_real("1", "x"), raises(TypeError, r"x must be a real number, got str")),
    ],
    "validate.check_positive_float": [
        ("[inf]", lambda: validate.check_positive_float(float("inf"), "eps"), raises(ValueError, r"eps must be a finite number > 0")),
    ],
    "validate.check_seed": [
        ("[negative]", lambda: validate.check_seed(-3), raises(ValueError, r"seed must be >= 0, got -3")),
    ],
    "validate.check_choice": [
        ("[value]", lambda: validate.check_choice("x", "loss", {"a"}), raises(ValueError, r"unknown loss 'x'")),
        ("[type]", lambda: validate.check_choice(1, "loss", {"a"}), raises(TypeError, r"loss must be a string")),
    ],
    "validate.check_keys": [
        ("[missing]", lambda: validate.check_keys({}, "grads", ["dW1"]), raises(ValueError, r"grads is missing key 'dW1'")),
        ("[extra]", lambda: validate.check_keys({"dW1": 1, "dW3": 1}, "grads", ["dW1"]),
         raises(ValueError, r"grads has unexpected key 'dW3'")),
        ("[type]", lambda: validate.check_keys([], "grads", ["dW1"]), raises(TypeError, r"grads must be a dict")),
    ],
    # ---- autograd
    "autograd.Tensor": [
        ("[type] a string value", lambda: autograd.Tensor("W"), raises(TypeError, r"the value of Tensor .* must be a numpy array of numbers, got str")),
        ("[shape] a 1-D value", lambda: autograd.Tensor(np.ones(3), "b"), raises(ValueError, r"2-D array")),
        ("[value] NaN", lambda: autograd.Tensor(np.array([[np.nan]]), "x"), raises(ValueError, r"NaN")),
        ("[type] name not a string", lambda: autograd.Tensor(X, 3), raises(TypeError, r"name must be a string")),
        ("[matrix] np.matrix becomes a plain array", lambda: autograd.Tensor(np.asmatrix(X), "X"),
         returns(lambda t: type(t.value) is np.ndarray and np.array_equal(t.value, X) or pytest.fail())),
        ("[shape] @ that does not conform", lambda: autograd.Tensor(P["W1"], "W1") @ autograd.Tensor(P["W1"], "W1"),
         raises(ValueError, r"W1 @ W1: shapes \(3, 2\) and \(3, 2\) do not conform")),
        ("[type] @ with an array", lambda: autograd.Tensor(P["W1"], "W1") @ X, raises(TypeError, r"wrap arrays in Tensor")),
        ("[shape] + that does not broadcast", lambda: autograd.Tensor(X, "X") + autograd.Tensor(np.ones((3, 1)), "b"),
         raises(ValueError, r"do not broadcast")),
        ("[name] unknown activation", lambda: autograd.Tensor(X, "Z").activation("softplus"),
         raises(ValueError, r"softplus")),
        ("[labels] Y = 2 for a sigmoid loss", lambda: autograd.Tensor(Z, "Z2").loss(2 * Y), raises(ValueError, r"0 or 1")),
        ("[labels] class ids for a softmax loss", lambda: autograd.Tensor(Z3, "Z2").loss(IDS3, "softmax"),
         raises(ValueError, r"one_hot")),
        ("[shape] Y transposed", lambda: autograd.Tensor(Z, "Z2").loss(Y.T), raises(ValueError, r"pass Y.T")),
        ("[value] backward on a non-scalar", lambda: autograd.Tensor(X, "X").backward(),
         raises(ValueError, r"needs a scalar cost J of shape \(1, 1\)")),
        ("[learner] the loss equals helpers.losses", lambda: autograd.Tensor(Z, "Z2").loss(Y),
         returns(lambda J: np.isclose(J.value[0, 0], losses.bce_with_logits(Z, Y), rtol=1e-12) or pytest.fail())),
    ],
    # ---- timing, environment, shapes, checks
    "timing.best_time": [
        ("[type] f not callable", lambda: timing.best_time(3), raises(TypeError, r"f must be a function")),
        ("[value] repeats 0", lambda: timing.best_time(lambda: None, repeats=0), raises(ValueError, r"repeats must be an int >= 1")),
    ],
    "environment.check_environment": [
        ("[type] verbose 'yes'", lambda: environment.check_environment("yes"), raises(TypeError, r"verbose must be True or False")),
    ],
    "shapes.explain": [
        ("[type] expression not a string", lambda: shapes.explain(3, W=(2, 3)), raises(TypeError, r"expression")),
        ("[shape] a shape that is not a tuple", lambda: shapes.explain("W @ A", W=3, A=(2, 2)), raises(TypeError, r"W")),
        ("[type] expect not a tuple", lambda: shapes.explain("W @ A", expect=6, W=(2, 3), A=(3, 2)),
         raises(TypeError, r"the shape of expect must be a tuple")),
        ("[value] expect with a negative size", lambda: shapes.explain("W @ A", expect=(2, -2), W=(2, 3), A=(3, 2)),
         raises(ValueError, r"the shape of expect")),
    ],
    "checks.mistake_table": [
        ("[value] an unknown kind", lambda: checks.mistake_table("sideways"), raises(ValueError, r"unknown kind 'sideways'")),
        ("[type] kind not a string", lambda: checks.mistake_table(2), raises(TypeError, r"kind must be a string")),
    ],
    "checks.check_array": [
        ("[type] expected a string", lambda: checks.check_array("dW", X, "X"), raises(TypeError, r"expected")),
        ("[learner] a np.matrix answer is checked, not refused", lambda: checks.check_array("dW", np.asmatrix(X), X),
         returns(lambda r: r is True or pytest.fail())),
    ],
    "checks.check_einsum": [
        ("[learner] subscripts not a string: a wrong answer, printed", lambda: checks.check_einsum(3, [X], X),
         returns(lambda r: r is False or pytest.fail())),
        ("[type] operands not a list", lambda: checks.check_einsum("ij->ji", X, X.T), raises(TypeError, r"operands must be")),
    ],
    "checks.check_backward": [
        ("[name] hidden 'softplus'", lambda: checks.check_backward(lambda *a: None, hidden="softplus"),
         raises(ValueError, r"unknown hidden activation 'softplus'")),
    ],
    "checks.check_backward_deep": [
        ("[name] hidden 'softplus'", lambda: checks.check_backward_deep(lambda *a: None, hidden="softplus"),
         raises(ValueError, r"unknown hidden activation 'softplus'")),
        ("[type] fn a string", lambda: checks.check_backward_deep("dW1 = dZ1 @ X.T"),
         raises(TypeError, r"pass your function itself \(without calling it\), got str")),
    ],
    "checks.check_forward": [
        ("[name] output 'linear'", lambda: checks.check_forward(lambda *a: None, output="linear"),
         raises(ValueError, r"unknown output 'linear'")),
    ],
    "checks.check_step": [
        ("[learner] a function returning None is a wrong answer, not an error", lambda: checks.check_step(lambda *a: None),
         returns(lambda r: r is False or pytest.fail())),
    ],
    # ---- the checkers' engine, the one-pattern checkers and the catalogue (issue 14)
    "checks.check_function_values": [
        ("[type] inputs not a list", lambda: checks.check_function_values("f", abs, 3, abs),
         raises(TypeError, r"inputs must be a non-empty list of argument tuples")),
        ("[shape] expected gives two numbers per input", lambda: checks.check_function_values(
            "f", abs, [1, 2], [[1, 2], [3, 4]]), raises(ValueError, r"expected must give one number per input \(2\)")),
        ("[type] labels a string", lambda: checks.check_function_values("f", abs, [1], abs, labels="x"),
         raises(TypeError, r"labels must be a list of argument names")),
        ("[type] a mistake's description not a string", lambda: checks.check_function_values(
            "f", abs, [1], abs, mistakes={3: abs}), raises(TypeError, r"each mistake's description must be a string")),
        ("[learner] the right function passes", lambda: checks.check_function_values("f", np.square, [1.5, -2], np.square),
         returns(lambda r: r is True or pytest.fail())),
        ("[learner] a string returned is a wrong answer, not an error", lambda: checks.check_function_values(
            "f", lambda x: "2", [1.0], np.square), returns(lambda r: r is False or pytest.fail())),
    ],
    "checks.check_eps": [
        ("[type] name not a string", lambda: checks.check_eps(5, 1e-6, _cost, _W, np.cos(_W)),
         raises(TypeError, r"name must be a string")),
        ("[learner] eps = 0 is a wrong answer, printed", lambda: checks.check_eps("eps", 0, _cost, _W, np.cos(_W)),
         returns(lambda r: r is False or pytest.fail())),
        ("[shape] grad transposed (the notebook's bug, raised)", lambda: checks.check_eps("eps", 1e-6, _cost, _W,
                                                                                            np.cos(_W).T),
         raises(ValueError, r"grad has shape \(3, 2\) but x has shape \(2, 3\)")),
        ("[learner] eps = 1e-6 on the right gradient passes", lambda: checks.check_eps("eps", 1e-6, _cost, _W,
                                                                                         np.cos(_W)),
         returns(lambda r: r is True or pytest.fail())),
    ],
    "verdict.correct_line": [
        ("[value] tol 0", lambda: verdict.correct_line("dW", 0), raises(ValueError, r"tol must be a finite number > 0")),
        ("[correct] the line", lambda: verdict.correct_line("dW", 1e-6),
         returns(lambda r: r == "✓ dW correct (rel error < 1e-06)" or pytest.fail(r))),
        ("[value] tol nan", lambda: verdict.correct_line("dW", float("nan")), raises(ValueError, r"tol must be")),
        ("[type] tol True", lambda: verdict.correct_line("dW", True), raises(TypeError, r"tol must be a real number, got bool True")),
    ],
    "verdict.not_answered": [
        ("[type] name None", lambda: verdict.not_answered(None), raises(TypeError, r"name and todo must be strings")),
        ("[correct] the default todo", lambda: verdict.not_answered("dW"),
         returns(lambda r: r == "dW: not answered yet — replace None with your answer" or pytest.fail(r))),
    ],
    "verdict.mistake_pairs": [
        ("[type] a list of strings", lambda: verdict.mistake_pairs(["a", "b"]), raises(TypeError, r"mistakes must be")),
        ("[correct] None is no mistakes", lambda: verdict.mistake_pairs(None), returns(lambda r: r == [] or pytest.fail())),
    ],
    "verdict.check_mistakes": [
        ("[type] an array a string", lambda: verdict.check_mistakes({"m": "x"}),
         raises(TypeError, r"the array of mistake 'm'")),
    ],
    "verdict.judge": [
        ("[type] name an int", lambda: verdict.judge(1, X, X), raises(TypeError, r"name must be a string")),
        ("[type] expected a string", lambda: verdict.judge("dW", X, "X"), raises(TypeError, r"expected")),
        ("[learner] the transpose, named", lambda: verdict.judge("dW", X.T, X, {"the transpose": X.T}),
         returns(lambda r: (not r.ok and r.matches == ("the transpose",)) or pytest.fail(str(r)))),
    ],
    "verdict.diagnosis": [
        ("[type] matches a string", lambda: verdict.diagnosis("a mistake", None),
         raises(TypeError, r"matches must be a tuple")),
        ("[correct] two alike", lambda: verdict.diagnosis(("a", "b"), None),
         returns(lambda r: r[0].endswith("which give the same numbers here:") or pytest.fail(str(r)))),
    ],
    "function_checks.your_line": [
        ("[type] a string", lambda: function_checks.your_line("boom"), raises(TypeError, r"exc must be an exception")),
    ],
    "function_checks.unpack_dict": [
        ("[type] keys a string", lambda: function_checks.unpack_dict("dW1"), raises(TypeError, r"keys must be a tuple")),
        ("[correct] a list is refused, naming the keys", lambda: function_checks.unpack_dict(("dW1",))([1]),
         returns(lambda r: (r[0] is None and "{'dW1': ...}" in r[1]) or pytest.fail(str(r)))),
    ],
    "function_checks.check_function": [
        ("[type] problems empty", lambda: function_checks.check_function("f", "outputs", abs, [], abs, ""),
         raises(TypeError, r"problems must be a non-empty list of seeded_problems.Problem")),
        ("[type] unpack not callable", lambda: function_checks.check_function(
            "f", "outputs", abs, seeded_problems.PROBLEMS["step"](None, None), "dict", ""),
         raises(TypeError, r"unpack must be a function")),
    ],
    "mistakes.catalogue": [
        ("[value] kind 'sideways'", lambda: mistakes.catalogue("sideways"), raises(ValueError, r"unknown kind")),
        ("[value] L = 1", lambda: mistakes.catalogue("backward_deep", L=1), raises(ValueError, r"L must be >= 2")),
        ("[correct] relu's mistakes only for relu", lambda: [m.description for m in mistakes.catalogue("backward",
                                                                                                         "tanh")],
         returns(lambda r: (r and not any("ReLU mask" in d for d in r)) or pytest.fail(str(r)))),
    ],
    "mistakes.namespace": [
        ("[type] quantities a list", lambda: mistakes.namespace("forward", [P, X]),
         raises(TypeError, r"quantities must be a dict")),
        ("[missing key] backward without dZ1", lambda: mistakes.namespace("backward", {**P, "X": X, "Y": Y}),
         raises(ValueError, r"quantities is missing keys")),
        ("[correct] r.g1p is tanh' from A1", lambda: mistakes.namespace("backward", {
            **P, **_forward()[1], **network.backward(P, _forward()[1], X, Y), "X": X, "Y": Y}),
         returns(lambda r: np.allclose(r.g1p, 1 - np.tanh(r.Z1) ** 2) or pytest.fail())),
    ],
    # ---- plots (helpers/plots/: one module per family of figures)
    "plots.jacobian.plot_jacobian_tensor": [
        ("[shape] 2-D", lambda: plots.plot_jacobian_tensor(X), raises(ValueError, r"dZ_dX must be a 4-D array")),
    ],
    "plots.jacobian.plot_jacobian_explorer": [
        ("[type] loss_label", lambda: plots.plot_jacobian_explorer(np.eye(2), np.eye(2), np.eye(2), loss_label=3),
         raises(TypeError, r"loss_label must be a string")),
    ],
    "plots.classification.decision_grid": [
        ("[shape] 3 features", lambda: plots.decision_grid(np.ones((3, 4))), raises(ValueError, r"X must be \(2, m\)|\(2, m\)")),
        ("[m = 0]", lambda: plots.decision_grid(np.zeros((2, 0))), raises(ValueError, r"X has no examples")),
    ],
    "plots.classification.plot_decision_boundary": [
        ("[labels] Y = 2", lambda: plots.plot_decision_boundary(lambda G: G[:1] > 0, X, Y * 2),
         raises(ValueError, r"Y must hold labels 0 or 1 for a sigmoid output; got 2")),
        ("[type] predict not callable", lambda: plots.plot_decision_boundary(3, X, Y), raises(TypeError, r"predict must be")),
    ],
    "plots.classification.plot_loss_curve": [
        ("[m = 0] empty", lambda: plots.plot_loss_curve(np.array([])), raises(ValueError, r"losses is empty")),
        ("[shape] 2-D", lambda: plots.plot_loss_curve(np.ones((2, 2))), raises(ValueError, r"losses must be a 1-D array")),
    ],
    "plots.classification.plot_hidden_size_sweep": [
        ("[type] results empty", lambda: plots.plot_hidden_size_sweep([], X, Y), raises(TypeError, r"results must be")),
    ],
    "plots.classification.plot_confusion_matrix": [
        ("[length] different lengths", lambda: plots.plot_confusion_matrix(np.array([0, 1]), np.array([0]), 3),
         raises(ValueError, r"true_labels has 2 labels but predicted_labels has 1")),
    ],
    "plots.classification.plot_digit_images": [
        ("[shape] not 64 rows", lambda: plots.plot_digit_images(np.ones((3, 2)), [0, 1], [0, 1]),
         raises(ValueError, r"expected \(64, k\)")),
    ],
    "plots.products.plot_product_shapes": [
        ("[type] sizes a list", lambda: plots.plot_product_shapes([("W", (2, 3), "A", (3, 4))], sizes=[1]),
         raises(TypeError, r"sizes must be a dict")),
    ],
    "plots.timing.plot_timings": [
        ("[type] times a list", lambda: plots.plot_timings(["n = 2"], [1e-3], "t"),
         raises(TypeError, r"times must be a dict of 1 to 4 methods")),
        ("[length] one time for two cases", lambda: plots.plot_timings(["a", "b"], {"m": [1e-3]}, "t"),
         raises(ValueError, r"times\['m'\] must be a list of 2 times \(one per case\)")),
        ("[value] a negative time", lambda: plots.plot_timings(["a"], {"m": [-1e-3]}, "t"),
         raises(ValueError, r"must hold seconds > 0 \(or None: not measured\), got -0.001")),
        ("[value] unit 'ns'", lambda: plots.plot_timings(["a"], {"m": [1e-3]}, "t", unit="ns"),
         raises(ValueError, r"unknown unit 'ns'")),
        ("[value] None is drawn as not measured", lambda: plots.plot_timings(["a"], {"m": [None], "k": [1e-3]}, "t"),
         returns(lambda ax: [t.get_text() for t in ax.texts].count("not measured") == 1 or pytest.fail())),
    ],
    # ---- flow_graph and flow_figure (the gradient-flow explorer's figure)
    "flow_graph.check_layers": [
        ("[value] L 0", lambda: flow_graph.check_layers(0), raises(ValueError, r"L must be >= 1")),
        ("[value] L 8", lambda: flow_graph.check_layers(8), raises(ValueError, r"L must be between 1 and 7")),
        ("[value] np.int64(7) is 7", lambda: flow_graph.check_layers(np.int64(7)), returns(lambda L: L == 7)),
    ],
    "flow_graph.check_trainer": [
        ("[type] not a trainer", lambda: flow_graph.check_trainer(object()),
         raises(TypeError, r"trainer must be a helpers.flow.FlowTrainer, got object \(it has no norms")),
        ("[value] a trainer passes", lambda: flow_graph.check_trainer(_trainer()), returns(lambda t: t.L == 2)),
    ],
    "flow_graph.flow_layer_colours": [
        ("[value] L 0", lambda: flow_graph.flow_layer_colours(0), raises(ValueError, r"L must be >= 1")),
        ("[value] L 8", lambda: flow_graph.flow_layer_colours(8), raises(ValueError, r"L must be between 1 and 7")),
        ("[type] L 2.0", lambda: flow_graph.flow_layer_colours(2.0), raises(TypeError, r"L must be an int")),
    ],
    "flow_graph.arrow_style": [
        ("[value] ratio -1", lambda: flow_graph.arrow_style(-1.0), raises(ValueError, r"ratio must be a number >= 0")),
        ("[value] ratio nan", lambda: flow_graph.arrow_style(float("nan")), raises(ValueError, r"ratio must be")),
        ("[type] ratio '1'", lambda: flow_graph.arrow_style("1"), raises(TypeError, r"ratio must be a number")),
        ("[value] ratio 0 is the thinnest", lambda: flow_graph.arrow_style(0.0),
         returns(lambda s: s[:2] == (1.0, 12.0))),
    ],
    "flow_graph.flow_graph_nodes": [
        ("[value] L 8", lambda: flow_graph.flow_graph_nodes(8), raises(ValueError, r"L must be between 1 and 7")),
        ("[type] L '2'", lambda: flow_graph.flow_graph_nodes("2"), raises(TypeError, r"L must be an int")),
    ],
    "flow_graph.flow_edge_labels": [
        ("[type] not a trainer", lambda: flow_graph.flow_edge_labels(object()), raises(TypeError, r"trainer must be")),
    ],
    "flow_graph.FlowGraph": [
        ("[value] fontsize 0", lambda: flow_graph.FlowGraph(plt.figure().add_subplot(), fontsize=0),
         raises(ValueError, r"fontsize must be >= 1")),
        ("[type] update with not a trainer", lambda: flow_graph.FlowGraph(plt.figure().add_subplot()).update(object()),
         raises(TypeError, r"trainer must be")),
    ],
    "flow_figure.FlowFigure": [
        ("[type] compact 'yes'", lambda: flow_figure.FlowFigure(compact="yes"), raises(TypeError, r"compact must be")),
        ("[value] fontsize 0", lambda: flow_figure.FlowFigure(fontsize=0), raises(ValueError, r"fontsize must be >= 1")),
        ("[value] dpi 0", lambda: flow_figure.FlowFigure(dpi=0), raises(ValueError, r"dpi must be >= 1")),
        ("[type] fig a string", lambda: flow_figure.FlowFigure(fig="figure"), raises(TypeError, r"fig must be")),
        ("[type] update with not a trainer", lambda: flow_figure.FlowFigure(compact=True).update(object()),
         raises(TypeError, r"trainer must be")),
        ("[value] png before update", lambda: flow_figure.FlowFigure(compact=True).png(),
         raises(ValueError, r"call update\(trainer\) before png")),
    ],
    "flow_panels.HeatmapPanel": [
        ("[name] 'W2'", lambda: flow_panels.HeatmapPanel("W2", *plt.figure().subplots(1, 2)),
         raises(ValueError, r"name must be 'W1', 'dW1', 'Wout' or 'dWout', got 'W2'")),
    ],
    "flow_figure.plot_gradient_flow": [
        ("[type] not a trainer", lambda: flow_figure.plot_gradient_flow(object()), raises(TypeError, r"trainer must be")),
    ],
    "flow_figure.render_gradient_flow": [
        ("[value] dpi 0", lambda: flow_figure.render_gradient_flow(_trainer(), dpi=0),
         raises(ValueError, r"dpi must be >= 1")),
        ("[type] not a trainer", lambda: flow_figure.render_gradient_flow(object()), raises(TypeError, r"trainer must be")),
    ],
    # ---- the mathematics behind plots' figures, in the numpy modules whose idea it is
    "jacobian.jacobian_explorer_arrays": [
        ("[shape] W and A do not chain", lambda: jacobian.jacobian_explorer_arrays(np.ones((2, 2)), np.ones((3, 2)),
                                                                                   np.ones((2, 2))),
         raises(ValueError, r"W has shape \(2, 2\) and A has shape \(3, 2\)")),
        ("[shape] dL_dZ not Z's shape", lambda: jacobian.jacobian_explorer_arrays(np.ones((2, 3)), np.ones((3, 4)),
                                                                                  np.ones((2, 3))),
         raises(ValueError, r"dL_dZ has shape \(2, 3\) but expected \(2, 4\)")),
        ("[nonfinite] NaN in A", lambda: jacobian.jacobian_explorer_arrays(np.eye(2), np.full((2, 2), np.nan),
                                                                           np.eye(2)),
         raises(ValueError, r"A contains 4 NaN")),
        ("[matrix] np.matrix W, A, dL_dZ: plain arrays, dL/dW = dL/dZ Aᵀ", lambda: jacobian.jacobian_explorer_arrays(
            np.asmatrix(P["W1"]), np.asmatrix(X[:, :3]), np.asmatrix(np.ones((3, 3)))),  # (3, 2) @ (2, 3)
         returns(lambda r: _same({"Z": P["W1"] @ X[:, :3], "dL_dW": np.ones((3, 3)) @ X[:, :3].T})(r)
                 or type(r["dZ_dW"]) is np.ndarray)),
    ],
    "data.confusion_matrix": [
        ("[range] label 3 of 3 classes", lambda: data.confusion_matrix(np.array([3]), np.array([0]), 3),
         raises(ValueError, r"true_labels must lie in 0\.\.2, got 3\.\.3")),
        ("[type] float labels", lambda: data.confusion_matrix(np.array([0.5]), np.array([0]), 3),
         raises(TypeError, r"true_labels must be integer class labels, got dtype float64")),
        ("[length] different lengths", lambda: data.confusion_matrix(np.array([0, 1]), np.array([0]), 3),
         raises(ValueError, r"true_labels has 2 labels but predicted_labels has 1")),
        ("[value] n_classes 0", lambda: data.confusion_matrix(np.array([0]), np.array([0]), 0),
         raises(ValueError, r"n_classes must be >= 1")),
        ("[list] lists and a (1, m) row: counted as a loop counts them",
         lambda: data.confusion_matrix([0, 2, 2, 1], np.array([[0, 1, 2, 1]]), 3),
         returns(lambda C: np.array_equal(C, [[1, 0, 0], [0, 1, 0], [0, 1, 1]]) or pytest.fail(str(C)))),
    ],
    "shapes.product_shape_rows": [
        ("[type] products empty", lambda: shapes.product_shape_rows([]), raises(TypeError, r"products must be")),
        ("[name] a size not in sizes", lambda: shapes.product_shape_rows([("A", ("n", "k"), "B", ("k", "m"))],
                                                                         {"n": 2, "k": 3}),
         raises(ValueError, r"uses the size 'm', which is not in sizes \['k', 'n'\]")),
        ("[type] sizes a list", lambda: shapes.product_shape_rows([("A", (2, 3), "B", (3, 4))], [1]),
         raises(TypeError, r"sizes must be a dict")),
        ("[value] a size 0", lambda: shapes.product_shape_rows([("A", (2, 0), "B", (0, 1))]),
         raises(TypeError, r"must hold ints >= 1 or size names")),
        ("[type] np.int64 sizes: plain int shapes, numpy's verdict",
         lambda: shapes.product_shape_rows([("A", ("n", "k"), "B", ("k", "n"))], {"n": np.int64(2), "k": np.int64(3)}),
         returns(lambda rows: rows[0]["result_shape"] == (np.ones((2, 3)) @ np.ones((3, 2))).shape
                 and type(rows[0]["left_shape"][0]) is int or pytest.fail(str(rows)))),
    ],
    # ---- flow (the gradient-flow explorer's numpy model)
    "flow.describe_scale": [
        ("[correct] a number", lambda: flow.describe_scale(0.5), returns(lambda r: r == "init scale 0.5" or pytest.fail(r))),
        ("[correct] a scheme", lambda: flow.describe_scale("he"), returns(lambda r: r == "he init" or pytest.fail(r))),
        ("[type] a list", lambda: flow.describe_scale([0.5]), raises(TypeError, r"scale must be")),
    ],
    "flow.FlowTrainer": [
        ("[name] dataset", lambda: flow.FlowTrainer("petals"), raises(ValueError, r"unknown dataset 'petals'")),
        ("[value] seed -1", lambda: flow.FlowTrainer(seed=-1), raises(ValueError, r"seed must be >= 0, got -1")),
        ("[type] seed '1'", lambda: flow.FlowTrainer(seed="1"), raises(TypeError, r"seed must be an int")),
        ("[value] learning_rate nan", lambda: flow.FlowTrainer(learning_rate=float("nan")),
         raises(ValueError, r"learning_rate must be a finite number > 0")),
        ("[extra keys] set_params with W3", lambda: _trainer().set_params({**_trainer().params, "W3": np.ones((1, 1))}),
         raises(ValueError, r"params is missing key 'b3'")),
        ("[extra keys] set_params with W3, b3: a 3-layer network", lambda: _trainer().set_params(
            {**_trainer().params, "W3": np.ones((1, 1)), "b3": np.ones((1, 1))}),
         raises(ValueError, r"params are for layer sizes \[2, 2, 1, 1\]; this trainer has \[2, 2, 1\]")),
        ("[value] depth 0", lambda: flow.FlowTrainer(depth=0), raises(ValueError, r"depth must be >= 1")),
        ("[value] depth 7", lambda: flow.FlowTrainer(depth=7),
         raises(ValueError, r"depth must be between 1 and 6 hidden layers, got 7")),
        ("[type] depth 2.0", lambda: flow.FlowTrainer(depth=2.0), raises(TypeError, r"depth must be an int")),
        ("[name] scale 'kaiming'", lambda: flow.FlowTrainer(scale="kaiming"), raises(ValueError, r"unknown scale")),
        ("[type] scale a list", lambda: flow.FlowTrainer(scale=[1.0]), raises(TypeError, r"scale must be")),
        ("[matrix] set_params with np.matrix", lambda: (lambda t: (t.set_params(_mat(t.params)), t)[1])(_trainer()),
         returns(lambda t: all(type(v) is np.ndarray for v in t.params.values()) or pytest.fail())),
    ],
    # ---- widgets
    "widgets.JacobianExplorer": [
        ("[shape] W (2, 3)", lambda: widgets.JacobianExplorer(W=np.ones((2, 3))), raises(ValueError, r"W has shape \(2, 3\)")),
    ],
    "widgets.jacobian_explorer": [
        ("[name] loss", lambda: widgets.jacobian_explorer(loss="cube"), raises(ValueError, r"unknown loss")),
    ],
    "widgets.GradientFlowExplorer": [
        ("[value] n_h 0", lambda: widgets.GradientFlowExplorer(n_h=0), raises(ValueError, r"n_h must be >= 1")),
        ("[value] depth 0", lambda: widgets.GradientFlowExplorer(depth=0), raises(ValueError, r"depth must be >= 1")),
        ("[type] depth '6'", lambda: widgets.GradientFlowExplorer(depth="6"), raises(TypeError, r"depth must be an int")),
        ("[value] compact with depth 2, built directly", lambda: widgets.GradientFlowExplorer(compact=True, depth=2),
         raises(ValueError, r"compact=True is notebook 04's 2-layer explorer: it takes depth=1")),
        ("[type] compact 'yes'", lambda: widgets.GradientFlowExplorer(compact="yes"),
         raises(TypeError, r"compact must be True or False, got str 'yes'")),
    ],
    "widgets.gradient_flow_explorer": [
        ("[name] hidden", lambda: widgets.gradient_flow_explorer(hidden="softplus"),
         raises(ValueError, r"unknown hidden activation")),
        ("[value] depth 7", lambda: widgets.gradient_flow_explorer(depth=7), raises(ValueError, r"depth must be between")),
        ("[value] compact with depth 3", lambda: widgets.gradient_flow_explorer(compact=True, depth=3),
         raises(ValueError, r"compact=True is notebook 04's 2-layer explorer")),
        ("[value] compact with 'he'", lambda: widgets.gradient_flow_explorer(compact=True, scale="he"),
         raises(ValueError, r"compact=True is notebook 04's 2-layer explorer")),
    ],
}


# ---------------------------------------------------------------- the learner's tools (derivation, doctor, stepper)


_PROBLEM = derivation.linear_layer()
_DEF = index_notation.parse_step("Z[i,k] = sum_j W[i,j]*A[j,k] + B[i,k]", _PROBLEM.names())
_LHS, _RHS = _DEF.lhs, _DEF.rhs.left  # Z[i,k] and sum_j W[i,j]*A[j,k] (B left out)
_RANGES = {"i": "n", "j": "n_prev", "k": "m"}
_STEP_NO_DELTA = index_notation.parse_step("dZ[i,k]/dW[p,q] = A[q,k]", _PROBLEM.names())  # delta[i,p] dropped
_DERIV = _STEP_NO_DELTA.lhs
_PARAMS, _X, _Y = stepper_widget.default_problem()
_EDGES = stepper.backprop_edges(_PARAMS, _X, _Y)
_W = np.random.default_rng(18).standard_normal((2, 3))


def _cost(W):
    return float(np.sum(np.sin(W)))


def _index_problem_kind(text):
    """The kind of IndexProblem check_indices raises for a step of _PROBLEM, or 'none'."""
    step = index_notation.parse_step(text, _PROBLEM.names())
    try:
        derivation_indices.check_indices(_PROBLEM, step.lhs, step.rhs)
    except derivation_indices.IndexProblem as exc:
        return exc.kind
    return "none"


TOOL_CASES = {
    "derivation_problem.Problem": [
        ("[value] equal sizes", lambda: derivation_problem.Problem({"W": ("n", "m")}, [], {"n": 2, "m": 2}),
         raises(ValueError, r"sizes must all differ")),
        ("[type] definitions a string", lambda: derivation_problem.Problem({"W": ("n",)}, "Z[i] = W[i]", {"n": 2}),
         raises(TypeError, r"definitions must be a list of strings")),
        ("[value] size too large", lambda: derivation_problem.Problem({"W": ("n",)}, [], {"n": 50}),
         raises(ValueError, r"size 'n' must be an int from 1 to 6")),
    ],
    "derivation.verify": [
        ("[type] problem a dict", lambda: derivation.verify(["dJ/dW[p,q] = 0"], {"W": 2}),
         raises(TypeError, r"problem must be a helpers.derivation.Problem")),
        ("[type] steps a string", lambda: derivation.verify("dJ/dW[p,q] = 0", _PROBLEM),
         raises(TypeError, r"steps must be a list of strings")),
        ("(probe) hostile text is a notation error, not run",
         lambda: derivation.verify(["__import__('os').system('x')"], _PROBLEM),
         returns(lambda v: v[0].mistake == "notation" or pytest.fail(str(v)))),
    ],
    "derivation.check_derivation": [
        ("[type] problem None", lambda: derivation.check_derivation(["dJ/dW[p,q] = 0"], None),
         raises(TypeError, r"problem must be a helpers.derivation.Problem")),
        ("[type] steps a number", lambda: derivation.check_derivation(3, _PROBLEM),
         raises(TypeError, r"steps must be a list of strings")),
    ],
    "index_notation.parse_step": [
        ("[type] text a list", lambda: index_notation.parse_step(["Z[i] = 0"], {"Z": 1}),
         raises(TypeError, r"a step must be a string")),
        ("[type] names a list", lambda: index_notation.parse_step("Z[i] = 0", ["Z"]),
         raises(TypeError, r"names must be a dict")),
        ("[value] unbalanced", lambda: index_notation.parse_step("Z[i = 0", {"Z": 1}),
         raises(ValueError, r"not closed before '='")),
    ],
    "index_tree.to_sympy": [
        ("[type] not a tree", lambda: index_tree.to_sympy("Z[i]"), raises(TypeError, r"not a syntax tree node")),
    ],
    "index_tree.free_indices": [
        ("[type] not a tree", lambda: index_tree.free_indices(3), raises(TypeError, r"not a syntax tree node")),
        ("(probe) the summed index is not free", lambda: index_tree.free_indices(_RHS),
         returns(lambda f: f == {"i", "k"} or pytest.fail(str(f)))),
    ],
    "index_tree.walk": [
        ("[type] not a tree", lambda: index_tree.walk("Z[i]"), raises(TypeError, r"not a syntax tree node")),
        ("(probe) depth first", lambda: [type(n).__name__ for n in index_tree.walk(_RHS)],
         returns(lambda names: names == ["Sum", "Bin", "Tensor", "Tensor"] or pytest.fail(str(names)))),
    ],
    "index_tree.letters_of": [
        ("[type] a product is no left side", lambda: index_tree.letters_of(_RHS.body),
         raises(TypeError, r"a left side must be a Tensor, a Scalar or a Deriv, got Bin")),
        ("(probe) a derivative's top then bottom", lambda: index_tree.letters_of(_DERIV),
         returns(lambda letters: letters == ("i", "k", "p", "q") or pytest.fail(str(letters)))),
    ],
    "index_tree.show": [
        ("[type] not a tree", lambda: index_tree.show(3), raises(TypeError, r"not a syntax tree node")),
        ("(probe) written back as parsed", lambda: index_tree.show(_RHS),
         returns(lambda text: text == "sum_j W[i,j]*A[j,k]" or pytest.fail(text))),
    ],
    "derivation_indices.index_ranges": [
        ("[type] problem a dict", lambda: derivation_indices.index_ranges({"W": 2}, _RHS),
         raises(TypeError, r"problem must be a helpers.derivation.Problem, got dict")),
        ("[type] known a list", lambda: derivation_indices.index_ranges(_PROBLEM, _RHS, ["i"]),
         raises(TypeError, r"known must be a dict")),
        ("(probe) every letter's range", lambda: derivation_indices.index_ranges(_PROBLEM, _RHS),
         returns(lambda r: r == {"i": "n", "j": "n_prev", "k": "m"} or pytest.fail(str(r)))),
    ],
    "derivation_indices.check_indices": [
        ("[type] lhs a string", lambda: derivation_indices.check_indices(_PROBLEM, "Z[i,k]", _RHS),
         raises(TypeError, r"a left side must be a Tensor, a Scalar or a Deriv, got str")),
        ("[type] problem None", lambda: derivation_indices.check_indices(None, _LHS, _RHS),
         raises(TypeError, r"problem must be a helpers.derivation.Problem, got NoneType")),
        ("(probe) a transposed factor does not fit", lambda: _index_problem_kind("dJ/dW[p,q] = sum_k G[p,k]*A[k,q]"),
         returns(lambda kind: kind == "range" or pytest.fail(kind))),
    ],
    "index_notation.located": [
        ("[value] pos past the end", lambda: index_notation.located("ab", 3, "m"), raises(ValueError, r"pos must be an int from 0 to len")),
        ("[type] message None", lambda: index_notation.located("ab", 0, None), raises(TypeError, r"text and message must be strings")),
        ("[correct] caret under b", lambda: index_notation.located("ab", 1, "here"),
         returns(lambda r: r == "here\n    ab\n     ^" or pytest.fail(repr(r)))),
    ],
    "derivation_indices.check_problem": [
        ("[type] a dict of sizes", lambda: derivation_indices.check_problem({"sizes": {"n": 2}}),
         raises(TypeError, r"problem must be a helpers.derivation.Problem, got dict")),
        ("[correct] a Problem is returned", lambda: derivation_indices.check_problem(_PROBLEM),
         returns(lambda r: r is _PROBLEM or pytest.fail())),
    ],
    "derivation_indices.indices_phrase": [
        ("[type] a string", lambda: derivation_indices.indices_phrase("ip"), raises(TypeError, r"letters must be a list")),
        ("[value] empty", lambda: derivation_indices.indices_phrase([]), raises(ValueError, r"at least one index")),
        ("(probe) two letters", lambda: derivation_indices.indices_phrase(["i", "p"]),
         returns(lambda text: text == "indices i, p are" or pytest.fail(text))),
    ],
    "derivation_values.evaluate": [
        ("[type] problem a dict", lambda: derivation_values.evaluate(_RHS, {}, {}),
         raises(TypeError, r"problem must be a helpers.derivation.Problem, got dict")),
        ("[type] values a list", lambda: derivation_values.evaluate(_RHS, _PROBLEM, []), raises(TypeError, r"values must be a dict")),
        ("[value] point 5", lambda: derivation_values.evaluate(_RHS, _PROBLEM, _PROBLEM.numeric(0), point=5),
         raises(ValueError, r"point must be None or the index of one of the problem's 2 random points, got 5")),
        ("(probe) a sum of products is numpy's matrix product",
         lambda: derivation_values.evaluate(_RHS, _PROBLEM, _PROBLEM.numeric(0), point=0).ordered(("i", "k")),
         returns(lambda Zk: np.testing.assert_allclose(Zk, _PROBLEM.numeric(0)["W"] @ _PROBLEM.numeric(0)["A"],
                                                       rtol=1e-12))),
    ],
    "derivation_values.agrees": [
        ("[type] ranges a list", lambda: derivation_values.agrees(_PROBLEM, _LHS, _RHS, ["i"]),
         raises(TypeError, r"ranges must be a dict")),
        ("(probe) W A is not Z = W A + B", lambda: derivation_values.agrees(_PROBLEM, _LHS, _RHS, _RANGES),
         returns(lambda ok: ok is False or pytest.fail(str(ok)))),
    ],
    "derivation_values.decide": [
        ("[type] problem None", lambda: derivation_values.decide(None, _LHS, _RHS, _RANGES),
         raises(TypeError, r"problem must be a helpers.derivation.Problem, got NoneType")),
        ("(probe) Z = W A + B by sympy", lambda: derivation_values.decide(_PROBLEM, _LHS, _DEF.rhs, _RANGES),
         returns(lambda how: how == "symbolically, by sympy" or pytest.fail(str(how)))),
    ],
    "derivation_values.first_difference": [
        ("[type] rhs a string", lambda: derivation_values.first_difference(_PROBLEM, _LHS, "W[i,j]", _RANGES),
         raises(TypeError, r"not a syntax tree node: str")),
        ("(probe) the missing B shows", lambda: derivation_values.first_difference(_PROBLEM, _LHS, _RHS, _RANGES),
         returns(lambda text: text.startswith("  For example at i=0, k=0: yours is ") or pytest.fail(text))),
    ],
    "derivation_mistakes.diagnose": [
        ("[type] problem a dict", lambda: derivation_mistakes.diagnose({}, _LHS, _RHS),
         raises(TypeError, r"problem must be a helpers.derivation.Problem, got dict")),
        ("[type] lhs None", lambda: derivation_mistakes.diagnose(_PROBLEM, None, _RHS),
         raises(TypeError, r"a left side must be a Tensor, a Scalar or a Deriv, got NoneType")),
        ("(probe) a dropped delta", lambda: derivation_mistakes.diagnose(_PROBLEM, _DERIV, _STEP_NO_DELTA.rhs),
         returns(lambda found: found[0] == "dropped delta" or pytest.fail(str(found)))),
    ],
    "gradient_doctor.diagnose": [
        ("[type] x a list", lambda: gradient_doctor.diagnose(_cost, [1.0, 2.0], np.zeros(2)),
         raises(TypeError, r"x must be a float64 or float32 numpy array")),
        ("[shape] grad transposed", lambda: gradient_doctor.diagnose(_cost, _W, np.cos(_W).T),
         raises(ValueError, r"grad has shape \(3, 2\) but x has shape \(2, 3\)")),
        ("[value] eps 0", lambda: gradient_doctor.diagnose(_cost, _W, np.cos(_W), eps=0),
         raises(ValueError, r"eps must be a number between 0 and 1")),
        ("[type] f not callable", lambda: gradient_doctor.diagnose(3, _W, np.cos(_W)),
         raises(TypeError, r"f must be a function")),
        ("(probe) the right gradient", lambda: gradient_doctor.diagnose(_cost, _W, np.cos(_W)),
         returns(lambda r: r.verdict == "right" or pytest.fail(r.verdict))),
    ],
    "stepper.backprop_edges": [
        ("[name] convention", lambda: stepper.backprop_edges(_PARAMS, _X, _Y, "diagonal"),
         raises(ValueError, r"unknown convention")),
        ("[shape] X transposed", lambda: stepper.backprop_edges(_PARAMS, _X.T, _Y),
         raises(ValueError, r"W1 has shape")),
        ("[type] params a list", lambda: stepper.backprop_edges([1], _X, _Y),
         raises(TypeError, r"params must be a dict")),
    ],
    "stepper.edge_html": [
        ("[value] k out of range", lambda: stepper.edge_html(_EDGES, 11), raises(ValueError, r"k must be an int")),
        ("[type] edges empty", lambda: stepper.edge_html([], 0),
         raises(TypeError, r"edges must be the non-empty list")),
    ],
    "stepper.graph_svg": [
        ("[value] L 0", lambda: stepper.graph_svg(0), raises(ValueError, r"L must be the number of layers")),
        ("[type] edge a string", lambda: stepper.graph_svg(2, "dW2"), raises(TypeError, r"edge must be an Edge")),
    ],
    "stepper.sequence_html": [
        ("[type] edges empty", lambda: stepper.sequence_html([]), raises(TypeError, r"edges must be the non-empty")),
    ],
    "stepper_widget.default_problem": [
        ("[value] seed -1", lambda: stepper_widget.default_problem(-1),
         raises(ValueError, r"seed must be an int >= 0")),
    ],
    "stepper_widget.BackpropStepper": [
        ("[value] start 99", lambda: stepper_widget.BackpropStepper(_PARAMS, _X, _Y, start=99),
         raises(ValueError, r"start must be an int")),
    ],
    "stepper_widget.backprop_stepper": [
        ("[name] convention", lambda: stepper_widget.backprop_stepper(convention="diagonal"),
         raises(ValueError, r"unknown convention")),
    ],
    "plots.doctor.plot_gradient_doctor": [
        ("[type] not a report", lambda: plots.plot_gradient_doctor({"verdict": "bug"}),
         raises(TypeError, r"report must be what helpers.gradient_doctor.diagnose returns")),
    ],
}

_TREE = "a syntax-tree record built by index_notation's parser, never by learners"
TOOL_EXEMPT = {
    **{f"index_tree.{name}": _TREE for name in
       ("Num", "Scalar", "Tensor", "Delta", "Deriv", "Func", "Neg", "Bin", "Power", "Sum")},
    "index_notation.Step": _TREE,
    "index_notation.NotationError": "the exception parse_step raises",
    "derivation.Verdict": "a namedtuple record that verify returns",
    "derivation_indices.IndexProblem": "the exception check_indices raises; verify turns it into a Verdict",
    "derivation_values.Labelled": "the record evaluate returns (an array and its axes' letters)",
    "derivation_problem.linear_layer": "takes no arguments (Python itself refuses any)",
    "derivation_problem.matrix_product": "takes no arguments (Python itself refuses any)",
    "derivation_problem.row_layer": "takes no arguments (Python itself refuses any)",
    "derivation_problem.dense_layer": "takes no arguments (Python itself refuses any)",
    "gradient_doctor.Report": "the record diagnose returns (built from arrays diagnose has checked)",
    "gradient_doctor.Kink": "a namedtuple record inside a Report",
    "stepper.Edge": "a namedtuple record that backprop_edges returns",
}

CASES.update(TOOL_CASES)
EXEMPT.update(TOOL_EXEMPT)


# ---------------------------------------------------------------- the tests


def public_modules():
    """The public helpers modules as 'name' or 'package.name' (helpers.plots is a package of modules)."""
    for info in pkgutil.iter_modules(helpers.__path__):
        if info.name.startswith("_") or info.name == "datafiles":
            continue
        yield info.name
        if info.ispkg:
            package = importlib.import_module(f"helpers.{info.name}")
            yield from (f"{info.name}.{sub.name}" for sub in pkgutil.iter_modules(package.__path__)
                        if not sub.name.startswith("_"))


def public_callables():
    """'module.name' of every public function and class defined in a public helpers module."""
    names = []
    for short in public_modules():
        module = importlib.import_module(f"helpers.{short}")
        for name, obj in vars(module).items():
            if (not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
                    and obj.__module__ == module.__name__):
                names.append(f"{short}.{name}")
    return sorted(names)


def test_every_public_function_has_bad_input_cases():
    public = public_callables()
    missing = [name for name in public if name not in CASES and name not in EXEMPT]
    assert not missing, f"register bad-input cases in tests/test_bad_inputs.py CASES for: {missing}"
    stale = [name for name in list(CASES) + list(EXEMPT) if name not in public]
    assert not stale, f"CASES / EXEMPT name functions that no longer exist: {stale}"
    assert len(public) > 80  # the enumeration itself works
    assert "plots.products.plot_product_shapes" in public  # and it sees the modules of a package


def _all_cases():
    return [pytest.param(call, expect, id=f"{fn}: {label}") for fn, cases in CASES.items()
            for label, call, expect in cases]


@pytest.mark.parametrize("call, expect", _all_cases())
def test_bad_input(call, expect, capsys):
    if expect[0] == "raises":
        _, exc, pattern = expect
        with pytest.raises(exc, match=pattern) as info:
            call()
        where = Path(info.traceback[-1].path).resolve()
        assert HELPERS_DIR in where.parents, f"raised from {where}, not by helpers' own checks: {info.value}"
    else:
        result = call()
        assert expect[1](result) is not False
