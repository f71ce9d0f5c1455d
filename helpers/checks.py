"""Exercise feedback that names the mistake: check an array, an einsum, a forward, backward or update step.

Every check prints a few lines for the learner and returns True or False; a wrong answer never
raises (a wrongly called checker does, with TypeError / ValueError). One mechanism serves them all:
`_verdict` compares one answer with the expected array and with a catalogue of known mistakes
(description -> the array that mistake produces); `_check_function` runs a learner's function on
several seeded problems and gives a verdict per output. The catalogues of the network checks are
small functions below, one line of (wrong) maths each, computed by the checker itself.
"""

import numbers
import os
import re
import traceback
from collections import namedtuple
from types import SimpleNamespace

import numpy as np

from .formatting import format_error, shape_str
from .validate import as_float_array, check_choice
from .activations import ACTIVATIONS
from .data import one_hot
from .gradcheck import FD_TOL, relative_error
from .losses import OUTPUT_LAYERS
from .network import HIDDEN, PARAM_NAMES, backward, forward, update

__all__ = ["check_array", "check_einsum", "check_forward", "check_backward", "check_backward_deep", "check_step",
           "mistake_table"]

GRADIENTS = ("dW1", "db1", "dW2", "db2")
_Verdict = namedtuple("_Verdict", ["ok", "headline", "maxdiff", "matches", "hint"])
_Raised = namedtuple("_Raised", ["signature"])  # a catalogued mistake that makes numpy raise
#: A known mistake: what to print, how to compute its wrong outputs, where it applies, and the code on the
#: line where numpy raises, if it raises (to tell apart mistakes that raise the same error).
_Mistake = namedtuple("_Mistake", ["description", "compute", "hidden", "output", "code"], defaults=(None, None, None))
_Computed = namedtuple("_Computed", ["description", "value", "code"])  # value: dict of outputs, or _Raised
_Problem = namedtuple("_Problem", ["names", "sizes", "args", "expected", "mistakes", "shape_label"])


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


def _signature(exc):
    """What identifies an exception: its type and what it says, alike for @, np.dot and a.dot, and either order."""
    message = str(exc).strip()
    matmul = re.search(r"size (\d+) is different from (\d+)", message)  # from @ and np.matmul
    dot = re.search(r"not aligned: (\d+) \(dim \d+\) != (\d+)", message)  # from np.dot and a.dot
    if matmul or dot:
        left, right = (matmul.group(2), matmul.group(1)) if matmul else dot.groups()
        return type(exc).__name__, f"inner sizes {left} and {right} differ"
    if "could not be broadcast" in message:
        message = " ".join(sorted(re.findall(r"\([\d, ]*\)", message)))
    return type(exc).__name__, message


def _catalogue(mistakes, *args):
    """Each mistake computed on one problem: a _Computed holding its wrong outputs, or what it raises."""
    out = []
    for mistake in mistakes:
        try:
            value = {k: np.asarray(v, dtype=np.float64) for k, v in mistake.compute(*args).items()}
        except (ValueError, TypeError, IndexError) as exc:
            value = _Raised(_signature(exc))
        out.append(_Computed(mistake.description, value, mistake.code))
    return out


def _label(problem):
    """'(n_x, n_h, n_y, m) = (3, 4, 2, 5)'."""
    return f"{problem.names} = {problem.sizes}"


def _shape_labeller(sizes):
    """shape -> '(4, 3) = (n_h, n_x)', naming each size that belongs to exactly one dimension."""
    names = {}
    for name, size in sizes.items():
        names[size] = None if size in names or size == 1 else name

    def label(shape):
        """A shape with its symbolic name where that differs, e.g. (4, 3) = (n_h, n_x)."""
        symbolic = tuple(names.get(s) or s for s in shape)
        return shape_str(shape) if symbolic == tuple(shape) else f"{shape_str(shape)} = {shape_str(symbolic)}"

    return label


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
    alike = [c for c in problem.mistakes if isinstance(c.value, _Raised) and c.value.signature == _signature(exc)]
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


# ---------------------------------------------------------------- the network's problems


#: (n_x, n_h, n_y, m) per problem: every size differs from the others, so no transpose passes by accident.
_SIZES = ((3, 4, 2, 5), (2, 5, 1, 7), (4, 3, 5, 6))
_SIZES_SOFTMAX = ((3, 4, 2, 5), (2, 5, 3, 7), (4, 3, 5, 6))
_SEED = 2024
_NETWORK_SIZES = "(n_x, n_h, n_y, m)"


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
    if output == "sigmoid":
        Y = rng.integers(0, 2, size=(n_y, m)).astype(np.float64)  # (n_y, m)
    elif output == "softmax":
        Y = one_hot(rng.integers(0, n_y, size=m), n_y)  # (n_y, m)
    else:
        Y = rng.standard_normal((n_y, m))  # (n_y, m)
    return params, X, Y


def _network_problems(output):
    """[(sizes, shape labeller, params, X, Y)] for the problems used with this output layer."""
    problems = []
    for k, sizes in enumerate(_SIZES_SOFTMAX if output == "softmax" else _SIZES):
        named = dict(zip(("n_x", "n_h", "n_y", "m"), sizes))
        problems.append((str(sizes), _shape_labeller(named), *_network_data(k, sizes, output)))
    return problems


def _applies(mistake, hidden, output):
    """True if the mistake can be made with this hidden layer and output layer."""
    return mistake.hidden in (None, hidden) and mistake.output in (None, output)


# ---------------------------------------------------------------- backward: the catalogue


def _layer(dZ, A_prev, m, layer):
    """dW = dZ A_prevᵀ / m and db = row sums / m for one layer, as {'dW1': ..., 'db1': ...}."""
    return {f"dW{layer}": dZ @ A_prev.T / m, f"db{layer}": dZ.sum(axis=1, keepdims=True) / m}


def _from_dZ1(r, dZ1):
    """dW1, db1 from a (possibly wrong) dZ1."""
    return _layer(dZ1, r.X, r.m, 1)


def _from_dA1(r, dA1):
    """dW1, db1 from a (possibly wrong) dA1, through the right g1'(Z1)."""
    return _from_dZ1(r, dA1 * r.g1p)


def _from_dZ2(r, dZ2):
    """All four gradients from a (possibly wrong) dZ2, every later step right."""
    return {**_layer(dZ2, r.A1, r.m, 2), **_from_dA1(r, r.W2.T @ dZ2)}


def _scaled(r, k):
    """All four right gradients times k (a missing or extra 1/m, a sign)."""
    return {key: k * value for key, value in _from_dZ2(r, r.dZ2).items()}


def _db(r, total):
    """Both db's computed with the same (wrong) sum `total`."""
    return {"db2": total(r.dZ2) / r.m, "db1": total(r.dZ1) / r.m}


_USE_DB = "use np.sum(dZ, axis=1, keepdims=True) / m"

#: Each known mistake of a backward pass: what to print, and the wrong gradients it gives (r: _backward_namespace).
_BACKWARD_MISTAKES = (
    _Mistake("dW2 = A1 @ dZ2.T: the product order is swapped (it gives dW2's transpose); use dZ2 @ A1.T / m",
             lambda r: {"dW2": r.A1 @ r.dZ2.T / r.m}),
    _Mistake("dW1 = X @ dZ1.T: the product order is swapped (it gives dW1's transpose); use dZ1 @ X.T / m",
             lambda r: {"dW1": r.X @ r.dZ1.T / r.m}),
    _Mistake("dA1 = dZ2 @ W2.T: the product order is swapped; use dA1 = W2.T @ dZ2",
             lambda r: _from_dA1(r, r.dZ2 @ r.W2.T), code="dZ2 @ W2.T"),
    _Mistake("dA1 = W2 @ dZ2: W2 needs its transpose; use dA1 = W2.T @ dZ2",
             lambda r: _from_dA1(r, r.W2 @ r.dZ2), code="W2 @ dZ2"),
    _Mistake("dA1 = dZ2.T @ W2: this is the transpose of dA1, shape (m, n_h); use dA1 = W2.T @ dZ2",
             lambda r: _from_dA1(r, r.dZ2.T @ r.W2), code="dA1 *"),  # numpy raises later, at dA1 * g1'(Z1)
    _Mistake("dA1 = W1.T @ dZ2: W1 used where W2 belongs; use dA1 = W2.T @ dZ2",
             lambda r: _from_dA1(r, r.W1.T @ r.dZ2), code="W1.T @ dZ2"),
    _Mistake("dW2 = dZ2 @ A1 / m: A1 needs its transpose; use dZ2 @ A1.T / m",
             lambda r: {"dW2": r.dZ2 @ r.A1 / r.m}, code="dZ2 @ A1"),
    _Mistake("dW1 = dZ1 @ X / m: X needs its transpose; use dZ1 @ X.T / m",
             lambda r: {"dW1": r.dZ1 @ r.X / r.m}, code="dZ1 @ X"),
    _Mistake("dW2 = dZ2 @ X.T / m: X used where A1 belongs (layer 2's input is A1)",
             lambda r: {"dW2": r.dZ2 @ r.X.T / r.m}),
    _Mistake("dW1 = dZ1 @ A1.T / m: A1 used where X belongs (layer 1's input is X)",
             lambda r: {"dW1": r.dZ1 @ r.A1.T / r.m}),
    _Mistake("dA1 = W2.T * dZ2: * (element-wise) where the matrix product @ belongs; use W2.T @ dZ2",
             lambda r: _from_dA1(r, r.W2.T * r.dZ2), code="W2.T * dZ2"),
    _Mistake("dW2 = dZ2 * A1.T / m: * (element-wise) where the matrix product @ belongs; use dZ2 @ A1.T / m",
             lambda r: {"dW2": r.dZ2 * r.A1.T / r.m}, code="dZ2 * A1.T"),
    _Mistake("dW1 = dZ1 * X.T / m: * (element-wise) where the matrix product @ belongs; use dZ1 @ X.T / m",
             lambda r: {"dW1": r.dZ1 * r.X.T / r.m}, code="dZ1 * X.T"),
    _Mistake("dZ1 = dA1 @ g1'(Z1): the matrix product @ where the element-wise * belongs; use dA1 * g1'(Z1)",
             lambda r: _from_dZ1(r, r.dA1 @ r.g1p), code="dA1 @"),
    _Mistake("dZ1 = dA1 @ g1'(Z1).T: a matrix product where the element-wise * belongs; use dA1 * g1'(Z1)",
             lambda r: _from_dZ1(r, r.dA1 @ r.g1p.T), code="dZ1 @ X.T"),  # numpy raises later, in dW1
    _Mistake("missing 1/m: dW and db average over the m examples, e.g. dW2 = dZ2 @ A1.T / m",
             lambda r: _scaled(r, r.m)),
    _Mistake("1/m applied twice, e.g. once inside dZ2 = (A2 - Y) / m and again in dW = dZ @ A.T / m; "
             "apply it once, in dW and db",
             lambda r: _scaled(r, 1 / r.m)),
    _Mistake(f"db summed over axis 0 (the units) instead of axis 1 (the examples); {_USE_DB}",
             lambda r: _db(r, lambda dZ: dZ.sum(axis=0, keepdims=True))),
    _Mistake(f"db summed without keepdims=True, so it has shape (n,) instead of (n, 1); {_USE_DB}",
             lambda r: _db(r, lambda dZ: dZ.sum(axis=1))),
    _Mistake(f"db summed over axis 0 (the units) and without keepdims; {_USE_DB}",
             lambda r: _db(r, lambda dZ: dZ.sum(axis=0))),
    _Mistake(f"db summed over every entry (np.sum(dZ) without axis); {_USE_DB}",
             lambda r: _db(r, np.sum)),
    _Mistake("the ReLU mask A1 >= 0 is always true (A1 = max(Z1, 0) is never negative); use dA1 * (Z1 > 0)",
             lambda r: _from_dZ1(r, r.dA1 * (r.A1 >= 0)), hidden="relu"),
    _Mistake("the ReLU mask taken from A1's values (dA1 * A1) instead of the 0/1 mask; use dA1 * (Z1 > 0)",
             lambda r: _from_dZ1(r, r.dA1 * r.A1), hidden="relu"),
    _Mistake("the ReLU mask taken from the gradient (np.maximum(dA1, 0), or dA1 * (dA1 > 0)); use dA1 * (Z1 > 0)",
             lambda r: _from_dZ1(r, r.dA1 * (r.dA1 > 0)), hidden="relu"),
    _Mistake("tanh' written as 1 - Z1**2; tanh'(Z1) = 1 - tanh(Z1)**2 = 1 - A1**2",
             lambda r: _from_dZ1(r, r.dA1 * (1 - r.Z1**2)), hidden="tanh"),
    _Mistake("tanh' computed from the wrong layer's A: 1 - A2**2; the hidden layer needs 1 - A1**2",
             lambda r: _from_dZ1(r, r.dA1 * (1 - r.A2**2)), hidden="tanh", code="A2**2"),
    _Mistake("sigmoid' computed from the wrong layer's A: A2 * (1 - A2); the hidden layer needs A1 * (1 - A1)",
             lambda r: _from_dZ1(r, r.dA1 * (r.A2 * (1 - r.A2))), hidden="sigmoid", code="A2 * (1 - A2)"),
    _Mistake("sigmoid' written as Z1 * (1 - Z1); sigmoid'(Z1) = A1 * (1 - A1) with A1 = sigmoid(Z1)",
             lambda r: _from_dZ1(r, r.dA1 * (r.Z1 * (1 - r.Z1))), hidden="sigmoid"),
    _Mistake("forgot the element-wise product with g1'(Z1): dZ1 = (W2.T @ dZ2) * g1'(Z1), not W2.T @ dZ2 alone",
             lambda r: _from_dZ1(r, r.dA1)),
    _Mistake("sign error: dZ2 = Y - A2; it is dZ2 = A2 - Y",
             lambda r: _scaled(r, -1)),
    _Mistake("the output's derivative A2 * (1 - A2) multiplied onto dZ2 = A2 - Y, which already is dL/dZ2; "
             "use dZ2 = A2 - Y",
             lambda r: _from_dZ2(r, r.dZ2 * r.A2 * (1 - r.A2)), output="sigmoid"),
)

#: g'(A) written as a learner would, for the "wrong activation's derivative" mistakes.
_PRIME_FORMULAS = {"tanh": "1 - A1**2", "sigmoid": "A1 * (1 - A1)"}


def _wrong_derivatives(hidden):
    """Mistakes that use another activation's derivative for the hidden layer."""
    mistakes = [
        _Mistake(f"used {other}'s derivative, {other}'(Z1), for a {hidden} hidden layer; g1' must be {hidden}'",
                 lambda r, other=other: _from_dZ1(r, r.dA1 * ACTIVATIONS[other].unchecked_g_prime(r.Z1)))
        for other in ("tanh", "sigmoid", "relu") if other != hidden
    ]
    mistakes += [
        _Mistake(f"used {other}'s derivative {formula} on a {hidden} hidden layer; g1' must be {hidden}'",
                 lambda r, other=other: _from_dZ1(r, r.dA1 * ACTIVATIONS[other].prime_from_A(r.A1)))
        for other, formula in _PRIME_FORMULAS.items() if other != hidden
    ]
    return mistakes


def _backward_namespace(params, cache, X, Y, hidden):
    """Every quantity of the reference backward pass, by name: r.dZ2, r.dA1, r.g1p, r.dZ1, ..."""
    r = SimpleNamespace(**params, **cache, X=X, Y=Y, m=X.shape[1])
    r.dZ2 = r.A2 - Y  # (n_y, m)
    r.dA1 = r.W2.T @ r.dZ2  # (n_h, m)
    r.g1p = ACTIVATIONS[hidden].prime_from_A(r.A1)  # (n_h, m)  g1'(Z1), from A1
    r.dZ1 = r.dA1 * r.g1p  # (n_h, m)
    return r


def _backward_problems(hidden, output):
    """The seeded problems of check_backward, each with its reference gradients and computed catalogue."""
    mistakes = [m for m in _BACKWARD_MISTAKES if _applies(m, hidden, output)] + _wrong_derivatives(hidden)
    problems = []
    for sizes, shape_label, params, X, Y in _network_problems(output):
        _, cache = forward(params, X, hidden, output)
        grads = backward(params, cache, X, Y, hidden, output)
        expected = {k: grads[k] for k in GRADIENTS}
        catalogue = _catalogue(mistakes, _backward_namespace(params, cache, X, Y, hidden))
        args = {"params": params, "cache": cache, "X": X, "Y": Y}
        problems.append(_Problem(_NETWORK_SIZES, sizes, args, expected, catalogue, shape_label))
    return problems


def _check_names(hidden, output):
    """Validate the hidden and output activation names."""
    check_choice(hidden, "hidden activation", HIDDEN)
    check_choice(output, "output", OUTPUT_LAYERS)


def check_backward(fn, hidden="tanh", output="sigmoid"):
    """Check fn(params, cache, X, Y) -> {dW1, db1, dW2, db2} on seeded problems; name the mistake if wrong."""
    _check_names(hidden, output)
    formulas = "dW2 = dZ2 @ A1.T / m, dA1 = W2.T @ dZ2, dW1 = dZ1 @ X.T / m"
    what = f"your backward pass (hidden={hidden}, output={output})"
    problems = _backward_problems(hidden, output)
    return _check_function(what, "gradients", fn, problems, _unpack_dict(GRADIENTS), formulas)


# ---------------------------------------------------------------- backward, L layers


#: (n, m, L) per problem of check_backward_deep: every layer of a problem has the same width n (n_x = n[l] = n_y),
#: so that every catalogued mistake gives numbers (none raises) and is named by its values; m differs from n.
_DEEP_SIZES = ((4, 5, 4), (3, 7, 4), (5, 6, 4))
_DEEP_NAMES = "(n, m, L)"


def _deep_data(k, n, m, L, output):
    """Seeded params of an L-layer network with every width n (weights of std 1.5/sqrt(n)), X and Y."""
    rng = np.random.default_rng(_SEED + 200 + k)
    params = {}
    for l in range(1, L + 1):
        params[f"W{l}"] = 1.5 / np.sqrt(n) * rng.standard_normal((n, n))  # (n, n)
        params[f"b{l}"] = 0.5 * rng.standard_normal((n, 1))  # (n, 1)
    X = rng.standard_normal((n, m))  # (n, m)
    if output == "sigmoid":
        Y = rng.integers(0, 2, size=(n, m)).astype(np.float64)  # (n, m)
    elif output == "softmax":
        Y = one_hot(rng.integers(0, n, size=m), n)  # (n, m)
    else:
        Y = rng.standard_normal((n, m))  # (n, m)
    return params, X, Y


def _deep_namespace(params, cache, X, Y, hidden):
    """The reference backward pass as lists indexed by layer: r.W[l], r.A[l] (A[0] = X), r.dZ[l], r.gp[l], ..."""
    L = len(params) // 2
    r = SimpleNamespace(L=L, m=X.shape[1], Y=Y, prime=ACTIVATIONS[hidden].prime_from_A)
    r.W = [None] + [params[f"W{l}"] for l in range(1, L + 1)]
    r.A = [X] + [cache[f"A{l}"] for l in range(1, L + 1)]
    r.gp = [None] + [r.prime(r.A[l]) for l in range(1, L)]  # g'(Z[l]) from A[l], hidden layers only
    r.dZ = [None] * (L + 1)
    r.dZ[L] = r.A[L] - Y  # (n_y, m)
    for l in range(L, 1, -1):
        r.dZ[l - 1] = (r.W[l].T @ r.dZ[l]) * r.gp[l - 1]  # (n[l-1], m)
    return r


def _deep_grads(r, dZ=None, A=None, top=None):
    """dW[l], db[l] for every layer from the lists dZ (default r.dZ) and A (default r.A); keys shifted by top."""
    dZ, A, shift = dZ or r.dZ, A or r.A, top or 0
    out = {}
    for l in range(1, r.L + 1):
        out[f"dW{l + shift}"] = dZ[l] @ A[l - 1].T / r.m  # (n[l], n[l-1])
        out[f"db{l + shift}"] = dZ[l].sum(axis=1, keepdims=True) / r.m  # (n[l], 1)
    return out


def _deep_chain(r, dA_from=None, prime_at=None, skip=()):
    """The recursion with one step changed: dA[l-1] = dA_from(l, dZ[l]), g' taken at prime_at(l), none in skip."""
    dZ = [None] * (r.L + 1)
    dZ[r.L] = r.dZ[r.L]
    for l in range(r.L, 1, -1):
        dA = dA_from(l, dZ[l]) if dA_from else r.W[l].T @ dZ[l]  # (n[l-1], m)
        g = r.prime(r.A[prime_at(l)]) if prime_at else r.gp[l - 1]
        dZ[l - 1] = dA if l - 1 in skip else dA * g
    return _deep_grads(r, dZ)


_DEEP_MISTAKES = (
    _Mistake("A[l] used where A[l-1] belongs: dW[l] = dZ[l] @ A[l].T / m; layer l's input is A[l-1] (A[0] = X)",
             lambda r: _deep_grads(r, A=r.A[1:] + [None])),
    _Mistake("off-by-one in the layer index: each layer's dW and db stored under the layer below's name "
             "(dW[l-1] = dZ[l] @ A[l-1].T / m); dW[l] is dZ[l] @ A[l-1].T / m",
             lambda r: _deep_grads(r, top=-1)),
    _Mistake("off-by-one in the layer index: each layer's dW and db stored under the layer above's name "
             "(dW[l+1] = dZ[l] @ A[l-1].T / m); dW[l] is dZ[l] @ A[l-1].T / m",
             lambda r: _deep_grads(r, top=1)),
    _Mistake("off-by-one in the layer index: W[l-1] used where W[l] belongs: dA[l-1] = W[l].T @ dZ[l]",
             lambda r: _deep_chain(r, dA_from=lambda l, dZ: r.W[l - 1].T @ dZ)),
    _Mistake("off-by-one in the layer index: g' taken from A[l] where A[l-1] belongs: "
             "dZ[l-1] = dA[l-1] * g'(Z[l-1]), with g'(Z[l-1]) computed from A[l-1]",
             lambda r: _deep_chain(r, prime_at=lambda l: l)),
    _Mistake("reused dZ from the wrong layer: dZ[L] = A[L] - Y used at every layer (the loop never updates dZ); "
             "each layer has its own dZ[l] = (W[l+1].T @ dZ[l+1]) * g'(Z[l])",
             lambda r: _deep_grads(r, dZ=[None] + [r.dZ[r.L]] * r.L)),
    _Mistake("reused dZ from the wrong layer: dW[l] and db[l] computed from dZ[l-1] (dZ was overwritten before "
             "dW[l] was computed); compute dW[l] and db[l] from dZ[l] first, then move to layer l-1",
             lambda r: {k: v for k, v in _deep_grads(r, dZ=[None, r.dZ[1]] + r.dZ[1:-1]).items() if k[-1] != "1"}),
    _Mistake("missing 1/m: dW[l] and db[l] average over the m examples, dW[l] = dZ[l] @ A[l-1].T / m",
             lambda r: {k: r.m * v for k, v in _deep_grads(r).items()}),
    _Mistake("sign error: dZ[L] = Y - A[L]; it is dZ[L] = A[L] - Y",
             lambda r: {k: -v for k, v in _deep_grads(r).items()}),
)


def _forgot_prime(hidden, L):
    """Forgetting g' at one hidden layer (each in turn), or at all of them; none for an identity hidden layer."""
    if hidden == "identity":
        return []
    return [_Mistake(f"forgot g' at layer {layer}: dZ[{layer}] = dA[{layer}] alone; it is dZ[{layer}] = "
                     f"dA[{layer}] * g'(Z[{layer}]) (here {hidden}')",
                     lambda r, layer=layer: _deep_chain(r, skip=(layer,)))
            for layer in range(1, L)] + [
        _Mistake(f"forgot g' at every hidden layer: dZ[l] = dA[l] * g'(Z[l]) (here {hidden}'), not dA[l] alone",
                 lambda r: _deep_chain(r, skip=range(1, r.L)))]


def _deep_problems(hidden, output):
    """The seeded problems of check_backward_deep, each with its reference gradients and computed catalogue."""
    problems = []
    for k, (n, m, L) in enumerate(_DEEP_SIZES):
        params, X, Y = _deep_data(k, n, m, L, output)
        _, cache = forward(params, X, hidden, output)
        grads = backward(params, cache, X, Y, hidden, output)
        expected = {key: grads[key] for key in (f"d{p}{l}" for l in range(1, L + 1) for p in "Wb")}
        mistakes = list(_DEEP_MISTAKES) + _forgot_prime(hidden, L)
        catalogue = _catalogue(mistakes, _deep_namespace(params, cache, X, Y, hidden))
        args = {"params": params, "cache": dict(cache), "X": X, "Y": Y}
        problems.append(_Problem(_DEEP_NAMES, str((n, m, L)), args, expected, catalogue,
                                 _shape_labeller({"n": n, "m": m})))
    return problems


def check_backward_deep(fn, hidden="tanh", output="sigmoid"):
    """Check fn(params, cache, X, Y) -> {dW1, db1, …, dWL, dbL} of an L-layer network; name the mistake if wrong."""
    _check_names(hidden, output)
    formulas = ("dZ[L] = A[L] - Y, dW[l] = dZ[l] @ A[l-1].T / m, dA[l-1] = W[l].T @ dZ[l], "
                "dZ[l-1] = dA[l-1] * g'(Z[l-1])")
    what = f"your L-layer backward pass (hidden={hidden}, output={output})"
    problems = _deep_problems(hidden, output)
    return _check_function(what, "gradients", fn, problems, _unpack_dict(tuple(problems[0].expected)), formulas)


# ---------------------------------------------------------------- forward


def _chain(f, Z1=None, A1=None, Z2=None):
    """The rest of the forward pass from a (possibly wrong) Z1, A1 or Z2: {Z1, A1, Z2, A2}."""
    Z1 = f.W1 @ f.X + f.b1 if Z1 is None else Z1  # (n_h, m)
    A1 = f.g1(Z1) if A1 is None else A1  # (n_h, m)
    Z2 = f.W2 @ A1 + f.b2 if Z2 is None else Z2  # (n_y, m)
    return {"A2": f.g2(Z2), "Z1": Z1, "A1": A1, "Z2": Z2}


#: Each known mistake of a forward pass: what to print, and the wrong outputs it gives (f: the problem's namespace).
_FORWARD_MISTAKES = (
    _Mistake("forgot the bias b1: Z1 = W1 @ X + b1",
             lambda f: _chain(f, Z1=f.W1 @ f.X)),
    _Mistake("forgot the bias b2: Z2 = W2 @ A1 + b2",
             lambda f: _chain(f, Z2=f.W2 @ f.g1(f.W1 @ f.X + f.b1))),
    _Mistake("Z1 = X @ W1: the product order is swapped; use Z1 = W1 @ X + b1",
             lambda f: _chain(f, Z1=f.X @ f.W1), code="X @ W1"),
    _Mistake("Z1 = W1.T @ X: W1 needs no transpose here; use Z1 = W1 @ X + b1",
             lambda f: _chain(f, Z1=f.W1.T @ f.X), code="W1.T @ X"),
    _Mistake("Z1 = W1 * X: * (element-wise) where the matrix product @ belongs",
             lambda f: _chain(f, Z1=f.W1 * f.X), code="W1 * X"),
    _Mistake("b1 added as b1.T (shape (1, n_h)); the bias is a column (n_h, 1): Z1 = W1 @ X + b1",
             lambda f: _chain(f, Z1=f.W1 @ f.X + f.b1.T), code="b1.T"),
    _Mistake("skipped the hidden activation: Z2 = W2 @ Z1 + b2 uses Z1 where A1 = g1(Z1) belongs",
             lambda f: _chain(f, A1=f.W1 @ f.X + f.b1)),
    _Mistake("softmax normalised over axis 1 (the examples) instead of axis 0 (the classes)",
             lambda f: {"A2": _softmax_rows(_chain(f)["Z2"])}, output="softmax"),
)


def _softmax_rows(Z):
    """The softmax mistake: normalised along axis 1, over the examples."""
    e = np.exp(Z - Z.max(axis=1, keepdims=True))  # (n_y, m)
    return e / e.sum(axis=1, keepdims=True)


def _wrong_activations(hidden, output):
    """Mistakes that use another activation in the hidden or the output layer."""
    hiddens = [
        _Mistake(f"the hidden layer uses {other}, but it must use {hidden}",
                 lambda f, g=ACTIVATIONS[other].unchecked_g: _chain(f, A1=g(f.W1 @ f.X + f.b1)))
        for other in HIDDEN if other != hidden
    ]
    outputs = [
        _Mistake(f"the output layer uses {other}, but it must use {output}",
                 lambda f, g=ACTIVATIONS[other].unchecked_g: {"A2": g(_chain(f)["Z2"])})
        for other in ("sigmoid", "softmax", "identity", "tanh") if other != output
    ]
    return hiddens + outputs


def _forward_problems(hidden, output):
    """The seeded problems of check_forward, each with its reference outputs and computed catalogue."""
    problems = []
    for sizes, shape_label, params, X, _ in _network_problems(output):
        A2, cache = forward(params, X, hidden, output)
        f = SimpleNamespace(**params, X=X, g1=ACTIVATIONS[hidden].unchecked_g, g2=ACTIVATIONS[output].unchecked_g)
        mistakes = [m for m in _FORWARD_MISTAKES if _applies(m, hidden, output)] + _wrong_activations(hidden, output)
        catalogue = _catalogue(mistakes, f)
        expected = {"A2": A2, "Z1": cache["Z1"], "A1": cache["A1"], "Z2": cache["Z2"]}
        problems.append(_Problem(_NETWORK_SIZES, sizes, {"params": params, "X": X}, expected, catalogue, shape_label))
    return problems


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
    return _check_function(what, "outputs", fn, _forward_problems(hidden, output), _unpack_forward, formulas)


# ---------------------------------------------------------------- one gradient-descent step


def _per_parameter(description, new_value):
    """A mistake made on every parameter alike: new_value(P, dP, learning_rate)."""
    return _Mistake(description, lambda s: {k: new_value(s.params[k], s.grads["d" + k], s.lr) for k in PARAM_NAMES})


_STEP_MISTAKES = (
    _per_parameter("added the gradient (P + learning_rate * dP climbs the cost); subtract it: P - learning_rate * dP",
                   lambda P, dP, lr: P + lr * dP),
    _per_parameter("forgot the learning rate: P - dP; use P - learning_rate * dP", lambda P, dP, lr: P - dP),
    _per_parameter("divided by the learning rate: P - dP / learning_rate; multiply: P - learning_rate * dP",
                   lambda P, dP, lr: P - dP / lr),
    _per_parameter("returned the step, not the new value: the new value is P - learning_rate * dP",
                   lambda P, dP, lr: -lr * dP),
    _per_parameter("returned the step with the wrong sign, not the new value: the new value is P - learning_rate * dP",
                   lambda P, dP, lr: lr * dP),
    _per_parameter("this parameter is returned unchanged: it was not updated", lambda P, dP, lr: P),
    _Mistake("a bias updated with its weights' gradient (b - learning_rate * dW); use db",
             lambda s: {f"b{i}": s.params[f"b{i}"] - s.lr * s.grads[f"dW{i}"] for i in (1, 2)}),
)

#: (n_x, n_h, n_y, learning rate) per problem for check_step.
_STEP_SIZES = ((3, 4, 2, 0.3), (2, 5, 1, 0.07))


def _step_problems():
    """The seeded problems of check_step: params, grads, a learning rate, the reference update."""
    problems = []
    for k, (n_x, n_h, n_y, lr) in enumerate(_STEP_SIZES):
        params, _, _ = _network_data(k, (n_x, n_h, n_y, 1), "identity")
        rng = np.random.default_rng(_SEED + 100 + k)
        grads = {"d" + key: rng.standard_normal(np.shape(value)) for key, value in params.items()}
        s = SimpleNamespace(params=params, grads=grads, lr=lr)
        catalogue = _catalogue(_STEP_MISTAKES, s)
        labeller = _shape_labeller({"n_x": n_x, "n_h": n_h, "n_y": n_y})
        args = {"params": params, "grads": grads, "learning_rate": lr}
        names = "(n_x, n_h, n_y, learning_rate)"
        problems.append(_Problem(names, str((n_x, n_h, n_y, lr)), args, update(params, grads, lr), catalogue, labeller))
    return problems


def check_step(fn):
    """Check fn(params, grads, learning_rate) -> new params on seeded problems; name the mistake if wrong."""
    unpack = _unpack_dict(PARAM_NAMES)
    return _check_function("your update step", "parameters", fn, _step_problems(), unpack, "P - learning_rate * dP")


# ---------------------------------------------------------------- the catalogue on show (issue 17)
# Kept apart from the catalogues above: mistake_table reads whatever they hold, so it cannot drift from them.

#: kind -> (the catalogue's problems for a hidden and an output layer, the right line for each output).
_TABLE = {
    "forward": (_forward_problems, {"Z1": "Z1 = W1 @ X + b1", "A1": "A1 = g1(Z1)", "Z2": "Z2 = W2 @ A1 + b2",
                                    "A2": "A2 = g2(Z2)"}),  # in the order of the pass: the first changed is the cause
    "backward": (_backward_problems, {"dW2": "dW2 = dZ2 @ A1.T / m", "db2": "db2 = np.sum(dZ2, axis=1, keepdims=True) / m",
                                      "dW1": "dW1 = dZ1 @ X.T / m with dZ1 = (W2.T @ dZ2) * g1'(Z1)",
                                      "db1": "db1 = np.sum(dZ1, axis=1, keepdims=True) / m"}),
    "step": (lambda hidden, output: _step_problems(), {k: "P - learning_rate * dP" for k in PARAM_NAMES}),
}


def _effects(computed, expected, label):
    """(the outputs a mistake changes, its symptom in words and portable numbers) on one problem."""
    if isinstance(computed.value, _Raised):
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
    check_choice(kind, "kind", _TABLE)
    problems_for, right = _TABLE[kind]
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
