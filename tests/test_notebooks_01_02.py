"""helpers.plots.products (notebooks 01, 02): the drawn boxes (the verdicts: tests/test_shapes.py)."""

import matplotlib.colors

from helpers import plots

SIZES = {"n1": 4, "n2": 3, "m": 5}
RIGHT_ORDER = ("W2ᵀ", ("n1", "n2"), "dZ2", ("n2", "m"))
WRONG_ORDER = ("dZ2", ("n2", "m"), "W2ᵀ", ("n1", "n2"))


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


def test_inner_sizes_are_drawn_in_the_verdicts_okabe_ito_colours():
    """ok in blue, accident in orange, clash in vermillion: the thick lines that mark the inner sizes."""
    expected = {"ok": "blue", "accident": "orange", "clash": "vermillion"}
    square = {"n1": 3, "n2": 3, "m": 3}
    for products, sizes, verdicts in (([RIGHT_ORDER, WRONG_ORDER], SIZES, ["ok", "clash"]),
                                      ([WRONG_ORDER], square, ["accident"])):
        fig = plots.plot_product_shapes(products, sizes)
        thick = [line for line in fig.axes[0].lines if line.get_linewidth() == 5]
        assert len(thick) == 2 * len(verdicts)  # the left factor's columns, the right factor's rows
        for k, verdict in enumerate(verdicts):
            for line in thick[2 * k: 2 * k + 2]:
                assert matplotlib.colors.same_color(line.get_color(), plots.OKABE_ITO[expected[verdict]])
