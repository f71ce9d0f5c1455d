"""helpers.shapes.explain: traces shapes, names the first non-conforming operation and its fix, never evaluates."""

import builtins

import numpy as np
import pytest

from helpers.shapes import explain

#: The 2-layer network's shapes, symbolic, in the column convention.
NET = dict(X=("n0", "m"), W1=("n1", "n0"), b1=("n1", 1), Z1=("n1", "m"), A1=("n1", "m"),
           W2=("n2", "n1"), b2=("n2", 1), A2=("n2", "m"), Y=("n2", "m"), dZ2=("n2", "m"), dZ1=("n1", "m"), m=())


@pytest.mark.parametrize("expression, shape", [
    ("W2.T @ dZ2 * gprime(Z1)", ("n1", "m")),
    ("dZ2 @ A1.T / m", ("n2", "n1")),
    ("np.sum(dZ2, axis=1, keepdims=True) / m", ("n2", 1)),
    ("dZ2.sum(axis=1, keepdims=True) / m", ("n2", 1)),
    ("np.sum(dZ1, axis=1)", ("n1",)),
    ("np.sum(dZ1, axis=-1, keepdims=True)", ("n1", 1)),
    ("np.sum(dZ1)", ()),
    ("np.mean(dZ1, axis=(0, 1), keepdims=True)", (1, 1)),
    ("W1 @ X + b1", ("n1", "m")),
    ("np.dot(W2.T, dZ2) * (1 - A1 ** 2)", ("n1", "m")),
    ("dZ2.dot(A1.T)", ("n2", "n1")),
    ("np.outer(b1, b2)", ("n1", "n2")),
    ("np.transpose(W1)", ("n0", "n1")),
    ("W1.transpose()", ("n0", "n1")),
    ("-(A2 - Y) * A2 * (1 - A2)", ("n2", "m")),
    ("dZ1 * (Z1 > 0)", ("n1", "m")),
    ("np.where(Z1 > 0, dZ1, 0.0)", ("n1", "m")),
    ("np.maximum(Z1, 0) + b1", ("n1", "m")),
    ("np.tanh(Z1) * sigmoid(Z1) * np.exp(-Z1) / np.pi", ("n1", "m")),
    ("2 * m", ()),
])
def test_conforming_expressions_return_their_shape_and_say_ok(expression, shape, capsys):
    assert explain(expression, **NET) == shape
    out = capsys.readouterr().out
    assert out.endswith(f"OK: result has shape {explain_fmt(shape)}\n")
    assert "✗" not in out and "⚠" not in out


def explain_fmt(shape):
    dims = [str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def test_the_trace_has_one_aligned_line_per_sub_expression(capsys):
    explain("W2.T @ dZ2 * gprime(Z1)", **NET)
    assert capsys.readouterr().out.splitlines() == [
        "W2                      : (n2, n1)",
        "W2.T                    : (n1, n2)",
        "dZ2                     : (n2, m)",
        "W2.T @ dZ2              : (n1, m)",
        "Z1                      : (n1, m)",
        "gprime(Z1)              : (n1, m)",
        "W2.T @ dZ2 * gprime(Z1) : (n1, m)",
        "OK: result has shape (n1, m)",
    ]


def test_the_issues_example_names_operands_shapes_reason_and_fix(capsys):
    assert explain("dZ2 @ W2.T * gprime(Z1)", dZ2=("n2", "m"), W2=("n2", "n1"), Z1=("n1", "m")) is None
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == "dZ2 @ W2.T : ✗ does not conform"
    assert out[-1].startswith("✗ Problem in dZ2 @ W2.T: (n2, m) @ (n1, n2): inner sizes m and n1 differ")
    assert out[-1].endswith("did you mean W2.T @ dZ2?")
    assert not any("gprime" in line for line in out)  # the trace stops at the first problem


@pytest.mark.parametrize("expression, words", [
    ("W2 @ dZ2", "inner sizes n1 and n2 differ (the left's columns must match the right's rows); "
                 "did you mean W2.T @ dZ2?"),
    ("dZ2 @ A1 / m", "inner sizes m and n1 differ (the left's columns must match the right's rows); "
                     "did you mean dZ2 @ A1.T?"),
    ("W2.T * dZ2", "(n1, n2) * (n2, m): sizes n1 and n2 differ in the second-to-last axis and neither is 1, "
                   "so they do not broadcast; did you mean W2.T @ dZ2?"),
    ("dZ1 * X", "did you mean dZ1 @ X.T?"),
    ("dZ1 @ gprime(Z1)", "did you mean dZ1 * gprime(Z1)?"),
    ("W1 @ X + b1.T", "(n1, m) + (1, n1): sizes m and n1 differ in the last axis"),
    ("np.sum(dZ1, axis=2)", "dZ1 has shape (n1, m) with 2 axes, so axis 2 does not exist"),
    ("m @ W1", "m is a number, shape (), and @ needs two arrays; did you mean m * W1?"),
    ("np.dot(dZ2, W2.T)", "(n2, m) np.dot (n1, n2): inner sizes m and n1 differ"),
])
def test_non_conforming_expressions_return_none_with_a_sentence(expression, words, capsys):
    assert explain(expression, **NET) is None
    out = capsys.readouterr().out
    assert words in out
    assert out.splitlines()[-1].startswith("✗ Problem in ")


def test_numeric_and_mixed_shapes():
    assert explain("W @ x", W=(4, 3), x=(3, 5)) == (4, 5)
    assert explain("W @ x", W=("n", 3), x=(3, "m")) == ("n", "m")
    assert explain("W @ x", W=("n", 3), x=("k", "m")) is None  # a symbol equals only itself
    assert explain("b + Z", b=("n", 1), Z=("n", "m")) == ("n", "m")  # a symbol broadcasts against 1
    assert explain("W @ v", W=("n", 3), v=(3,)) == ("n",)
    assert explain("u @ v", u=(3,), v=(3,)) == ()
    assert explain("W1 @ X", W1=np.zeros((4, 3)), X=np.zeros((3, 5))) == (4, 5)


def test_a_square_numeric_problem_conforms_by_accident_but_symbols_catch_it():
    assert explain("dZ2 @ W2.T", dZ2=(3, 3), W2=(3, 3)) == (3, 3)
    assert explain("dZ2 @ W2.T", dZ2=("n2", "m"), W2=("n2", "n1")) is None


@pytest.mark.parametrize("expression, shapes, result, fix", [
    ("b + c", dict(b=("n", 1), c=(1, "n")), ("n", "n"), "Did you mean b + c.T?"),
    ("b1 + db", dict(b1=("n", 1), db=("n",)), ("n", "n"), "or .reshape(-1, 1) for a column."),
    ("dZ - np.sum(dZ, axis=1)", dict(dZ=("n", 1)), ("n", "n"), "keep it 2-D, with keepdims=True in a sum, "
                                                                "or .reshape(-1, 1) for a column."),
    ("dZ - np.sum(dZ, axis=1, keepdims=True)", dict(dZ=("n", 1)), ("n", 1), None),
])
def test_accidental_broadcasts_warn_and_still_return_the_shape(expression, shapes, result, fix, capsys):
    assert explain(expression, **shapes) == result
    out = capsys.readouterr().out
    if fix is None:
        assert "⚠" not in out
        return
    warning = [line for line in out.splitlines() if line.startswith("⚠")]
    assert len(warning) == 1 and "accidental broadcast" in warning[0] and warning[0].endswith(fix)
    assert out.splitlines()[-1] == f"OK: result has shape {explain_fmt(result)}, but see the warning above"


def test_a_bias_broadcast_by_design_does_not_warn(capsys):
    explain("W1 @ X + b1", **NET)
    assert "⚠" not in capsys.readouterr().out


@pytest.mark.parametrize("expression, construct", [
    ("W1[0]", "subscripting"),
    ("W1[:, 0]", "subscripting"),
    ("lambda x: x", "a lambda"),
    ("[w for w in W1]", "a list comprehension"),
    ("W1.shape", "the attribute .shape"),
    ("W1.reshape(3, 4)", "the method .reshape"),
    ("np.reshape(W1, (3, 4))", "np.reshape"),
    ("sum(W1)", "Python's built-in sum"),
    ("np.sum(W1, dtype=float)", "the keyword dtype="),
    ("np.sum(W1, axis=k)", "an axis that is not a whole number"),
    ("W1 // 2", "the operator //"),
    ("W1 if m else X", "an if-expression"),
    ("W1 and X", "and / or"),
    ("'W1'", "the str literal"),
    ("gprime(Z1, W1)", "gprime with these arguments"),
    ("dZ1 = W2.T @ dZ2", "an assignment"),
    ("0 < Z1 < 1", "a chained or non-numeric comparison"),
    ("f(*W1)", "*args / **kwargs"),
])
def test_unsupported_syntax_is_named(expression, construct):
    with pytest.raises(ValueError, match="unsupported syntax") as info:
        explain(expression, **NET)
    assert construct in str(info.value)
    assert repr(expression) in str(info.value)


def test_unknown_names_raise_naming_the_name():
    with pytest.raises(ValueError, match="unknown name 'dA1'.*dA1=()"):
        explain("dA1 * gprime(Z1)", **NET)


def test_errors_are_raised_before_anything_is_printed(capsys):
    with pytest.raises(ValueError):
        explain("dZ2 @ W2.T * X[0]", **NET)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("expression", [
    "__import__('os').system('echo hi')",
    "eval('1')",
    "exec('x = 1')",
    "open('/etc/passwd')",
    "W1.__class__",
    "getattr(W1, 'T')",
])
def test_explain_never_evaluates(expression, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(builtins, "eval", lambda *a, **k: pytest.fail("eval was called"))
    monkeypatch.setattr(builtins, "exec", lambda *a, **k: pytest.fail("exec was called"))
    with pytest.raises(ValueError, match="unsupported syntax"):
        explain(expression, **NET)
    assert capsys.readouterr().out == ""


def test_a_command_in_the_expression_is_not_run(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(ValueError):
        explain(f"__import__('os').system('touch {marker}')")
    assert not marker.exists()


@pytest.mark.parametrize("expression, shapes, err, words", [
    (3, {}, TypeError, "expression must be a string"),
    ("W1 @", {}, ValueError, "not a Python expression"),
    ("W1", {"W1": 3}, TypeError, "the shape of W1 must be a tuple"),
    ("W1", {"W1": ("n", -1)}, ValueError, "each size must be"),
    ("W1", {"W1": ("n", 1.5)}, ValueError, "each size must be"),
    ("W1", {"W1": ("n", "")}, ValueError, "each size must be"),
])
def test_explain_validates_its_arguments(expression, shapes, err, words):
    with pytest.raises(err, match=words):
        explain(expression, **shapes)
