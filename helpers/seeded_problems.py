"""The seeded problems of the network checkers: arguments, reference outputs and each named mistake computed.

PROBLEMS[kind](hidden, output) gives check_<kind>'s problems (helpers.checks runs the learner's function on each).
A problem's reference outputs come from helpers.network (forward, backward, update), and its catalogue is every
Mistake of helpers.mistakes.catalogue computed on that problem's reference pass: the wrong outputs it produces,
or the error numpy raises (a Raised), so that the checker can name the mistake whose numbers the learner's match.
"""

import re
from collections import namedtuple

import numpy as np

from .data import one_hot
from .formatting import shape_labeller
from .mistakes import catalogue, namespace
from .network import GRAD_NAMES, backward, forward, update

Computed = namedtuple("Computed", ["description", "value", "code"])
Computed.__doc__ = "A mistake computed on one problem: value is its dict of wrong outputs, or a Raised."
Problem = namedtuple("Problem", ["names", "sizes", "args", "expected", "mistakes", "shape_label"])
Problem.__doc__ = "One seeded problem: size names and values, the arguments, expected outputs, computed catalogue."


class Raised(namedtuple("Raised", ["signature"])):
    """A catalogued mistake that makes numpy raise: (type name, what it says), alike for @, np.dot and a.dot."""

    __slots__ = ()

    @classmethod
    def from_exception(cls, exc):
        """The Raised that identifies exc: its type and message, with matmul and broadcast messages normalised."""
        message = str(exc).strip()
        matmul = re.search(r"size (\d+) is different from (\d+)", message)  # from @ and np.matmul
        dot = re.search(r"not aligned: (\d+) \(dim \d+\) != (\d+)", message)  # from np.dot and a.dot
        if matmul or dot:
            left, right = (matmul.group(2), matmul.group(1)) if matmul else dot.groups()
            return cls((type(exc).__name__, f"inner sizes {left} and {right} differ"))
        if "could not be broadcast" in message:
            message = " ".join(sorted(re.findall(r"\([\d, ]*\)", message)))
        return cls((type(exc).__name__, message))


def _computed(mistakes, reference):
    """Each mistake computed on one problem's reference pass: a Computed holding its wrong outputs, or a Raised."""
    out = []
    for mistake in mistakes:
        try:
            value = {k: np.asarray(v, dtype=np.float64) for k, v in mistake.compute(reference).items()}
        except (ValueError, TypeError, IndexError) as exc:
            value = Raised.from_exception(exc)
        out.append(Computed(mistake.description, value, mistake.code))
    return out


# ---------------------------------------------------------------- seeded data


#: (n_x, n_h, n_y, m) per problem: every size differs from the others, so no transpose passes by accident.
_SIZES = ((3, 4, 2, 5), (2, 5, 1, 7), (4, 3, 5, 6))
_SIZES_SOFTMAX = ((3, 4, 2, 5), (2, 5, 3, 7), (4, 3, 5, 6))
_SEED = 2024
_NETWORK_SIZES = "(n_x, n_h, n_y, m)"
#: (n, m, L) per problem of check_backward_deep: every layer of a problem has the same width n (n_x = n[l] = n_y),
#: so that every catalogued mistake gives numbers (none raises) and is named by its values; m differs from n.
_DEEP_SIZES = ((4, 5, 4), (3, 7, 4), (5, 6, 4))
#: (n_x, n_h, n_y, learning rate) per problem for check_step.
_STEP_SIZES = ((3, 4, 2, 0.3), (2, 5, 1, 0.07))


def _labels(rng, output, n_y, m):
    """Seeded labels Y (n_y, m) for an output layer: 0/1 for sigmoid, one-hot for softmax, reals for identity."""
    if output == "sigmoid":
        return rng.integers(0, 2, size=(n_y, m)).astype(np.float64)  # (n_y, m)
    if output == "softmax":
        return one_hot(rng.integers(0, n_y, size=m), n_y)  # (n_y, m)
    return rng.standard_normal((n_y, m))  # (n_y, m)


def _network_data(k, sizes, output):
    """Seeded params (weights of scale 1, non-zero biases), X and Y for problem k."""
    n_x, n_h, n_y, m = sizes
    rng = np.random.default_rng(_SEED + k)
    params = {
        "W1": rng.standard_normal((n_h, n_x)),  # (n_h, n_x)
        "b1": 0.5 * rng.standard_normal((n_h, 1)),  # (n_h, 1)
        "W2": rng.standard_normal((n_y, n_h)),  # (n_y, n_h)
        "b2": 0.5 * rng.standard_normal((n_y, 1)),  # (n_y, 1)
    }
    X = rng.standard_normal((n_x, m))  # (n_x, m)
    return params, X, _labels(rng, output, n_y, m)


def _network_problems(output):
    """[(sizes, shape labeller, params, X, Y)] for the problems used with this output layer."""
    problems = []
    for k, sizes in enumerate(_SIZES_SOFTMAX if output == "softmax" else _SIZES):
        named = dict(zip(("n_x", "n_h", "n_y", "m"), sizes))
        problems.append((str(sizes), shape_labeller(named), *_network_data(k, sizes, output)))
    return problems


def _deep_data(k, n, m, L, output):
    """Seeded params of an L-layer network with every width n (weights of std 1.5/sqrt(n)), X and Y."""
    rng = np.random.default_rng(_SEED + 200 + k)
    params = {}
    for l in range(1, L + 1):
        params[f"W{l}"] = 1.5 / np.sqrt(n) * rng.standard_normal((n, n))  # (n, n)
        params[f"b{l}"] = 0.5 * rng.standard_normal((n, 1))  # (n, 1)
    X = rng.standard_normal((n, m))  # (n, m)
    return params, X, _labels(rng, output, n, m)


# ---------------------------------------------------------------- the problems of each check


def _backward_problem(kind, params, X, Y, hidden, output):
    """(args, expected gradients, computed catalogue) of one backward problem, from network's own passes."""
    _, cache = forward(params, X, hidden, output)
    grads = backward(params, cache, X, Y, hidden, output)
    expected = {k: grads[k] for k in (GRAD_NAMES if kind == "backward" else
                                      (f"d{p}{l}" for l in range(1, len(params) // 2 + 1) for p in "Wb"))}
    reference = namespace(kind, {**params, **cache, **grads, "X": X, "Y": Y}, hidden, output)
    mistakes = _computed(catalogue(kind, hidden, output, L=len(params) // 2), reference)
    return {"params": params, "cache": dict(cache) if kind != "backward" else cache, "X": X, "Y": Y}, expected, mistakes


def _backward_problems(hidden, output):
    """The seeded problems of check_backward, each with its reference gradients and computed catalogue."""
    return [Problem(_NETWORK_SIZES, sizes, *_backward_problem("backward", params, X, Y, hidden, output), shape_label)
            for sizes, shape_label, params, X, Y in _network_problems(output)]


def _deep_problems(hidden, output):
    """The seeded problems of check_backward_deep, each with its reference gradients and computed catalogue."""
    problems = []
    for k, (n, m, L) in enumerate(_DEEP_SIZES):
        params, X, Y = _deep_data(k, n, m, L, output)
        problems.append(Problem("(n, m, L)", str((n, m, L)), *_backward_problem("backward_deep", params, X, Y, hidden,
                                                                               output),
                                shape_labeller({"n": n, "m": m})))
    return problems


def _forward_problems(hidden, output):
    """The seeded problems of check_forward, each with its reference outputs and computed catalogue."""
    problems = []
    for sizes, shape_label, params, X, _ in _network_problems(output):
        A2, cache = forward(params, X, hidden, output)
        mistakes = _computed(catalogue("forward", hidden, output), namespace("forward", {**params, "X": X}, hidden,
                                                                             output))
        expected = {"A2": A2, "Z1": cache["Z1"], "A1": cache["A1"], "Z2": cache["Z2"]}
        problems.append(Problem(_NETWORK_SIZES, sizes, {"params": params, "X": X}, expected, mistakes, shape_label))
    return problems


def _step_problems():
    """The seeded problems of check_step: params, grads, a learning rate, the reference update."""
    problems = []
    for k, (n_x, n_h, n_y, lr) in enumerate(_STEP_SIZES):
        params, _, _ = _network_data(k, (n_x, n_h, n_y, 1), "identity")
        rng = np.random.default_rng(_SEED + 100 + k)
        grads = {"d" + key: rng.standard_normal(np.shape(value)) for key, value in params.items()}
        mistakes = _computed(catalogue("step"), namespace("step", {**params, **grads, "learning_rate": lr}))
        labeller = shape_labeller({"n_x": n_x, "n_h": n_h, "n_y": n_y})
        args = {"params": params, "grads": grads, "learning_rate": lr}
        names = "(n_x, n_h, n_y, learning_rate)"
        problems.append(Problem(names, str((n_x, n_h, n_y, lr)), args, update(params, grads, lr), mistakes, labeller))
    return problems


#: kind -> problems(hidden, output): the seeded problems of check_<kind>, each with its computed catalogue.
PROBLEMS = {
    "forward": _forward_problems,
    "backward": _backward_problems,
    "backward_deep": _deep_problems,
    "step": lambda hidden, output: _step_problems(),
}
