"""The backward-pass stepper: its numbers against finite differences, its shapes and products, its widget."""

import numpy as np
import pytest

from helpers import network, stepper
from helpers.stepper_widget import BackpropStepper, backprop_stepper, default_problem


@pytest.fixture(scope="module")
def problem():
    return default_problem()


def by_result(edges):
    return {e.result[0]: e for e in edges}


def test_gradients_match_finite_differences(problem):
    params, X, Y = problem
    edges = by_result(stepper.backprop_edges(params, X, Y))
    numeric = network.numerical_param_gradients(params, X, Y, hidden="tanh", output="sigmoid")
    for name in ("dW1", "db1", "dW2", "db2"):
        np.testing.assert_allclose(edges[name].result[1], numeric[name], rtol=1e-6, atol=1e-9)


def test_row_convention_is_the_transpose(problem):
    params, X, Y = problem
    col, row = stepper.backprop_edges(params, X, Y, "column"), stepper.backprop_edges(params, X, Y, "row")
    assert [e.result[0] for e in col] == [e.result[0] for e in row]
    for c, r in zip(col, row):
        np.testing.assert_array_equal(c.result[1], r.result[1].T)
    assert by_result(row)["dW2"].formula == "dW2 = A1ᵀ dZ2 / m"
    assert by_result(row)["dA1"].formula == "dA1 = dZ2 W2ᵀ"
    assert "axis=0" in by_result(row)["db1"].formula and "axis=1" in by_result(col)["db1"].formula


def test_each_edge_says_its_product_and_its_transpose(problem):
    edges = by_result(stepper.backprop_edges(*problem))
    assert [edges[k].product for k in ("Z1", "A1", "dZ2", "dW2", "db2", "dA1", "dZ1")] == \
        ["matmul", "elementwise", "difference", "outer", "sum", "matmul", "hadamard"]
    assert edges["dW2"].transposed == "A1" and edges["dA1"].transposed == "W2" and edges["dW1"].transposed == "X"
    assert edges["Z1"].transposed == "" and "(n_y, n_h)" in edges["dW2"].why and "(m, n_h)" in edges["dW2"].why
    for e in edges.values():  # every operand shown with the shape the formula says
        assert e.result[1].ndim == 2


def test_forward_numbers_are_the_networks(problem):
    params, X, Y = problem
    A2, cache = network.forward(params, X, hidden="tanh", output="sigmoid")
    edges = by_result(stepper.backprop_edges(params, X, Y))
    np.testing.assert_allclose(edges["A2"].result[1], A2, rtol=1e-12)
    np.testing.assert_allclose(edges["Z1"].result[1], cache["Z1"], rtol=1e-12)


def test_three_layers_work_too():
    rng = np.random.default_rng(3)
    sizes = [2, 5, 3, 1]
    params = {}
    for l in range(1, 4):
        params[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1]))
        params[f"b{l}"] = rng.standard_normal((sizes[l], 1))
    X, Y = rng.standard_normal((2, 4)), (rng.random((1, 4)) < 0.5).astype(float)
    edges = stepper.backprop_edges(params, X, Y)
    assert [e.result[0] for e in edges if e.phase == "backward"] == \
        ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]

    def cost(W1):
        A = X
        for l in range(1, 4):
            W = W1 if l == 1 else params[f"W{l}"]
            Z = W @ A + params[f"b{l}"]
            A = np.tanh(Z) if l < 3 else 1 / (1 + np.exp(-Z))
        return -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))

    from helpers.gradcheck import numerical_gradient
    np.testing.assert_allclose(by_result(edges)["dW1"].result[1],
                               numerical_gradient(cost, params["W1"].copy()), rtol=1e-6, atol=1e-9)


def test_html_has_shapes_numbers_and_no_negative_zero(problem):
    edges = stepper.backprop_edges(*problem)
    page = stepper.edge_html(edges, 5)
    assert "dW2 = dZ2 A1ᵀ / m" in page and "(2, 4)" in page and "A1 is transposed" in page
    assert "<svg" in page and "Step 6 of 11" in page
    assert "-0.00" not in stepper.sequence_html(edges)
    with pytest.raises(ValueError, match="k must be"):
        stepper.edge_html(edges, 11)


def test_bad_input_is_named(problem):
    params, X, Y = problem
    with pytest.raises(ValueError, match="convention"):
        stepper.backprop_edges(params, X, Y, "diagonal")
    with pytest.raises(ValueError, match="W1 has shape"):
        stepper.backprop_edges(params, X.T, Y)
    with pytest.raises(ValueError, match="Y has shape"):
        stepper.backprop_edges(params, X, Y.T)
    with pytest.raises(TypeError, match="dict"):
        stepper.backprop_edges([1], X, Y)


def test_widget_steps_and_switches_convention():
    w = backprop_stepper()
    assert isinstance(w, BackpropStepper) and w.step == 0 and "Step 1 of 11" in w.view.value
    w.back.click()
    assert w.step == 0  # stays at the first edge
    for _ in range(5):
        w.next.click()
    assert w.step == 5 and "dW2 = dZ2 A1ᵀ / m" in w.view.value
    w.convention.value = "row"
    assert w.step == 5 and "dW2 = A1ᵀ dZ2 / m" in w.view.value and "row convention" in w.view.value
    for _ in range(20):
        w.next.click()
    assert w.step == 10 and "db1" in w.view.value
    with pytest.raises(ValueError, match="start"):
        BackpropStepper(*default_problem(), start=99)


def test_the_model_does_not_import_ipywidgets():
    import subprocess
    import sys
    code = "import sys, helpers.stepper; assert 'ipywidgets' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_operands_are_shown_in_the_order_of_the_formula(problem):
    for convention in ("column", "row"):
        for e in stepper.backprop_edges(*problem, convention=convention):
            names = [n for n, _ in e.operands if not n.startswith("1 -")]
            rhs = e.formula.split("=", 1)[1]
            positions = [rhs.index(n) for n in names]
            assert positions == sorted(positions), (convention, e.formula, names)
