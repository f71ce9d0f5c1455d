"""Exercise feedback that names the mistake: the one checker pattern of every notebook's exercises.

An exercise's check cell calls one of these with the learner's answer (None until answered), the reference and a
dict {description: what that mistake gives}; it prints "not answered yet", ✓ within the tolerance, or ✗ with the
known mistake the answer matches, and returns True or False. A wrong answer never raises (a wrongly called
checker does, with TypeError / ValueError). check_array: an array or number; check_einsum: einsum subscripts;
check_function_values: a function at several inputs; check_eps: the ε of a gradient check (gradient_doctor's
diagnosis); check_forward / check_backward / check_backward_deep / check_step: a network's step on seeded problems
(their mistakes are catalogued in helpers.mistakes). The lines are worded by helpers.verdict, the engine.
"""

import inspect
import numbers

import numpy as np

from .formatting import format_error, shape_str
from .function_checks import check_function, unpack_dict, your_line
from .gradcheck import FD_TOL, relative_error
from .gradient_doctor import diagnose
from .losses import OUTPUT_LAYERS
from .mistakes import RIGHT_LINES
from .network import GRAD_NAMES, HIDDEN, PARAM_NAMES
from .network_inputs import check_activation_pair
from .seeded_problems import PROBLEMS, Raised
from .validate import as_float_array, check_choice, check_positive_float
from .verdict import check_mistakes, diagnosis, judge, mistake_pairs, not_answered


# ---------------------------------------------------------------- an array or a number


def check_array(name, yours, expected, mistakes=None, tol=FD_TOL):
    """Print whether yours equals expected (naming a known mistake if it matches one); return True if so."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming the quantity, e.g. 'dW1', got {type(name).__name__}")
    expected = as_float_array(expected, "expected")
    mistakes = check_mistakes(mistakes)
    tol = check_positive_float(tol, "tol")
    verdict = judge(name, yours, expected, mistakes, tol)
    print("\n".join([verdict.headline] + diagnosis(verdict.matches, verdict.hint)))
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
    mistakes = [(d, _mistake_einsum(d, m, operands)) for d, m in mistake_pairs(mistakes)]
    if subscripts is None:
        print(not_answered(name))
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


# ---------------------------------------------------------------- a function at several inputs


def _values_at(how, inputs, what):
    """how (a function, called at each input, or its values) as a float array with one value per input."""
    if callable(how):
        with np.errstate(all="ignore"):
            how = [how(*args) for args in inputs]
    values = as_float_array(how, what, allow_nonfinite=True)
    if values.shape != (len(inputs),):
        raise ValueError(f"{what} must give one number per input ({len(inputs)}), got shape {shape_str(values.shape)}")
    return values


def _parameter_names(fn):
    """fn's parameter names (['n', 'alpha']), or ['x'] for a callable whose signature Python cannot read."""
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return ["x"]


def _learner_values(name, fn, inputs):
    """(the learner's values, None), or (None, the line to print: not answered yet, or what went wrong)."""
    if fn is None:
        return None, not_answered(name, "write your function and pass it in place of None")
    if not callable(fn):
        return None, f"✗ pass your function {name} itself (without calling it), got {type(fn).__name__}"
    values = []
    for args in inputs:
        try:
            value = fn(*args)
        except Exception as exc:  # the learner's code: any error becomes feedback, never a traceback
            where = your_line(exc)
            return None, f"✗ {name}{args} raised {type(exc).__name__}: {exc}" + (f"\n  in your line: {where}"
                                                                                  if where else "")
        if value is None:
            call = f"{name}({', '.join(_parameter_names(fn))})"
            return None, not_answered(name, f"return a number from {call}")
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray)) or np.size(value) != 1:
            return None, f"✗ {name}{args} returned {type(value).__name__} {value!r}; it must return one number"
        values.append(float(np.asarray(value).reshape(())))
    return np.array(values), None


def _check_inputs(inputs):
    """inputs as a list of argument tuples (a lone value becomes a 1-tuple); TypeError if not a non-empty list."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise TypeError(f"inputs must be a non-empty list of argument tuples such as [(64, 0.1)], got "
                        f"{type(inputs).__name__}")
    return [args if isinstance(args, tuple) else (args,) for args in inputs]


def check_function_values(name, fn, inputs, expected, mistakes=None, labels=None, tol=FD_TOL):
    """Print whether fn(*args) is right at every input (naming a known mistake); return True if so.

    expected and each mistake are a function of the same arguments or their values at the inputs; labels name
    the arguments as printed ('n', 'α'; default fn's own parameter names).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming the function, e.g. 'leaky_std', got {type(name).__name__}")
    inputs = _check_inputs(inputs)
    right = _values_at(expected, inputs, "expected")
    slips = [(d, _values_at(how, inputs, f"the values of mistake {d!r}")) for d, how in mistake_pairs(mistakes)]
    tol = check_positive_float(tol, "tol")
    if labels is not None and (isinstance(labels, str) or not all(isinstance(x, str) for x in labels)):
        raise TypeError(f"labels must be a list of argument names such as ['n', 'α'], got {labels!r}")
    yours, line = _learner_values(name, fn, inputs)
    if line:
        print(line)
        return False
    labels = labels or _parameter_names(fn)
    at = ", ".join(str(args if len(args) > 1 else args[0]) for args in inputs)
    shown = f"({', '.join(labels)})" if len(labels) > 1 else "".join(labels)
    verdict = judge(f"{name} at {shown} = {at}", yours, right, slips, tol)
    print("\n".join([verdict.headline] + diagnosis(verdict.matches, verdict.hint)))
    return verdict.ok


# ---------------------------------------------------------------- the ε of a gradient check


def check_eps(name, eps, f, x, grad):
    """Print gradient_doctor's diagnosis of a check of grad with the learner's eps; True if the check passes."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string naming the answer, e.g. 'eps_5', got {type(name).__name__}")
    if eps is None:
        print(not_answered(name, "replace None with a number"))
        return False
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not 0 < eps < 1:
        print(f"✗ {name} must be a number between 0 and 1, got {eps!r}")
        return False
    report = diagnose(f, x, grad, eps=eps)
    report.print()
    print("✓ the check passes" if report.verdict == "right" else "✗ the check still fails: see the diagnosis")
    return report.verdict == "right"


# ---------------------------------------------------------------- the checkers of a network's steps


def check_backward(fn, hidden="tanh", output="sigmoid"):
    """Check fn(params, cache, X, Y) -> {dW1, db1, dW2, db2} on seeded problems; name the mistake if wrong."""
    check_activation_pair(hidden, output)
    formulas = "dW2 = dZ2 @ A1.T / m, dA1 = W2.T @ dZ2, dW1 = dZ1 @ X.T / m"
    what = f"your backward pass (hidden={hidden}, output={output})"
    problems = PROBLEMS["backward"](hidden, output)
    return check_function(what, "gradients", fn, problems, unpack_dict(GRAD_NAMES), formulas)


def check_backward_deep(fn, hidden="tanh", output="sigmoid"):
    """Check fn(params, cache, X, Y) -> {dW1, db1, …, dWL, dbL} of an L-layer network; name the mistake if wrong."""
    check_activation_pair(hidden, output)
    formulas = ("dZ[L] = A[L] - Y, dW[l] = dZ[l] @ A[l-1].T / m, dA[l-1] = W[l].T @ dZ[l], "
                "dZ[l-1] = dA[l-1] * g'(Z[l-1])")
    what = f"your L-layer backward pass (hidden={hidden}, output={output})"
    problems = PROBLEMS["backward_deep"](hidden, output)
    return check_function(what, "gradients", fn, problems, unpack_dict(tuple(problems[0].expected)), formulas)


def _unpack_forward(result):
    """(A2, cache) -> {A2, Z1, A1, Z2}, or a complaint."""
    if not isinstance(result, (tuple, list)) or len(result) != 2 or not isinstance(result[1], dict):
        kind = type(result).__name__
        return None, f"returned a {kind}; it must return (A2, cache), cache a dict holding Z1, A1, Z2, A2"
    A2, cache = result
    return {"A2": A2, **{k: cache[k] for k in ("Z1", "A1", "Z2") if k in cache}}, None


def check_forward(fn, hidden="tanh", output="sigmoid"):
    """Check fn(params, X) -> (A2, cache) on seeded problems; name the mistake if wrong."""
    check_activation_pair(hidden, output)
    formulas = "Z1 = W1 @ X + b1, Z2 = W2 @ A1 + b2"
    what = f"your forward pass (hidden={hidden}, output={output})"
    return check_function(what, "outputs", fn, PROBLEMS["forward"](hidden, output), _unpack_forward, formulas)


def check_step(fn):
    """Check fn(params, grads, learning_rate) -> new params on seeded problems; name the mistake if wrong."""
    unpack = unpack_dict(PARAM_NAMES)
    problems = PROBLEMS["step"](None, None)
    return check_function("your update step", "parameters", fn, problems, unpack, "P - learning_rate * dP")


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
                         "problem": f"{problem.names} = {problem.sizes}"})
    return rows

