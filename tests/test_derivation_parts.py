"""The derivation checker's parts, each against an independent reference: the tree, the indices, the values, the mistakes."""

import numpy as np
import pytest
import sympy

from helpers import derivation_indices as di
from helpers import derivation_mistakes as dm
from helpers import derivation_values as dv
from helpers import index_tree as nt
from helpers.derivation_problem import Problem, linear_layer
from helpers.index_notation import parse_step
from helpers.jacobian import full_jacobian


@pytest.fixture(scope="module")
def layer():
    return linear_layer()


def parse(text, problem):
    return parse_step(text, problem.names())


def _reference_walk(node):
    """Depth first, written recursively from the node records' fields (not index_tree's children)."""
    out = [node]
    for value in node:
        if isinstance(value, nt.NODE_TYPES):
            out += _reference_walk(value)
    return out


# ---------------------------------------------------------------- index_tree

TEXTS = ["dJ/dW[p,q] = sum_ik G[i,k]*delta[i,p]*A[q,k]",
         "dJ/dW[p,q] = sum_k (sum_i G[i,k]*delta[i,p])*A[q,k]",
         "dJ/dW[p,q] = -(2*sum_k G[p,k]*A[q,k]/2 - W[p,q])^2",
         "dJ/dA[p,q] = sum_ik dJ/dZ[i,k]*dZ[i,k]/dA[p,q] + tanh(A[p,q]) - exp(1/m)",
         "dJ/dB[p,q] = G[p,q]/(B[p,q] + 3) - sigmoid(-B[p,q])*log(2)",
         "dZ[i,k]/dW[p,q] = (sum_k G[i,k])*A[q,k]*delta[i,p]"]  # the parentheses keep k free for A


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_walk_is_depth_first_over_every_node(text, layer):
    rhs = parse(text, layer).rhs
    assert nt.walk(rhs) == _reference_walk(rhs)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_show_writes_back_a_step_that_means_the_same(text, layer):
    """show(tree) parses back to a tree that shows the same, and has the same value at a random point."""
    step = parse(text, layer)
    again = parse(f"{nt.show(step.lhs)} = {nt.show(step.rhs)}", layer)
    assert nt.show(again.rhs) == nt.show(step.rhs)
    ranges = di.index_ranges(layer, step.rhs, di.index_ranges(layer, step.lhs))
    values = layer.numeric(0)
    first = dv.evaluate(step.rhs, layer, values, point=0, ranges=ranges)
    second = dv.evaluate(again.rhs, layer, values, point=0, ranges=ranges)
    np.testing.assert_array_equal(first.expanded(first.labels), second.expanded(first.labels))


def test_free_indices_and_letters_of(layer):
    step = parse("dZ[i,k]/dW[p,q] = sum_j delta[i,p]*delta[j,q]*A[j,k]", layer)
    assert nt.letters_of(step.lhs) == ("i", "k", "p", "q")
    assert nt.free_indices(step.rhs) == {"i", "k", "p", "q"}
    assert nt.free_indices(step.lhs) == {"i", "k", "p", "q"}
    assert nt.letters_of(parse("J = 0", layer).lhs) == ()


def test_to_sympy_of_a_derivative_and_a_function(layer):
    expr = nt.to_sympy(parse("dJ/dW[p,q] = tanh(W[p,q])*dJ/dZ[p,q]", layer).rhs)
    W, Z = sympy.IndexedBase("W"), sympy.IndexedBase("Z")
    p, q, J = sympy.symbols("p q J")
    assert expr == sympy.tanh(W[p, q]) * sympy.Derivative(J, Z[p, q], evaluate=False)


# ---------------------------------------------------------------- derivation_indices

INDEX_PROBLEMS = [
    ("dJ/dW[p,q] = sum_k G[p,k]*A[k,q]", "range"),
    ("dJ/dW[p,q] = sum_k G[p,k]*A[q,k]*G[p,k]*W[p,q]", "triple"),
    ("dJ/dW[p,q] = sum_j W[p,q]", "unused sum"),
    ("dJ/dW[p,q] = W[p,q] + sum_k G[p,k]*A[r,k]", "terms"),
    ("dJ/dW[p,q] = G[p,k]*A[q,k]", "free extra"),
    ("dJ/dW[p,q] = delta[p,r]*delta[r,q]*W[p,q]", "range"),
]


@pytest.mark.parametrize("text, kind", INDEX_PROBLEMS, ids=[k for _, k in INDEX_PROBLEMS])
def test_check_indices_names_each_kind_of_index_problem(text, kind, layer):
    step = parse(text, layer)
    with pytest.raises(di.IndexProblem) as info:
        di.check_indices(layer, step.lhs, step.rhs)
    assert info.value.kind == kind
    assert 0 <= info.value.pos < len(text)


def test_index_ranges_follow_the_shapes_and_pass_through_a_delta(layer):
    step = parse("dJ/dW[p,q] = sum_ikr G[i,k]*delta[i,p]*delta[r,q]*A[r,k]", layer)
    ranges = di.check_indices(layer, step.lhs, step.rhs)
    assert ranges == {"p": "n", "q": "n_prev", "i": "n", "k": "m", "r": "n_prev"}
    assert di.indices_phrase(["k"]) == "index k is"


# ---------------------------------------------------------------- derivation_values


def test_evaluate_matches_numpy_einsum_at_a_random_point(layer):
    step = parse("dJ/dW[p,q] = sum_ik G[i,k]*delta[i,p]*A[q,k] + W[p,q]^2/m", layer)
    ranges = di.check_indices(layer, step.lhs, step.rhs)
    values = layer.numeric(1)
    ours = dv.evaluate(step.rhs, layer, values, point=1, ranges=ranges).ordered(("p", "q"))
    G, A, W = values["G"], values["A"], values["W"]
    reference = np.einsum("ik,ip,qk->pq", G, np.eye(2), A) + W ** 2 / 4
    np.testing.assert_allclose(ours, reference, rtol=1e-12)


def test_symbolic_evaluation_is_the_numeric_one_at_the_point(layer):
    step = parse("Z[i,k] = sum_j W[i,j]*A[j,k] + B[i,k]", layer)
    symbolic = dv.evaluate(step.rhs, layer, layer.symbolic()).ordered(("i", "k"))
    at_point = np.vectorize(lambda e: float(e.xreplace(layer.points[0])), otypes=[float])(symbolic)
    np.testing.assert_allclose(at_point, layer.numeric(0)["Z"], rtol=1e-12)


def test_the_truth_of_tanh_is_sympy_diff_and_matches_finite_differences():
    """Problem.derivative (sympy.diff) against numpy finite differences of Y = tanh(W X)."""
    p = Problem(tensors={"W": ("n", "k"), "X": ("k",)}, definitions=["Y[i] = tanh(sum_j W[i,j]*X[j])"],
                sizes={"n": 2, "k": 3})
    values = p.numeric(0)
    W, X = values["W"], values["X"]
    reference = full_jacobian(lambda W_: np.tanh(W_ @ X), W.copy())
    np.testing.assert_allclose(p.derivative_numeric("Y", "W", 0), reference, atol=1e-7)


def test_decide_agrees_and_first_difference(layer):
    lhs = parse("dJ/dW[p,q] = 0", layer).lhs
    right = parse("dJ/dW[p,q] = sum_k G[p,k]*A[q,k]", layer).rhs
    wrong = parse("dJ/dW[p,q] = sum_k G[p,k]*A[q,k]*2", layer).rhs
    ranges = di.check_indices(layer, lhs, right)
    assert dv.agrees(layer, lhs, right, ranges) and dv.decide(layer, lhs, right, ranges) == "symbolically, by sympy"
    assert not dv.agrees(layer, lhs, wrong, ranges) and dv.decide(layer, lhs, wrong, ranges) is None
    assert dv.first_difference(layer, lhs, right, ranges) == ""
    assert "For example at p=0, q=0: yours is" in dv.first_difference(layer, lhs, wrong, ranges)


# ---------------------------------------------------------------- derivation_mistakes

SEED = "dJ/dW[p,q] = sum_ik G[i,k]*delta[i,p]*A[q,k]"
NAMED = [("sum_k G[p,k]*A[k,q]", "transposed factor", "'sum_k G[p,k]*A[q,k]' is right"),
         ("sum_ik G[i,k]*A[q,k]", "dropped delta", "is right"),
         ("-sum_k G[p,k]*A[q,k]", "sign error", "'sum_k G[p,k]*A[q,k]' is right"),
         ("sum_k G[p,k]*A[q,k]/m", "extra 1/m", "'m * (sum_k G[p,k]*A[q,k]/m)' is right"),
         ("sum_k G[q,k]*A[p,k]", "swapped indices", "'sum_k G[p,k]*A[q,k]' is right")]


@pytest.mark.parametrize("rhs, key, fix", NAMED, ids=[n[1] for n in NAMED])
def test_diagnose_names_the_mistake_and_its_fix(rhs, key, fix, layer):
    lhs = parse(SEED, layer).lhs
    found, explanation = dm.diagnose(layer, lhs, parse(f"dJ/dW[p,q] = {rhs}", layer).rhs)
    assert found == key and fix in explanation
    assert explanation.startswith(dm.MISTAKES[key].split("{fix}")[0])  # worded as the catalogue says


def test_diagnose_finds_nothing_for_a_step_no_small_change_fixes(layer):
    lhs = parse(SEED, layer).lhs
    assert dm.diagnose(layer, lhs, parse("dJ/dW[p,q] = W[p,q]*W[p,q]", layer).rhs) == (None, None)
