"""helpers.autograd: against helpers.network, finite differences (2 and 3 layers), sums over paths, bad input."""

import numpy as np
import pytest

from helpers import network
from helpers.autograd import Tensor
from helpers.gradcheck import numerical_gradient, relative_error
from problems import problem

HIDDEN = ["tanh", "sigmoid", "relu", "identity"]
OUTPUT = ["sigmoid", "softmax", "identity"]


def two_layer(params, X, Y, hidden, output):
    """The 2-layer network built from Tensor nodes: (J, leaves)."""
    leaves = {k: Tensor(v, k) for k, v in params.items()}
    A1 = ((leaves["W1"] @ Tensor(X, "X")) + leaves["b1"]).activation(hidden)
    J = ((leaves["W2"] @ A1) + leaves["b2"]).loss(Y, output)
    return J, leaves


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_two_layer_gradients_match_helpers_network_and_finite_differences(hidden, output):
    params, X, Y = problem(output)
    J, leaves = two_layer(params, X, Y, hidden, output)
    J.backward()
    A2, cache = network.forward(params, X, hidden, output)
    assert J.value[0, 0] == pytest.approx(network.loss(A2, Y, output), rel=1e-12)
    grads = network.backward(params, cache, X, Y, hidden, output)
    numeric = network.numerical_param_gradients(params, X, Y, hidden, output)
    for k, leaf in leaves.items():
        assert relative_error(leaf.grad, grads["d" + k]) < 1e-12, k
        assert relative_error(leaf.grad, numeric["d" + k]) < 1e-6, k


def stack(params, X, Y, hiddens, output):
    """An L-layer stack of Tensor nodes: Z[l] = W[l] A[l-1] + b[l], A[l] = g(Z[l]); the last Z feeds the loss."""
    A = Tensor(X, "X")
    leaves = {}
    for l in range(1, len(hiddens) + 2):
        W, b = Tensor(params[f"W{l}"], f"W{l}"), Tensor(params[f"b{l}"], f"b{l}")
        leaves[f"W{l}"], leaves[f"b{l}"] = W, b
        Z = (W @ A) + b
        A = Z.activation(hiddens[l - 1]) if l <= len(hiddens) else Z
    return A.loss(Y, output), leaves


@pytest.mark.parametrize("output", OUTPUT)
def test_three_layer_stack_matches_finite_differences(output):
    rng = np.random.default_rng(3)
    sizes = [3, 5, 4, 2]  # n_x, n_1, n_2, n_y: every size different
    params = {}
    for l in range(1, 4):
        params[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1]))
        params[f"b{l}"] = rng.standard_normal((sizes[l], 1))
    X = rng.standard_normal((3, 6))
    Y = {"sigmoid": (rng.random((2, 6)) > 0.5).astype(float), "softmax": np.eye(2)[:, rng.integers(0, 2, 6)],
         "identity": rng.standard_normal((2, 6))}[output]
    hiddens = ["tanh", "sigmoid"]
    J, leaves = stack(params, X, Y, hiddens, output)
    J.backward()
    for k in params:
        work = {key: value.copy() for key, value in params.items()}

        def cost(P, k=k, work=work):
            work[k] = P
            return stack(work, X, Y, hiddens, output)[0].value[0, 0]

        numeric = numerical_gradient(cost, params[k].copy())
        assert relative_error(leaves[k].grad, numeric) < 1e-6, k


def test_a_tensor_used_twice_gets_the_sum_of_both_paths():
    rng = np.random.default_rng(1)
    W0, X0, Y0 = rng.standard_normal((3, 3)), rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    W = Tensor(W0, "W")
    J = (W @ (W @ Tensor(X0, "X"))).loss(Y0, "identity")  # W used twice: Z = W (W X)
    J.backward()
    G = (W0 @ W0 @ X0 - Y0) / 4  # dJ/dZ
    both_paths = G @ (W0 @ X0).T + W0.T @ G @ X0.T  # outer use + inner use
    assert relative_error(W.grad, both_paths) < 1e-12
    numeric = numerical_gradient(lambda W_: 0.5 * np.sum((W_ @ W_ @ X0 - Y0) ** 2) / 4, W0.copy())
    assert relative_error(W.grad, numeric) < 1e-6
    assert relative_error(G @ (W0 @ X0).T, numeric) > 1e-2  # one path alone is wrong


def test_broadcast_add_sums_over_the_broadcast_axis_for_a_column_and_a_row():
    P0, col, row = np.arange(6.0).reshape(2, 3), np.array([[1.0], [2.0]]), np.array([[1.0, 2.0, 3.0]])
    P, b_col, b_row = Tensor(P0, "P"), Tensor(col, "b"), Tensor(row, "r")
    J = ((P + b_col) + b_row).loss(np.zeros((2, 3)), "identity")
    J.backward()
    G = (P0 + col + row) / 3  # dJ/dZ for J = (1/2m) sum Z^2, m = 3
    np.testing.assert_allclose(P.grad, G, rtol=1e-14)
    np.testing.assert_allclose(b_col.grad, G.sum(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(b_row.grad, G.sum(axis=0, keepdims=True), rtol=1e-14)


def test_softmax_activation_vjp_matches_finite_differences():
    rng = np.random.default_rng(2)
    Z0, Y0 = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    Z = Tensor(Z0, "Z")
    J = Z.activation("softmax").loss(Y0, "identity")
    J.backward()
    numeric = numerical_gradient(lambda Z_: Tensor(Z_).activation("softmax").loss(Y0, "identity").value[0, 0],
                                 Z0.copy())
    assert relative_error(Z.grad, numeric) < 1e-6


def test_backward_twice_gives_the_same_gradients_and_the_graph_lists_every_node_once():
    params, X, Y = problem("sigmoid")
    J, leaves = two_layer(params, X, Y, "tanh", "sigmoid")
    J.backward()
    first = leaves["W1"].grad.copy()
    J.backward()
    np.testing.assert_array_equal(leaves["W1"].grad, first)
    order = J.topological_order()
    assert len(order) == len({id(n) for n in order}) == 11  # X, W1, b1, W2, b2 and six operations
    assert order[-1] is J
    for k, node in enumerate(order):
        assert all(order.index(p) < k for p in node.parents)
    text = J.graph()
    assert len(text.splitlines()) == 12 and "matmul" in text and "loss sigmoid" in text


def test_named_and_repr():
    t = (Tensor(np.ones((2, 2)), "W") @ Tensor(np.ones((2, 3)), "A")).named("Z")
    assert repr(t) == "Tensor('Z', matmul, shape (2, 3))"


def test_bad_input_raises_with_a_message_naming_it():
    W = Tensor(np.ones((2, 3)), "W")
    with pytest.raises(ValueError, match="2-D"):
        Tensor(np.ones(3), "v")
    with pytest.raises(ValueError, match="NaN"):
        Tensor([[np.nan]], "x")
    with pytest.raises(TypeError, match="numpy array"):
        Tensor("abc", "s")
    with pytest.raises(TypeError, match="name must be a string"):
        Tensor(np.ones((1, 1)), 3)
    with pytest.raises(TypeError, match="Tensor"):
        W @ np.ones((3, 2))
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(2, 3\) do not conform"):
        W @ Tensor(np.ones((2, 3)), "A")
    with pytest.raises(ValueError, match="do not broadcast"):
        W + Tensor(np.ones((3, 1)), "b")
    with pytest.raises(TypeError, match="Tensor"):
        W + 1.0
    with pytest.raises(ValueError, match="unknown activation"):
        W.activation("swish")
    with pytest.raises(ValueError, match="unknown output"):
        W.loss(np.ones((2, 3)), "hinge")
    with pytest.raises(ValueError, match=r"Y has shape \(3, 2\)"):
        W.loss(np.ones((3, 2)), "identity")
    with pytest.raises(ValueError, match="scalar cost"):
        W.backward()
    with pytest.raises(TypeError, match="name must be a string"):
        W.named(None)
