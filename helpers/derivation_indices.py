"""The indices of a step, checked before any numbers: one range per letter, at most twice in a product, none left over.

A step's indices are wrong when a letter runs over two ranges (a transposed factor), when an index appears three
times in one product, when a sum runs over an index nothing after it uses, when two added terms have unrelated
free indices, or when an index is free on the right but not on the left. Each of these raises `IndexProblem`,
which says where (a position in the step's text) and what; `helpers.derivation.verify` turns it into a verdict.
"""

from . import index_tree as nt
from .formatting import shape_str

__all__ = ["IndexProblem", "index_ranges", "check_indices", "indices_phrase"]


class IndexProblem(Exception):
    """Something wrong with the indices of a step (a mistake, not bad notation): where and what."""

    def __init__(self, kind, pos, message, letters=()):
        super().__init__(message)
        self.kind, self.pos, self.message, self.letters = kind, pos, message, letters


def check_problem(problem):
    """Return problem if it is a helpers.derivation.Problem, else raise TypeError naming what it is."""
    from .derivation_problem import Problem  # here, not at the top: derivation_problem imports this module

    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a helpers.derivation.Problem, got {type(problem).__name__}")
    return problem


def indices_phrase(letters):
    """'index i is' or 'indices i, p are'."""
    if isinstance(letters, str) or not isinstance(letters, (list, tuple)):
        raise TypeError(f"letters must be a list of index letters, got {type(letters).__name__}")
    if not letters:
        raise ValueError("letters must name at least one index, got an empty list")
    return f"index {letters[0]} is" if len(letters) == 1 else f"indices {', '.join(letters)} are"


def _set(letters):
    """Letters as a set, e.g. {i, k}, or 'none'."""
    return "{" + ", ".join(sorted(letters)) + "}" if letters else "none"


# ---------------------------------------------------------------- ranges: which size each letter runs over


def _axis_uses(problem, node):
    """[(letter, pos, size name, where it was seen)] for the axes of a Tensor, or of a derivative's two ends."""
    if isinstance(node, nt.Tensor):
        dims = problem.dims_of(node.name)
        return [(c, pos, d, f"{node.name}[...] (axis {k} of {node.name}, which is {shape_str(tuple(dims))})")
                for k, ((c, pos), d) in enumerate(zip(node.indices, dims))]
    uses = []
    if isinstance(node, nt.Deriv):
        for part in (node.top, node.bottom):
            if isinstance(part, nt.Tensor):
                dims = problem.dims_of(part.name)
                uses += [(c, pos, d, f"d{part.name}[...]") for (c, pos), d in zip(part.indices, dims)]
    return uses


def _record(ranges, where, uses):
    """Add each use's range to ranges; IndexProblem if a letter already runs over another one."""
    for c, pos, d, what in uses:
        if c in ranges and ranges[c] != d:
            raise IndexProblem("range", pos, f"index {c} runs over {d} in {what}, but over {ranges[c]} in "
                                             f"{where[c]}: the indices do not fit (a transposed factor?)", (c,))
        ranges.setdefault(c, d)
        where.setdefault(c, what)


def _through_deltas(ranges, deltas):
    """A δ passes a range from one of its letters to the other; IndexProblem if they differ, or if neither has one."""
    for _ in range(2):
        for node in deltas:
            (a, _), (b, _) = node.indices
            if a in ranges and b in ranges and ranges[a] != ranges[b]:
                raise IndexProblem("range", node.pos, f"delta[{a},{b}] compares {a} (over {ranges[a]}) with {b} "
                                                      f"(over {ranges[b]}): a δ needs two indices over the same range",
                                   (a, b))
            if a in ranges:
                ranges.setdefault(b, ranges[a])
            if b in ranges:
                ranges.setdefault(a, ranges[b])
    for node in deltas:
        for c, pos in node.indices:
            if c not in ranges:
                raise IndexProblem("range", pos, f"index {c} appears only in a δ, so it has no range", (c,))


def index_ranges(problem, tree, known=None):
    """letter -> size name for every index in the tree (and the known ones); IndexProblem on a clash."""
    check_problem(problem)
    if known is not None and not isinstance(known, dict):
        raise TypeError(f"known must be a dict {{letter: size name}} or None, got {type(known).__name__}")
    ranges = dict(known or {})
    where = {c: "the left side" for c in ranges}
    nodes = nt.walk(tree)
    for node in nodes:
        _record(ranges, where, _axis_uses(problem, node))
    _through_deltas(ranges, [node for node in nodes if isinstance(node, nt.Delta)])
    return ranges


# ---------------------------------------------------------------- structure: products, sums, terms, left-overs


def _factors(node):
    """The factors of a product, through * and / and into the body of a sum (a sum is part of its product)."""
    if isinstance(node, nt.Bin) and node.op in "*/":
        return _factors(node.left) + _factors(node.right)
    if isinstance(node, nt.Sum):
        return _factors(node.body)
    if isinstance(node, nt.Neg):
        return _factors(node.arg)
    return [node]


def _uses(node):
    """[(letter, pos)] of every index use of one factor: a factor in parentheses counts its free indices once."""
    if isinstance(node, (nt.Tensor, nt.Delta)):
        return list(node.indices)
    if isinstance(node, nt.Deriv):
        return _uses(node.top) + _uses(node.bottom)
    if isinstance(node, nt.Scalar):
        return []
    return [(c, getattr(node, "pos", 0)) for c in sorted(nt.free_indices(node))]


def _at_most_twice(node):
    """IndexProblem if an index is used more than twice in the product that node is."""
    counts = {}
    for factor in _factors(node):
        for c, pos in _uses(factor):
            counts.setdefault(c, []).append(pos)
    for c, positions in counts.items():
        if len(positions) > 2:
            raise IndexProblem("triple", positions[2], f"index {c} is used {len(positions)} times in one "
                                                       "product; an index appears at most twice in a product (once on "
                                                       "each of the two factors it connects): rename one of them", (c,))


def _sum_uses_its_indices(node):
    """IndexProblem if a sum runs over an index that nothing after it uses."""
    body_free = nt.free_indices(node.body)
    for c, pos in node.indices:
        if c not in body_free:
            raise IndexProblem("unused sum", pos, f"sum over {c}, but nothing after it depends on {c} (or "
                                                  f"{c} is summed twice): a sum must run over an index of what it sums",
                               (c,))


def _terms_fit(node):
    """IndexProblem if the two terms of a + or - have free indices neither of which includes the other's."""
    left, right = nt.free_indices(node.left), nt.free_indices(node.right)
    if not (left <= right or right <= left):  # B[i] + ...[e,i]: a term may be broadcast over an index
        raise IndexProblem("terms", node.pos, f"the terms around this '{node.op}' have different free "
                                              f"indices, {_set(left)} and {_set(right)}: terms are added entry by "
                                              "entry, so one term's indices must include the other's",
                           tuple(sorted(left ^ right)))


def _none_left_over(tree, lhs):
    """IndexProblem if an index is free on the right side but not on the left."""
    extra = sorted(nt.free_indices(tree) - set(nt.letters_of(lhs)))
    if extra:
        pos = next((p for n in nt.walk(tree) if isinstance(n, (nt.Tensor, nt.Delta)) for c, p in n.indices
                    if c == extra[0]), 0)
        raise IndexProblem("free extra", pos, f"{indices_phrase(extra)} free on the right (used, not summed) but "
                                              "not on the left side: a free index left over; it must be summed, or "
                                              "removed by a δ", tuple(extra))


def _check_structure(tree, lhs):
    """IndexProblem for an index three times in a product, an unused sum index, terms with other indices."""
    for node in nt.walk(tree):
        is_sum_of_terms = isinstance(node, nt.Bin) and node.op in "+-"
        if isinstance(node, (nt.Bin, nt.Sum, nt.Neg)) and not is_sum_of_terms:
            _at_most_twice(node)
        if isinstance(node, nt.Sum):
            _sum_uses_its_indices(node)
        if is_sum_of_terms:
            _terms_fit(node)
    _none_left_over(tree, lhs)


def check_indices(problem, lhs, rhs):
    """The ranges of a step (letter -> size name) if its indices are right, else raise IndexProblem."""
    check_problem(problem)
    nt.letters_of(lhs)  # a TypeError unless lhs is a left side
    known = index_ranges(problem, lhs) if not isinstance(lhs, nt.Scalar) else {}
    ranges = index_ranges(problem, rhs, known)
    _check_structure(rhs, lhs)
    return ranges
