"""helpers.network: backward against finite differences and against sympy; validation; training."""

import numpy as np
import pytest
import sympy as sp

from helpers import network, network_inputs
from helpers.data import load_flower
from helpers.gradcheck import FD_TOL, relative_error
from problems import labels, problem

HIDDEN = ["tanh", "sigmoid", "relu", "identity"]
OUTPUT = ["sigmoid", "softmax", "identity"]
GRADS = ["dW1", "db1", "dW2", "db2"]


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_backward_matches_finite_differences(hidden, output):
    params, X, Y = problem(output)
    _, cache = network.forward(params, X, hidden, output)
    grads = network.backward(params, cache, X, Y, hidden, output)
    numeric = network.numerical_param_gradients(params, X, Y, hidden, output)
    for k in GRADS:
        assert grads[k].shape == numeric[k].shape
        assert relative_error(grads[k], numeric[k]) < 1e-7, k


def _sympy_gradients(params, X, Y, hidden, output):
    """Exact dJ/dP by symbolic differentiation: an independent reference."""
    syms = {k: sp.Matrix(*v.shape, lambda i, j, k=k: sp.Symbol(f"{k}_{i}{j}")) for k, v in params.items()}
    g = {"tanh": sp.tanh, "sigmoid": lambda z: 1 / (1 + sp.exp(-z)), "identity": lambda z: z}[hidden]
    m = X.shape[1]
    Xs, Ys = sp.Matrix(X), sp.Matrix(Y)
    Z1 = syms["W1"] * Xs + syms["b1"] * sp.ones(1, m)
    A1 = Z1.applyfunc(g)
    Z2 = syms["W2"] * A1 + syms["b2"] * sp.ones(1, m)
    if output == "sigmoid":
        # -[y log s(z) + (1 - y) log(1 - s(z))] = log(1 + e^z) - y z, the same J in a form sympy differentiates fast
        J = sum(sp.log(1 + sp.exp(Z2[i])) - Ys[i] * Z2[i] for i in range(len(Z2))) / m
    elif output == "softmax":
        J = 0
        for j in range(m):
            col = Z2[:, j]
            logsum = sp.log(sum(sp.exp(z) for z in col))
            J -= sum(Ys[i, j] * (col[i] - logsum) for i in range(col.rows))
        J = J / m
    else:
        J = sum((Z2[i] - Ys[i]) ** 2 for i in range(len(Z2))) / (2 * m)
    names = [syms[k][i, j] for k, v in params.items() for i in range(v.shape[0]) for j in range(v.shape[1])]
    values = [float(v[i, j]) for k, v in params.items() for i in range(v.shape[0]) for j in range(v.shape[1])]
    out = {}
    for k, v in params.items():
        derivs = [sp.diff(J, syms[k][i, j]) for i in range(v.shape[0]) for j in range(v.shape[1])]
        out["d" + k] = np.array(sp.lambdify(names, derivs, "math")(*values)).reshape(v.shape)
    return out


@pytest.mark.parametrize("hidden, output", [("tanh", "sigmoid"), ("sigmoid", "softmax"), ("identity", "identity")])
def test_backward_matches_sympy_exactly(hidden, output):
    params, X, Y = problem(output, n_x=2, n_h=3, n_y=2, m=2, seed=1)
    _, cache = network.forward(params, X, hidden, output)
    grads = network.backward(params, cache, X, Y, hidden, output)
    exact = _sympy_gradients(params, X, Y, hidden, output)
    for k in GRADS:
        np.testing.assert_allclose(grads[k], exact[k], rtol=1e-12, atol=1e-14, err_msg=k)


def test_backward_returns_dZ_without_1_over_m():
    params, X, Y = problem("sigmoid", n_y=1)
    _, cache = network.forward(params, X, "tanh", "sigmoid")
    grads = network.backward(params, cache, X, Y, "tanh", "sigmoid")
    np.testing.assert_allclose(grads["dZ2"], cache["A2"] - Y)
    np.testing.assert_allclose(grads["dW2"], grads["dZ2"] @ cache["A1"].T / X.shape[1])


def test_init_params_shapes_and_scale():
    p = network.init_params(2, 4, 1, np.random.default_rng(2))
    assert {k: v.shape for k, v in p.items()} == {"W1": (4, 2), "b1": (4, 1), "W2": (1, 4), "b2": (1, 1)}
    assert np.abs(p["W1"]).max() < 0.05 and not p["b1"].any()
    again = network.init_params(2, 4, 1, np.random.default_rng(2))
    np.testing.assert_array_equal(p["W1"], again["W1"])


def test_forward_names_the_shapes_when_X_does_not_fit():
    p = network.init_params(2, 4, 1, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"W1 has shape \(4, 2\) but X has 3 rows"):
        network.forward(p, np.ones((3, 5)))


def test_forward_names_the_shapes_when_W2_does_not_fit_W1():
    p = network.init_params(2, 4, 1, np.random.default_rng(0))
    p["W2"] = np.ones((1, 3))
    with pytest.raises(ValueError, match=r"W2 has shape \(1, 3\) but W1 has shape \(4, 2\)"):
        network.forward(p, np.ones((2, 5)))


@pytest.mark.parametrize("change, err, msg", [
    (lambda p: p.pop("b2"), ValueError, "missing"),
    (lambda p: p.update(b1=np.ones((1, 4))), ValueError, r"b1 has shape \(1, 4\) but expected \(n_h, 1\)"),
    (lambda p: p.update(W1=np.full((4, 2), np.nan)), ValueError, "W1 contains 8 NaN"),
    (lambda p: p.update(W1="weights"), TypeError, "W1 must be a numpy array"),
])
def test_bad_params(change, err, msg):
    p = network.init_params(2, 4, 1, np.random.default_rng(0))
    change(p)
    with pytest.raises(err, match=msg):
        network.forward(p, np.ones((2, 3)))


def test_bad_names_and_Y():
    p = network.init_params(2, 4, 1, np.random.default_rng(0))
    X = np.ones((2, 3))
    with pytest.raises(ValueError, match="unknown hidden activation 'softplus'"):
        network.forward(p, X, hidden="softplus")
    _, cache = network.forward(p, X)
    with pytest.raises(ValueError, match=r"the network's output A2 has shape \(1, 3\) but Y has shape \(3, 1\)"):
        network.backward(p, cache, X, np.ones((3, 1)))
    with pytest.raises(ValueError, match="one-hot"):
        p3 = network.init_params(2, 4, 3, np.random.default_rng(0))
        _, c3 = network.forward(p3, X, output="softmax")
        network.backward(p3, c3, X, np.ones((3, 3)), output="softmax")
    with pytest.raises(ValueError, match=r"cache\['Z1'\] has shape"):
        network.backward(p, {**cache, "Z1": cache["Z1"].T}, X, np.ones((1, 3)))
    with pytest.raises(TypeError, match="rng must be a numpy Generator"):
        network.init_params(2, 4, 1, 42)
    with pytest.raises(ValueError, match="n_h must be >= 1"):
        network.init_params(2, 0, 1, np.random.default_rng(0))


def test_update_moves_against_the_gradient():
    p = network.init_params(2, 3, 1, np.random.default_rng(0))
    grads = {"d" + k: np.ones_like(v) for k, v in p.items()}
    new = network.update(p, grads, 0.5)
    for k in p:
        np.testing.assert_allclose(new[k], p[k] - 0.5)
    with pytest.raises(ValueError, match=r"dW1 has shape \(2, 3\) but W1 has shape \(3, 2\)"):
        network.update(p, {**grads, "dW1": np.ones((2, 3))}, 0.5)


def test_training_on_the_flower_reaches_the_dls_accuracy():
    flower = load_flower()
    params, losses = network.train(flower.X, flower.Y, 4, "tanh", "sigmoid", learning_rate=1.2,
                                   num_iterations=10_000, rng=np.random.default_rng(2))
    assert losses.shape == (10_000,)
    assert losses[-1] < losses[0] / 2
    assert network.accuracy(params, flower.X, flower.Y) >= 0.89


def test_train_records_nan_instead_of_raising_when_it_diverges():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, 20)) * 100
    Y = rng.standard_normal((1, 20)) * 100
    with np.errstate(all="ignore"):
        _, losses = network.train(X, Y, 3, "identity", "identity", learning_rate=10.0, num_iterations=50,
                                  rng=rng, scale=1.0)
    assert not np.isfinite(losses[-1])


def test_predict_and_accuracy_for_softmax():
    p = network.init_params(2, 3, 3, np.random.default_rng(0), scale=1.0)
    X = np.random.default_rng(1).standard_normal((2, 6))
    labels = network.predict(p, X, output="softmax")
    assert labels.shape == (1, 6)
    Y = np.eye(3)[:, labels[0]]
    assert network.accuracy(p, X, Y, output="softmax") == 1.0


# ---------------------------------------------------------------- L layers


def deep_problem(output, sizes, seed=0, hidden_scale=1.0):
    """A seeded L-layer problem: layer_sizes = sizes, weights of std hidden_scale / sqrt(fan-in), non-zero biases."""
    rng = np.random.default_rng(seed)
    params = network.init_params(list(sizes), rng, scale="xavier")
    for l in range(1, len(sizes)):
        params[f"W{l}"] *= hidden_scale * 1.5
        params[f"b{l}"] = 0.5 * rng.standard_normal((sizes[l], 1))
    m = 6
    X = rng.standard_normal((sizes[0], m))
    n_y = sizes[-1]
    return params, X, labels(rng, output, n_y, m)


DEEP_SIZES = {1: (3, 2), 2: (3, 4, 2), 3: (3, 5, 4, 2), 5: (4, 6, 5, 3, 5, 2)}


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN + [("relu", "tanh", "sigmoid", "identity")])
@pytest.mark.parametrize("L", sorted(DEEP_SIZES))
def test_deep_backward_matches_finite_differences(L, hidden, output):
    if isinstance(hidden, tuple):
        hidden = hidden[:L - 1]
    params, X, Y = deep_problem(output, DEEP_SIZES[L], seed=L)
    _, cache = network.forward(params, X, hidden, output)
    assert sorted(cache) == sorted(network_inputs.key_names(L)["cache"])
    grads = network.backward(params, cache, X, Y, hidden, output)
    numeric = network.numerical_param_gradients(params, X, Y, hidden, output)
    assert set(numeric) == {"d" + k for k in network.param_names(L)}
    for k, value in numeric.items():
        assert grads[k].shape == value.shape
        # FD_TOL, the course's tolerance: a deep sigmoid net's dW1 is ~1e-4, so the differences' rounding shows
        assert relative_error(grads[k], value) < FD_TOL, (k, relative_error(grads[k], value))


def test_deep_backward_returns_every_dZ_and_dA_as_the_recursion_defines_them():
    params, X, Y = deep_problem("softmax", DEEP_SIZES[5])
    hidden = ("relu", "tanh", "sigmoid", "identity")
    _, cache = network.forward(params, X, hidden, "softmax")
    grads = network.backward(params, cache, X, Y, hidden, "softmax")
    expected = {f"d{k}{l}" for k in "WbZ" for l in range(1, 6)} | {f"dA{l}" for l in range(1, 5)}
    assert set(grads) == expected
    np.testing.assert_allclose(grads["dZ5"], cache["A5"] - Y)
    primes = {"relu": lambda Z: (Z > 0) * 1.0, "tanh": lambda Z: 1 - np.tanh(Z) ** 2,
              "sigmoid": lambda Z: np.exp(-Z) / (1 + np.exp(-Z)) ** 2, "identity": np.ones_like}
    for l in range(5, 1, -1):
        np.testing.assert_allclose(grads[f"dA{l - 1}"], params[f"W{l}"].T @ grads[f"dZ{l}"], rtol=1e-13)
        g = primes[hidden[l - 2]](cache[f"Z{l - 1}"])
        np.testing.assert_allclose(grads[f"dZ{l - 1}"], grads[f"dA{l - 1}"] * g, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(grads[f"dW{l}"], grads[f"dZ{l}"] @ cache[f"A{l - 1}"].T / X.shape[1], rtol=1e-13)


def test_the_two_layer_calls_are_bit_identical_to_the_layer_sizes_calls():
    flower = load_flower()
    old = network.init_params(2, 4, 1, np.random.default_rng(2))
    new = network.init_params([2, 4, 1], np.random.default_rng(2))
    assert list(old) == ["W1", "b1", "W2", "b2"]
    for k in old:
        assert np.array_equal(old[k], new[k])
    a, la = network.train(flower.X, flower.Y, 4, num_iterations=50, rng=np.random.default_rng(2))
    b, lb = network.train(flower.X, flower.Y, hidden_sizes=[4], num_iterations=50, rng=np.random.default_rng(2))
    assert np.array_equal(la, lb) and all(np.array_equal(a[k], b[k]) for k in a)


def test_init_schemes_have_the_stated_standard_deviation():
    p = network.init_params([500, 400, 300, 10], np.random.default_rng(0), scale="xavier")
    q = network.init_params([500, 400, 300, 10], np.random.default_rng(0), scale="he")
    for l, fan_in in ((1, 500), (2, 400), (3, 300)):
        assert abs(p[f"W{l}"].std() * np.sqrt(fan_in) - 1) < 0.05
        np.testing.assert_allclose(q[f"W{l}"], p[f"W{l}"] * np.sqrt(2), rtol=1e-15)


def test_deep_training_lowers_the_cost_and_train_equals_public_steps():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 40))
    Y = (X[:1] * X[1:2] > 0).astype(float)
    params = network.init_params([3, 8, 8, 8, 1], np.random.default_rng(1), scale="he")
    trained, losses = network.train(X, Y, hidden="relu", learning_rate=0.3, num_iterations=200, params=params)
    assert losses[-1] < 0.8 * losses[0]
    by_hand = params
    for _ in range(3):
        _, cache = network.forward(by_hand, X, "relu")
        by_hand = network.update(by_hand, network.backward(by_hand, cache, X, Y), 0.3)
    three, _ = network.train(X, Y, hidden="relu", learning_rate=0.3, num_iterations=3, params=params)
    for k in by_hand:
        np.testing.assert_allclose(three[k], by_hand[k], rtol=1e-14, atol=1e-16)


def test_L1_is_logistic_regression():
    params, X, Y = deep_problem("sigmoid", (3, 1))
    grads = network.backward(params, network.forward(params, X)[1], X, Y)
    assert set(grads) == {"dW1", "db1", "dZ1"}
    A = 1 / (1 + np.exp(-(params["W1"] @ X + params["b1"])))
    np.testing.assert_allclose(grads["dW1"], (A - Y) @ X.T / X.shape[1], rtol=1e-12)
