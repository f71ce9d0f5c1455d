"""The named mistakes of a derivation: the smallest change that makes a wrong step right, and what it is called.

`diagnose` tries the changes a learner's mistake would undo, the likeliest first: put back a δ, transpose a factor,
add the missing sum, sum over another index, swap the left side's two indices, collapse a δ the other way, add or
remove a 1/m, flip the sign. The first change whose step has right indices and agrees with the truth names the
mistake, and `MISTAKES` says what it means. To add a named mistake: its wording in `MISTAKES`, and a generator of
changed right sides in `_CHANGES` (in the order it should be tried).
"""

from . import index_tree as nt
from .derivation_indices import IndexProblem, check_indices, check_problem
from .derivation_values import agrees

__all__ = ["MISTAKES", "diagnose"]

#: The mistakes the checker names. Where one is the index form of a mistake in helpers.checks'
#: catalogue (the matrix form a learner would type), the catalogue's wording is quoted.
MISTAKES = {
    "dropped delta": "a dropped δ: {fix} is right. δ is not a 1 to leave out: it keeps only the terms with equal "
                     "indices, and it stays until a sum over one of its indices removes it",
    "delta collapse": "the δ was collapsed the wrong way: {fix} is right. When δ removes a sum over one index, "
                      "every use of that index becomes the δ's other index",
    "transposed factor": "a transposed factor: {fix} is right. {name}'s two indices are in each other's place, as "
                         "when {name} misses its transpose in a matrix product. Check which index of {name} is its row",
    "swapped indices": "two indices swapped: {fix} is right. Yours is the transpose of the answer; the left "
                       "side fixes which index is which",
    "missing sum": "a missing sum: {fix} is right. The chain rule adds the contributions through every entry of "
                   "the intermediate variable ('i is kept in the output, so it is not summed')",
    "wrong sum index": "a sum over the wrong index: {fix} is right. Sum over the index the two factors share, "
                       "the one that is not on the left side",
    "missing 1/m": "missing 1/m: {fix} is right (the catalogue's 'missing 1/m: dW and db average over the m "
                   "examples')",
    "extra 1/m": "1/m applied twice: {fix} is right (the cost averages over the m examples once)",
    "sign error": "sign error: {fix} is right",
}


# ---------------------------------------------------------------- rewriting a tree


def _replace(node, target, new):
    """The tree with the node `target` (by identity) replaced by `new` (a derivative is left whole)."""
    if node is target:
        return new
    if isinstance(node, (nt.Func, nt.Neg)):
        return node._replace(arg=_replace(node.arg, target, new))
    if isinstance(node, nt.Power):
        return node._replace(base=_replace(node.base, target, new))
    if isinstance(node, nt.Bin):
        return node._replace(left=_replace(node.left, target, new), right=_replace(node.right, target, new))
    if isinstance(node, nt.Sum):
        return node._replace(body=_replace(node.body, target, new))
    return node


def _rename(node, old, new):
    """The tree with every index letter old renamed to new."""
    def fix(pairs):
        """The (letter, pos) pairs with old renamed."""
        return tuple((new if c == old else c, p) for c, p in pairs)
    if isinstance(node, (nt.Tensor, nt.Delta)):
        return node._replace(indices=fix(node.indices))
    if isinstance(node, nt.Deriv):
        return node._replace(top=_rename(node.top, old, new), bottom=_rename(node.bottom, old, new))
    if isinstance(node, (nt.Func, nt.Neg)):
        return node._replace(arg=_rename(node.arg, old, new))
    if isinstance(node, nt.Power):
        return node._replace(base=_rename(node.base, old, new))
    if isinstance(node, nt.Bin):
        return node._replace(left=_rename(node.left, old, new), right=_rename(node.right, old, new))
    if isinstance(node, nt.Sum):
        return node._replace(indices=fix(node.indices), body=_rename(node.body, old, new))
    return node


def _swap(node, a, b):
    """The tree with the letters a and b exchanged everywhere."""
    return _rename(_rename(_rename(node, a, "#"), b, a), "#", b)


# ---------------------------------------------------------------- the changes, one family per mistake


class _StepFacts:
    """What the changes look at: the problem, the right side, its sums and letters, the left side's letters."""

    def __init__(self, problem, lhs, rhs):
        self.problem, self.rhs = problem, rhs
        self.lhs_letters = nt.letters_of(lhs)
        nodes = nt.walk(rhs)
        used = {c for n in nodes if isinstance(n, (nt.Tensor, nt.Delta)) for c, _ in n.indices}
        summed = {c for n in nodes if isinstance(n, nt.Sum) for c, _ in n.indices}
        self.letters = list(dict.fromkeys(list(self.lhs_letters) + sorted(used | summed)))
        self.tensors = [n for n in nodes if isinstance(n, nt.Tensor)]
        self.sums = [n for n in nodes if isinstance(n, nt.Sum)]
        free = nt.free_indices(rhs)
        self.extra = sorted(free - set(self.lhs_letters))  # free on the right, not on the left
        self.missing = [c for c in self.lhs_letters if c not in free]  # on the left, not free on the right


def _dropped_deltas(s):
    """Multiply the whole side, or the body of a sum, by delta[a,b]."""
    for k, a in enumerate(s.letters):
        for b in s.letters[k + 1:]:
            delta = nt.Delta(((a, 0), (b, 0)), 0)
            yield "dropped delta", nt.Bin("*", s.rhs, delta, 0)
            for total in s.sums:
                yield "dropped delta", _replace(s.rhs, total, total._replace(body=nt.Bin("*", total.body, delta, 0)))


def _transposed_factors(s):
    """Exchange the two indices of one matrix factor."""
    for n in s.tensors:
        if len(n.indices) == 2:
            yield "transposed factor", _replace(s.rhs, n, n._replace(indices=n.indices[::-1]))


def _missing_sums(s):
    """Sum over the indices left over on the right."""
    if s.extra:
        yield "missing sum", nt.Sum(tuple((c, 0) for c in s.extra), s.rhs, 0)


def _wrong_sum_indices(s):
    """Sum over another letter (one not on the left side) instead of one of a sum's."""
    for total in s.sums:
        for k, (b, _) in enumerate(total.indices):
            for c in s.letters:
                if c != b and c not in s.lhs_letters:
                    indices = list(total.indices)
                    indices[k] = (c, 0)
                    yield "wrong sum index", _replace(s.rhs, total, total._replace(indices=tuple(indices)))


def _swapped_indices(s):
    """Two indices of the left side exchanged throughout: the transpose of the answer."""
    for k, a in enumerate(s.lhs_letters):
        for b in s.lhs_letters[k + 1:]:
            yield "swapped indices", _swap(s.rhs, a, b)


def _delta_collapses(s):
    """A δ collapsed the wrong way: a left-over index should have become a missing one."""
    for x in s.extra:
        for y in s.missing:
            yield "delta collapse", _rename(s.rhs, x, y)


def _scale_and_sign(s):
    """Divide or multiply by each scalar size (1/m), and flip the sign."""
    for name in s.problem.scalars:
        yield "missing 1/m", nt.Bin("/", s.rhs, nt.Scalar(name, 0), 0)
        yield "extra 1/m", nt.Bin("*", s.rhs, nt.Scalar(name, 0), 0)
    yield "sign error", nt.Neg(s.rhs, 0)


#: The families of changes, in the order they are tried (the likeliest mistake first).
_CHANGES = (_dropped_deltas, _transposed_factors, _missing_sums, _wrong_sum_indices, _swapped_indices,
            _delta_collapses, _scale_and_sign)


def _candidates(problem, lhs, rhs):
    """(mistake, fixed right side) pairs to try, the likeliest first."""
    step = _StepFacts(problem, lhs, rhs)
    return [pair for family in _CHANGES for pair in family(step)]


# ---------------------------------------------------------------- naming the mistake


def _fix_text(key, fixed, rhs):
    """How the fixed right side is shown: in full, or as a change of yours for a factor or a sign."""
    if key == "sign error":
        return f"-({nt.show(rhs)})" if not isinstance(rhs, nt.Neg) else nt.show(rhs.arg)
    if key in ("missing 1/m", "extra 1/m"):
        name = fixed.right.name
        return f"1/{name} * ({nt.show(rhs)})" if key == "missing 1/m" else f"{name} * ({nt.show(rhs)})"
    return nt.show(fixed)


def _factor_name(rhs, fixed):
    """The tensor whose indices a 'transposed factor' fix swapped (for the message)."""
    for n in nt.walk(rhs):
        if isinstance(n, nt.Tensor) and len(n.indices) == 2:
            swapped = f"{n.name}[{n.indices[1][0]},{n.indices[0][0]}]"
            if swapped in fixed and nt.show(n) not in fixed:
                return n.name
    return "the factor"


def diagnose(problem, lhs, rhs):
    """(mistake key, its explanation naming the fix) for the first change that makes the step right, or (None, None)."""
    nt.letters_of(lhs)  # a TypeError unless lhs is a left side
    nt.walk(rhs)  # a TypeError unless rhs is a tree
    check_problem(problem)
    for key, fixed in _candidates(problem, lhs, rhs):
        try:
            ranges = check_indices(problem, lhs, fixed)
        except IndexProblem:
            continue
        if agrees(problem, lhs, fixed, ranges):
            text = _fix_text(key, fixed, rhs)
            return key, MISTAKES[key].format(fix=f"'{text}'", name=_factor_name(rhs, text))
    return None, None
