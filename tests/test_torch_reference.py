"""Notebook 07, section 5: every formula of its PyTorch translation table against real PyTorch float64 autograd.

The notebook shows this PyTorch code as text, so that its outputs do not depend on torch being installed;
this test executes it. Each row of the table is compared with a relative error <= 1e-10. Skipped, with the
reason, where torch is not installed (`pip install torch` to run it).
"""

import numpy as np
import pytest

from helpers import network
from helpers.activations import get_activation
from helpers.autograd import Tensor
from helpers.gradcheck import relative_error
from notebook_files import NOTEBOOK_DIR
from problems import labels, problem

torch = pytest.importorskip("torch", reason="PyTorch is not installed: `pip install torch` runs this test")

TOL = 1e-10
HIDDEN = ["tanh", "sigmoid", "relu"]
OUTPUT = ["sigmoid", "softmax", "identity"]


def torch_run(params, X, Y, hidden, output):
    """The notebook's PyTorch code: two nn.Linear layers in float64, autograd, every intermediate's .grad kept."""
    nn, F = torch.nn, torch.nn.functional
    m = X.shape[1]
    lin1 = nn.Linear(X.shape[0], params["W1"].shape[0], dtype=torch.float64)
    lin2 = nn.Linear(params["W1"].shape[0], params["W2"].shape[0], dtype=torch.float64)
    with torch.no_grad():  # the same numbers: weight = W (out, in), bias = b[:, 0] (out,)
        lin1.weight.copy_(torch.from_numpy(params["W1"]))
        lin1.bias.copy_(torch.from_numpy(params["b1"][:, 0]))
        lin2.weight.copy_(torch.from_numpy(params["W2"]))
        lin2.bias.copy_(torch.from_numpy(params["b2"][:, 0]))
    x = torch.from_numpy(X.T.copy())  # (m, in): one example per row
    t = torch.from_numpy(Y.T.copy())  # (m, out)
    y1 = lin1(x)  # (m, n_h) = x W1^T + b1
    h = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu}[hidden](y1)
    y2 = lin2(h)  # (m, n_y): the logits
    if output == "sigmoid":
        J = F.binary_cross_entropy_with_logits(y2, t, reduction="sum") / m
    elif output == "softmax":
        J = F.cross_entropy(y2, t.argmax(dim=1), reduction="mean")
    else:
        J = 0.5 * ((y2 - t) ** 2).sum() / m
    for v in (y1, h, y2):
        v.retain_grad()
    J.backward()
    out = {"J": J.item(), "x": X.T, "t": Y.T}
    for name, v in [("y1", y1), ("h", h), ("y2", y2)]:
        out[name], out[name + ".grad"] = v.detach().numpy(), v.grad.numpy()
    for name, lin in [("lin1", lin1), ("lin2", lin2)]:
        out[name + ".weight"], out[name + ".bias"] = lin.weight.detach().numpy(), lin.bias.detach().numpy()
        out[name + ".weight.grad"], out[name + ".bias.grad"] = lin.weight.grad.numpy(), lin.bias.grad.numpy()
    return out


def close(ours, theirs, what):
    assert np.shape(ours) == np.shape(theirs), what
    assert relative_error(ours, theirs) <= TOL, (what, relative_error(ours, theirs))


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_every_row_of_the_translation_table_matches_pytorch(hidden, output):
    params, X, Y = problem(output, seed=7)
    r = torch_run(params, X, Y, hidden, output)
    m = X.shape[1]
    g = get_activation(hidden)
    g_out = get_activation(output)
    x, h, y1, y2 = r["x"], r["h"], r["y1"], r["y2"]
    W1, W2 = r["lin1.weight"], r["lin2.weight"]

    # forward: y = x W^T + b is the transpose of Z = W A + b
    A2, cache = network.forward(params, X, hidden, output)
    close(x @ W1.T + r["lin1.bias"], y1, "y1 = x W1^T + b1")
    close(y1, cache["Z1"].T, "y1 = Z1^T")
    close(h @ W2.T + r["lin2.bias"], y2, "y2 = h W2^T + b2")
    close(y2, cache["Z2"].T, "y2 = Z2^T")
    assert abs(r["J"] - network.loss(A2, Y, output)) <= TOL * abs(r["J"])

    # output layer: y2.grad = (g2(y2) - t) / m, the fused dZ2 = A2 - Y transposed, with the 1/m inside
    close((g_out.g(y2.T).T - r["t"]) / m, r["y2.grad"], "y2.grad = (g2(y2) - t) / m")
    # the weight, bias and input gradients of layer 2, from its own y2.grad
    close(r["y2.grad"].T @ h, r["lin2.weight.grad"], "weight.grad = y.grad^T x (layer 2)")
    close(r["y2.grad"].sum(axis=0), r["lin2.bias.grad"], "bias.grad = y.grad.sum(0) (layer 2)")
    close(r["y2.grad"] @ W2, r["h.grad"], "x.grad = y.grad W (layer 2's input h)")
    # the activation: y1.grad = h.grad * g'(y1)
    close(r["h.grad"] * g.g_prime(y1), r["y1.grad"], "y1.grad = h.grad * g'(y1)")
    # layer 1
    close(r["y1.grad"].T @ x, r["lin1.weight.grad"], "weight.grad = y.grad^T x (layer 1)")
    close(r["y1.grad"].sum(axis=0), r["lin1.bias.grad"], "bias.grad = y.grad.sum(0) (layer 1)")

    # the column convention, translated: weight.grad = dW, bias.grad = db[:, 0], y.grad = dZ^T / m
    grads = network.backward(params, cache, X, Y, hidden, output)
    for l in (1, 2):
        close(grads[f"dW{l}"], r[f"lin{l}.weight.grad"], f"dW{l} = lin{l}.weight.grad")
        close(grads[f"db{l}"][:, 0], r[f"lin{l}.bias.grad"], f"db{l} = lin{l}.bias.grad")
        close(grads[f"dZ{l}"].T / m, r[f"y{l}.grad"], f"dZ{l}^T / m = y{l}.grad")
    close((params["W2"].T @ grads["dZ2"]).T / m, r["h.grad"], "dA1^T / m = h.grad")

    # helpers.autograd, the notebook's own autograd, on the same numbers
    leaves = {k: Tensor(v, k) for k, v in params.items()}
    Z1 = (leaves["W1"] @ Tensor(X, "X")) + leaves["b1"]
    J = ((leaves["W2"] @ Z1.activation(hidden)) + leaves["b2"]).loss(Y, output)
    J.backward()
    assert abs(J.value[0, 0] - r["J"]) <= TOL * abs(r["J"])
    for l in (1, 2):
        close(leaves[f"W{l}"].grad, r[f"lin{l}.weight.grad"], f"autograd W{l}.grad")
        close(leaves[f"b{l}"].grad[:, 0], r[f"lin{l}.bias.grad"], f"autograd b{l}.grad")
    close(Z1.grad.T, r["y1.grad"], "autograd Z1.grad = y1.grad^T")


def notebook_torch_code():
    """The PyTorch code block of notebook 07's section 5, as the notebook shows it (markdown, not executed there)."""
    import json

    path = NOTEBOOK_DIR / "07_four_ways.ipynb"
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "```python\nimport torch" in source:
            return source.split("```python\n", 1)[1].split("```", 1)[0]
    raise AssertionError("notebook 07 has no ```python block starting with `import torch`")


def test_the_notebooks_pytorch_code_runs_as_shown():
    X_04 = np.array([[1.0, -2.0, 0.5, 3.0], [2.0, 0.0, -1.0, 1.0]])  # notebook 04's example, as notebook 07 uses it
    Y_04 = np.array([[1.0, 0.0, 0.0, 1.0]])
    params_04 = {"W1": np.array([[0.5, -0.3], [0.8, 0.2], [-0.4, 0.6]]), "b1": np.array([[0.2], [-0.1], [0.1]]),
                 "W2": np.array([[1.2, -0.7, 0.9]]), "b2": np.array([[0.05]])}
    namespace = {"np": np, "X_04": X_04, "Y_04": Y_04, "params_04": params_04}
    exec(compile(notebook_torch_code(), "notebook 07, section 5", "exec"), namespace)  # its asserts must pass
    grads = network.backward(params_04, network.forward(params_04, X_04)[1], X_04, Y_04)
    close(namespace["lin1"].weight.grad.numpy(), grads["dW1"], "the notebook's lin1.weight.grad = dW1")
    close(namespace["lin2"].bias.grad.numpy(), grads["db2"][:, 0], "the notebook's lin2.bias.grad = db2")


# ---------------------------------------------------------------- L layers: backward for L = 1..6

DEEP_HIDDEN = ["tanh", "sigmoid", "relu", "identity"]


def deep_problem(L, output, seed):
    """L layers of different widths, weights of std 1.2 / sqrt(fan-in), non-zero biases, m = 7."""
    rng = np.random.default_rng(seed)
    sizes = [3, 5, 4, 6, 3, 5, 4][:L] + [1 if output == "sigmoid" else 3]
    params = network.init_params(sizes, rng, scale="xavier")
    for l in range(1, L + 1):
        params[f"W{l}"] *= 1.2
        params[f"b{l}"] = 0.3 * rng.standard_normal((sizes[l], 1))
    X = rng.standard_normal((sizes[0], 7))
    return params, X, labels(rng, output, sizes[-1], 7)


def torch_deep(params, X, Y, hidden, output):
    """dJ/dW, dJ/db and every Z's and A's .grad from PyTorch float64 autograd, in the column convention."""
    L = len(params) // 2
    act = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "identity": lambda z: z}
    P = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    A, m, kept = torch.from_numpy(X), X.shape[1], {}
    for l in range(1, L + 1):
        Z = P[f"W{l}"] @ A + P[f"b{l}"]
        Z.retain_grad()
        kept[f"Z{l}"] = Z
        if l < L:
            A = act[hidden[l - 1]](Z)
            A.retain_grad()
            kept[f"A{l}"] = A
    t = torch.from_numpy(Y)
    if output == "sigmoid":
        J = torch.nn.functional.binary_cross_entropy_with_logits(Z, t, reduction="sum") / m
    elif output == "softmax":
        J = torch.nn.functional.cross_entropy(Z.T, t.T.argmax(dim=1), reduction="mean")
    else:
        J = 0.5 * ((Z - t) ** 2).sum() / m
    J.backward()
    out = {"d" + k: v.grad.numpy() for k, v in P.items()}
    out.update({"d" + k: v.grad.numpy() * m for k, v in kept.items()})  # per-example dL/dZ, dL/dA: no 1/m
    return out


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", DEEP_HIDDEN)
@pytest.mark.parametrize("L", [1, 2, 3, 4, 5, 6])
def test_deep_backward_matches_pytorch(L, hidden, output):
    params, X, Y = deep_problem(L, output, seed=10 * L + len(hidden))
    hiddens = [hidden] * (L - 1)
    _, cache = network.forward(params, X, hidden, output)
    ours = network.backward(params, cache, X, Y, hidden, output)
    theirs = torch_deep(params, X, Y, hiddens, output)
    assert set(ours) == set(theirs), (sorted(ours), sorted(theirs))
    for k in theirs:
        close(ours[k], theirs[k], f"{k}, L = {L}")


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("L", [3, 6])
def test_deep_backward_with_a_different_activation_per_layer_matches_pytorch(L, output):
    params, X, Y = deep_problem(L, output, seed=L)
    hiddens = (DEEP_HIDDEN * 2)[:L - 1]
    ours = network.backward(params, network.forward(params, X, hiddens, output)[1], X, Y, hiddens, output)
    theirs = torch_deep(params, X, Y, hiddens, output)
    for k in theirs:
        close(ours[k], theirs[k], f"{k}, L = {L}, hidden {hiddens}")
