"""Activations: values, derivatives against finite differences and sympy, stability, the registry."""

import numpy as np
import pytest
import sympy as sp

from helpers import activations as act
from helpers.activations import ACTIVATIONS
from helpers.gradcheck import numerical_gradient, relative_error

ELEMENTWISE = ["identity", "sigmoid", "tanh", "relu"]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_finite_differences(name):
    g, g_prime, _ = act.ACTIVATIONS[name]
    Z = np.random.default_rng(0).standard_normal((3, 5)) * 2
    Z[np.abs(Z) < 1e-3] = 0.5  # keep away from relu's kink
    numeric = numerical_gradient(lambda Zp: np.sum(g(Zp)), Z)
    assert relative_error(g_prime(Z), numeric) < 1e-8


@pytest.mark.parametrize("name, expr", [
    ("sigmoid", lambda z: 1 / (1 + sp.exp(-z))),
    ("tanh", sp.tanh),
    ("identity", lambda z: z),
])
def test_derivative_matches_sympy(name, expr):
    z = sp.Symbol("z")
    exact = sp.lambdify(z, sp.diff(expr(z), z), "math")
    values = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
    expected = np.array([exact(v) for v in values])
    np.testing.assert_allclose(act.ACTIVATIONS[name].g_prime(values), expected, rtol=1e-13, atol=1e-15)


def test_relu_prime_at_zero_is_the_stated_choice():
    assert act.relu_prime(np.array([0.0]))[0] == 0.0
    np.testing.assert_array_equal(act.relu_prime(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 1.0])


def test_sigmoid_is_stable_and_exact_at_extremes():
    Z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        s = act.sigmoid(Z)
    assert np.isfinite(s).all()
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert s[1] == pytest.approx(np.exp(-40.0), rel=1e-12)  # tiny values keep relative accuracy


def test_softmax_columns_sum_to_one_and_are_stable():
    Z = np.array([[1000.0, -5.0], [1001.0, 0.0], [999.0, 5.0]])  # (3, 2)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        S = act.softmax(Z)
    np.testing.assert_allclose(S.sum(axis=0), 1.0)
    e = np.exp([-1.0, 0.0, -2.0])
    np.testing.assert_allclose(S[:, 0], e / e.sum())


def test_softmax_jacobian_matches_finite_differences_and_formula():
    Z = np.random.default_rng(1).standard_normal((4, 3))
    J = act.softmax_jacobian(Z)  # (4, 4, 3)
    for k in range(3):
        z = Z[:, k].copy()
        numeric = np.stack([numerical_gradient(lambda zp: act.softmax(zp)[i], z) for i in range(4)])
        s = act.softmax(z)
        np.testing.assert_allclose(J[:, :, k], np.diag(s) - np.outer(s, s), atol=1e-15)
        assert relative_error(J[:, :, k], numeric) < 1e-8


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "softmax"])
def test_activation_backward_matches_finite_differences(name):
    rng = np.random.default_rng(2)
    Z = rng.standard_normal((3, 4)) + 0.01
    dA = rng.standard_normal((3, 4))
    g = act.ACTIVATIONS[name].g
    numeric = numerical_gradient(lambda Zp: np.sum(dA * g(Zp)), Z)
    assert relative_error(act.activation_backward(name, dA, Z), numeric) < 1e-8


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError, match=r"unknown activation 'tan'.*'tanh'"):
        act.get_activation("tan")
    with pytest.raises(TypeError, match="must be a string"):
        act.get_activation(None)


@pytest.mark.parametrize("bad, err, msg", [
    ("abc", TypeError, "numpy array of numbers"),
    (None, TypeError, "numpy array of numbers"),
    (np.array(["a", "b"]), TypeError, "real numbers"),
    (np.array([1.0, np.nan]), ValueError, "NaN"),
    (np.array([np.inf]), ValueError, "infinite"),
])
@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "softmax"])
def test_bad_inputs_raise_clear_errors(name, bad, err, msg):
    with pytest.raises(err, match=msg):
        act.ACTIVATIONS[name].g(bad)


def test_activation_backward_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"dA has shape \(2, 3\) but Z has shape \(3, 2\)"):
        act.activation_backward("tanh", np.ones((2, 3)), np.ones((3, 2)))


def test_unchecked_fast_paths_agree_with_public_functions():
    Z = np.random.default_rng(3).standard_normal((3, 5))
    for name in ELEMENTWISE:
        a = act.ACTIVATIONS[name]
        np.testing.assert_allclose(a.unchecked_g(Z), a.g(Z))
        np.testing.assert_allclose(a.unchecked_g_prime(Z), a.g_prime(Z))
        np.testing.assert_allclose(a.prime_from_A(a.g(Z)), a.g_prime(Z), atol=1e-15)
    np.testing.assert_allclose(act.ACTIVATIONS["softmax"].unchecked_g(Z), act.softmax(Z))


def test_activation_record_unpacks_as_the_triple_notebooks_use():
    g, g_prime, elementwise = act.ACTIVATIONS["tanh"]  # notebooks 04 and 07: g, g_prime, _ = ACTIVATIONS[name]
    assert (g, g_prime, elementwise) == (act.tanh, act.tanh_prime, True)
    assert act.get_activation("softmax").name == "softmax" and not act.ACTIVATIONS["softmax"].elementwise


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.elementwise])
def test_peak_slope_is_the_largest_derivative(name):
    """The explorer's 'flat' threshold is a fraction of peak_slope: the max of g' on a fine grid, computed here."""
    z = np.linspace(-8, 8, 160001).reshape(1, -1)  # z = 0 on the grid; relu' is 1 for z > 0
    assert ACTIVATIONS[name].peak_slope == pytest.approx(ACTIVATIONS[name].g_prime(z).max(), rel=1e-9)


def test_every_elementwise_activation_can_be_a_hidden_layer():
    """Adding an activation to ACTIVATIONS makes it a hidden layer only through network_inputs.HIDDEN: this says so."""
    from helpers import network

    missing = {n for n, a in ACTIVATIONS.items() if a.elementwise} - set(network.HIDDEN)
    assert not missing, f"add {sorted(missing)} to helpers/network_inputs.py HIDDEN (or say here why not)"
