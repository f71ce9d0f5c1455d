"""Check a derivation step by step, and name the first wrong step and the mistake in it.

A learner writes a derivation as a list of strings in the index notation of `helpers.index_notation`:

    steps = ["dZ[i,k]/dW[p,q] = sum_j delta[i,p]*delta[j,q]*A[j,k]",
             "= delta[i,p]*A[q,k]",
             "dJ/dW[p,q] = sum_ik G[i,k]*delta[i,p]*A[q,k]",
             "= sum_k G[p,k]*A[q,k]"]
    check_derivation(steps, linear_layer())

A `Problem` says what the symbols mean: the input tensors and their shapes (named sizes such as
n, m), and the definitions of the other quantities in the same notation (Z = W A + B, and a scalar
J whose gradient with respect to Z is G). Every step is compared with the truth for its left side,
which the checker computes itself: each input entry is a sympy symbol (small concrete sizes, all
different), a defined quantity is the sympy expression its definition gives, and a derivative is
`sympy.diff` of those expressions, entry by entry. A step is equal to its truth

* symbolically, when sympy expands the difference of the two sides to 0 in every entry (this
  decides it for the polynomial steps of a linear layer), or else
* numerically, when both sides agree on two seeded random draws of every input (float64, relative
  difference below 1e-9): for steps with tanh or exp that sympy does not reduce to the same form.

Since step N-1 equals the truth, a step N that does not equals is the first wrong step. Before any
numbers, the indices are checked: the same free indices on both sides, every summed index used,
an index at most twice in a product, one range per letter. Then the checker looks for the smallest
change that makes the wrong step right (put back a δ, transpose a factor, sum over another index,
add a sum, a 1/m, a sign) and names that mistake. Malformed input gets a message with a caret at
the place; nothing the learner writes is executed.

This module is the checker's public face (`verify`, `check_derivation`, and the names the notebooks import). Its
parts, one idea each: `index_notation` parses a step into an `index_tree`; `derivation_problem` holds the
`Problem` and the notebooks' ready-made problems; `derivation_indices` checks a step's indices;
`derivation_values` evaluates a step and compares it with its truth; `derivation_mistakes` names the mistake.
"""

from collections import namedtuple

from . import index_tree as nt
from .derivation_indices import IndexProblem, check_indices, check_problem, indices_phrase
from .derivation_mistakes import MISTAKES, diagnose
from .derivation_problem import Problem, dense_layer, linear_layer, matrix_product, row_layer
from .derivation_values import decide, first_difference
from .index_notation import NotationError, located, parse_step

__all__ = ["Problem", "Verdict", "MISTAKES", "verify", "check_derivation", "linear_layer", "matrix_product",
           "row_layer", "dense_layer", "NotationError"]

#: The verdict on one step: its number (from 1), whether it is right, how it was decided or what is wrong.
Verdict = namedtuple("Verdict", ["step", "ok", "how", "mistake", "message"])


def _as_steps(steps):
    """The steps as a list; TypeError for one string or anything but a list or tuple."""
    if isinstance(steps, str):
        raise TypeError("steps must be a list of strings, one step each (got one string: put it in a list)")
    if not isinstance(steps, (list, tuple)):
        raise TypeError(f"steps must be a list of strings, got {type(steps).__name__}")
    return list(steps)


# ---------------------------------------------------------------- one verdict per step


def _notation(number, message):
    """The verdict on a step that does not follow the notation."""
    return Verdict(number, False, None, "notation", message)


def _check_derivative_side(text, lhs, problem):
    """NotationError if a derivative's two ends share a letter, or it differentiates by a size."""
    top, bottom = set(nt.letters_of(lhs.top)), set(nt.letters_of(lhs.bottom))
    if top & bottom:
        c = sorted(top & bottom)[0]
        raise NotationError(text, lhs.pos, f"index {c} is used for both d{lhs.top.name} and d{lhs.bottom.name}: "
                                           "give the entry you differentiate by its own letters")
    if lhs.bottom.name not in problem.shapes and lhs.bottom.name not in problem.defined:
        raise NotationError(text, lhs.bottom.pos, f"{lhs.bottom.name} is a size, not a variable to differentiate by")


def _left_side(step, previous, problem):
    """The left side a step is about (its own, or the step before's for '= ...'); NotationError if it cannot be."""
    if step.lhs is None:
        if previous is None:
            raise NotationError(step.text, step.text.index("="),
                                "the first step needs a left side, e.g. dJ/dW[p,q] = ...")
        return previous
    lhs = step.lhs
    if isinstance(lhs, nt.Deriv):
        _check_derivative_side(step.text, lhs, problem)
    elif lhs.name in problem.shapes or lhs.name in problem.scalars:
        raise NotationError(step.text, lhs.pos, f"{lhs.name} is given, not defined by the derivation: the left side "
                                                f"must be a defined quantity ({', '.join(problem.order)}) or a "
                                                "derivative")
    return lhs


def _wrong_indices(number, text, rhs, lhs, problem, exc):
    """The verdict on a step whose indices are wrong: where, and the named mistake if one explains it."""
    key, explanation = diagnose(problem, lhs, rhs)
    message = located(text, exc.pos, exc.message)
    if key:
        message += "\n" + explanation
    return Verdict(number, False, None, key or exc.kind, message)


def _wrong_value(number, step, lhs, problem, ranges):
    """The verdict on a step whose sides differ: the named mistake, or one entry where they differ."""
    key, explanation = diagnose(problem, lhs, step.rhs)
    what = "does not follow from the step before" if step.lhs is None else f"is not right for {nt.show(lhs)}"
    message = f"this step {what}: the two sides differ."
    absent = [c for c in nt.letters_of(lhs) if c not in nt.free_indices(step.rhs)]
    if absent:
        message += f" ({indices_phrase(absent)} on the left side but not on the right.)"
    message += "\n" + (explanation if key else first_difference(problem, lhs, step.rhs, ranges))
    return Verdict(number, False, None, key or "wrong", message)


def _judge(number, step, lhs, problem):
    """The verdict on a well-written step: its indices first, then its value against the truth."""
    try:
        ranges = check_indices(problem, lhs, step.rhs)
    except IndexProblem as exc:
        return _wrong_indices(number, step.text, step.rhs, lhs, problem, exc)
    how = decide(problem, lhs, step.rhs, ranges)
    if how is None:
        return _wrong_value(number, step, lhs, problem, ranges)
    return Verdict(number, True, how, None, "")


def _verdict(number, text, previous, problem, names):
    """(the Verdict on one step, the left side it is about)."""
    if not isinstance(text, str):
        return _notation(number, f"step {number} is a {type(text).__name__}, not a string"), previous
    try:
        step = parse_step(text, names)
        lhs = _left_side(step, previous, problem)
    except NotationError as exc:
        return _notation(number, str(exc)), previous
    return _judge(number, step, lhs, problem), lhs


def verify(steps, problem):
    """One Verdict per step up to and including the first wrong one (no printing)."""
    check_problem(problem)
    steps = _as_steps(steps)
    verdicts, lhs = [], None
    names = problem.names()
    for number, text in enumerate(steps, start=1):
        verdict, lhs = _verdict(number, text, lhs, problem, names)
        verdicts.append(verdict)
        if not verdict.ok:
            break
    return verdicts


# ---------------------------------------------------------------- the printed report


def _print_wrong(verdict, steps):
    """The wrong step, its mistake, and how many later steps were not checked."""
    text = steps[verdict.step - 1]
    label = "" if verdict.mistake in ("notation", "wrong") else f" [{verdict.mistake}]"
    shown = text.strip() if isinstance(text, str) else repr(text)
    print(f"✗ step {verdict.step}: {shown}{label}")
    print("  " + verdict.message.replace("\n", "\n  "))
    rest = len(steps) - verdict.step
    if rest:
        print(f"  ({rest} later step{'s' if rest > 1 else ''} not checked: fix this one first)")


def check_derivation(steps, problem):
    """Print a verdict per step, naming the first wrong step and its mistake; return True if all are right."""
    check_problem(problem)
    if steps is None:
        print("derivation: not answered yet — replace None with your list of steps")
        return False
    steps = _as_steps(steps)
    if not steps:
        print("derivation: not answered yet — the list of steps is empty")
        return False
    for verdict in verify(steps, problem):
        if not verdict.ok:
            _print_wrong(verdict, steps)
            return False
        print(f"✓ step {verdict.step}: {steps[verdict.step - 1].strip()}   (equal: {verdict.how})")
    print(f"All {len(steps)} steps right.")
    return True
