"""helpers.shapes: explain traces shapes, names the first non-conforming operation and its fix, never evaluates;
product_shape_rows judges products by their size names (notebooks 01, 02)."""

import ast
import builtins
import contextlib
import io
import re

import numpy as np
import pytest

from helpers.shapes import explain, product_shape_rows

#: The 2-layer network's shapes, symbolic, in the column convention.
NET = dict(X=("n0", "m"), W1=("n1", "n0"), b1=("n1", 1), Z1=("n1", "m"), A1=("n1", "m"),
           W2=("n2", "n1"), b2=("n2", 1), A2=("n2", "m"), Y=("n2", "m"), dZ2=("n2", "m"), dZ1=("n1", "m"), m=())


@pytest.mark.parametrize("expression, shape", [
    ("W2.T @ dZ2 * gprime(Z1)", ("n1", "m")),
    ("dZ2 @ A1.T / m", ("n2", "n1")),
    ("np.sum(dZ2, axis=1, keepdims=True) / m", ("n2", 1)),
    ("dZ2.sum(axis=1, keepdims=True) / m", ("n2", 1)),
    ("np.sum(dZ1, axis=1)", ("n1",)),
    ("np.sum(dZ1, axis=-1, keepdims=True)", ("n1", 1)),
    ("np.sum(dZ1)", ()),
    ("np.mean(dZ1, axis=(0, 1), keepdims=True)", (1, 1)),
    ("W1 @ X + b1", ("n1", "m")),
    ("np.dot(W2.T, dZ2) * (1 - A1 ** 2)", ("n1", "m")),
    ("dZ2.dot(A1.T)", ("n2", "n1")),
    ("np.outer(b1, b2)", ("n1", "n2")),
    ("np.transpose(W1)", ("n0", "n1")),
    ("W1.transpose()", ("n0", "n1")),
    ("-(A2 - Y) * A2 * (1 - A2)", ("n2", "m")),
    ("dZ1 * (Z1 > 0)", ("n1", "m")),
    ("np.where(Z1 > 0, dZ1, 0.0)", ("n1", "m")),
    ("np.maximum(Z1, 0) + b1", ("n1", "m")),
    ("np.tanh(Z1) * sigmoid(Z1) * np.exp(-Z1) / np.pi", ("n1", "m")),
    ("2 * m", ()),
])
def test_conforming_expressions_return_their_shape_and_say_ok(expression, shape, capsys):
    assert explain(expression, **NET) == shape
    out = capsys.readouterr().out
    assert out.endswith(f"OK: result has shape {explain_fmt(shape)}\n")
    assert "✗" not in out and "⚠" not in out


def explain_fmt(shape):
    dims = [str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def test_the_trace_has_one_aligned_line_per_sub_expression(capsys):
    explain("W2.T @ dZ2 * gprime(Z1)", **NET)
    assert capsys.readouterr().out.splitlines() == [
        "W2                      : (n2, n1)",
        "W2.T                    : (n1, n2)",
        "dZ2                     : (n2, m)",
        "W2.T @ dZ2              : (n1, m)",
        "Z1                      : (n1, m)",
        "gprime(Z1)              : (n1, m)",
        "W2.T @ dZ2 * gprime(Z1) : (n1, m)",
        "OK: result has shape (n1, m)",
    ]


def test_the_issues_example_names_operands_shapes_reason_and_fix(capsys):
    assert explain("dZ2 @ W2.T * gprime(Z1)", dZ2=("n2", "m"), W2=("n2", "n1"), Z1=("n1", "m")) is None
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == "dZ2 @ W2.T : ✗ does not conform"
    assert out[-1].startswith("✗ Problem in dZ2 @ W2.T: (n2, m) @ (n1, n2): inner sizes m and n1 differ")
    assert out[-1].endswith("did you mean W2.T @ dZ2?")
    assert not any("gprime" in line for line in out)  # the trace stops at the first problem


@pytest.mark.parametrize("expression, words", [
    ("W2 @ dZ2", "inner sizes n1 and n2 differ (the left's columns must match the right's rows); "
                 "did you mean W2.T @ dZ2?"),
    ("dZ2 @ A1 / m", "inner sizes m and n1 differ (the left's columns must match the right's rows); "
                     "did you mean dZ2 @ A1.T?"),
    ("W2.T * dZ2", "(n1, n2) * (n2, m): sizes n1 and n2 differ in the second-to-last axis and neither is 1, "
                   "so they do not broadcast; did you mean W2.T @ dZ2?"),
    ("dZ1 * X", "did you mean dZ1 @ X.T?"),
    ("dZ1 @ gprime(Z1)", "several rewrites conform (dZ1 * gprime(Z1) gives (n1, m), dZ1 @ gprime(Z1).T gives "
                         "(n1, n1), dZ1.T @ gprime(Z1) gives (m, m)): give expect=<the shape you want> for a suggestion"),
    ("W1 @ X + b1.T", "(n1, m) + (1, n1): sizes m and n1 differ in the last axis"),
    ("np.sum(dZ1, axis=2)", "dZ1 has shape (n1, m) with 2 axes, so axis 2 does not exist"),
    ("m @ W1", "m is a number, shape (), and @ needs two arrays; did you mean m * W1?"),
    ("np.dot(dZ2, W2.T)", "(n2, m) np.dot (n1, n2): inner sizes m and n1 differ"),
])
def test_non_conforming_expressions_return_none_with_a_sentence(expression, words, capsys):
    assert explain(expression, **NET) is None
    out = capsys.readouterr().out
    assert words in out
    assert out.splitlines()[-1].startswith("✗ Problem in ")


def test_numeric_and_mixed_shapes():
    assert explain("W @ x", W=(4, 3), x=(3, 5)) == (4, 5)
    assert explain("W @ x", W=("n", 3), x=(3, "m")) == ("n", "m")
    assert explain("W @ x", W=("n", 3), x=("k", "m")) is None  # a symbol equals only itself
    assert explain("b + Z", b=("n", 1), Z=("n", "m")) == ("n", "m")  # a symbol broadcasts against 1
    assert explain("W @ v", W=("n", 3), v=(3,)) == ("n",)
    assert explain("u @ v", u=(3,), v=(3,)) == ()
    assert explain("W1 @ X", W1=np.zeros((4, 3)), X=np.zeros((3, 5))) == (4, 5)


def test_a_square_numeric_problem_conforms_by_accident_but_symbols_catch_it():
    assert explain("dZ2 @ W2.T", dZ2=(3, 3), W2=(3, 3)) == (3, 3)
    assert explain("dZ2 @ W2.T", dZ2=("n2", "m"), W2=("n2", "n1")) is None


@pytest.mark.parametrize("expression, shapes, result, fix", [
    ("b + c", dict(b=("n", 1), c=(1, "n")), ("n", "n"),
     "Several rewrites conform (b + c.T gives (n, 1), b.T + c gives (1, n)): give expect=<the shape you want> "
     "for a suggestion."),
    ("b1 + db", dict(b1=("n", 1), db=("n",)), ("n", "n"), "or .reshape(-1, 1) for a column."),
    ("dZ - np.sum(dZ, axis=1)", dict(dZ=("n", 1)), ("n", "n"), "keep it 2-D, with keepdims=True in a sum, "
                                                                "or .reshape(-1, 1) for a column."),
    ("dZ - np.sum(dZ, axis=1, keepdims=True)", dict(dZ=("n", 1)), ("n", 1), None),
])
def test_accidental_broadcasts_warn_and_still_return_the_shape(expression, shapes, result, fix, capsys):
    assert explain(expression, **shapes) == result
    out = capsys.readouterr().out
    if fix is None:
        assert "⚠" not in out
        return
    warning = [line for line in out.splitlines() if line.startswith("⚠")]
    assert len(warning) == 1 and "accidental broadcast" in warning[0] and warning[0].endswith(fix)
    assert out.splitlines()[-1] == f"OK: result has shape {explain_fmt(result)}, but see the warning above"


def test_a_bias_broadcast_by_design_does_not_warn(capsys):
    explain("W1 @ X + b1", **NET)
    assert "⚠" not in capsys.readouterr().out


@pytest.mark.parametrize("expression, construct", [
    ("W1[0]", "subscripting"),
    ("W1[:, 0]", "subscripting"),
    ("lambda x: x", "a lambda"),
    ("[w for w in W1]", "a list comprehension"),
    ("W1.shape", "the attribute .shape"),
    ("W1.reshape(3, 4)", "the method .reshape"),
    ("np.reshape(W1, (3, 4))", "np.reshape"),
    ("sum(W1)", "Python's built-in sum"),
    ("np.sum(W1, dtype=float)", "the keyword dtype="),
    ("np.sum(W1, axis=k)", "an axis that is not a whole number"),
    ("W1 // 2", "the operator //"),
    ("W1 if m else X", "an if-expression"),
    ("W1 and X", "and / or"),
    ("'W1'", "the str literal"),
    ("gprime(Z1, W1)", "gprime with these arguments"),
    ("dZ1 = W2.T @ dZ2", "an assignment"),
    ("0 < Z1 < 1", "a chained or non-numeric comparison"),
    ("f(*W1)", "*args / **kwargs"),
])
def test_unsupported_syntax_is_named(expression, construct):
    with pytest.raises(ValueError, match="unsupported syntax") as info:
        explain(expression, **NET)
    assert construct in str(info.value)
    assert repr(expression) in str(info.value)


def test_unknown_names_raise_naming_the_name():
    with pytest.raises(ValueError, match="unknown name 'dA1'.*dA1=()"):
        explain("dA1 * gprime(Z1)", **NET)


def test_errors_are_raised_before_anything_is_printed(capsys):
    with pytest.raises(ValueError):
        explain("dZ2 @ W2.T * X[0]", **NET)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("expression", [
    "__import__('os').system('echo hi')",
    "eval('1')",
    "exec('x = 1')",
    "open('/etc/passwd')",
    "W1.__class__",
    "getattr(W1, 'T')",
])
def test_explain_never_evaluates(expression, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(builtins, "eval", lambda *a, **k: pytest.fail("eval was called"))
    monkeypatch.setattr(builtins, "exec", lambda *a, **k: pytest.fail("exec was called"))
    with pytest.raises(ValueError, match="unsupported syntax"):
        explain(expression, **NET)
    assert capsys.readouterr().out == ""


def test_a_command_in_the_expression_is_not_run(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(ValueError):
        explain(f"__import__('os').system('touch {marker}')")
    assert not marker.exists()


@pytest.mark.parametrize("expression, shapes, err, words", [
    (3, {}, TypeError, "expression must be a string"),
    ("W1 @", {}, ValueError, "not a Python expression"),
    ("W1", {"W1": 3}, TypeError, "the shape of W1 must be a tuple"),
    ("W1", {"W1": ("n", -1)}, ValueError, "each size must be"),
    ("W1", {"W1": ("n", 1.5)}, ValueError, "each size must be"),
    ("W1", {"W1": ("n", "")}, ValueError, "each size must be"),
])
def test_explain_validates_its_arguments(expression, shapes, err, words):
    with pytest.raises(err, match=words):
        explain(expression, **shapes)


# ---------------------------------------------------------------- suggestions are right, or absent


def test_the_issues_wrong_suggestion_is_gone_and_expect_gives_the_right_one(capsys):
    """For dZ @ A, A @ dZ conforms but has shape (3, 2), not W's (2, 3): it must never be suggested."""
    assert explain("dZ @ A", dZ=(2, 2), A=(3, 2)) is None
    out = capsys.readouterr().out
    assert "did you mean" not in out and "A @ dZ gives (3, 2), dZ @ A.T gives (2, 3)" in out
    assert explain("dZ @ A", expect=(2, 3), dZ=(2, 2), A=(3, 2)) is None
    assert capsys.readouterr().out.splitlines()[-1].endswith("did you mean dZ @ A.T?")


def test_expect_checks_the_result_shape_of_a_conforming_formula(capsys):
    assert explain("A @ dZ", expect=(2, 3), dZ=(2, 2), A=(3, 2)) is None
    assert "the result has shape (3, 2), but it must have shape (2, 3)" in capsys.readouterr().out
    assert explain("dZ @ A.T", expect=(2, 3), dZ=(2, 2), A=(3, 2)) == (2, 3)
    assert explain("dZ @ A.T", expect=("n", "k"), dZ=("n", "m"), A=("k", "m")) == ("n", "k")
    with pytest.raises(ValueError, match="expect"):
        explain("dZ @ A.T", expect=(2, -3), dZ=(2, 2), A=(3, 2))


def _suggestion(out):
    """(the sub-expression explain rewrites, its suggested fix) from explain's output, or None."""
    found = re.findall(r"(?:Problem in|accidental broadcast in) (.+?): .*[dD]id you mean (.+?)\?", out)
    return found[-1] if found else None


#: The backward formulas of the 2-layer network: (right formula, the shape it must have), column convention.
RIGHT = [
    ("dZ2 @ A1.T / m", ("n2", "n1")), ("W2.T @ dZ2", ("n1", "m")), ("W2.T @ dZ2 * gprime(Z1)", ("n1", "m")),
    ("dZ1 @ X.T / m", ("n1", "n0")), ("W1 @ X + b1", ("n1", "m")), ("W2 @ A1 + b2", ("n2", "m")),
    ("np.sum(dZ2, axis=1, keepdims=True) / m", ("n2", 1)), ("b1 - 0.1 * db1", ("n1", 1)),
]
NET_D = dict(NET, db1=("n1", 1))


def _wrong_versions(expression):
    """Every formula one slip away from `expression`: a product swapped, a .T added or dropped, @ <-> *."""
    tree = ast.parse(expression, mode="eval").body
    wrong = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.BinOp):
            continue
        edits = []
        if isinstance(node.op, ast.MatMult):
            edits += [(node.right, node.op, node.left), (node.left, ast.Mult(), node.right)]
        if isinstance(node.op, (ast.MatMult, ast.Mult, ast.Add)):
            for side in ("left", "right"):
                operand = getattr(node, side)
                flipped = operand.value if isinstance(operand, ast.Attribute) and operand.attr == "T" else \
                    ast.Attribute(value=operand, attr="T", ctx=ast.Load())
                edits.append((flipped, node.op, node.right) if side == "left" else (node.left, node.op, flipped))
        if isinstance(node.op, ast.Mult):
            edits.append((node.left, ast.MatMult(), node.right))
        for left, op, right in edits:
            saved = (node.left, node.op, node.right)
            node.left, node.op, node.right = left, op, right
            wrong.add(ast.unparse(tree))
            node.left, node.op, node.right = saved
    return sorted(wrong - {ast.unparse(tree)})


def _numeric(shapes, sizes):
    """Symbolic shapes -> random arrays of the given sizes (m a number)."""
    rng = np.random.default_rng(0)
    out = {}
    for name, shape in shapes.items():
        dims = tuple(sizes.get(d, d) for d in shape)
        out[name] = float(sizes["m"]) if name == "m" else rng.standard_normal(dims)
    return out


SIZES = {"n0": 3, "n1": 4, "n2": 2, "m": 5}
SLIPS = [(wrong, right, shape) for right, shape in RIGHT for wrong in _wrong_versions(right)]


def _suggest(wrong, with_expect, shape):
    """explain's suggestion for `wrong` as (sub-expression, fix), or None; capsys-free."""
    kwargs = dict(NET_D, expect=shape) if with_expect else NET_D
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        explain(wrong, **kwargs)
    return _suggestion(buffer.getvalue())


@pytest.mark.parametrize("with_expect", [True, False])
@pytest.mark.parametrize("wrong, right, shape", SLIPS)
def test_every_suggestion_conforms_and_has_the_expected_shape(wrong, right, shape, with_expect):
    """Apply each suggestion explain makes for a slip in the course's formulas: the fixed formula must conform,
    run in numpy with that shape, and (with expect=) have the expected shape."""
    suggestion = _suggest(wrong, with_expect, shape)
    if suggestion is None:
        return
    node, fix = suggestion
    whole = ast.unparse(ast.parse(wrong, mode="eval"))
    assert node in whole, (wrong, node)
    whole = whole.replace(node, fix, 1)
    result = explain(whole, **NET_D)
    assert result is not None, (wrong, fix, whole)
    if with_expect:
        assert result == shape, (wrong, fix, whole, result)
    value = eval(whole, {"np": np, "gprime": np.tanh}, _numeric(NET_D, SIZES))  # test code, our own formulas
    assert np.shape(value) == tuple(SIZES.get(d, d) for d in result)


def test_the_slips_cover_many_suggestions():
    """The list of slips is long, and explain suggests a fix for many of them, with and without expect=."""
    assert len(SLIPS) > 30
    with_expect = [s for s in SLIPS if _suggest(s[0], True, s[2])]
    without = [s for s in SLIPS if _suggest(s[0], False, s[2])]
    assert len(with_expect) >= 15 and len(without) >= 10, (len(with_expect), len(without))


# ---------------------------------------------------------------- product_shape_rows (notebooks 01, 02)

PRODUCT_SIZES = {"n1": 4, "n2": 3, "m": 5}
RIGHT_ORDER = ("W2ᵀ", ("n1", "n2"), "dZ2", ("n2", "m"))
WRONG_ORDER = ("dZ2", ("n2", "m"), "W2ᵀ", ("n1", "n2"))


def test_rows_say_ok_clash_and_accident():
    ok, clash = product_shape_rows([RIGHT_ORDER, WRONG_ORDER], PRODUCT_SIZES)
    assert ok["verdict"] == "ok" and ok["result_shape"] == (4, 5) and ok["result_label"] == "(n1, m)"
    assert clash["verdict"] == "clash" and clash["result_shape"] is None
    assert "m = 5" in clash["note"] and "n1 = 4" in clash["note"]
    square = {"n1": 3, "n2": 3, "m": 3}
    ok, accident = product_shape_rows([RIGHT_ORDER, WRONG_ORDER], square)
    assert ok["verdict"] == "ok"
    assert accident["verdict"] == "accident" and accident["result_shape"] == (3, 3)
    assert "accident" in accident["note"] and "m" in accident["note"] and "n1" in accident["note"]


def test_rows_with_plain_ints_match_on_equal_sizes():
    (row,) = product_shape_rows([("A", (2, 3), "B", (3, 4))])
    assert row["verdict"] == "ok" and row["result_shape"] == (2, 4) and row["left_label"] == "(2, 3)"
    (row,) = product_shape_rows([("A", (2, 3), "B", (4, 3))])
    assert row["verdict"] == "clash" and row["note"] == "✗ does not conform: inner sizes 3 and 4 differ"
    (row,) = product_shape_rows([("A", (2, "k"), "B", (4, 3))], {"k": 3})
    assert row["note"] == "✗ does not conform: inner sizes k = 3 and 4 differ"


def test_rows_agree_with_numpy_and_with_the_size_names():
    """The reference: numpy's own @ says clash or not; the names say ok or accident; every pair of 3 names."""
    names, products = ("n1", "n2", "m"), []
    for a, b, c, d in [(a, b, c, d) for a in names for b in names for c in names for d in names]:
        products.append((f"{a}{b}", (a, b), f"{c}{d}", (c, d)))
    for sizes in ({"n1": 4, "n2": 3, "m": 5}, {"n1": 3, "n2": 3, "m": 5}, {"n1": 2, "n2": 2, "m": 2}):
        for (_, lshape, _, rshape), row in zip(products, product_shape_rows(products, sizes)):
            left, right = np.ones([sizes[s] for s in lshape]), np.ones([sizes[s] for s in rshape])
            try:
                result_shape = (left @ right).shape
            except ValueError:
                result_shape = None
            assert row["result_shape"] == result_shape, (lshape, rshape, sizes)
            expected = "clash" if result_shape is None else "ok" if lshape[1] == rshape[0] else "accident"
            assert row["verdict"] == expected, (lshape, rshape, sizes)
            assert type(row["left_shape"][0]) is int  # plain ints, whatever the sizes were given as


@pytest.mark.parametrize("products, sizes, error", [
    ([("A", ("n", "k"), "B", ("k", "m"))], {"n": 2, "k": 3}, ValueError),  # m is not in sizes
    ([("A", (2, 3, 4), "B", (4, 1))], None, ValueError),  # not 2-D
    ([("A", (2, 0), "B", (0, 1))], None, TypeError),  # a size of 0
    ([("A", (2, 3), "B")], None, TypeError),  # not a 4-tuple
    ([], None, TypeError),
    ([("A", (2, 3), "B", (3, 1))], {"n": "2"}, TypeError),
])
def test_rows_reject_bad_input_with_a_message(products, sizes, error):
    with pytest.raises(error, match=r"\S"):
        product_shape_rows(products, sizes)


def test_the_fix_search_keeps_the_one_right_rewrite_from_its_probe():
    """helpers.shape_fixes alone, with a probe of our own: one conforming candidate is suggested; several are listed
    and none is suggested, unless expect= picks the one whose whole formula has the wanted shape."""
    from helpers.shape_fixes import FixSearch, matmul_fixes

    root = ast.parse("A @ B + C", mode="eval").body
    product = root.left
    candidates = matmul_fixes(product.left, product.right, same_shape=False)
    assert [ast.unparse(c) for c in candidates] == ["B @ A", "A @ B.T", "A.T @ B"]
    shapes = {"B @ A": (2, 2), "A @ B.T": (3, 3), "A.T @ B": None,  # the candidates alone
              "B @ A + C": (2, 2), "A @ B.T + C": (3, 3)}  # the whole formula with each

    def probe(node):
        return shapes.get(ast.unparse(node))

    search = FixSearch(probe)
    assert search.first_fix(product, candidates) is None and search.ambiguous == ["B @ A gives (2, 2)",
                                                                                  "A @ B.T gives (3, 3)"]
    assert "give expect=" in search.ambiguity()
    picked = FixSearch(probe, root=root, expect=(3, 3)).first_fix(product, candidates)
    assert ast.unparse(picked) == "A @ B.T"
    shapes["B @ A"] = None
    assert ast.unparse(FixSearch(probe).first_fix(product, candidates)) == "A @ B.T"
    assert FixSearch(probe, suggest=False).first_fix(product, candidates) is None
