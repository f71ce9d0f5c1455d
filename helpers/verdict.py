"""The checking engine: one answer against the expected value and a catalogue of named mistakes, and its lines.

Every checker of helpers.checks prints what this module words: `not_answered` for an answer still None,
`judge` for the verdict on one answer (✓ correct within the tolerance, or ✗ with its shape or error, the named
mistake(s) it matches, or a generic hint such as a transpose or a factor), `diagnosis` for the lines that name the
match. A wrong answer never raises: it is a verdict. A wrongly called engine does (TypeError / ValueError).
"""

from collections import namedtuple

import numpy as np

from .formatting import format_error, format_tolerance, shape_str
from .gradcheck import FD_TOL, relative_error
from .validate import as_float_array, check_positive_float

Verdict = namedtuple("Verdict", ["ok", "headline", "maxdiff", "matches", "hint"])
Verdict.__doc__ = "judge's verdict: ok, the line to print, max |yours - expected|, matched mistakes, a generic hint."


def correct_line(name, tol):
    """'✓ {name} correct (rel error < 1e-06)': the tolerance a right answer met, the same on every machine."""
    return f"✓ {name} correct (rel error < {format_tolerance(check_positive_float(tol, 'tol'))})"


def not_answered(name, todo="replace None with your answer"):
    """The line printed for an answer still None: '{name}: not answered yet — {todo}'."""
    if not isinstance(name, str) or not isinstance(todo, str):
        raise TypeError(f"name and todo must be strings, got {type(name).__name__} and {type(todo).__name__}")
    return f"{name}: not answered yet — {todo}"


def mistake_pairs(mistakes):
    """mistakes (None, a dict or a list of pairs) as a list of (description, value); TypeError if malformed."""
    if mistakes is None:
        return []
    if isinstance(mistakes, dict):
        mistakes = list(mistakes.items())
    if not isinstance(mistakes, (list, tuple)) or not all(isinstance(p, tuple) and len(p) == 2 for p in mistakes):
        raise TypeError(
            "mistakes must be a dict {description: array} or a list of (description, array) pairs, "
            f"got {type(mistakes).__name__}"
        )
    for description, _ in mistakes:
        if not isinstance(description, str):
            raise TypeError(f"each mistake's description must be a string, got {type(description).__name__}")
    return list(mistakes)


def check_mistakes(mistakes):
    """The mistakes as a list of (description, float array)."""
    return [(d, as_float_array(a, f"the array of mistake {d!r}")) for d, a in mistake_pairs(mistakes)]


def _as_answer(name, yours):
    """(float array, None), or (None, a line saying why yours is not an array of numbers)."""
    try:
        return as_float_array(yours, name, allow_nonfinite=True), None
    except (TypeError, ValueError) as exc:  # validate's message names yours and what was expected
        return None, f"✗ {exc}"


def _close(a, b, tol):
    """True if a and b have one shape and a relative error below tol (gradcheck's rule)."""
    return a.shape == b.shape and bool(np.isfinite(a).all() and np.isfinite(b).all()) and relative_error(a, b) < tol


def _generic_hint(yours, expected, tol):
    """A hint from how yours relates to the right answer (transpose, sign, factor, shape), or None."""
    if yours.ndim == 2 and _close(yours.T, expected, tol):
        return "yours is the transpose of the right answer: swap the order of the product, or add / drop a .T"
    if yours.shape != expected.shape and yours.size == expected.size and \
            _close(yours.reshape(expected.shape), expected, tol):
        return f"the numbers are right but the shape is not: keep the axes with keepdims=True, " \
               f"or reshape to {shape_str(expected.shape)}"
    if yours.shape == expected.shape and _close(-yours, expected, tol) and np.any(expected):
        return "yours is the right answer with the opposite sign: look for a sign error"
    if yours.shape == expected.shape and np.any(expected):
        factor = float(np.vdot(yours, expected) / np.vdot(expected, expected))
        if _close(yours, factor * expected, tol) and not np.isclose(factor, 1):
            return f"yours is the right answer times {factor:.4g}: a constant factor is off (a missing or extra 1/m?)"
    return None


def judge(name, yours, expected, mistakes=(), tol=FD_TOL, label=shape_str):
    """The Verdict on yours against expected and the (description, array) mistakes; prints nothing.

    Mistakes whose value is not an array (a mistake that raises, say) are never matched. label words a shape.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming the quantity, e.g. 'dW1', got {type(name).__name__}")
    expected, mistakes, tol = as_float_array(expected, "expected"), mistake_pairs(mistakes), check_positive_float(tol, "tol")
    if yours is None:
        return Verdict(False, not_answered(name), 0.0, (), None)
    yours, problem = _as_answer(name, yours)
    if problem:
        return Verdict(False, problem, 0.0, (), None)
    if not np.isfinite(yours).all():
        return Verdict(False, f"✗ {name} contains NaN or inf", 0.0, (), None)
    matches = tuple(d for d, arr in mistakes if isinstance(arr, np.ndarray) and _close(yours, arr, tol))
    if yours.shape != expected.shape:
        flip = "; yours.T would have the right shape" if yours.shape[::-1] == expected.shape else ""
        headline = f"✗ {name} has shape {label(yours.shape)}, but it must have shape {label(expected.shape)}{flip}"
        return Verdict(False, headline, 0.0, matches, _generic_hint(yours, expected, tol))
    maxdiff = float(np.max(np.abs(yours - expected))) if yours.size else 0.0
    rel = relative_error(yours, expected)
    if rel < tol:
        return Verdict(True, correct_line(name, tol), maxdiff, (), None)
    headline = f"✗ {name} has wrong values (rel error {format_error(rel, tol)}, max abs diff {format_error(maxdiff, tol)})"
    return Verdict(False, headline, maxdiff, matches, _generic_hint(yours, expected, tol))


def diagnosis(matches, hint, alike="give the same numbers here"):
    """The indented lines naming the matched mistake(s), or else the generic hint (a list, maybe empty)."""
    if isinstance(matches, str) or not isinstance(matches, (list, tuple)):
        raise TypeError(f"matches must be a tuple of mistake descriptions, got {type(matches).__name__}")
    if len(matches) == 1:
        return [f"  This matches a known mistake: {matches[0]}"]
    if matches:
        return [f"  This matches one of these known mistakes, which {alike}:"] + [f"  — {m}" for m in matches]
    return [f"  Hint: {hint}"] if hint else []
