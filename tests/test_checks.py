"""helpers.checks: every catalogued mistake is caught and named; right answers pass; wrong answers never raise."""

import linecache
import re

import numpy as np
import pytest

from helpers import checks, mistakes, seeded_problems

HIDDEN = ["tanh", "sigmoid", "relu"]
OUTPUT = ["sigmoid", "softmax", "identity"]

#: A learner's backward pass, as the learner types it; GPRIME stands for g1'(Z1).
BACKWARD = '''
def backward(params, cache, X, Y):
    W1, W2 = params["W1"], params["W2"]
    Z1, A1, A2 = cache["Z1"], cache["A1"], cache["A2"]
    m = X.shape[1]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * GPRIME
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
'''

#: g1'(Z1) as a learner writes it.
GPRIME = {"tanh": "(1 - A1**2)", "sigmoid": "A1 * (1 - A1)", "relu": "(Z1 > 0)", "identity": "1"}


#: What the learner's notebook has defined before writing these functions.
LEARNER_HELPERS = {
    "np": np,
    "sigmoid": lambda Z: 1 / (1 + np.exp(-Z)),
    "relu": lambda Z: np.maximum(Z, 0),
    "identity": lambda Z: Z,
    "softmax": lambda Z: np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True),
}


def learner(template, edits=(), **names):
    """The function a template defines, after the edits (old, new), compiled as a notebook cell is."""
    source = template
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    for name, text in names.items():
        source = source.replace(name, text)
    filename = f"<learner cell {abs(hash(source))}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # as IPython does
    namespace = dict(LEARNER_HELPERS)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[re.search(r"def (\w+)", source).group(1)]


def learner_backward(hidden, edits=()):
    """The learner's backward pass for this hidden activation, with the edits made."""
    return learner(BACKWARD, edits, GPRIME=GPRIME[hidden])


#: bug -> (the edits that make it, words of the catalogue entry that must name it).
GENERAL_BUGS = {
    "dW2 order": ([("dZ2 @ A1.T", "A1 @ dZ2.T")], "dW2 = A1 @ dZ2.T"),
    "dW1 order": ([("dZ1 @ X.T", "X @ dZ1.T")], "dW1 = X @ dZ1.T"),
    "dA1 order": ([("W2.T @ dZ2", "dZ2 @ W2.T")], "dA1 = dZ2 @ W2.T"),
    "dA1 W2 no T": ([("W2.T @ dZ2", "W2 @ dZ2")], "dA1 = W2 @ dZ2"),
    "dA1 transposed": ([("W2.T @ dZ2", "dZ2.T @ W2")], "dA1 = dZ2.T @ W2"),
    "dA1 uses W1": ([("W2.T @ dZ2", "W1.T @ dZ2")], "W1 used where W2 belongs"),
    "dA1 np.dot": ([("W2.T @ dZ2", "np.dot(dZ2, W2.T)")], "dA1 = dZ2 @ W2.T"),
    "dW2 no T": ([("dZ2 @ A1.T", "dZ2 @ A1")], "dW2 = dZ2 @ A1 / m"),
    "dW1 no T": ([("dZ1 @ X.T", "dZ1 @ X")], "dW1 = dZ1 @ X / m"),
    "dW2 uses X": ([("dZ2 @ A1.T", "dZ2 @ X.T")], "X used where A1 belongs"),
    "dW1 uses A1": ([("dZ1 @ X.T", "dZ1 @ A1.T")], "A1 used where X belongs"),
    "dA1 * for @": ([("W2.T @ dZ2", "W2.T * dZ2")], "dA1 = W2.T * dZ2"),
    "dW2 * for @": ([("dZ2 @ A1.T", "dZ2 * A1.T")], "dW2 = dZ2 * A1.T"),
    "dW1 * for @": ([("dZ1 @ X.T", "dZ1 * X.T")], "dW1 = dZ1 * X.T"),
    "dZ1 @ for *": ([("dA1 * GPRIME", "dA1 @ GPRIME")], "dZ1 = dA1 @ g1'(Z1)"),
    "dZ1 @ for * transposed": ([("dA1 * GPRIME", "dA1 @ (GPRIME).T")], "dZ1 = dA1 @ g1'(Z1).T"),
    "missing 1/m": ([(" / m\n", "\n")], "missing 1/m"),
    "1/m twice": ([(" / m\n", " / m / m\n")], "1/m applied twice"),
    "1/m inside dZ": ([("dZ2 = A2 - Y", "dZ2 = (A2 - Y) / m")], "1/m applied twice, e.g. once inside dZ2"),
    "db axis 0": ([("axis=1", "axis=0")], "db summed over axis 0 (the units) instead of axis 1"),
    "db no keepdims": ([(", keepdims=True", "")], "db summed without keepdims=True"),
    "db axis 0 no keepdims": ([("axis=1, keepdims=True", "axis=0")], "db summed over axis 0 (the units) and without"),
    "db all": ([(", axis=1, keepdims=True", "")], "db summed over every entry"),
    "forgot g'": ([("dA1 * GPRIME", "dA1")], "forgot the element-wise product with g1'(Z1)"),
    "sign": ([("A2 - Y", "Y - A2")], "sign error: dZ2 = Y - A2"),
}

#: (bug, hidden, edits, words), for mistakes that belong to one hidden activation.
ACTIVATION_BUGS = [
    ("relu mask >= 0", "relu", [("GPRIME", "(A1 >= 0)")], "the ReLU mask A1 >= 0 is always true"),
    ("relu mask values", "relu", [("GPRIME", "A1")], "the ReLU mask taken from A1's values"),
    ("relu on gradient", "relu", [("dA1 * GPRIME", "np.maximum(dA1, 0)")], "the ReLU mask taken from the gradient"),
    ("tanh' from Z", "tanh", [("GPRIME", "(1 - Z1**2)")], "tanh' written as 1 - Z1**2"),
    ("tanh' from A2", "tanh", [("GPRIME", "(1 - A2**2)")], "tanh' computed from the wrong layer's A"),
    ("sigmoid' from A2", "sigmoid", [("GPRIME", "A2 * (1 - A2)")], "sigmoid' computed from the wrong layer's A"),
    ("sigmoid' from Z", "sigmoid", [("GPRIME", "Z1 * (1 - Z1)")], "sigmoid' written as Z1 * (1 - Z1)"),
    ("sigmoid' on tanh", "tanh", [("GPRIME", "sigmoid(Z1) * (1 - sigmoid(Z1))")],
     "used sigmoid's derivative, sigmoid'(Z1), for a tanh hidden layer"),
    ("sigmoid formula on tanh", "tanh", [("GPRIME", "A1 * (1 - A1)")],
     "used sigmoid's derivative A1 * (1 - A1) on a tanh hidden layer"),
    ("tanh formula on relu", "relu", [("GPRIME", "(1 - A1**2)")], "used tanh's derivative 1 - A1**2 on a relu hidden"),
]


def named(out, words):
    """True if the printed feedback names the mistake on a 'This matches' line or the '— ' lines below it."""
    lines = out.splitlines()
    for i in (i for i, line in enumerate(lines) if line.startswith("  This matches")):
        j = i + 1
        while j < len(lines) and lines[j].startswith("  — "):
            j += 1
        if any(words in line for line in lines[i:j]):
            return True
    return False


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN + ["identity"])
def test_a_correct_backward_passes(hidden, output, capsys):
    assert checks.check_backward(learner_backward(hidden), hidden, output) is True
    out = capsys.readouterr().out
    assert out.count("✓") == 4 and "✗" not in out
    assert "All 4 gradients correct." in out


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("bug", list(GENERAL_BUGS))
def test_each_general_mistake_fails_and_is_named(bug, hidden, output, capsys):
    edits, words = GENERAL_BUGS[bug]
    assert checks.check_backward(learner_backward(hidden, edits), hidden, output) is False
    out = capsys.readouterr().out
    assert named(out, words), out
    assert "Traceback" not in out


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("bug, hidden, edits, words", ACTIVATION_BUGS)
def test_each_activation_mistake_fails_and_is_named(bug, hidden, edits, words, output, capsys):
    assert checks.check_backward(learner_backward(hidden, edits), hidden, output) is False
    assert named(capsys.readouterr().out, words)


@pytest.mark.parametrize("hidden", HIDDEN)
def test_the_output_derivative_applied_twice_is_named(hidden, capsys):
    edits = [("dZ2 = A2 - Y", "dZ2 = (A2 - Y) * A2 * (1 - A2)")]
    assert checks.check_backward(learner_backward(hidden, edits), hidden, "sigmoid") is False
    assert named(capsys.readouterr().out, "which already is dL/dZ2")


def test_a_raising_backward_names_the_line_the_problem_and_the_fix(capsys):
    assert checks.check_backward(learner_backward("tanh", GENERAL_BUGS["dA1 order"][0])) is False
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "✗ your backward pass (hidden=tanh, output=sigmoid) raised ValueError on the problem with " \
                     "(n_x, n_h, n_y, m) = (3, 4, 2, 5):"
    assert out[2] == "  in your line: dA1 = dZ2 @ W2.T"
    assert out[3] == "  This matches a known mistake: dA1 = dZ2 @ W2.T: the product order is swapped; " \
                     "use dA1 = W2.T @ dZ2"
    assert len(out) == 4


def test_an_error_no_catalogued_mistake_explains_gets_a_hint_not_a_wrong_name(capsys):
    edits = [("dZ1 = dA1 * GPRIME", "dZ1 = dA1 @ dZ2.T")]  # (n_h, m) @ (m, n_y): conforms, then dW1 fails
    assert checks.check_backward(learner_backward("tanh", edits)) is False
    out = capsys.readouterr().out
    assert "This matches" not in out
    assert "  Hint: a matrix product got operands whose inner sizes differ" in out


def test_a_broadcast_error_names_the_shapes_symbolically(capsys):
    edits = [("dZ1 = dA1 * GPRIME", "dZ1 = dA1 * dZ2")]
    assert checks.check_backward(learner_backward("tanh", edits)) is False
    assert "shapes (4, 5) = (n_h, m) and (2, 5) = (n_y, m)" in capsys.readouterr().out


def test_a_shape_mistake_says_which_shape_it_must_have(capsys):
    checks.check_backward(learner_backward("tanh", GENERAL_BUGS["dW1 order"][0]))
    out = capsys.readouterr().out
    assert "✗ dW1 has shape (3, 4) = (n_x, n_h), but it must have shape (4, 3) = (n_h, n_x)" in out
    assert "yours.T would have the right shape" in out


def test_an_unanswered_stub_prints_not_answered(capsys):
    assert checks.check_backward(lambda params, cache, X, Y: None) is False
    assert checks.check_backward(None) is False
    out = capsys.readouterr().out
    assert out.count("not answered yet") == 2


def test_a_partly_answered_dict_says_which_gradient_is_missing(capsys):
    def partial(params, cache, X, Y):
        return {"dW1": None, "dW2": (cache["A2"] - Y) @ cache["A1"].T / X.shape[1]}

    assert checks.check_backward(partial) is False
    out = capsys.readouterr().out
    assert "dW1: not answered yet" in out
    assert "✗ db1 is missing" in out
    assert "✓ dW2 correct" in out


@pytest.mark.parametrize("returned, words", [
    ((1, 2, 3, 4), "returned a tuple; it must return a dict"),
    ({"dW1": "abc", "db1": [[1]], "dW2": [1, [2]], "db2": np.array([np.nan])}, "must be a numpy array of numbers"),
])
def test_wrong_return_types_are_feedback_not_errors(returned, words, capsys):
    assert checks.check_backward(lambda *args: returned) is False
    assert words in capsys.readouterr().out


def test_any_exception_in_the_learners_code_is_caught(capsys):
    def typo(params, cache, X, Y):
        return {"dW1": params["W3"]}

    assert checks.check_backward(typo) is False
    out = capsys.readouterr().out
    assert "raised KeyError" in out and "'W3'" in out
    assert "params: W1, b1, W2, b2" in out


def test_the_learners_arrays_are_copies(capsys):
    def vandal(params, cache, X, Y):
        cache["A2"] -= Y  # in place: must not corrupt the reference
        return learner_backward("tanh")(params, cache, X, Y)

    assert checks.check_backward(vandal) is False
    assert checks.check_backward(learner_backward("tanh")) is True


def test_check_backward_output_is_deterministic(capsys):
    wrong = learner_backward("tanh", GENERAL_BUGS["1/m twice"][0])
    checks.check_backward(wrong)
    first = capsys.readouterr().out
    checks.check_backward(wrong)
    assert capsys.readouterr().out == first


@pytest.mark.parametrize("kwargs, err", [
    ({"hidden": "softplus"}, ValueError), ({"output": 3}, TypeError), ({"output": "relu"}, ValueError),
])
def test_check_backward_validates_its_arguments(kwargs, err):
    with pytest.raises(err):
        checks.check_backward(learner_backward("tanh"), **kwargs)


def test_a_non_function_is_a_usage_error():
    with pytest.raises(TypeError, match="pass your function itself"):
        checks.check_backward({"dW1": 1})


# ---------------------------------------------------------------- forward


FORWARD = '''
def forward(params, X):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = W1 @ X + b1
    A1 = G1(Z1)
    Z2 = W2 @ A1 + b2
    A2 = G2(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
'''

G = {"tanh": "np.tanh", "sigmoid": "sigmoid", "relu": "relu", "identity": "identity", "softmax": "softmax"}


def learner_forward(hidden, output, edits=(), g1=None, g2=None):
    """The learner's forward pass with the edits made (g1, g2: the activations the learner used)."""
    return learner(FORWARD, edits, G1=G[g1 or hidden], G2=G[g2 or output])


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_a_correct_forward_passes(hidden, output, capsys):
    assert checks.check_forward(learner_forward(hidden, output), hidden, output) is True
    assert "All 4 outputs correct." in capsys.readouterr().out


@pytest.mark.parametrize("hidden, output, edits, used, words", [
    ("tanh", "sigmoid", [("W1 @ X + b1", "W1 @ X")], {}, "forgot the bias b1"),
    ("relu", "softmax", [("W2 @ A1 + b2", "W2 @ A1")], {}, "forgot the bias b2"),
    ("tanh", "sigmoid", [("W1 @ X", "X @ W1")], {}, "Z1 = X @ W1"),
    ("tanh", "identity", [("W1 @ X", "W1 * X")], {}, "Z1 = W1 * X"),
    ("sigmoid", "sigmoid", [("+ b1", "+ b1.T")], {}, "b1 added as b1.T"),
    ("tanh", "sigmoid", [("W2 @ A1", "W2 @ Z1")], {}, "skipped the hidden activation"),
    ("tanh", "sigmoid", [], {"g1": "sigmoid"}, "the hidden layer uses sigmoid, but it must use tanh"),
    ("tanh", "sigmoid", [], {"g2": "identity"}, "the output layer uses identity, but it must use sigmoid"),
    ("tanh", "softmax", [("A2 = G2(Z2)", "A2 = np.exp(Z2) / np.exp(Z2).sum(axis=1, keepdims=True)")], {},
     "softmax normalised over axis 1"),
])
def test_each_forward_mistake_fails_and_is_named(hidden, output, edits, used, words, capsys):
    assert checks.check_forward(learner_forward(hidden, output, edits, **used), hidden, output) is False
    assert named(capsys.readouterr().out, words)


def test_forward_must_return_A2_and_cache(capsys):
    assert checks.check_forward(lambda params, X: params["W1"] @ X) is False
    assert "it must return (A2, cache)" in capsys.readouterr().out


# ---------------------------------------------------------------- update step


def learner_step(bug=None):
    """A learner's gradient-descent step; `bug` switches in one mistake."""

    def step(params, grads, learning_rate):
        new = {}
        for name in ("W1", "b1", "W2", "b2"):
            P, dP = params[name], grads["d" + name]
            new[name] = {
                "ascent": lambda: P + learning_rate * dP,
                "no learning rate": lambda: P - dP,
                "divided": lambda: P - dP / learning_rate,
                "only the step": lambda: -learning_rate * dP,
                "only the step, signed wrong": lambda: learning_rate * dP,
            }.get(bug, lambda: P - learning_rate * dP)()
        if bug == "biases not updated":
            new["b1"], new["b2"] = params["b1"], params["b2"]
        if bug == "bias with dW":
            new["b1"] = params["b1"] - learning_rate * grads["dW1"]
        return new

    return step


def test_a_correct_step_passes(capsys):
    assert checks.check_step(learner_step()) is True
    assert "All 4 parameters correct." in capsys.readouterr().out


@pytest.mark.parametrize("bug, words", [
    ("ascent", "added the gradient"),
    ("no learning rate", "forgot the learning rate"),
    ("divided", "divided by the learning rate"),
    ("only the step", "returned the step, not the new value"),
    ("biases not updated", "returned unchanged"),
    ("only the step, signed wrong", "returned the step with the wrong sign"),
    ("bias with dW", "a bias updated with its weights' gradient"),
])
def test_each_step_mistake_fails_and_is_named(bug, words, capsys):
    assert checks.check_step(learner_step(bug)) is False
    assert named(capsys.readouterr().out, words)


# ---------------------------------------------------------------- check_array


def test_check_array_unanswered_does_not_raise(capsys):
    assert checks.check_array("dW1", None, np.ones((2, 3))) is False
    assert capsys.readouterr().out == "dW1: not answered yet — replace None with your answer\n"


def test_check_array_right_answer(capsys):
    assert checks.check_array("dW1", np.ones((2, 3)) + 1e-13, np.ones((2, 3))) is True
    assert capsys.readouterr().out == "✓ dW1 correct (rel error < 1e-06)\n"


def test_check_array_wrong_shape_names_both_and_the_transpose(capsys):
    expected = np.arange(6.0).reshape(2, 3)
    assert checks.check_array("dW1", expected.T, expected) is False
    out = capsys.readouterr().out
    assert "has shape (3, 2), but it must have shape (2, 3); yours.T would have the right shape" in out
    assert "transpose of the right answer" in out


@pytest.mark.parametrize("mistakes", [
    {"forgot to square": np.arange(6.0).reshape(2, 3) * 2},
    [("something else", np.zeros((2, 3))), ("forgot to square", np.arange(6.0).reshape(2, 3) * 2)],
])
def test_check_array_names_a_matching_mistake(mistakes, capsys):
    x = np.arange(6.0).reshape(2, 3)
    assert checks.check_array("y", 2 * x, x**2, mistakes=mistakes) is False
    out = capsys.readouterr().out
    assert out.startswith("✗ y has wrong values (rel error 0.37, max abs diff 15)")
    assert "This matches a known mistake: forgot to square" in out
    assert "something else" not in out


@pytest.mark.parametrize("factor, words", [(-1, "opposite sign"), (5, "times 5")])
def test_check_array_generic_hints(factor, words, capsys):
    x = np.arange(1.0, 7.0).reshape(2, 3)
    assert checks.check_array("y", factor * x, x) is False
    assert words in capsys.readouterr().out


@pytest.mark.parametrize("yours", ["abc", {"a": 1}, [1, [2, 3]], np.array(["a"])])
def test_check_array_wrong_types_print_a_line(yours, capsys):
    assert checks.check_array("y", yours, np.ones(2)) is False
    out = capsys.readouterr().out
    assert out.startswith("✗ ") and out.count("\n") == 1


def test_check_array_keepdims_hint(capsys):
    x = np.arange(3.0).reshape(3, 1)
    assert checks.check_array("db1", x.ravel(), x) is False
    assert "keepdims=True" in capsys.readouterr().out


@pytest.mark.parametrize("args, kwargs, err", [
    ((3, np.ones(2), np.ones(2)), {}, TypeError),
    (("y", np.ones(2), "abc"), {}, TypeError),
    (("y", np.ones(2), np.ones(2)), {"mistakes": 3}, TypeError),
    (("y", np.ones(2), np.ones(2)), {"mistakes": {4: np.ones(2)}}, TypeError),
    (("y", np.ones(2), np.ones(2)), {"tol": -1}, ValueError),
    (("y", np.ones(2), np.ones(2)), {"tol": 0}, ValueError),
    (("y", np.ones(2), np.ones(2)), {"tol": float("inf")}, ValueError),
])
def test_check_array_validates_the_course_side_arguments(args, kwargs, err):
    with pytest.raises(err):
        checks.check_array(*args, **kwargs)


# ---------------------------------------------------------------- check_einsum


A = np.arange(6.0).reshape(2, 3)
B = np.arange(12.0).reshape(3, 4)


def test_check_einsum_right(capsys):
    assert checks.check_einsum("ij,jk->ik", [A, B], A @ B, name="C") is True
    assert capsys.readouterr().out.startswith("✓ C correct")


def test_check_einsum_names_a_mistake_given_as_subscripts(capsys):
    assert checks.check_einsum("ij,jk->ki", [A, B], A @ B, mistakes={"output indices swapped": "ij,jk->ki"}) is False
    assert "This matches a known mistake: output indices swapped" in capsys.readouterr().out


@pytest.mark.parametrize("subscripts, operands, words", [
    ("ij,kj->ik", [A, B], "index j is 3 in operand 0 but 4 in operand 1"),
    ("ij,jk", [A], "name 2 operands, but there are 1"),
    ("ijk,jk->ik", [A, B], "operand 0 has shape (2, 3), 2 axes, but its subscripts 'ijk' name 3"),
    ("ij->iz", [A], "the output index 'z' does not appear in any input"),
    (42, [A, B], "the subscripts must be a string"),
])
def test_check_einsum_explains_errors_without_a_traceback(subscripts, operands, words, capsys):
    assert checks.check_einsum(subscripts, operands, A @ B) is False
    out = capsys.readouterr().out
    assert words in out and out.startswith("✗ einsum result")


def test_check_einsum_unanswered(capsys):
    assert checks.check_einsum(None, [A, B], A @ B) is False
    assert "not answered yet" in capsys.readouterr().out


def test_check_einsum_validates_operands():
    with pytest.raises(TypeError, match="operands"):
        checks.check_einsum("ij->ji", A, A.T)


# ---------------------------------------------------------------- the catalogue on show: mistake_table (issue 17)


@pytest.mark.parametrize("kind, catalogue", [
    ("backward", mistakes._BACKWARD_MISTAKES), ("forward", mistakes._FORWARD_MISTAKES),
    ("step", mistakes._STEP_MISTAKES),
])
def test_mistake_table_lists_every_catalogued_mistake_once(kind, catalogue):
    rows = checks.mistake_table(kind)
    texts = [r["mistake"] + "; " + r["fix"] for r in rows] + [r["mistake"] for r in rows]
    for mistake in catalogue:
        assert any(mistake.description in (t, t.rstrip("; ")) for t in texts), mistake.description
    assert len({r["mistake"] for r in rows}) == len(rows)
    assert all(r["symptom"] and r["fix"] for r in rows)


def test_mistake_table_picks_up_generated_mistakes_too():
    rows = checks.mistake_table("backward")
    assert any("used relu's derivative, relu'(Z1), for a tanh hidden layer" in r["mistake"] for r in rows)
    assert any("the hidden layer uses relu, but it must use tanh" in r["mistake"] for r in checks.mistake_table("forward"))


def test_mistake_table_symptoms_are_the_numbers_the_mistake_produces():
    """The symptom is recomputed here by hand for three rows: the ReLU mask, a missing 1/m and a sign error."""
    rows = {r["mistake"]: r for r in checks.mistake_table("backward")}
    relu = next(r for d, r in rows.items() if d.startswith("the ReLU mask A1 >= 0"))
    assert relu["fix"] == "use dA1 * (Z1 > 0)" and relu["applies_to"] == "hidden=relu, output=sigmoid"
    params, X, Y = seeded_problems._network_data(0, seeded_problems._SIZES[0], "sigmoid")
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0)
    A2 = 1 / (1 + np.exp(-(params["W2"] @ A1 + params["b2"])))
    dA1 = params["W2"].T @ (A2 - Y)
    right, wrong = dA1 * (Z1 > 0), dA1 * (A1 >= 0)
    assert np.all(A1 >= 0) and np.any(Z1 <= 0)  # the wrong mask is all True; the right one is not
    rel = checks.relative_error(wrong @ X.T, right @ X.T)
    assert f"dW1 {checks.format_error(rel, checks.FD_TOL)}" in relu["symptom"]
    assert "dW2 0.67, db2 0.67, dW1 0.67, db1 0.67" in rows[next(d for d in rows if d.startswith("missing 1/m"))]["symptom"]
    assert rows["sign error: dZ2 = Y - A2"]["symptom"] == "rel error dW2 1, db2 1, dW1 1, db1 1"


def test_the_checker_names_the_relu_mask_from_A1_ge_0(capsys):
    """A learner who writes dA1 * (A1 >= 0) is told it is always true, and to use Z1 > 0."""
    ok = checks.check_backward(learner_backward("relu", [("GPRIME", "(A1 >= 0)")]), "relu", "sigmoid")
    out = capsys.readouterr().out
    assert not ok and named(out, "the ReLU mask A1 >= 0 is always true") and "use dA1 * (Z1 > 0)" in out
    assert checks.check_backward(learner_backward("relu", [("GPRIME", "(A1 > 0)")]), "relu", "sigmoid")


# ---------------------------------------------------------------- L layers

#: A learner's L-layer backward loop, as the learner types it; GPRIME(A) stands for g'(Z) computed from A.
DEEP_BACKWARD = '''
def backward_deep(params, cache, X, Y):
    L = len(params) // 2
    m = X.shape[1]
    A = [X] + [cache["A" + str(l)] for l in range(1, L + 1)]
    grads = {}
    dZ = A[L] - Y
    for l in range(L, 0, -1):
        grads["dW" + str(l)] = dZ @ A[l - 1].T / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA = params["W" + str(l)].T @ dZ
            dZ = dA * GPRIME(A[l - 1])
    return grads
'''

DEEP_GPRIME = {"tanh": "(lambda a: 1 - a**2)", "sigmoid": "(lambda a: a * (1 - a))", "relu": "(lambda a: a > 0)",
               "identity": "(lambda a: 1)"}

#: bug -> (the edits that make it, words of the catalogue entry that must name it, activations it applies to).
DEEP_BUGS = {
    "A[l] for A[l-1]": ([('dZ @ A[l - 1].T', 'dZ @ A[l].T')], "A[l] used where A[l-1] belongs", HIDDEN),
    "keys one layer down": ([('grads["dW" + str(l)]', 'grads["dW" + str(l - 1)]'),
                             ('grads["db" + str(l)]', 'grads["db" + str(l - 1)]')],
                            "stored under the layer below's name", HIDDEN),
    "keys one layer up": ([('grads["dW" + str(l)]', 'grads["dW" + str(l + 1)]'),
                           ('grads["db" + str(l)]', 'grads["db" + str(l + 1)]')],
                          "stored under the layer above's name", HIDDEN),
    "W[l-1] for W[l]": ([('params["W" + str(l)]', 'params["W" + str(l - 1)]')], "W[l-1] used where W[l] belongs",
                        HIDDEN),
    "g' from A[l]": ([("GPRIME(A[l - 1])", "GPRIME(A[l])")], "g' taken from A[l] where A[l-1] belongs", HIDDEN),
    "forgot g' at layer 2": ([("dZ = dA * GPRIME(A[l - 1])", "dZ = dA if l - 1 == 2 else dA * GPRIME(A[l - 1])")],
                             "forgot g' at layer 2", HIDDEN),
    "forgot g' at layer 1": ([("dZ = dA * GPRIME(A[l - 1])", "dZ = dA if l == 2 else dA * GPRIME(A[l - 1])")],
                             "forgot g' at layer 1", HIDDEN),
    "forgot g' everywhere": ([("dZ = dA * GPRIME(A[l - 1])", "dZ = dA")], "forgot g' at every hidden layer", HIDDEN),
    "dZ never updated": ([("            dZ = dA * GPRIME", "            dZ_prev = dA * GPRIME")],
                         "dZ[L] = A[L] - Y used at every layer", HIDDEN),
    "dZ overwritten first": ([("        grads[\"dW\" + str(l)] = dZ @ A[l - 1].T / m\n"
                               "        grads[\"db\" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m\n"
                               "        if l > 1:\n"
                               "            dA = params[\"W\" + str(l)].T @ dZ\n"
                               "            dZ = dA * GPRIME(A[l - 1])\n",
                               "        if l > 1:\n"
                               "            dA = params[\"W\" + str(l)].T @ dZ\n"
                               "            dZ = dA * GPRIME(A[l - 1])\n"
                               "        grads[\"dW\" + str(l)] = dZ @ A[l - 1].T / m\n"
                               "        grads[\"db\" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m\n")],
                             "computed from dZ[l-1]", HIDDEN),
    "missing 1/m": ([(" / m\n", "\n")], "missing 1/m", HIDDEN),
}


def learner_deep(hidden, edits=()):
    """The learner's L-layer backward loop for this hidden activation, with the edits made."""
    return learner(DEEP_BACKWARD, edits, GPRIME=DEEP_GPRIME[hidden])


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("hidden", HIDDEN + ["identity"])
def test_a_correct_deep_backward_passes(hidden, output, capsys):
    assert checks.check_backward_deep(learner_deep(hidden), hidden, output) is True
    out = capsys.readouterr().out
    assert "All 8 gradients correct." in out and "✗" not in out


@pytest.mark.parametrize("output", OUTPUT)
@pytest.mark.parametrize("bug", sorted(DEEP_BUGS))
def test_each_deep_mistake_is_named(bug, output, capsys):
    edits, words, hiddens = DEEP_BUGS[bug]
    for hidden in hiddens:
        assert checks.check_backward_deep(learner_deep(hidden, edits), hidden, output) is False
        out = capsys.readouterr().out
        assert named(out, words), (hidden, out)


def test_the_deep_stub_is_not_answered_yet(capsys):
    assert checks.check_backward_deep(None) is False
    assert "not answered yet" in capsys.readouterr().out
    assert checks.check_backward_deep(lambda params, cache, X, Y: None) is False


# ---------------------------------------------------------------- a function at several inputs; the ε of a check

#: notebook 06's exercise 3: the std of leaky-ReLU weights; the right answer and the slips the checker names.
LEAKY_INPUTS = [(64, 0.1), (100, 0.3), (7, 0.01)]
LEAKY_SLIPS = {
    "He's std, whatever α": lambda n, a: np.sqrt(2 / n),
    "linear in α": lambda n, a: np.sqrt(2 / ((1 + a) * n)),
    "the variance, not the standard deviation": lambda n, a: 2 / ((1 + a**2) * n),
    "the gain is upside down": lambda n, a: np.sqrt((1 + a**2) / 2 / n),
}


def leaky_reference(n, a):
    return np.sqrt(2 / ((1 + a**2) * n))


def check_leaky(fn):
    return checks.check_function_values("leaky_std", fn, LEAKY_INPUTS, leaky_reference, mistakes=LEAKY_SLIPS,
                                        labels=("n", "α"))


def test_function_values_right_answer_passes(capsys):
    def leaky_std(n, alpha):
        return (2 / (n + n * alpha**2)) ** 0.5  # the same numbers written another way

    assert check_leaky(leaky_std) is True
    assert capsys.readouterr().out == ("✓ leaky_std at (n, α) = (64, 0.1), (100, 0.3), (7, 0.01) correct "
                                       "(rel error < 1e-06)\n")


@pytest.mark.parametrize("slip", sorted(LEAKY_SLIPS))
def test_function_values_each_mistake_is_named(slip, capsys):
    assert check_leaky(LEAKY_SLIPS[slip]) is False
    out = capsys.readouterr().out
    assert out.startswith("✗ leaky_std at (n, α) = ") and named(out, slip), out


def test_function_values_not_answered_raising_and_wrong_type(capsys):
    def leaky_std(n, alpha):
        return None

    assert check_leaky(leaky_std) is False and check_leaky(None) is False
    out = capsys.readouterr().out.splitlines()
    assert out == ["leaky_std: not answered yet — return a number from leaky_std(n, alpha)",
                   "leaky_std: not answered yet — write your function and pass it in place of None"]
    assert check_leaky(lambda n, alpha: np.sqrt(2 / ((1 + alpha**2) * m))) is False  # noqa: F821, a typo
    out = capsys.readouterr().out
    assert out.startswith("✗ leaky_std(64, 0.1) raised NameError: name 'm' is not defined") and "in your line" in out
    assert check_leaky(lambda n, alpha: [1.0, 2.0]) is False
    assert "it must return one number" in capsys.readouterr().out


def test_function_values_of_one_argument_takes_bare_inputs_and_arrays(capsys):
    assert checks.check_function_values("square", lambda x: x * x, [1.5, -2.0], [2.25, 4.0]) is True
    assert capsys.readouterr().out == "✓ square at x = 1.5, -2.0 correct (rel error < 1e-06)\n"
    assert checks.check_function_values("square", lambda x: 2 * x, [1.5, -2.0], np.square,
                                        mistakes={"2x is the derivative": lambda x: 2 * x}) is False
    assert named(capsys.readouterr().out, "2x is the derivative")


def _sin_cost(W):
    return float(np.sum(np.sin(W)))


W_EPS = np.random.default_rng(5).standard_normal((2, 3))


def test_check_eps_passes_at_the_bottom_of_the_v_and_names_the_left_arm(capsys):
    assert checks.check_eps("eps_5", None, _sin_cost, W_EPS, np.cos(W_EPS)) is False
    assert capsys.readouterr().out == "eps_5: not answered yet — replace None with a number\n"
    assert checks.check_eps("eps_5", 1e-12, _sin_cost, W_EPS, np.cos(W_EPS)) is False
    out = capsys.readouterr().out
    assert "ε too small" in out and out.endswith("✗ the check still fails: see the diagnosis\n")
    assert checks.check_eps("eps_5", 1e-6, _sin_cost, W_EPS, np.cos(W_EPS)) is True
    assert capsys.readouterr().out.endswith("✓ the check passes\n")
    assert checks.check_eps("eps_5", "1e-6", _sin_cost, W_EPS, np.cos(W_EPS)) is False
    assert capsys.readouterr().out == "✗ eps_5 must be a number between 0 and 1, got '1e-6'\n"


# ---------------------------------------------------------------- one exercise-checker pattern in every notebook

#: The checkers an exercise's check cell may call (helpers.checks, and derivation's for a derivation).
CHECKERS = re.compile(r"\b(check_array|check_einsum|check_function_values|check_eps|check_forward|check_backward|"
                      r"check_backward_deep|check_step|check_derivation)\(")


def _code_cells():
    import json

    from notebook_files import NOTEBOOKS

    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                yield path.name, "".join(cell["source"])


def test_every_exercise_check_goes_through_helpers_checks():
    """No notebook words its own verdict: every local check_ function calls a helpers checker, none prints ✓ / ✗."""
    local = [(name, src) for name, src in _code_cells() if re.search(r"^def check_\w+\(", src, flags=re.M)]
    assert len(local) >= 9, "the audit found the notebooks' check_exN wrappers"
    for name, src in local:
        assert CHECKERS.search(src), f"{name}: a local checker that does not call helpers.checks:\n{src}"
    for name, src in _code_cells():
        assert "not answered yet" not in src, f"{name}: a cell words 'not answered yet' itself:\n{src}"
        assert not re.search(r"print\([^\n]*[✓✗]", src), f"{name}: a cell prints its own ✓ / ✗:\n{src}"
