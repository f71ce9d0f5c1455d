"""Run a learner's function on seeded problems and print one verdict per output, or name what it raised.

`check_function` is the engine of checks.check_forward / check_backward / check_backward_deep / check_step: it
calls the function on fresh copies of each problem's arguments (helpers.seeded_problems), judges each output
with helpers.verdict against the reference and the problem's computed mistakes, and prints each output's
verdict once over all problems. An exception in the learner's code becomes feedback: its message, the learner's
line (`your_line`), and the catalogued mistake that raises the same error there, if any.
"""

import os
import re
import traceback

import numpy as np

from .gradcheck import FD_TOL
from .seeded_problems import Problem, Raised
from .validate import check_positive_float
from .verdict import correct_line, diagnosis, judge, not_answered


def _label(problem):
    """'(n_x, n_h, n_y, m) = (3, 4, 2, 5)'."""
    return f"{problem.names} = {problem.sizes}"


#: Folders whose frames are not the learner's code.
_LIBRARY_DIRS = (os.path.dirname(np.__file__) + os.sep, os.path.dirname(__file__) + os.sep)


def your_line(exc):
    """The last line of the learner's own code in the traceback of exc ('' if unknown)."""
    if not isinstance(exc, BaseException):
        raise TypeError(f"exc must be an exception, got {type(exc).__name__}")
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
    line = your_line(exc)
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
    where = your_line(exc)
    if where:
        lines.append(f"  in your line: {where}")
    hint = _exception_hint(exc, problem, formulas)
    lines += diagnosis(_raised_alike(exc, problem), hint, alike="raise the same error")
    print("\n".join(lines))


def _key_verdicts(key, problems, outputs, tol):
    """One verdict per problem for one output key."""
    return [
        judge(key, out[key], p.expected[key],
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
        print(correct_line(key, tol))
        return True
    first = failing[0][1]
    lines = [first.headline]
    if len(failing) < len(problems):
        lines[0] += f", on {len(failing)} of {len(problems)} problems, e.g. {_label(failing[0][0])}"
    matches = tuple(d for d in first.matches if all(d in v.matches for _, v in failing))
    if matches and set(matches) <= named:
        lines.append("  This matches the same known mistake as above.")
    else:
        lines += diagnosis(matches, first.hint)
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


def check_function(what, noun, fn, problems, unpack, formulas, tol=FD_TOL):
    """Run fn on every problem, print a verdict per output (or the exception), return True if all right.

    what names the function ('your backward pass'), noun its outputs ('gradients'); unpack(result) returns
    (dict of outputs, None) or (None, a complaint); formulas is the hint shown for a matrix-product error.
    """
    _check_arguments(what, noun, problems, unpack, formulas)
    tol = check_positive_float(tol, "tol")
    if fn is None:
        print(not_answered(what, "write your function and pass it in place of None"))
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
            print(not_answered(what, "your function returned None"))
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


def unpack_dict(keys):
    """An unpack function for check_function: the result must be a dict (holding keys, named if it is not)."""
    if isinstance(keys, str) or not all(isinstance(k, str) for k in keys):
        raise TypeError(f"keys must be a tuple of output names such as ('dW1', 'db1'), got {keys!r}")

    def unpack(result):
        """(the dict, None), or (None, a complaint)."""
        if not isinstance(result, dict):
            listed = ", ".join(map(repr, keys))
            return None, f"returned a {type(result).__name__}; it must return a dict {{{listed}: ...}}"
        return result, None

    return unpack


def _check_arguments(what, noun, problems, unpack, formulas):
    """Raise TypeError unless check_function was called with strings, a non-empty list of Problems and a function."""
    if not all(isinstance(s, str) for s in (what, noun, formulas)):
        raise TypeError("what, noun and formulas must be strings")
    if not isinstance(problems, (list, tuple)) or not problems or not all(isinstance(p, Problem) for p in problems):
        raise TypeError(f"problems must be a non-empty list of seeded_problems.Problem, got {type(problems).__name__}")
    if not callable(unpack):
        raise TypeError(f"unpack must be a function result -> (outputs, complaint), got {type(unpack).__name__}")
