"""Parse one step of a derivation written in the course's index notation; never eval, sympy objects out.

The syntax (one step per string):

    Z[i,k] = sum_j W[i,j]*A[j,k] + B[i,k]          a definition: a quantity = an expression
    dZ[i,k]/dW[p,q] = delta[i,p]*A[q,k]            the derivative of entry Z[i,k] by entry W[p,q]
    dJ/dW[p,q] = sum_ik G[i,k]*delta[i,p]*A[q,k]   J is a scalar: no brackets
    = sum_k G[p,k]*A[q,k]                          the same left side as the step before

* indices are single lowercase letters; `W[i,j]` is the entry in row i, column j;
* `delta[i,p]` is the Kronecker delta; `sum_ik ...` sums over i and k, over the product that follows
  it, up to the next + or - (put a sum of several terms in parentheses);
* `+ - * /`, parentheses, numbers, `^` (or `**`) with a small integer power, and the functions
  tanh, exp, log, sigmoid; a derivative `dZ[i,k]/dW[p,q]` may also appear on the right (the chain rule);
* within one step a letter stands for one range of values.

`parse_step(text, names)` reads the text with a hand-written tokenizer and recursive-descent parser:
it accepts only the tokens above, so nothing the learner writes is ever executed. It returns a
`Step` whose `lhs` and `rhs` are small syntax trees that remember where each piece sits in the
text (for error messages); the trees' nodes, and `to_sympy` turning a tree into sympy's Indexed,
KroneckerDelta and Sum, are in `helpers.index_tree`. Any mistake in the notation raises `NotationError` (a ValueError) whose message repeats the
step with a caret under the place.
"""

import re
from collections import namedtuple

import sympy

from .index_tree import FUNCTIONS, Bin, Delta, Deriv, Func, Neg, Num, Power, Scalar, Sum, Tensor

__all__ = ["NotationError", "Step", "parse_step"]

MAX_LENGTH = 400  # characters per step: a derivation step is one line
MAX_POWER = 4  # the largest integer power accepted after ^
MAX_DEPTH = 20  # parentheses (and function calls) nested at most this deep


def located(text, pos, message):
    """The message, then the step with a caret under character pos: how the checker points at a place."""
    if not isinstance(text, str) or not isinstance(message, str):
        raise TypeError(f"text and message must be strings, got {type(text).__name__} and {type(message).__name__}")
    if isinstance(pos, bool) or not isinstance(pos, int) or not 0 <= pos <= len(text):
        raise ValueError(f"pos must be an int from 0 to len(text) = {len(text)}, got {pos!r}")
    return f"{message}\n    {text}\n    {' ' * pos}^"


class NotationError(ValueError):
    """A step that does not follow the notation; the message shows the step with a caret at the place."""

    def __init__(self, text, pos, message):
        self.text, self.pos = text, pos
        super().__init__(located(text, pos, message))


#: One parsed step: lhs is None for a continuation ('= ...'); text is the step as written.
Step = namedtuple("Step", ["lhs", "rhs", "text"])

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<sum>sum_[a-z]+)
  | (?P<name>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*'?)
  | (?P<op>\*\*|[-+*/^=,()\[\]])
""", re.VERBOSE)


def _tokenize(text):
    """[(kind, value, pos)]: names, numbers, sums and operators; NotationError at anything else."""
    tokens, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            hint = " (write the step in the notation: names, indices in [ ], + - * / ^, sum_ and delta)"
            raise NotationError(text, pos, f"unexpected character {char!r}{hint}")
        kind = match.lastgroup
        if kind != "space":
            tokens.append((kind, match.group(), pos))
        pos = match.end()
    tokens.append(("end", "", len(text)))
    return tokens


class _Parser:
    """Recursive descent over the tokens of one step; `names` maps each known name to its number of indices."""

    def __init__(self, text, names):
        self.text, self.names = text, names
        self.tokens = _tokenize(text)
        self.i, self.depth = 0, 0

    def error(self, pos, message):
        """Raise a NotationError at a position of the step."""
        raise NotationError(self.text, pos, message)

    def peek(self, offset=0):
        """The token at the cursor (or offset after it), the end token past the end."""
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self):
        """The token at the cursor, moving past it."""
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, value, what):
        """Take the token if it is value, else a NotationError naming what was expected."""
        kind, got, pos = self.peek()
        if got != value:
            shown = "the end of the step" if kind == "end" else repr(got)
            self.error(pos, f"expected {what}, found {shown}")
        return self.take()

    # ---- steps

    def step(self):
        """[lhs] '=' expression: the whole step, with messages for what is left over."""
        lhs = None
        if self.peek()[1] != "=":
            lhs = self.lhs()
        self.expect("=", "'=' between the left side and the right side")
        if self.peek()[0] == "end":
            self.error(self.peek()[2], "the right side is empty")
        rhs = self.expression()
        kind, got, pos = self.peek()
        if kind != "end":
            if got == "]":
                self.error(pos, "unbalanced brackets: this ']' closes nothing")
            if got == ")":
                self.error(pos, "unbalanced parentheses: this ')' closes nothing")
            if got == "=":
                self.error(pos, "a second '=': write one equation per step")
            self.error(pos, f"unexpected {got!r}: an operator (+ - * /) is missing before it?")
        return Step(lhs, rhs, self.text)

    def lhs(self):
        """The left side: a known quantity, or a derivative dT[..]/dV[..]."""
        kind, got, pos = self.peek()
        if kind != "name":
            self.error(pos, "the left side must be a quantity such as Z[i,k], or a derivative such as dJ/dW[p,q]")
        if self.tokens[self._after_brackets(self.i + 1)][1] == "/":
            return self.derivative()
        return self.quantity()

    def _after_brackets(self, j):
        """The index of the token after the bracket group that starts at token j (j itself if no '[' is there)."""
        if self.tokens[j][1] != "[":
            return j
        depth = 0
        while j < len(self.tokens) - 1:
            depth += self.tokens[j][1] == "["
            depth -= self.tokens[j][1] == "]"
            j += 1
            if depth == 0:
                return j
        return j  # the bracket never closes: the end of the step

    def derivative(self):
        """dT[..]/dV[..]: both names start with d, the rest is a known quantity."""
        pos = self.peek()[2]
        top = self.d_quantity("numerator")
        self.expect("/", "'/' in a derivative such as dZ[i,k]/dW[p,q]")
        bottom = self.d_quantity("denominator")
        return Deriv(top, bottom, pos)

    def d_quantity(self, where):
        """dName[..] in a derivative: d followed by a known name with its indices."""
        kind, got, pos = self.peek()
        if kind != "name" or not got.startswith("d") or got[1:] not in self.names:
            known = ", ".join("d" + n for n in sorted(self.names))
            self.error(pos, f"a derivative's {where} must be d followed by a known name ({known}); got {got!r}")
        self.take()
        return self.indexed(got[1:], pos + 1)

    def quantity(self):
        """A known name with its indices."""
        _, got, pos = self.take()
        return self.indexed(got, pos)

    def indexed(self, name, pos):
        """A name with its bracket of indices (or none, for a scalar); checks the name and the count."""
        if name not in self.names:
            known = ", ".join(sorted(self.names) + ["delta"])
            self.error(pos, f"unknown symbol {name!r}; the symbols of this derivation are {known}")
        expected = self.names[name]
        if self.peek()[1] != "[":
            if expected:
                example = f"{name}[{','.join('ijkl'[:expected])}]"
                self.error(pos, f"{name} has {expected} {'index' if expected == 1 else 'indices'}: write its "
                                f"entries, e.g. {example} (the notation has no matrix products or transposes)")
            return Scalar(name, pos)
        indices = self.index_list(name)
        if len(indices) != expected:
            what = "is a scalar: write it without brackets" if expected == 0 else f"takes {expected} index(es)"
            self.error(pos, f"{name} {what}, but {len(indices)} are given")
        return Tensor(name, indices, pos)

    def index_list(self, name):
        """'[' letter (',' letter)* ']': the indices of a name, each a different single letter."""
        open_pos = self.take()[2]  # '['
        indices = []
        while True:
            kind, got, pos = self.peek()
            if kind == "end":
                self.error(open_pos, f"unbalanced brackets: the '[' after {name} is never closed")
            if kind != "name" or not re.fullmatch(r"[a-z]", got):
                self.error(pos, f"an index must be a single lowercase letter such as i or k, got {got!r}")
            self.take()
            indices.append((got, pos))
            kind, got, pos = self.peek()
            if got == ",":
                self.take()
                continue
            if got == "]":
                self.take()
                break
            if kind == "end":
                self.error(open_pos, f"unbalanced brackets: the '[' after {name} is never closed")
            self.error(pos, f"unbalanced brackets: the '[' after {name} is not closed before {got!r} "
                            "(expected ',' or ']')")
        seen = {}
        for letter, pos in indices:
            if letter in seen:
                self.error(pos, f"index {letter} appears twice in {name}[...]; use two different letters")
            seen[letter] = pos
        return tuple(indices)

    # ---- expressions

    def expression(self):
        """term (('+'|'-') term)*"""
        left = self.term()
        while self.peek()[1] in "+-" and self.peek()[0] == "op":
            _, op, pos = self.take()
            left = Bin(op, left, self.term(), pos)
        return left

    def term(self):
        """['-'] factor (('*'|'/') factor)*; a sum_ swallows the rest of the product."""
        kind, got, pos = self.peek()
        if got == "-" and kind == "op":
            self.take()
            return Neg(self.term(), pos)
        bare_sum = kind == "sum"  # a sum_ (not one in parentheses) takes the rest of the product
        left = self.factor()
        if bare_sum:
            return left
        while self.peek()[1] in ("*", "/") and self.peek()[0] == "op":
            _, op, pos = self.take()
            bare_sum = self.peek()[0] == "sum"
            left = Bin(op, left, self.factor(), pos)
            if bare_sum:
                break
        return left

    def factor(self):
        """atom ['^' int]"""
        base = self.atom()
        if self.peek()[1] in ("^", "**"):
            _, _, pos = self.take()
            kind, got, epos = self.take()
            if kind != "number" or not got.isdigit() or int(got) > MAX_POWER:
                self.error(epos, f"a power must be a whole number from 0 to {MAX_POWER}, got {got!r}")
            base = Power(base, int(got), pos)
        return base

    def atom(self):
        """number | sum_ | '(' expression ')' | a name: delta, a function, a derivative or an indexed quantity."""
        kind, got, pos = self.peek()
        if kind == "number":
            return self.number()
        if kind == "sum":
            return self.sum()
        if got == "(":
            return self.parenthesized()
        if kind == "name":
            return self.named()
        if kind == "end":
            self.error(pos, "the step ends where a number, a name or '(' was expected")
        if got in (")", "]"):
            self.error(pos, f"unbalanced: this {got!r} closes nothing, or something is missing before it")
        self.error(pos, f"expected a number, a name or '(' here, found {got!r}")

    def number(self):
        """A number of at most 12 characters, as an exact sympy Rational."""
        _, got, pos = self.take()
        if len(got) > 12:
            self.error(pos, "a number with more than 12 characters; write a shorter one")
        return Num(sympy.Rational(got), pos)

    def sum(self):
        """sum_ij term: a sum over the letters after sum_, of the product that follows."""
        _, got, pos = self.take()
        letters = got[4:]
        if len(set(letters)) != len(letters):
            self.error(pos, f"{got} names an index twice")
        indices = tuple((c, pos + 4 + n) for n, c in enumerate(letters))
        if self.peek()[0] == "end" or self.peek()[1] in "+-*/)=]":
            self.error(self.peek()[2], f"{got} needs something to sum after it")
        return Sum(indices, self.term(), pos)

    def parenthesized(self):
        """'(' expression ')', nested at most MAX_DEPTH deep."""
        _, _, pos = self.take()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.error(pos, f"parentheses nested more than {MAX_DEPTH} deep")
        inner = self.expression()
        self.depth -= 1
        if self.peek()[1] != ")":
            kind, got, pos2 = self.peek()
            if kind == "end" or got == "=":
                self.error(pos, "unbalanced parentheses: this '(' is never closed")
            self.error(pos2, f"expected ')' to close the '(' at column {pos + 1}, found {got!r}")
        self.take()
        return inner

    def named(self):
        """delta[a,b] | f(expression) | dT[..]/dV[..] | a known name with its indices."""
        _, got, pos = self.peek()
        if got == "delta":
            return self.delta()
        if got in FUNCTIONS:
            return self.function()
        if got.startswith("d") and got[1:] in self.names and self._is_derivative():
            return self.derivative()
        if got.endswith("'"):
            self.error(pos, f"{got}: write the derivative out, e.g. 1 - tanh(Z[i,k])^2 for tanh'")
        self.take()
        return self.indexed(got, pos)

    def delta(self):
        """delta[a,b]: the Kronecker delta, exactly two indices."""
        _, _, pos = self.take()
        if self.peek()[1] != "[":
            self.error(pos, "delta needs two indices: delta[i,p]")
        indices = self.index_list("delta")
        if len(indices) != 2:
            self.error(pos, f"delta takes 2 indices, got {len(indices)}")
        return Delta(indices, pos)

    def function(self):
        """tanh(...), exp(...), log(...) or sigmoid(...)."""
        _, got, pos = self.take()
        self.expect("(", f"'(' after {got}")
        arg = self.expression()
        if self.peek()[1] != ")":
            self.error(pos, f"unbalanced parentheses: the '(' of {got}( is never closed")
        self.take()
        return Func(got, arg, pos)

    def _is_derivative(self):
        """At dX: True if the name (and its brackets) is followed by '/' and another d-name."""
        j = self._after_brackets(self.i + 1)
        after = self.tokens[j + 1] if j + 1 < len(self.tokens) else ("end", "", 0)
        is_d_name = after[0] == "name" and after[1].startswith("d") and after[1][1:] in self.names
        return self.tokens[j][1] == "/" and is_d_name


def parse_step(text, names):
    """Parse one step; `names` maps each known name (tensor, scalar) to its number of indices."""
    if not isinstance(text, str):
        raise TypeError(f"a step must be a string such as 'Z[i,k] = sum_j W[i,j]*A[j,k]', got {type(text).__name__}")
    if not isinstance(names, dict):
        raise TypeError(f"names must be a dict {{name: number of indices}}, got {type(names).__name__}")
    if len(text) > MAX_LENGTH:
        raise NotationError(text[:60] + "...", 60, f"a step is at most {MAX_LENGTH} characters, got {len(text)}")
    if not text.strip():
        raise NotationError(text, 0, "the step is empty")
    return _Parser(text, names).step()
