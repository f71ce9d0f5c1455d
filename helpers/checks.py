"""Exercise feedback that names the mistake: check an array, an einsum, a forward, backward or update step.

Every check prints a few lines for the learner and returns True or False; a wrong answer never
raises (a wrongly called checker does, with TypeError / ValueError). One mechanism serves them all:
`_verdict` compares one answer with the expected array and with a catalogue of known mistakes
(description -> the array that mistake produces); `_check_function` runs a learner's function on
several seeded problems and gives a verdict per output. The problems and catalogues of the network
checks live in helpers.mistakes (add a named mistake there); this module is the engine and the public face.
"""

import numbers
import os
import re
import traceback
from collections import namedtuple

import numpy as np

from .formatting import format_error, shape_str
from .validate import as_float_array, check_choice
from .gradcheck import FD_TOL, relative_error
from .losses import OUTPUT_LAYERS
from .mistakes import GRADIENTS, PROBLEMS, RIGHT_LINES, Raised
from .network import HIDDEN, PARAM_NAMES

__all__ = ["check_array", "check_einsum", "check_forward", "check_backward", "check_backward_deep", "check_step",
           "mistake_table"]

_Verdict = namedtuple("_Verdict", ["ok", "headline", "maxdiff", "matches", "hint"])



# ---------------------------------------------------------------- one array: the shared verdict


def _within(tol):
    """The tolerance a correct answer met, as printed: the same on every machine (gradcheck's rule)."""
    return f"rel error < {tol:.0e}"


def _not_answered(name):
    """The line printed for an answer still None."""
    return f"{name}: not answered yet — replace None with your answer"


def _as_answer(name, yours):
    """(float array, None), or (None, a line saying why yours is not an array of numbers)."""
    try:
        return as_float_array(yours, name, allow_nonfinite=True), None
    except TypeError as exc:
        return None, f"✗ {exc}"
    except ValueError as exc:  # from np.asarray, e.g. a ragged list
        return None, f"✗ {name} is not a rectangular array of numbers: {exc}"


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


def _verdict(name, yours, expected, mistakes, tol, label=shape_str):
    """Compare one answer with the expected array and the mistakes; no printing."""
    if yours is None:
        return _Verdict(False, _not_answered(name), 0.0, (), None)
    yours, problem = _as_answer(name, yours)
    if problem:
        return _Verdict(False, problem, 0.0, (), None)
    if not np.isfinite(yours).all():
        return _Verdict(False, f"✗ {name} contains NaN or inf", 0.0, (), None)
    matches = tuple(d for d, arr in mistakes if isinstance(arr, np.ndarray) and _close(yours, arr, tol))
    if yours.shape != expected.shape:
        flip = "; yours.T would have the right shape" if yours.shape[::-1] == expected.shape else ""
        headline = f"✗ {name} has shape {label(yours.shape)}, but it must have shape {label(expected.shape)}{flip}"
        return _Verdict(False, headline, 0.0, matches, _generic_hint(yours, expected, tol))
    maxdiff = float(np.max(np.abs(yours - expected))) if yours.size else 0.0
    rel = relative_error(yours, expected)
    if rel < tol:
        return _Verdict(True, f"✓ {name} correct ({_within(tol)})", maxdiff, (), None)
    headline = f"✗ {name} has wrong values (rel error {format_error(rel, tol)}, max abs diff {format_error(maxdiff, tol)})"
    return _Verdict(False, headline, maxdiff, matches, _generic_hint(yours, expected, tol))


def _diagnosis(matches, hint, alike="give the same numbers here"):
    """The indented lines naming the matched mistake(s), or else the generic hint."""
    if len(matches) == 1:
        return [f"  This matches a known mistake: {matches[0]}"]
    if matches:
        return [f"  This matches one of these known mistakes, which {alike}:"] + [f"  — {m}" for m in matches]
    return [f"  Hint: {hint}"] if hint else []


def _mistake_pairs(mistakes):
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


def _check_mistakes(mistakes):
    """The mistakes as a list of (description, float array)."""
    return [(d, as_float_array(a, f"the array of mistake {d!r}")) for d, a in _mistake_pairs(mistakes)]


def _check_tolerance(value, name):
    """Return value as a float > 0, or raise ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < np.inf:
        raise ValueError(f"{name} must be a number > 0, got {value!r}")
    return float(value)


def check_array(name, yours, expected, mistakes=None, tol=FD_TOL):
    """Print whether yours equals expected (naming a known mistake if it matches one); return True if so."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming the quantity, e.g. 'dW1', got {type(name).__name__}")
    expected = as_float_array(expected, "expected")
    mistakes = _check_mistakes(mistakes)
    tol = _check_tolerance(tol, "tol")
    verdict = _verdict(name, yours, expected, mistakes, tol)
    print("\n".join([verdict.headline] + _diagnosis(verdict.matches, verdict.hint)))
    return verdict.ok


# ---------------------------------------------------------------- einsum


def _einsum_problem(subscripts, shapes):
    """A sentence saying why np.einsum(subscripts, ...) cannot run on these shapes, or None."""
    spec = subscripts.replace(" ", "")
    if "." in spec or spec.count("->") > 1:
        return None
    inputs, _, output = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        return f"the subscripts {inputs!r} name {len(terms)} operands, but there are {len(shapes)}"
    sizes = {}
    for k, (term, shape) in enumerate(zip(terms, shapes)):
        if not term.isalpha() and term:
            return f"{term!r} must be made of letters only, one per axis"
        if len(term) != len(shape):
            return f"operand {k} has shape {shape_str(shape)}, {len(shape)} axes, " \
                   f"but its subscripts {term!r} name {len(term)}"
        for letter, size in zip(term, shape):
            seen = sizes.setdefault(letter, (size, k))
            if size != seen[0] and 1 not in (size, seen[0]):
                return f"index {letter} is {seen[0]} in operand {seen[1]} but {size} in operand {k}; " \
                       "an index that appears twice must have the same size"
    missing = [c for c in output if c not in sizes]
    if missing:
        return f"the output index {missing[0]!r} does not appear in any input"
    if len(set(output)) != len(output):
        return f"an output index appears twice in {output!r}"
    return None


def _run_einsum(name, subscripts, operands):
    """(result, None), or (None, a line explaining why einsum could not run)."""
    if not isinstance(subscripts, str):
        return None, f"✗ {name}: the subscripts must be a string such as 'ij,jk->ik', got {type(subscripts).__name__}"
    try:
        return np.einsum(subscripts, *operands), None
    except (ValueError, TypeError, IndexError) as exc:
        shapes = [op.shape for op in operands]
        why = _einsum_problem(subscripts, shapes) or f"numpy says: {exc}"
        listed = ", ".join(shape_str(s) for s in shapes)
        return None, f"✗ {name}: np.einsum({subscripts!r}, ...) cannot run on operands of shapes {listed}: {why}"


def _check_operands(operands):
    """The einsum operands as float arrays; TypeError unless a non-empty list or tuple."""
    if not isinstance(operands, (list, tuple)) or not operands:
        raise TypeError(f"operands must be a non-empty list or tuple of arrays, got {type(operands).__name__}")
    return [as_float_array(op, f"operands[{k}]") for k, op in enumerate(operands)]


def check_einsum(subscripts, operands, expected, name="einsum result", mistakes=None):
    """Run np.einsum(subscripts, *operands) and compare it with expected via check_array; True if right."""
    operands = _check_operands(operands)
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    as_float_array(expected, "expected")
    mistakes = [(d, _mistake_einsum(d, m, operands)) for d, m in _mistake_pairs(mistakes)]
    if subscripts is None:
        print(_not_answered(name))
        return False
    result, problem = _run_einsum(name, subscripts, operands)
    if problem:
        print(problem)
        return False
    return check_array(name, result, expected, mistakes)


def _mistake_einsum(description, value, operands):
    """A mistake given as wrong subscripts ('ij,jk->ki') becomes the array it produces."""
    if not isinstance(value, str):
        return value
    try:
        return np.einsum(value, *operands)
    except ValueError as exc:
        raise ValueError(f"the subscripts {value!r} of mistake {description!r} do not run: {exc}") from None


# ---------------------------------------------------------------- a learner's function, on several problems


def _label(problem):
    """'(n_x, n_h, n_y, m) = (3, 4, 2, 5)'."""
    return f"{problem.names} = {problem.sizes}"


#: Folders whose frames are not the learner's code.
_LIBRARY_DIRS = (os.path.dirname(np.__file__) + os.sep, os.path.dirname(__file__) + os.sep)


def _your_line(exc):
    """The last line of the learner's own code in the traceback ('' if unknown)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not frame.filename.startswith(_LIBRARY_DIRS):
            return (frame.line or "").strip()
    return ""


def _normalised(line):
    """A line of code without spaces, with params["W2"] -> W2, np.dot(a, b) and a.dot(b) -> a@b."""
    line = re.sub(r"""\w+\[\s*["'](\w+)["']\s*\]""", r"\1", line).replace(" ", "")
    line = re.sub(r"np\.dot\(([\w.]+),([\w.]+)\)", r"\1@\2", line)
    return re.sub(r"(\w+(?:\.T)?)\.dot\(([\w.]+)\)", r"\1@\2", line)


def _in_line(code, line):
    """True if the code snippet (e.g. 'dZ2 @ W2.T') occurs in the normalised line as a whole term."""
    code = code.replace(" ", "")
    end = r"(?![\w.])" if code[-1].isalnum() else ""
    return bool(re.search(r"(?<![\w.])" + re.escape(code) + end, _normalised(line), flags=re.IGNORECASE))


def _raised_alike(exc, problem):
    """Descriptions of the mistakes that raise exc's error, and whose code (if known) is in the learner's line."""
    alike = [c for c in problem.mistakes if isinstance(c.value, Raised) and c.value == Raised.from_exception(exc)]
    line = _your_line(exc)
    in_line = [c for c in alike if c.code and line and _in_line(c.code, line)]
    return tuple(c.description for c in (in_line or [c for c in alike if not (c.code and line)]))


def _exception_hint(exc, problem, formulas):
    """A generic hint for an exception no catalogued mistake explains."""
    message = str(exc)
    if "matmul" in message or "aligned" in message:
        return f"a matrix product got operands whose inner sizes differ; check the order and transposes: {formulas}"
    if "could not be broadcast" in message:
        shapes = [tuple(int(d) for d in s.split(",") if d.strip()) for s in re.findall(r"\(([\d, ]*)\)", message)]
        named = " and ".join(problem.shape_label(s) for s in shapes)
        return f"an element-wise operation (*, +, -) got arrays of shapes {named}, which do not broadcast"
    if isinstance(exc, KeyError):
        keys = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in problem.args.items() if isinstance(v, dict))
        return f"that key does not exist; the dicts you were given have keys {keys}"
    return None


def _report_exception(what, exc, problem, formulas):
    """Print what the learner's function raised, where, and the likely cause."""
    lines = [f"✗ {what} raised {type(exc).__name__} on the problem with {_label(problem)}:", f"  {str(exc).strip()}"]
    where = _your_line(exc)
    if where:
        lines.append(f"  in your line: {where}")
    hint = _exception_hint(exc, problem, formulas)
    lines += _diagnosis(_raised_alike(exc, problem), hint, alike="raise the same error")
    print("\n".join(lines))


def _key_verdicts(key, problems, outputs, tol):
    """One verdict per problem for one output key."""
    return [
        _verdict(key, out[key], p.expected[key],
                 [(c.description, c.value[key]) for c in p.mistakes if isinstance(c.value, dict) and key in c.value],
                 tol, p.shape_label)
        for p, out in zip(problems, outputs)
    ]


def _report_key(key, problems, outputs, tol, named):
    """Print one output's verdict over every problem; True if right on all. `named`: mistakes printed so far."""
    if key not in outputs[0]:
        print(f"✗ {key} is missing from what your function returned")
        return False
    verdicts = _key_verdicts(key, problems, outputs, tol)
    failing = [(p, v) for p, v in zip(problems, verdicts) if not v.ok]
    if not failing:
        print(f"✓ {key} correct ({_within(tol)})")
        return True
    first = failing[0][1]
    lines = [first.headline]
    if len(failing) < len(problems):
        lines[0] += f", on {len(failing)} of {len(problems)} problems, e.g. {_label(failing[0][0])}"
    matches = tuple(d for d in first.matches if all(d in v.matches for _, v in failing))
    if matches and set(matches) <= named:
        lines.append("  This matches the same known mistake as above.")
    else:
        lines += _diagnosis(matches, first.hint)
    named.update(matches)
    print("\n".join(lines))
    return False


def _call(fn, problem):
    """fn on fresh copies of the problem's arguments: (result, None) or (None, exception)."""
    args = [{k: np.array(v) for k, v in a.items()} if isinstance(a, dict) else np.array(a) if
            isinstance(a, np.ndarray) else a for a in problem.args.values()]
    try:
        return fn(*args), None
    except Exception as exc:  # the learner's code: any error becomes feedback, never a traceback
        return None, exc


def _check_function(what, noun, fn, problems, unpack, formulas, tol=FD_TOL):
    """Run fn on every problem, print a verdict per output (or the exception), return True if all right."""
    if fn is None:
        print(f"{what}: not answered yet — write your function and pass it in place of None")
        return False
    if not callable(fn):
        raise TypeError(f"pass your function itself (without calling it), got {type(fn).__name__}")
    outputs = []
    for problem in problems:
        result, exc = _call(fn, problem)
        if exc is not None:
            _report_exception(what, exc, problem, formulas)
            return False
        if result is None:
            print(f"{what}: not answered yet — your function returned None")
            return False
        unpacked, complaint = unpack(result)
        if complaint:
            print(f"✗ {what} {complaint}")
            return False
        outputs.append(unpacked)
    sizes = ", ".join(p.sizes for p in problems)
    print(f"Checking {what} on {len(problems)} random problems with {problems[0].names} = {sizes}")
    keys = list(problems[0].expected)
    named = set()
    passed = sum(_report_key(k, problems, outputs, tol, named) for k in keys)
    wrong = len(keys) - passed
    print(f"All {len(keys)} {noun} correct." if not wrong else f"{wrong} of {len(keys)} {noun} wrong.")
    return passed == len(keys)


def _unpack_dict(keys):
    """An unpack function: the result must be a dict holding keys."""

    def unpack(result):
        """(the dict, None), or (None, a complaint)."""
        if not isinstance(result, dict):
            listed = ", ".join(map(repr, keys))
            return None, f"returned a {type(result).__name__}; it must return a dict {{{listed}: ...}}"
        return result, None

    return unpack


# ---------------------------------------------------------------- the checkers of a network's steps


def _check_names(hidden, output):
    """Validate the hidden and output activation names."""
    check_choice(hidden, "hidden activation", HIDDEN)
    check_choice(output, "output", OUTPUT_LAYERS)


def check_backward(fn, hidden="tanh", output="sigmoid"):
    """Check fn(params, cache, X, Y) -> {dW1, db1, dW2, db2} on seeded problems; name the mistake if wrong."""
    _check_names(hidden, output)
    formulas = "dW2 = dZ2 @ A1.T / m, dA1 = W2.T @ dZ2, dW1 = dZ1 @ X.T / m"
    what = f"your backward pass (hidden={hidden}, output={output})"
    problems = PROBLEMS["backward"](hidden, output)
    return _check_function(what, "gradients", fn, problems, _unpack_dict(GRADIENTS), formulas)


def check_backward_deep(fn, hidden="tanh", output="sigmoid"):
    """Check fn(params, cache, X, Y) -> {dW1, db1, …, dWL, dbL} of an L-layer network; name the mistake if wrong."""
    _check_names(hidden, output)
    formulas = ("dZ[L] = A[L] - Y, dW[l] = dZ[l] @ A[l-1].T / m, dA[l-1] = W[l].T @ dZ[l], "
                "dZ[l-1] = dA[l-1] * g'(Z[l-1])")
    what = f"your L-layer backward pass (hidden={hidden}, output={output})"
    problems = PROBLEMS["backward_deep"](hidden, output)
    return _check_function(what, "gradients", fn, problems, _unpack_dict(tuple(problems[0].expected)), formulas)


def _unpack_forward(result):
    """(A2, cache) -> {A2, Z1, A1, Z2}, or a complaint."""
    if not isinstance(result, (tuple, list)) or len(result) != 2 or not isinstance(result[1], dict):
        kind = type(result).__name__
        return None, f"returned a {kind}; it must return (A2, cache), cache a dict holding Z1, A1, Z2, A2"
    A2, cache = result
    return {"A2": A2, **{k: cache[k] for k in ("Z1", "A1", "Z2") if k in cache}}, None


def check_forward(fn, hidden="tanh", output="sigmoid"):
    """Check fn(params, X) -> (A2, cache) on seeded problems; name the mistake if wrong."""
    _check_names(hidden, output)
    formulas = "Z1 = W1 @ X + b1, Z2 = W2 @ A1 + b2"
    what = f"your forward pass (hidden={hidden}, output={output})"
    return _check_function(what, "outputs", fn, PROBLEMS["forward"](hidden, output), _unpack_forward, formulas)


def check_step(fn):
    """Check fn(params, grads, learning_rate) -> new params on seeded problems; name the mistake if wrong."""
    unpack = _unpack_dict(PARAM_NAMES)
    problems = PROBLEMS["step"](None, None)
    return _check_function("your update step", "parameters", fn, problems, unpack, "P - learning_rate * dP")


# ---------------------------------------------------------------- the catalogue on show (issue 17)
# Kept apart from the catalogues above: mistake_table reads whatever they hold, so it cannot drift from them.

def _effects(computed, expected, label):
    """(the outputs a mistake changes, its symptom in words and portable numbers) on one problem."""
    if isinstance(computed.value, Raised):
        kind, message = computed.value.signature
        why = f"operands {message} do not broadcast" if message.startswith("(") else message
        return [], f"numpy raises {kind}: {why}"
    shapes, errors = [], []
    for key, value in computed.value.items():
        if value.shape != expected[key].shape:
            shapes.append((key, f"{key} has shape {label(value.shape)}, not {label(expected[key].shape)}"))
        elif relative_error(value, expected[key]) >= FD_TOL:
            errors.append((key, f"{key} {format_error(relative_error(value, expected[key]), FD_TOL)}"))
    parts = [text for _, text in shapes] + (["rel error " + ", ".join(text for _, text in errors)] if errors else [])
    return [key for key, _ in shapes + errors], "; ".join(parts) or "the right answer on this problem"


def _fix(description, changed, right):
    """(mistake, fix): the description's advice after its last '; ', else the right line of the first output
    (in the order of the pass) it changes, else what follows its ': '."""
    head, sep, tail = description.rpartition("; ")
    if sep:
        return head, tail
    first = next((line for key, line in right.items() if key in changed), None)
    named = right.get(description.partition(" = ")[0])  # 'Z1 = W1 * X: ...' -> the right line for Z1
    return description, first or named or description.partition(": ")[2]


def mistake_table(kind="backward"):
    """Every named mistake of check_<kind> as dicts: mistake, symptom (on its first problem), fix, applies_to."""
    check_choice(kind, "kind", RIGHT_LINES)
    problems_for, right = PROBLEMS[kind], RIGHT_LINES[kind]
    rows, seen = [], set()
    combos = [(h, o) for h in HIDDEN for o in OUTPUT_LAYERS]
    for hidden, output in combos:
        problem = problems_for(hidden, output)[0]
        for computed in problem.mistakes:
            if computed.description in seen:
                continue
            seen.add(computed.description)
            changed, symptom = _effects(computed, problem.expected, problem.shape_label)
            mistake, fix = _fix(computed.description, changed, right)
            applies = "any network" if kind == "step" else f"hidden={hidden}, output={output}"
            rows.append({"mistake": mistake, "symptom": symptom, "fix": fix, "applies_to": applies,
                         "problem": _label(problem)})
    return rows
