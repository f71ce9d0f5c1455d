"""Time one training step (forward + backward + update) of helpers.network against two baselines.

    python benchmarks/train_step.py              # flower n_h=4, digits n_h=64, digits 4 hidden layers; 9 repeats
    python benchmarks/train_step.py --repeats 3  # quicker, noisier

Rows, all on the same data, sizes, initial weights and float64:
  minimal loop     the inline numpy loop a learner writes in the Deep Learning Specialization:
                   forward, cost, backward, update, nothing checked (for the deep case, the DLS's
                   L-layer loop over l = 1..L and back, with the parameters in a dict);
  helpers.train    helpers.network.train(..., num_iterations=N) / N (checks once, then an unchecked loop);
  helpers public   forward + loss + backward + update through the public, input-checking functions;
  torch autograd   PyTorch on the CPU (optional; skipped with a message when torch is not installed);
  minimal + ...    the minimal loop with one piece swapped for the helpers' version, to show where a
                   difference between the first two rows comes from.
Each row gives the median and the minimum over interleaved repeats of (seconds for N steps) / N, and
their ratios to the minimal loop. Every method must end at the same weights as the minimal loop (checked).
On a shared machine the minimum is the steadier figure; the load average is printed before and after.
"""

import argparse
import os
import statistics
import time

import numpy as np

from helpers import data, network
from helpers.activations import _sigmoid, _softmax
from helpers.losses import _bce_with_logits, _cross_entropy_with_logits

CASES = {
    # name: (loader, hidden layer widths, output, learning_rate, steps per timing); the hidden layers are tanh
    "flower (2x320, n_h=4, sigmoid)": (data.load_flower, (4,), "sigmoid", 1.2, 1000),
    "digits (64x1438, n_h=64, softmax)": (data.load_digits, (64,), "softmax", 1.0, 100),
    "digits deep (64x1438, 4 hidden layers of 32, softmax)": (data.load_digits, (32, 32, 32, 32), "softmax", 0.1, 100),
}


def _plain_sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def _plain_softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _plain_cost(A2, Z2, Y, output):
    m = Y.shape[1]
    if output == "sigmoid":
        return -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
    return -np.sum(Y * np.log(A2)) / m


def _helpers_cost(A2, Z2, Y, output):
    return (_bce_with_logits if output == "sigmoid" else _cross_entropy_with_logits)(Z2, Y)


def minimal_loop(params, X, Y, output, learning_rate, steps, g2=None, cost=_plain_cost):
    """The loop as a learner writes it (tanh hidden layers): no checks; g2 and cost can be swapped in."""
    if len(params) > 4:
        return minimal_deep_loop(params, X, Y, output, learning_rate, steps, g2, cost)
    g2 = g2 or (_plain_sigmoid if output == "sigmoid" else _plain_softmax)
    W1, b1, W2, b2 = (params[k].copy() for k in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]
    for _ in range(steps):
        Z1 = W1 @ X + b1  # (n_h, m)
        A1 = np.tanh(Z1)
        Z2 = W2 @ A1 + b2  # (n_y, m)
        A2 = g2(Z2)
        cost(A2, Z2, Y, output)
        dZ2 = A2 - Y
        dW2 = dZ2 @ A1.T / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = (W2.T @ dZ2) * (1 - A1**2)
        dW1 = dZ1 @ X.T / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        W1 = W1 - learning_rate * dW1
        b1 = b1 - learning_rate * db1
        W2 = W2 - learning_rate * dW2
        b2 = b2 - learning_rate * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def minimal_deep_loop(params, X, Y, output, learning_rate, steps, g2=None, cost=_plain_cost):
    """The DLS's L-layer loop (tanh hidden layers), with lists of arrays: no checks, no names."""
    g2 = g2 or (_plain_sigmoid if output == "sigmoid" else _plain_softmax)
    L = len(params) // 2
    W = [params[f"W{l}"].copy() for l in range(1, L + 1)]
    b = [params[f"b{l}"].copy() for l in range(1, L + 1)]
    m = X.shape[1]
    for _ in range(steps):
        A = [X]
        for l in range(L - 1):
            A.append(np.tanh(W[l] @ A[l] + b[l]))  # (n[l], m)
        Z = W[L - 1] @ A[L - 1] + b[L - 1]  # (n_y, m)
        AL = g2(Z)
        cost(AL, Z, Y, output)
        dZ = AL - Y
        for l in range(L - 1, -1, -1):
            dW = dZ @ A[l].T / m
            db = np.sum(dZ, axis=1, keepdims=True) / m
            if l > 0:
                dZ = (W[l].T @ dZ) * (1 - A[l] ** 2)
            W[l] = W[l] - learning_rate * dW
            b[l] = b[l] - learning_rate * db
    return {k: v for l in range(L) for k, v in ((f"W{l + 1}", W[l]), (f"b{l + 1}", b[l]))}


def helpers_train(params, X, Y, output, learning_rate, steps):
    """helpers.network.train, the path the notebooks use."""
    return network.train(X, Y, None, "tanh", output, learning_rate, steps, params=params)[0]


def helpers_public(params, X, Y, output, learning_rate, steps):
    """forward + loss + backward + update through the public (checking) functions."""
    for _ in range(steps):
        A2, cache = network.forward(params, X, "tanh", output)
        network.loss(A2, Y, output)
        grads = network.backward(params, cache, X, Y, "tanh", output)
        params = network.update(params, grads, learning_rate)
    return params


def make_torch_loop():
    """(the same step with PyTorch autograd, float64 on the CPU, or None; a line saying which)."""
    try:
        import torch
    except ImportError:
        return None, "torch autograd: skipped, torch is not installed (it is optional: pip install torch)"
    F = torch.nn.functional
    if "OPENBLAS_NUM_THREADS" in os.environ:  # the same number of threads as numpy's BLAS
        torch.set_num_threads(int(os.environ["OPENBLAS_NUM_THREADS"]))

    def torch_loop(params, X, Y, output, learning_rate, steps):
        P = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
        Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
        L = len(P) // 2
        for _ in range(steps):
            A = Xt
            for l in range(1, L):
                A = torch.tanh(P[f"W{l}"] @ A + P[f"b{l}"])
            Z2 = P[f"W{L}"] @ A + P[f"b{L}"]
            if output == "sigmoid":
                cost = F.binary_cross_entropy_with_logits(Z2, Yt)
            else:
                cost = F.cross_entropy(Z2.T, Yt.T)  # one-hot targets as probabilities, mean over the batch
            for p in P.values():
                p.grad = None
            cost.backward()
            with torch.no_grad():
                for p in P.values():
                    p -= learning_rate * p.grad
        return {k: v.detach().numpy() for k, v in P.items()}

    return torch_loop, f"torch autograd: torch {torch.__version__}, {torch.get_num_threads()} threads"


def methods_for(output, torch_loop):
    """The rows for one case, in print order."""
    methods = {"minimal loop": minimal_loop, "helpers.train": helpers_train, "helpers public": helpers_public}
    if torch_loop is not None:
        methods["torch autograd"] = torch_loop
    helpers_g2 = _sigmoid if output == "sigmoid" else _softmax
    methods[f"minimal + helpers' {output}"] = lambda *a: minimal_loop(*a, g2=helpers_g2)
    methods["minimal + helpers' cost"] = lambda *a: minimal_loop(*a, cost=_helpers_cost)
    return methods


def time_case(name, repeats, torch_loop):
    """Interleaved repeats of every method on one case: ({method: [seconds per step]}, steps)."""
    loader, widths, output, lr, steps = CASES[name]
    ds = loader()
    X, Y = ds.X_train, ds.Y_train
    scale = 0.01 if len(widths) == 1 else "xavier"  # a deep tanh net needs Xavier to train (notebook 06)
    params = network.init_params([X.shape[0], *widths, Y.shape[0]], np.random.default_rng(2), scale)
    methods = methods_for(output, torch_loop)
    reference = minimal_loop(params, X, Y, output, lr, steps)
    for label, fn in methods.items():  # warm-up, and every method must reach the same weights
        final = fn(params, X, Y, output, lr, steps)
        for k in reference:
            if not np.allclose(final[k], reference[k], rtol=1e-7, atol=1e-10):
                raise AssertionError(f"{label} ends at a different {k} than the minimal loop on {name}")
    times = {label: [] for label in methods}
    for _ in range(repeats):
        for label, fn in methods.items():
            start = time.perf_counter()
            fn(params, X, Y, output, lr, steps)
            times[label].append((time.perf_counter() - start) / steps)
    return times, steps


def main():
    """Run every case and print one table per case."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="interleaved repeats per method (default 9)")
    args = parser.parse_args()
    torch_loop, torch_note = make_torch_loop()
    env = {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS") if k in os.environ}
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, thread settings {env or 'none'}")
    print(torch_note)
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print(f"time per training step, float64, {args.repeats} interleaved repeats\n")
    for name in CASES:
        times, steps = time_case(name, args.repeats, torch_loop)
        med = {k: statistics.median(v) for k, v in times.items()}
        low = {k: min(v) for k, v in times.items()}
        print(f"{name}, {steps} steps per repeat")
        print(f"  {'method':<26} {'median µs':>10} {'ratio':>6} {'min µs':>9} {'ratio':>6}")
        for label in times:
            print(f"  {label:<26} {med[label] * 1e6:10.1f} {med[label] / med['minimal loop']:6.2f}"
                  f" {low[label] * 1e6:9.1f} {low[label] / low['minimal loop']:6.2f}")
        print()
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
