"""The gradient-flow explorer's figure: helpers.flow_figure (FlowFigure and its panels) and helpers.flow_graph
(the computation graph), filled from a helpers.flow.FlowTrainer; no browser."""

from io import BytesIO

import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image
from shared import fresh_python, pixels

from helpers import flow, flow_figure, flow_graph, flow_panels, formatting, network, plots, widgets
from helpers.flow_figure import FlowFigure


def _filled(trainer, compact=False):
    """A FlowFigure (not animated: every artist drawn by a plain draw) filled from trainer."""
    return FlowFigure(compact=compact).update(trainer)


def _texts(ff):
    return {key: t.get_text() for key, t in ff.graph.edge_values.items()}


def test_figure_shows_the_trainer_state():
    trainer = flow.FlowTrainer("flower", n_h=6, hidden="tanh", scale=0.5)
    trainer.train(20)
    ff = _filled(trainer)
    for key, M in (("W1", trainer.params["W1"]), ("dW1", trainer.grads["dW1"]), ("Wout", trainer.params["W2"]),
                   ("dWout", trainer.grads["dW2"])):
        shown = np.asarray(ff.heatmaps[key].image.get_array())
        v = np.abs(M).max()
        np.testing.assert_allclose(shown * v, M)  # M / max|M| on the colour scale [-1, 1]: symmetric around 0
        assert ff.heatmaps[key].image.get_clim() == (-1, 1)
        assert ff.heatmaps[key].max_text.get_text() == f"max {formatting.format_number(v)}"
    for key, text in _texts(ff).items():
        assert text.startswith(formatting.format_number(trainer.norms[key]))  # the name is drawn once, beside it
    assert ff.graph.node_text["A1"].get_text().startswith("A1 = tanh(Z1)\n(6, 400)\n≈") and ff.graph.node_text["W2"].get_text() == "W2 (1, 6)"
    assert ff.heatmaps["dWout"].title.get_text() == "dW2 (1, 6)"
    steps, losses = ff.cost.line.get_data()
    np.testing.assert_array_equal(steps, np.arange(21))
    np.testing.assert_allclose(losses, trainer.history["loss"])
    np.testing.assert_allclose(ff.norms.lines[0].get_data()[1], trainer.history["dW1"])
    np.testing.assert_allclose(ff.norms.slope.get_data()[1], trainer.history["slope"])
    assert ff.norms.ax.get_yscale() == "log"
    np.testing.assert_allclose(ff.boundary.probability.get_array(), trainer.boundary()[1])
    x, y = ff.boundary.decision_line.get_data()
    inside = np.isfinite(x)
    P, _ = network.forward(trainer.params, np.vstack([x[inside], y[inside]]), "tanh")
    np.testing.assert_allclose(P, 0.5, atol=0.03)  # the black line is where the network says 50 %
    assert ff.text.status.get_text().startswith(f"step 20  ·  cost J = {trainer.loss:.4f}")


def test_arrows_are_thicker_for_bigger_gradients_and_vanishing_is_flagged():
    trainer = flow.FlowTrainer("flower", n_h=4, hidden="sigmoid", scale=1.0)
    rows = {key: (text, ratio, flag) for key, text, ratio, flag in flow_graph.flow_edge_labels(trainer)}
    assert max(rows[k][1] for k in ("dZ2", "dA1", "dZ1")) == 1.0 and max(rows[k][1] for k in ("dW1", "dW2")) == 1.0
    widths = {key: flow_graph.arrow_style(ratio)[0] for key, (_, ratio, _) in rows.items()}
    assert widths["dW2"] > widths["dW1"]  # ‖dW2‖ = 0.19 > ‖dW1‖ = 0.025 at this init
    assert not any(flag for _, _, flag in rows.values())
    # shrink W2 alone: the signal reaching layer 1 through W2ᵀ vanishes; the label says so
    trainer.params["W2"] = trainer.params["W2"] * 1e-4
    trainer._accept(trainer.params, trainer._evaluate(trainer.params))
    rows = {key: (text, flag) for key, text, _, flag in flow_graph.flow_edge_labels(trainer)}
    assert rows["dW1"][1] and rows["dW1"][0].startswith("‖dW1‖ = ") and not rows["dW2"][1]
    ff = _filled(trainer)
    assert ff.graph.edge_values["dW1"].get_color() == "#B00000" and ff.graph.edge_values["dW2"].get_color() == "black"


def test_saturated_layer_is_flagged_on_the_dZ1_edge():
    trainer = flow.FlowTrainer("flower", n_h=4, hidden="sigmoid", scale=1.0)
    trainer.params["W1"] = trainer.params["W1"] * 1000  # every example deep in the flat tails of σ
    trainer._accept(trainer.params, trainer._evaluate(trainer.params))
    rows = {key: (text, flag) for key, text, _, flag in flow_graph.flow_edge_labels(trainer)}
    assert rows["dZ1"][1] and "keeps" in rows["dZ1"][0]
    ff = _filled(trainer, compact=True)
    assert "saturated" in ff.graph.node_text["A1"].get_text() and ff.graph.edge_values["dZ1"].get_fontweight() == "bold"
    assert trainer.flat_fraction > 0.9


@pytest.mark.parametrize("compact", [False, True])
def test_decision_boundary_has_a_class_legend_above_the_axes(compact):
    trainer = flow.FlowTrainer("moons", seed=2)
    ff = _filled(trainer, compact=compact)
    legend, ax = ff.boundary.legend, ff.boundary.ax
    assert ax.get_legend() is legend and [t.get_text() for t in legend.get_texts()] == ["y = 0", "y = 1"]
    for label, (point, handle) in enumerate(zip(ff.boundary.points, legend.legend_handles)):
        assert matplotlib.colors.same_color(handle.get_markerfacecolor(), plots.CLASS_COLOURS[label])
        assert matplotlib.colors.same_color(point.get_markerfacecolor(), plots.CLASS_COLOURS[label])
        np.testing.assert_array_equal(point.get_xdata(), trainer.X[0, trainer.Y[0] == label])  # the right points
    # static (drawn once into the background: no cost per step) and outside the data, so no point covers it
    assert not legend.get_animated() and legend not in [a for p in ff.panels for a in p.dynamic + p.semi]
    ff.fig.canvas.draw()
    box, title = legend.get_window_extent(), ax._left_title.get_window_extent()
    assert box.y0 >= ax.bbox.y1 - 1 and box.x1 <= ax.bbox.x1 + 1 and box.x0 > title.x1 + 5  # beside the title


def test_static_picture_draws_everything_and_compact_has_three_panels():
    fig = flow_figure.plot_gradient_flow(flow.FlowTrainer())
    assert fig in map(plt.figure, plt.get_fignums())  # a pyplot figure: plt.show() shows it
    assert not any(a.get_animated() for ax in fig.axes for a in ax.get_children())
    fig.savefig(BytesIO(), format="png")
    compact = FlowFigure(compact=True)
    assert compact.cost is None and not compact.heatmaps and len(compact.fig.axes) == 3
    assert compact.fig not in map(plt.figure, plt.get_fignums())  # its own Agg canvas, unknown to pyplot
    with pytest.raises(TypeError):
        FlowFigure(compact="yes")
    with pytest.raises(ValueError, match="update"):
        compact.png()


def test_png_is_the_canvas_pixels_losslessly():
    trainer = flow.FlowTrainer("moons", seed=2)
    ff = FlowFigure(animated=True).update(trainer)
    png = ff.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    canvas = np.asarray(ff.fig.canvas.buffer_rgba())  # (928, 840, 4): what was drawn
    decoded = np.asarray(Image.open(BytesIO(png)).convert("RGBA"))
    np.testing.assert_array_equal(decoded, canvas)
    static = FlowFigure().update(trainer).png()  # not animated: a full savefig of the same picture
    assert pixels(static).shape == (928, 840, 3)


def test_cached_layers_draw_the_same_pixels_as_a_fresh_figure():
    """Blitting (background, then the n_h layer, then per-step artists) must not leave stale pixels."""
    explorer = widgets.gradient_flow_explorer()
    explorer.units.value = 6  # the "semi" layer is redrawn
    for _ in range(4):
        explorer.step_button.click()  # incremental frames over cached layers
    incremental = pixels(explorer.image.value)
    fresh = widgets.gradient_flow_explorer(n_h=6)
    fresh.trainer.train(4)
    fresh.redraw()  # first frame: everything drawn from scratch
    assert fresh.trainer.step_count == explorer.trainer.step_count == 4
    # equal up to 1 level of 255: matplotlib 3.8 resamples the half-transparent boundary image with a rounding
    # that depends on its cache; a stale label, arrow or curve would differ by far more
    difference = np.abs(incremental.astype(int) - pixels(fresh.image.value).astype(int))
    assert difference.max() <= 1, f"{np.count_nonzero(difference > 1)} pixels differ by more than 1"


def test_deep_sigmoid_with_small_init_vanishes_and_relu_with_he_does_not():
    small = flow.FlowTrainer("flower", n_h=8, hidden="sigmoid", scale=0.1, seed=2, depth=6)
    he = flow.FlowTrainer("flower", n_h=8, hidden="relu", scale="he", seed=2, depth=6)
    ratio = lambda t: t.norms["dW1"] / t.norms["dW7"]  # noqa: E731
    assert ratio(small) < 1e-4 and 0.1 < ratio(he) < 10
    flags = {key: flag for key, _, _, flag in flow_graph.flow_edge_labels(small)}
    assert flags["dW1"] and flags["dW2"] and not flags["dW7"]
    assert not any(flag for key, _, _, flag in flow_graph.flow_edge_labels(he) if key.startswith("dW"))


# ---------------------------------------------------------------- one node and one curve per layer


@pytest.mark.parametrize("depth", [1, 3, 6])
def test_figure_draws_one_node_per_layer_and_one_norm_curve_per_layer(depth):
    trainer = flow.FlowTrainer("flower", n_h=5, hidden="sigmoid", scale=0.5, seed=2, depth=depth)
    trainer.train(3)
    L = trainer.L
    ff = _filled(trainer)
    assert set(ff.graph.node_text) == {"X", "L", *(f"A{l}" for l in range(1, L + 1)), *(f"W{l}" for l in range(1, L + 1))}
    assert [name for name, _, _ in flow_graph.flow_graph_nodes(L)] == ["X", *(f"A{l}" for l in range(1, L + 1)), "L"]
    assert set(ff.graph.arrows) == {f"dZ{L}", *(f"dA{l}" for l in range(1, L)), *(f"dW{l}" for l in range(1, L + 1))}
    for key, text in _texts(ff).items():  # every backward quantity is labelled with its norm
        assert text.startswith(formatting.format_number(trainer.norms[key]))
    colours = flow_figure.flow_layer_colours(L)
    for l in range(1, flow_figure.FLOW_MAX_LAYERS + 1):
        line = ff.norms.lines[l - 1]
        assert line.get_visible() == (l <= L)
        if l <= L:
            np.testing.assert_allclose(line.get_data()[1], trainer.history[f"dW{l}"])
            assert matplotlib.colors.same_color(line.get_color(), colours[l - 1])
    legend = ff.norms.ax.get_legend()
    expected = [f"‖dW{l}‖" for l in range(L, 0, -1)] + [flow_panels.FLOW_SLOPE_LABEL]
    assert [t.get_text() for t in legend.get_texts()] == expected
    assert ff.heatmaps["Wout"].title.get_text() == f"W{L} (1, 5)"
    nodes = flow_graph.flow_graph_nodes(L)
    xs = [x for _, x, _ in nodes]
    assert all(b - a > w for (_, a, w), b in zip(nodes, xs[1:]))  # boxes never overlap


def test_layer_colours_are_sequential_and_not_the_class_colours():
    for L in range(1, flow_figure.FLOW_MAX_LAYERS + 1):
        colours = flow_figure.flow_layer_colours(L)
        assert len(set(colours)) == L
        for c in colours:
            assert not any(matplotlib.colors.same_color(c, k) for k in plots.CLASS_COLOURS)
    lightness = [np.mean(matplotlib.colors.to_rgb(c)) for c in flow_figure.flow_layer_colours(7)]
    assert lightness == sorted(lightness)  # dark (layer 1) to light (layer 7)


def test_the_figure_imports_without_ipywidgets_or_pyplot_state():
    code = ("import sys, helpers.flow_figure as f, matplotlib.pyplot as plt; "
            "assert 'ipywidgets' not in sys.modules, 'ipywidgets'; "
            "t = f.FlowFigure(animated=True); assert plt.get_fignums() == [], plt.get_fignums()")
    result = fresh_python(code)
    assert result.returncode == 0, result.stderr
