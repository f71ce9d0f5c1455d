"""Bad-input cases for the modules of issue 18 (derivation, index_notation, gradient_doctor, stepper, stepper_widget,
plots.plot_gradient_doctor), in the format of tests/test_bad_inputs.py's CASES and EXEMPT, which imports them:

    from bad_input_cases_tools import TOOL_CASES, TOOL_EXEMPT
    CASES.update(TOOL_CASES); EXEMPT.update(TOOL_EXEMPT)

Each case is (label, call, expectation), expectation ("raises", exc, regex) or ("returns", check).
"""

import numpy as np
import pytest

from helpers import derivation, gradient_doctor, index_notation, plots, stepper, stepper_widget


def raises(exc, pattern):
    return ("raises", exc, pattern)


def returns(check):
    return ("returns", check)


_PROBLEM = derivation.linear_layer()
_PARAMS, _X, _Y = stepper_widget.default_problem()
_EDGES = stepper.backprop_edges(_PARAMS, _X, _Y)
_W = np.random.default_rng(18).standard_normal((2, 3))


def _cost(W):
    return float(np.sum(np.sin(W)))


TOOL_CASES = {
    "derivation.Problem": [
        ("[value] equal sizes", lambda: derivation.Problem({"W": ("n", "m")}, [], {"n": 2, "m": 2}),
         raises(ValueError, r"sizes must all differ")),
        ("[type] definitions a string", lambda: derivation.Problem({"W": ("n",)}, "Z[i] = W[i]", {"n": 2}),
         raises(TypeError, r"definitions must be a list of strings")),
        ("[value] size too large", lambda: derivation.Problem({"W": ("n",)}, [], {"n": 50}),
         raises(ValueError, r"size 'n' must be an int from 1 to 6")),
    ],
    "derivation.verify": [
        ("[type] problem a dict", lambda: derivation.verify(["dJ/dW[p,q] = 0"], {"W": 2}),
         raises(TypeError, r"problem must be a helpers.derivation.Problem")),
        ("[type] steps a string", lambda: derivation.verify("dJ/dW[p,q] = 0", _PROBLEM),
         raises(TypeError, r"steps must be a list of strings")),
        ("(probe) hostile text is a notation error, not run",
         lambda: derivation.verify(["__import__('os').system('x')"], _PROBLEM),
         returns(lambda v: v[0].mistake == "notation" or pytest.fail(str(v)))),
    ],
    "derivation.check_derivation": [
        ("[type] problem None", lambda: derivation.check_derivation(["dJ/dW[p,q] = 0"], None),
         raises(TypeError, r"problem must be a helpers.derivation.Problem")),
        ("[type] steps a number", lambda: derivation.check_derivation(3, _PROBLEM),
         raises(TypeError, r"steps must be a list of strings")),
    ],
    "index_notation.parse_step": [
        ("[type] text a list", lambda: index_notation.parse_step(["Z[i] = 0"], {"Z": 1}),
         raises(TypeError, r"a step must be a string")),
        ("[type] names a list", lambda: index_notation.parse_step("Z[i] = 0", ["Z"]),
         raises(TypeError, r"names must be a dict")),
        ("[value] unbalanced", lambda: index_notation.parse_step("Z[i = 0", {"Z": 1}),
         raises(ValueError, r"not closed before '='")),
    ],
    "index_notation.to_sympy": [
        ("[type] not a tree", lambda: index_notation.to_sympy("Z[i]"), raises(TypeError, r"not a syntax tree node")),
    ],
    "index_notation.free_indices": [
        ("[type] not a tree", lambda: index_notation.free_indices(3), raises(TypeError, r"not a syntax tree node")),
    ],
    "gradient_doctor.diagnose": [
        ("[type] x a list", lambda: gradient_doctor.diagnose(_cost, [1.0, 2.0], np.zeros(2)),
         raises(TypeError, r"x must be a float64 or float32 numpy array")),
        ("[shape] grad transposed", lambda: gradient_doctor.diagnose(_cost, _W, np.cos(_W).T),
         raises(ValueError, r"grad has shape \(3, 2\) but x has shape \(2, 3\)")),
        ("[value] eps 0", lambda: gradient_doctor.diagnose(_cost, _W, np.cos(_W), eps=0),
         raises(ValueError, r"eps must be a number between 0 and 1")),
        ("[type] f not callable", lambda: gradient_doctor.diagnose(3, _W, np.cos(_W)),
         raises(TypeError, r"f must be a function")),
        ("(probe) the right gradient", lambda: gradient_doctor.diagnose(_cost, _W, np.cos(_W)),
         returns(lambda r: r.verdict == "right" or pytest.fail(r.verdict))),
    ],
    "stepper.backprop_edges": [
        ("[name] convention", lambda: stepper.backprop_edges(_PARAMS, _X, _Y, "diagonal"),
         raises(ValueError, r"unknown convention")),
        ("[shape] X transposed", lambda: stepper.backprop_edges(_PARAMS, _X.T, _Y),
         raises(ValueError, r"W1 has shape")),
        ("[type] params a list", lambda: stepper.backprop_edges([1], _X, _Y),
         raises(TypeError, r"params must be a dict")),
    ],
    "stepper.edge_html": [
        ("[value] k out of range", lambda: stepper.edge_html(_EDGES, 11), raises(ValueError, r"k must be an int")),
        ("[type] edges empty", lambda: stepper.edge_html([], 0),
         raises(TypeError, r"edges must be the non-empty list")),
    ],
    "stepper.graph_svg": [
        ("[value] L 0", lambda: stepper.graph_svg(0), raises(ValueError, r"L must be the number of layers")),
        ("[type] edge a string", lambda: stepper.graph_svg(2, "dW2"), raises(TypeError, r"edge must be an Edge")),
    ],
    "stepper.sequence_html": [
        ("[type] edges empty", lambda: stepper.sequence_html([]), raises(TypeError, r"edges must be the non-empty")),
    ],
    "stepper_widget.default_problem": [
        ("[value] seed -1", lambda: stepper_widget.default_problem(-1),
         raises(ValueError, r"seed must be an int >= 0")),
    ],
    "stepper_widget.BackpropStepper": [
        ("[value] start 99", lambda: stepper_widget.BackpropStepper(_PARAMS, _X, _Y, start=99),
         raises(ValueError, r"start must be an int")),
    ],
    "stepper_widget.backprop_stepper": [
        ("[name] convention", lambda: stepper_widget.backprop_stepper(convention="diagonal"),
         raises(ValueError, r"unknown convention")),
    ],
    "plots.plot_gradient_doctor": [
        ("[type] not a report", lambda: plots.plot_gradient_doctor({"verdict": "bug"}),
         raises(TypeError, r"report must be what helpers.gradient_doctor.diagnose returns")),
    ],
}

_TREE = "a syntax-tree record built by index_notation's parser, never by learners"
TOOL_EXEMPT = {
    **{f"index_notation.{name}": _TREE for name in
       ("Num", "Scalar", "Tensor", "Delta", "Deriv", "Func", "Neg", "Bin", "Power", "Sum", "Step")},
    "index_notation.NotationError": "the exception parse_step raises",
    "derivation.Verdict": "a namedtuple record that verify returns",
    "derivation.linear_layer": "takes no arguments (Python itself refuses any)",
    "derivation.matrix_product": "takes no arguments (Python itself refuses any)",
    "derivation.row_layer": "takes no arguments (Python itself refuses any)",
    "derivation.dense_layer": "takes no arguments (Python itself refuses any)",
    "gradient_doctor.Report": "the record diagnose returns (built from arrays diagnose has checked)",
    "gradient_doctor.Kink": "a namedtuple record inside a Report",
    "stepper.Edge": "a namedtuple record that backprop_edges returns",
}
