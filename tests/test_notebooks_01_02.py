"""helpers.plots, chain rule and index notation section (notebooks 01, 02): verdicts and the drawn boxes."""

import pytest

from helpers import plots

SIZES = {"n1": 4, "n2": 3, "m": 5}
RIGHT_ORDER = ("W2ᵀ", ("n1", "n2"), "dZ2", ("n2", "m"))
WRONG_ORDER = ("dZ2", ("n2", "m"), "W2ᵀ", ("n1", "n2"))


def test_rows_say_ok_clash_and_accident():
    ok, clash = plots.product_shape_rows([RIGHT_ORDER, WRONG_ORDER], SIZES)
    assert ok["verdict"] == "ok" and ok["result_shape"] == (4, 5) and ok["result_label"] == "(n1, m)"
    assert clash["verdict"] == "clash" and clash["result_shape"] is None
    assert "m = 5" in clash["note"] and "n1 = 4" in clash["note"]
    square = {"n1": 3, "n2": 3, "m": 3}
    ok, accident = plots.product_shape_rows([RIGHT_ORDER, WRONG_ORDER], square)
    assert ok["verdict"] == "ok"
    assert accident["verdict"] == "accident" and accident["result_shape"] == (3, 3)
    assert "accident" in accident["note"] and "m" in accident["note"] and "n1" in accident["note"]


def test_rows_with_plain_ints_match_on_equal_sizes():
    (row,) = plots.product_shape_rows([("A", (2, 3), "B", (3, 4))])
    assert row["verdict"] == "ok" and row["result_shape"] == (2, 4) and row["left_label"] == "(2, 3)"
    (row,) = plots.product_shape_rows([("A", (2, 3), "B", (4, 3))])
    assert row["verdict"] == "clash"


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
        plots.product_shape_rows(products, sizes)


def _boxes(fig):
    return {p.get_gid(): p for p in fig.axes[0].patches if p.get_gid()}


def test_figure_draws_boxes_to_scale_and_a_result_only_when_numpy_would_run():
    fig = plots.plot_product_shapes([RIGHT_ORDER, WRONG_ORDER], SIZES, title="t")
    boxes = _boxes(fig)
    assert set(boxes) == {"0:left", "0:right", "0:result", "1:left", "1:right"}
    for gid, (rows, cols) in {"0:left": (4, 3), "0:right": (3, 5), "0:result": (4, 5),
                              "1:left": (3, 5), "1:right": (4, 3)}.items():
        assert (boxes[gid].get_height(), boxes[gid].get_width()) == (rows, cols), gid
    notes = [t.get_text() for t in fig.axes[0].texts if t.get_gid() and t.get_gid().endswith(":note")]
    assert notes[0].startswith("✓") and notes[1].startswith("✗")
    assert fig.axes[0].get_title() == "t"


def test_figure_draws_the_accidental_result():
    fig = plots.plot_product_shapes([WRONG_ORDER], {"n1": 3, "n2": 3, "m": 3})
    assert "0:result" in _boxes(fig)
    notes = [t for t in fig.axes[0].texts if t.get_gid() == "0:note"]
    assert notes[0].get_text().startswith("!")
