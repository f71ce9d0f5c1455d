"""The derivation checker: right derivations pass, every named mistake is found at its step, bad input is explained."""

import builtins
import os

import numpy as np
import pytest
import sympy

from helpers import derivation as d
from helpers.index_notation import NotationError, parse_step
from helpers.index_tree import to_sympy

SEED = ["dZ[i,k]/dW[p,q] = sum_j delta[i,p]*delta[j,q]*A[j,k]",
        "= delta[i,p]*A[q,k]",
        "dJ/dW[p,q] = sum_ik G[i,k]*delta[i,p]*A[q,k]",
        "= sum_k G[p,k]*A[q,k]"]


@pytest.fixture(scope="module")
def layer():
    return d.linear_layer()


@pytest.fixture(scope="module")
def row():
    return d.row_layer()


def first_wrong(steps, problem):
    """(step number, mistake key) of the first wrong step, or None if all are right."""
    verdicts = d.verify(steps, problem)
    assert len(verdicts) <= len(steps)
    bad = [v for v in verdicts if not v.ok]
    assert len(bad) <= 1 and (not bad or bad[0] is verdicts[-1])  # it stops at the first wrong step
    return (bad[0].step, bad[0].mistake) if bad else None


# ---------------------------------------------------------------- right derivations, written several ways

RIGHT = [
    ["Z[i,k] = sum_j W[i,j]*A[j,k] + B[i,k]"] + SEED,
    SEED,
    # factors in another order, other letters for the summed index, B first
    ["Z[a,b] = B[a,b] + sum_c A[c,b]*W[a,c]",
     "dZ[a,b]/dW[c,d] = A[d,b]*delta[a,c]",
     "dJ/dW[c,d] = sum_a sum_b delta[a,c]*A[d,b]*G[a,b]",
     "= sum_t A[d,t]*G[c,t]"],
    # the chain rule written with derivatives, then collapsed one sum at a time
    ["dJ/dZ[i,k] = G[i,k]",
     "dJ/dW[p,q] = sum_ik dJ/dZ[i,k]*dZ[i,k]/dW[p,q]",
     "= sum_ik G[i,k]*dZ[i,k]/dW[p,q]",
     "= sum_k (sum_i G[i,k]*delta[i,p])*A[q,k]",
     "= sum_k G[p,k]*A[q,k]"],
    # the bias and the input of the layer
    ["dJ/dB[p,q] = sum_ik G[i,k]*delta[i,p]*delta[k,q]", "= G[p,q]"],
    ["dJ/dA[p,q] = sum_ik G[i,k]*W[i,p]*delta[k,q]", "= sum_i W[i,p]*G[i,q]"],
    # the derivative of W by itself, and a constant factor moved around
    ["dW[i,j]/dW[p,q] = delta[i,p]*delta[j,q]"],
    ["dJ/dW[p,q] = 2*sum_k G[p,k]*A[q,k]/2", "= sum_k (G[p,k]*A[q,k] + 0*B[p,k])"],
]


@pytest.mark.parametrize("steps", RIGHT, ids=range(len(RIGHT)))
def test_right_derivations_pass(steps, layer, capsys):
    assert first_wrong(steps, layer) is None
    assert d.check_derivation(steps, layer) is True
    assert f"All {len(steps)} steps right." in capsys.readouterr().out


def test_row_convention_seed_derivation_with_one_over_m(row):
    steps = ["Z[e,i] = sum_j H[e,j]*W[j,i] + B[i]",
             "dZ[e,i]/dW[k,l] = sum_j H[e,j]*delta[j,k]*delta[i,l]",
             "= H[e,k]*delta[i,l]",
             "dJ/dW[k,l] = 1/m * sum_ei G[e,i]*H[e,k]*delta[i,l]",
             "= 1/m * sum_e H[e,k]*G[e,l]",
             "= sum_e H[e,k]*G[e,l]/m"]
    assert first_wrong(steps, row) is None


def test_a_step_that_only_sympy_cannot_match_is_decided_numerically():
    p = d.Problem(tensors={"X": ("n",)}, definitions=["Y[i] = tanh(X[i])"], sizes={"n": 3})
    symbolic = d.verify(["dY[i]/dX[k] = (1 - Y[i]^2)*delta[i,k]"], p)
    numeric = d.verify(["dY[i]/dX[k] = 4/(exp(X[i]) + exp(-X[i]))^2*delta[i,k]"], p)
    assert symbolic[0].ok and symbolic[0].how.startswith("symbolically")
    assert numeric[0].ok and numeric[0].how.startswith("numerically")
    assert first_wrong(["dY[i]/dX[k] = (1 - Y[i])*delta[i,k]"], p)[0] == 1


# ---------------------------------------------------------------- every named mistake, at the right step

MISTAKES = [
    # the classic: δ read as a 1 and left out
    (["dZ[i,k]/dW[p,q] = sum_j delta[i,p]*delta[j,q]*A[j,k]", "= A[q,k]"], 2, "dropped delta"),
    (SEED[:2] + ["dJ/dW[p,q] = sum_ik G[i,k]*A[q,k]"], 3, "dropped delta"),
    (SEED[:3] + ["= sum_ik G[i,k]*A[q,k]"], 4, "dropped delta"),
    # the δ collapsed, but i not replaced by p
    (SEED[:3] + ["= sum_k G[i,k]*A[q,k]"], 4, "delta collapse"),
    # dW = dZ A instead of dZ A^T
    (SEED[:3] + ["= sum_k G[p,k]*A[k,q]"], 4, "transposed factor"),
    (["dJ/dA[p,q] = sum_ik G[i,k]*W[i,p]*delta[k,q]", "= sum_i W[p,i]*G[i,q]"], 2, "transposed factor"),
    # the chain rule without its sum
    (SEED[:2] + ["dJ/dW[p,q] = G[i,k]*delta[i,p]*A[q,k]"], 3, "missing sum"),
    # the sum over an index the summand does not have
    (SEED[:2] + ["dJ/dW[p,q] = sum_ij G[i,k]*delta[i,p]*A[q,k]"], 3, "wrong sum index"),
    # p and q exchanged: the transpose of dW
    (SEED[:3] + ["= sum_k G[q,k]*A[p,k]"], 4, "swapped indices"),
    (SEED[:3] + ["= -sum_k G[p,k]*A[q,k]"], 4, "sign error"),
    (SEED + ["= sum_k G[p,k]*A[q,k]/m"], 5, "extra 1/m"),
]


@pytest.mark.parametrize("steps, step, mistake", MISTAKES, ids=[f"{m[2]}-{k}" for k, m in enumerate(MISTAKES)])
def test_named_mistake_found_at_its_step(steps, step, mistake, layer, capsys):
    assert first_wrong(steps, layer) == (step, mistake)
    assert d.check_derivation(steps, layer) is False
    out = capsys.readouterr().out
    assert f"✗ step {step}:" in out and f"[{mistake}]" in out
    assert d.MISTAKES[mistake].split(":")[0] in out  # the mistake's name is printed
    assert "Traceback" not in out


def test_missing_one_over_m_in_the_row_convention(row, capsys):
    steps = ["dJ/dW[k,l] = 1/m * sum_ei G[e,i]*H[e,k]*delta[i,l]", "= sum_e H[e,k]*G[e,l]"]
    assert first_wrong(steps, row) == (2, "missing 1/m")
    d.check_derivation(steps, row)
    assert "missing 1/m: dW and db average over the m examples" in capsys.readouterr().out


def test_the_classic_delta_mistake_in_the_seed_derivation_is_named(row, capsys):
    steps = ["dZ[e,i]/dW[k,l] = sum_j H[e,j]*delta[j,k]*delta[i,l]", "= H[e,k]",
             "dJ/dW[k,l] = 1/m * sum_ei G[e,i]*H[e,k]", "= 1/m * sum_e H[e,k]*G[e,i]"]
    assert d.check_derivation(steps, row) is False
    out = capsys.readouterr().out
    assert "✓ step 1" in out and "✗ step 2: = H[e,k] [dropped delta]" in out and "a dropped δ" in out
    assert "'H[e,k]*delta[i,l]' is right" in out and "(2 later steps not checked" in out


def test_a_wrong_value_without_a_named_mistake_shows_one_entry(layer, capsys):
    assert first_wrong(SEED[:3] + ["= sum_k G[p,k]*A[q,k]*W[p,q]"], layer) == (4, "wrong")
    d.check_derivation(SEED[:3] + ["= sum_k G[p,k]*A[q,k]*W[p,q]"], layer)
    assert "For example at p=0, q=0: yours is" in capsys.readouterr().out


# ---------------------------------------------------------------- malformed and hostile input

MALFORMED = [
    ("dJ/dW[p,q] = sum_k G[p,k]*A[q,k", "never closed", 27),
    ("dJ/dW[p,q] = sum_k G[p,k]*A[q,k]]", "closes nothing", 32),
    ("dJ/dW[p,q] = (sum_k G[p,k]*A[q,k]", "never closed", 13),
    ("dJ/dW[p,q] = sum_k G[p,k]*X[q,k]", "unknown symbol 'X'", 26),
    ("dJ/dW[p,q] = sum_k G[p,k]*A[q,k]*A[q,k]*delta[k,k]", "appears twice", 48),
    ("dJ/dB[p,q] = sum_ik G[i,k]*delta[i,p]*delta[k,q]*G[i,k]", "used 3 times in one product", 51),
    ("dJ/dW[p,q] = G @ A.T", "unexpected character '@'", 15),
    ("dJ/dW[p,q] = G[p,k] A[q,k]", "operator (+ - * /) is missing", 20),
    ("dJ/dW[p,q] = W[p]", "takes 2 index(es)", 13),
    ("dJ/dW[1,q] = 0", "single lowercase letter", 6),
    ("dJ/dW[p,q] =", "the right side is empty", 12),
    ("= G[p,q]", "the first step needs a left side", 0),
    ("dW[p,q]/dW[p,q] = 1", "used for both", 0),
    ("W[p,q] = G[p,q]", "is given, not defined", 0),
    ("dJ/dW[p,q] = dZ[i,k", "unknown symbol 'dZ'", 13),  # an unclosed bracket after a d-name (was an IndexError)
]


@pytest.mark.parametrize("text, words, pos", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_input_points_at_the_place(text, words, pos, layer, capsys):
    verdicts = d.verify([text], layer)
    assert not verdicts[-1].ok
    message = verdicts[-1].message
    assert words in message
    lines = message.split("\n")
    assert lines[-2].strip() == text.strip() and lines[-1].index("^") - 4 == pos  # the caret under the place
    assert d.check_derivation([text], layer) is False
    out = capsys.readouterr().out
    assert "Traceback" not in out and "sympy" not in out.lower()


HOSTILE = [
    "__import__('os').system('touch /tmp/pwned_by_derivation')",
    "dJ/dW[p,q] = __import__('os').system('touch /tmp/pwned_by_derivation')",
    "dJ/dW[p,q] = exec(\"open('/tmp/pwned_by_derivation', 'w')\")",
    "dJ/dW[p,q] = G.__class__.__mro__[1].__subclasses__()",
    "dJ/dW[p,q] = lambda: 0",
    "dJ/dW[p,q] = " + "(" * 300,
    "dJ/dW[p,q] = 9^9^9^9",
    "dJ/dW[p,q] = " + "9" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_never_executed(text, layer, monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise AssertionError("eval/exec must never be called on a step")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(sympy, "sympify", refuse)
    monkeypatch.setattr(os, "system", refuse)
    verdicts = d.verify([text], layer)
    assert not verdicts[-1].ok and verdicts[-1].mistake == "notation"
    assert not os.path.exists("/tmp/pwned_by_derivation")


def test_not_answered_and_wrong_types(layer, capsys):
    assert d.check_derivation(None, layer) is False
    assert "not answered yet" in capsys.readouterr().out
    with pytest.raises(TypeError, match="list of strings"):
        d.check_derivation("dJ/dW[p,q] = 0", layer)
    with pytest.raises(TypeError, match="Problem"):
        d.verify(["dJ/dW[p,q] = 0"], {"W": 2})
    assert d.verify([3], layer)[0].mistake == "notation"


def test_problem_validates_its_arguments():
    with pytest.raises(ValueError, match="must all differ"):
        d.Problem({"W": ("n", "m")}, [], {"n": 2, "m": 2})
    with pytest.raises(ValueError, match="from 1 to 6"):
        d.Problem({"W": ("n",)}, [], {"n": 50})
    with pytest.raises(ValueError, match="not in sizes"):
        d.Problem({"W": ("n", "k")}, [], {"n": 2})
    with pytest.raises(TypeError, match="list of strings"):
        d.Problem({"W": ("n",)}, "Z[i] = W[i]", {"n": 2})


# ---------------------------------------------------------------- the parser and its sympy objects


def test_parser_builds_sympy_objects_and_a_sum_binds_to_its_product():
    names = {"W": 2, "A": 2, "B": 2, "Z": 2}
    step = parse_step("Z[i,k] = sum_j W[i,j]*A[j,k] + B[i,k]", names)
    expr = to_sympy(step.rhs, {"j": sympy.Symbol("n")})
    i, j, k, n = sympy.symbols("i j k n")
    W, A, B = sympy.IndexedBase("W"), sympy.IndexedBase("A"), sympy.IndexedBase("B")
    assert expr == sympy.Sum(W[i, j] * A[j, k], (j, 0, n - 1)) + B[i, k]
    delta = to_sympy(parse_step("Z[i,k] = delta[i,k]", names).rhs)
    assert isinstance(delta, sympy.KroneckerDelta)
    with pytest.raises(NotationError):
        parse_step("Z[i,k] = W[i,j]**", names)


def test_truth_is_sympy_diff_and_matches_finite_differences(layer):
    """The checker's reference dZ/dW, evaluated, against numpy finite differences of Z = W A + B."""
    from helpers.jacobian import full_jacobian
    values = layer.numeric(0)
    W, A, B = values["W"], values["A"], values["B"]
    reference = d.Problem.derivative_numeric(layer, "Z", "W", 0)
    np.testing.assert_allclose(reference, full_jacobian(lambda W_: W_ @ A + B, W.copy()), atol=1e-7)
    np.testing.assert_allclose(values["Z"], W @ A + B, rtol=1e-12)
