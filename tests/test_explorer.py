"""The gradient-flow explorer (helpers.flow FlowTrainer, here via widgets' re-export; helpers.widgets explorer;
helpers.plots figure), no browser."""

import warnings
from io import BytesIO

import matplotlib
import numpy as np
import pytest
from PIL import Image

from helpers import data, flow, network, plots, widgets


def _pixels(png):
    """Decode PNG bytes to an (h, w, 3) uint8 array."""
    return np.asarray(Image.open(BytesIO(png)).convert("RGB"))


# ---------------------------------------------------------------- the trainer: the maths is helpers.network's


def test_trainer_steps_exactly_like_network_train():
    trainer = widgets.FlowTrainer("flower", n_h=4, hidden="tanh", scale=0.01, learning_rate=1.2, seed=1)
    assert trainer.train(50) == 50
    ds = data.load_flower()
    params, losses = network.train(ds.X, ds.Y, 4, "tanh", "sigmoid", 1.2, 50, rng=np.random.default_rng(1),
                                   scale=0.01)
    for key in network.PARAM_NAMES:
        np.testing.assert_allclose(trainer.params[key], params[key], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(trainer.history["loss"][:50], losses, rtol=1e-12)
    assert trainer.step_count == 50 and len(trainer.history["loss"]) == 51  # step 0 .. step 50


@pytest.mark.parametrize("hidden", widgets.FLOW_HIDDEN)
def test_shown_gradients_are_network_backward_and_their_norms(hidden):
    trainer = widgets.FlowTrainer("moons", n_h=5, hidden=hidden, scale=0.5, learning_rate=0.5)
    trainer.train(3)
    A2, cache = network.forward(trainer.params, trainer.X, hidden)
    grads = network.backward(trainer.params, cache, trainer.X, trainer.Y, hidden)
    for key in ("dW1", "dW2", "dZ1", "dZ2"):
        np.testing.assert_allclose(trainer.grads[key], grads[key], rtol=1e-12, atol=1e-15)
        assert trainer.norms[key] == pytest.approx(np.linalg.norm(grads[key]), rel=1e-12)
        assert trainer.history[key][-1] == pytest.approx(trainer.norms[key], rel=1e-12)
    assert trainer.norms["dA1"] == pytest.approx(np.linalg.norm(trainer.params["W2"].T @ grads["dZ2"]))
    assert trainer.loss == pytest.approx(network.loss(A2, trainer.Y))
    assert trainer.accuracy == pytest.approx(network.accuracy(trainer.params, trainer.X, trainer.Y, hidden))


def test_backward_gradients_match_finite_differences():
    trainer = widgets.FlowTrainer("circles", n_h=3, hidden="sigmoid", scale=1.0)
    numeric = network.numerical_param_gradients(trainer.params, trainer.X, trainer.Y, "sigmoid")
    for key in ("dW1", "dW2"):
        np.testing.assert_allclose(trainer.grads[key], numeric[key], rtol=1e-5, atol=1e-9)


def test_large_init_saturates_sigmoid_and_small_init_does_not():
    big = widgets.FlowTrainer("flower", n_h=4, hidden="sigmoid", scale=10.0)
    small = widgets.FlowTrainer("flower", n_h=4, hidden="sigmoid", scale=0.01)
    assert big.saturated_fraction > 0.5 > small.saturated_fraction == 0.0
    assert big.slope_mean < 0.05 < 0.24 < small.slope_mean <= 0.25
    gain = lambda t: t.norms["dZ1"] / t.norms["dA1"]  # noqa: E731
    assert gain(big) < 0.5 * gain(small)


def test_relu_saturation_means_inactive_units():
    trainer = widgets.FlowTrainer("spirals", n_h=6, hidden="relu", scale=1.0)
    slope = (trainer.cache["A1"] > 0).astype(float)
    assert trainer.saturated_fraction == pytest.approx(np.mean(slope == 0))


def test_configure_resets_and_reproduces_the_same_weights():
    trainer = widgets.FlowTrainer()
    first = {k: v.copy() for k, v in trainer.params.items()}
    trainer.train(5)
    trainer.configure(n_h=7)
    assert trainer.step_count == 0 and trainer.params["W1"].shape == (7, 2) and len(trainer.history["loss"]) == 1
    trainer.configure(n_h=4)
    for key in first:
        np.testing.assert_array_equal(trainer.params[key], first[key])
    trainer.configure(dataset="spirals")
    assert trainer.X.shape == (2, 400) and trainer.dataset == "spirals"


def test_divergence_keeps_the_last_good_state_and_never_raises():
    trainer = widgets.FlowTrainer("flower", n_h=8, hidden="relu", scale=1.0, learning_rate=1000.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow RuntimeWarning may escape
        taken = trainer.train(100)
    assert taken < 100
    assert "diverged" in trainer.message and "last good state" in trainer.message
    good = {k: v.copy() for k, v in trainer.params.items()}
    assert all(np.isfinite(v).all() for v in good.values()) and np.isfinite(trainer.loss)
    assert trainer.loss <= widgets.LOSS_LIMIT
    step = trainer.step_count
    assert trainer.train(5) == 0 and trainer.step_count == step  # still refuses, still the same state
    for key in good:
        np.testing.assert_array_equal(trainer.params[key], good[key])
    trainer.learning_rate = 0.01
    assert trainer.train(3) == 3 and trainer.message == ""


@pytest.mark.parametrize("kwargs, error", [
    ({"dataset": "digits"}, ValueError), ({"n_h": 0}, ValueError), ({"n_h": 2.5}, TypeError),
    ({"hidden": "softmax"}, ValueError), ({"scale": -1.0}, ValueError), ({"learning_rate": float("nan")}, ValueError),
    ({"seed": "one"}, TypeError), ({"dataset": None}, TypeError),
])
def test_trainer_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        widgets.FlowTrainer(**kwargs)


def test_an_init_scale_that_overflows_falls_back_to_zero_weights_with_a_message():
    trainer = widgets.FlowTrainer("flower", n_h=8, hidden="relu", scale=100.0)
    assert "smaller init scale" in trainer.message
    assert all(not v.any() for v in trainer.params.values()) and np.isfinite(trainer.loss)
    assert trainer.train(1) == 1 and trainer.message == ""


def test_boundary_is_the_network_on_a_grid():
    trainer = widgets.FlowTrainer("moons", scale=1.0)
    (x0, x1, y0, y1), P = trainer.boundary()
    assert P.shape == (60, 60) and x0 < trainer.X[0].min() and y1 > trainer.X[1].max()
    corner, _ = network.forward(trainer.params, np.array([[x0], [y0]]), "tanh")
    assert P[0, 0] == pytest.approx(corner[0, 0])


# ---------------------------------------------------------------- the figure: its data, layer by layer


def _texts(h):
    return {key: t.get_text() for key, t in h["edge_values"].items()}


def test_figure_shows_the_trainer_state():
    trainer = widgets.FlowTrainer("flower", n_h=6, hidden="tanh", scale=0.5)
    trainer.train(20)
    fig, h = plots.gradient_flow_figure()
    plots.update_gradient_flow(h, trainer)
    for key, M in (("W1", trainer.params["W1"]), ("dW1", trainer.grads["dW1"]), ("Wout", trainer.params["W2"]),
                   ("dWout", trainer.grads["dW2"])):
        shown = np.asarray(h["im_" + key].get_array())
        v = np.abs(M).max()
        np.testing.assert_allclose(shown * v, M)  # M / max|M| on the colour scale [-1, 1]: symmetric around 0
        assert h["im_" + key].get_clim() == (-1, 1)
        assert h["max_" + key].get_text() == f"max {plots.flow_number(v)}"
    for key, text in _texts(h).items():
        assert text.startswith(plots.flow_number(trainer.norms[key]))  # the name is drawn once, beside it
    assert h["node_text"]["A1"].get_text().startswith("A1 = tanh(Z1)\n(6, 400)\n≈") and h["node_text"]["W2"].get_text() == "W2 (1, 6)"
    assert h["title_dWout"].get_text() == "dW2 (1, 6)"
    steps, losses = h["loss_line"].get_data()
    np.testing.assert_array_equal(steps, np.arange(21))
    np.testing.assert_allclose(losses, trainer.history["loss"])
    np.testing.assert_allclose(h["norm_dW1"].get_data()[1], trainer.history["dW1"])
    np.testing.assert_allclose(h["norm_slope"].get_data()[1], trainer.history["slope"])
    assert h["norms"].get_yscale() == "log"
    np.testing.assert_allclose(h["probability"].get_array(), trainer.boundary()[1])
    x, y = h["decision_line"].get_data()
    inside = np.isfinite(x)
    P, _ = network.forward(trainer.params, np.vstack([x[inside], y[inside]]), "tanh")
    np.testing.assert_allclose(P, 0.5, atol=0.03)  # the black line is where the network says 50 %
    assert h["status"].get_text().startswith(f"step 20  ·  cost J = {trainer.loss:.4f}")


def test_arrows_are_thicker_for_bigger_gradients_and_vanishing_is_flagged():
    trainer = widgets.FlowTrainer("flower", n_h=4, hidden="sigmoid", scale=1.0)
    rows = {key: (text, ratio, flag) for key, text, ratio, flag in plots.flow_edge_labels(trainer)}
    assert max(rows[k][1] for k in ("dZ2", "dA1", "dZ1")) == 1.0 and max(rows[k][1] for k in ("dW1", "dW2")) == 1.0
    widths = {key: plots._flow_arrow_style(ratio)[0] for key, (_, ratio, _) in rows.items()}
    assert widths["dW2"] > widths["dW1"]  # ‖dW2‖ = 0.19 > ‖dW1‖ = 0.025 at this init
    assert not any(flag for _, _, flag in rows.values())
    # shrink W2 alone: the signal reaching layer 1 through W2ᵀ vanishes; the label says so
    trainer.params["W2"] = trainer.params["W2"] * 1e-4
    trainer._accept(trainer.params, trainer._evaluate(trainer.params))
    rows = {key: (text, flag) for key, text, _, flag in plots.flow_edge_labels(trainer)}
    assert rows["dW1"][1] and rows["dW1"][0].startswith("‖dW1‖ = ") and not rows["dW2"][1]
    fig, h = plots.gradient_flow_figure()
    plots.update_gradient_flow(h, trainer)
    assert h["edge_values"]["dW1"].get_color() == "#B00000" and h["edge_values"]["dW2"].get_color() == "black"


def test_saturated_layer_is_flagged_on_the_dZ1_edge():
    trainer = widgets.FlowTrainer("flower", n_h=4, hidden="sigmoid", scale=1.0)
    trainer.params["W1"] = trainer.params["W1"] * 1000  # every example deep in the flat tails of σ
    trainer._accept(trainer.params, trainer._evaluate(trainer.params))
    rows = {key: (text, flag) for key, text, _, flag in plots.flow_edge_labels(trainer)}
    assert rows["dZ1"][1] and "keeps" in rows["dZ1"][0]
    fig, h = plots.gradient_flow_figure(compact=True)
    plots.update_gradient_flow(h, trainer)
    assert "saturated" in h["node_text"]["A1"].get_text() and h["edge_values"]["dZ1"].get_fontweight() == "bold"
    assert trainer.saturated_fraction > 0.9


@pytest.mark.parametrize("compact", [False, True])
def test_decision_boundary_has_a_class_legend_above_the_axes(compact):
    trainer = widgets.FlowTrainer("moons", seed=2)
    fig, h = plots.gradient_flow_figure(compact=compact)
    plots.update_gradient_flow(h, trainer)
    legend, ax = h["legend"], h["boundary"]
    assert ax.get_legend() is legend and [t.get_text() for t in legend.get_texts()] == ["y = 0", "y = 1"]
    for label, (point, handle) in enumerate(zip(h["points"], legend.legend_handles)):
        assert matplotlib.colors.same_color(handle.get_markerfacecolor(), plots.CLASS_COLOURS[label])
        assert matplotlib.colors.same_color(point.get_markerfacecolor(), plots.CLASS_COLOURS[label])
        np.testing.assert_array_equal(point.get_xdata(), trainer.X[0, trainer.Y[0] == label])  # the right points
    # static (drawn once into the background: no cost per step) and outside the data, so no point covers it
    assert not legend.get_animated() and legend not in h["dynamic"] + h["semi"]
    fig.canvas.draw()
    box, title = legend.get_window_extent(), ax._left_title.get_window_extent()
    assert box.y0 >= ax.bbox.y1 - 1 and box.x1 <= ax.bbox.x1 + 1 and box.x0 > title.x1 + 5  # beside the title


def test_static_picture_draws_everything_and_compact_has_three_panels():
    fig = plots.plot_gradient_flow(widgets.FlowTrainer())
    assert not any(a.get_animated() for ax in fig.axes for a in ax.get_children())
    png = BytesIO()
    fig.savefig(png, format="png")
    fig_c, h_c = plots.gradient_flow_figure(compact=True)
    assert {"graph", "boundary", "norms"} <= set(h_c) and "loss" not in h_c and len(fig_c.axes) == 3
    with pytest.raises(TypeError):
        plots.gradient_flow_figure(compact="yes")


def test_png_encoder_is_lossless():
    rgb = np.random.default_rng(0).integers(0, 256, (7, 5, 3), dtype=np.uint8)
    np.testing.assert_array_equal(_pixels(plots._png_bytes(rgb)), rgb)
    rgba = np.random.default_rng(1).integers(0, 256, (6, 4, 4), dtype=np.uint8)
    rgba[:, :, 3] = 255  # the canvas is opaque
    np.testing.assert_array_equal(np.asarray(Image.open(BytesIO(plots._png_bytes(rgba))).convert("RGBA")), rgba)


def test_cached_layers_draw_the_same_pixels_as_a_fresh_figure():
    """Blitting (background, then the n_h layer, then per-step artists) must not leave stale pixels."""
    explorer = widgets.gradient_flow_explorer()
    explorer.units.value = 6  # the "semi" layer is redrawn
    for _ in range(4):
        explorer.step_button.click()  # incremental frames over cached layers
    incremental = _pixels(explorer.image.value)
    fresh = widgets.gradient_flow_explorer(n_h=6)
    fresh.trainer.train(4)
    fresh.redraw()  # first frame: everything drawn from scratch
    assert fresh.trainer.step_count == explorer.trainer.step_count == 4
    # equal up to 1 level of 255: matplotlib 3.8 resamples the half-transparent boundary image with a rounding
    # that depends on its cache; a stale label, arrow or curve would differ by far more
    difference = np.abs(incremental.astype(int) - _pixels(fresh.image.value).astype(int))
    assert difference.max() <= 1, f"{np.count_nonzero(difference > 1)} pixels differ by more than 1"


# ---------------------------------------------------------------- the widget, driven without a browser


def test_explorer_controls_drive_the_trainer_and_redraw(capsys):
    ex = widgets.gradient_flow_explorer()
    assert isinstance(ex, widgets.GradientFlowExplorer) and "gradient-flow-explorer" in ex._dom_classes
    first = ex.image.value
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and _pixels(first).shape == (928, 840, 3)
    ex.step_button.click()
    assert ex.trainer.step_count == 1 and "step 1" in ex.counter.value and ex.image.value != first
    ex.train_n.value = 10
    ex.train_button.click()
    assert ex.trainer.step_count == 11 and "step 11" in ex.counter.value
    assert not ex.train_button.disabled and ex.train_button.description == "Train N steps"
    ex.units.value = 9
    assert ex.trainer.n_h == 9 and ex.trainer.step_count == 0 and "step 0" in ex.counter.value
    ex.hidden.value = "relu"
    ex.scale.value = 2.0
    ex.dataset.value = "circles"
    assert (ex.trainer.hidden, ex.trainer.scale, ex.trainer.dataset) == ("relu", 2.0, "circles")
    ex.learning_rate.value = 0.1
    assert ex.trainer.learning_rate == 0.1 and ex.trainer.step_count == 0  # a new rate keeps the weights
    ex.step_button.click()
    ex.reset_button.click()
    assert ex.trainer.step_count == 0 and len(ex.trainer.history["loss"]) == 1
    assert capsys.readouterr() == ("", "")  # nothing printed outside the widget
    assert ex.output.outputs == ()


def test_explorer_shows_divergence_in_the_panel(capsys):
    ex = widgets.gradient_flow_explorer(hidden="relu", scale=1.0, n_h=8)
    ex.learning_rate.value = 1000.0
    ex.train_n.value = 100
    ex.train_button.click()
    assert "diverged" in ex.status.value and ex.trainer.message
    assert ex._handles["message"].get_visible() and "diverged" in ex._handles["message"].get_text()
    assert all(np.isfinite(v).all() for v in ex.trainer.params.values())
    ex.learning_rate.value = 0.01
    ex.step_button.click()
    assert "diverged" not in ex.status.value and not ex._handles["message"].get_visible()
    assert capsys.readouterr() == ("", "")


def test_explorer_callbacks_never_raise(monkeypatch, capsys):
    ex = widgets.gradient_flow_explorer()

    def broken(n=1):
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(ex.trainer, "train", broken)
    ex.step_button.click()  # must not raise
    assert "RuntimeError" in ex.status.value and "something unexpected" in ex.status.value
    assert capsys.readouterr().out == ""


def test_compact_explorer_and_bad_arguments():
    ex = widgets.gradient_flow_explorer(compact=True)
    assert ex.dataset not in ex.children[0].children and ex.hidden in ex.children[0].children
    assert _pixels(ex.image.value).shape[1] == 840
    with pytest.raises(ValueError):
        widgets.gradient_flow_explorer(n_h=51)
    with pytest.raises(TypeError):
        widgets.gradient_flow_explorer(compact=1)


# ---------------------------------------------------------------- the depth control: 1 to 6 hidden layers


@pytest.mark.parametrize("depth, hidden, scale", [(2, "tanh", 0.5), (4, "relu", "he"), (6, "sigmoid", "xavier")])
def test_deep_trainer_steps_exactly_like_network_train(depth, hidden, scale):
    trainer = widgets.FlowTrainer("moons", n_h=5, hidden=hidden, scale=scale, learning_rate=0.1, seed=3, depth=depth)
    assert trainer.L == depth + 1 and trainer.layer_sizes == (2, *[5] * depth, 1)
    assert trainer.train(20) == 20
    ds = data.load_planar("moons")
    params, losses = network.train(ds.X, ds.Y, hidden=hidden, learning_rate=0.1, num_iterations=20,
                                   rng=np.random.default_rng(3), scale=scale, hidden_sizes=[5] * depth)
    assert set(trainer.params) == set(params) == set(network.param_names(depth + 1))
    for key in params:
        np.testing.assert_allclose(trainer.params[key], params[key], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(trainer.history["loss"][:20], losses, rtol=1e-12)


def test_deep_trainer_records_every_layer_against_finite_differences():
    trainer = widgets.FlowTrainer("circles", n_h=3, hidden="tanh", scale=0.8, seed=4, depth=3)
    L = trainer.L
    assert set(trainer.norms) == {*(f"dZ{l}" for l in range(1, L + 1)), *(f"dA{l}" for l in range(1, L)),
                                  *(f"dW{l}" for l in range(1, L + 1))}
    numeric = network.numerical_param_gradients(trainer.params, trainer.X, trainer.Y, "tanh")
    for l in range(1, L + 1):
        np.testing.assert_allclose(trainer.grads[f"dW{l}"], numeric[f"dW{l}"], rtol=1e-5, atol=1e-9)
        assert trainer.norms[f"dW{l}"] == pytest.approx(np.linalg.norm(numeric[f"dW{l}"]), rel=1e-5)
    for l in range(1, L):  # dA[l] = W[l+1]ᵀ dZ[l+1], dZ[l] = dA[l] ⊙ tanh'(Z[l]), computed here independently
        dA = trainer.params[f"W{l + 1}"].T @ trainer.grads[f"dZ{l + 1}"]
        assert trainer.norms[f"dA{l}"] == pytest.approx(np.linalg.norm(dA), rel=1e-12)
        dZ = dA * (1 - np.tanh(trainer.cache[f"Z{l}"]) ** 2)
        assert trainer.norms[f"dZ{l}"] == pytest.approx(np.linalg.norm(dZ), rel=1e-12)
    assert len(trainer.saturated_fractions) == len(trainer.slope_means) == L - 1


def test_named_inits_are_network_init_params():
    trainer = widgets.FlowTrainer("flower", n_h=6, hidden="relu", scale="he", seed=5, depth=3)
    same = network.init_params([2, 6, 6, 6, 1], np.random.default_rng(5), "he")
    for key in same:
        np.testing.assert_array_equal(trainer.params[key], same[key])


def test_deep_sigmoid_with_small_init_vanishes_and_relu_with_he_does_not():
    small = widgets.FlowTrainer("flower", n_h=8, hidden="sigmoid", scale=0.1, seed=2, depth=6)
    he = widgets.FlowTrainer("flower", n_h=8, hidden="relu", scale="he", seed=2, depth=6)
    ratio = lambda t: t.norms["dW1"] / t.norms["dW7"]  # noqa: E731
    assert ratio(small) < 1e-4 and 0.1 < ratio(he) < 10
    flags = {key: flag for key, _, _, flag in plots.flow_edge_labels(small)}
    assert flags["dW1"] and flags["dW2"] and not flags["dW7"]
    assert not any(flag for key, _, _, flag in plots.flow_edge_labels(he) if key.startswith("dW"))


@pytest.mark.parametrize("depth", [1, 3, 6])
def test_figure_draws_one_node_per_layer_and_one_norm_curve_per_layer(depth):
    trainer = widgets.FlowTrainer("flower", n_h=5, hidden="sigmoid", scale=0.5, seed=2, depth=depth)
    trainer.train(3)
    L = trainer.L
    fig, h = plots.gradient_flow_figure()
    plots.update_gradient_flow(h, trainer)
    assert set(h["node_text"]) == {"X", "L", *(f"A{l}" for l in range(1, L + 1)), *(f"W{l}" for l in range(1, L + 1))}
    assert [name for name, _, _ in plots.flow_graph_nodes(L)] == ["X", *(f"A{l}" for l in range(1, L + 1)), "L"]
    assert set(h["arrows"]) == {f"dZ{L}", *(f"dA{l}" for l in range(1, L)), *(f"dW{l}" for l in range(1, L + 1))}
    for key, text in _texts(h).items():  # every backward quantity is labelled with its norm
        assert text.startswith(plots.flow_number(trainer.norms[key]))
    colours = plots.flow_layer_colours(L)
    for l in range(1, plots.FLOW_MAX_LAYERS + 1):
        line = h[f"norm_dW{l}"]
        assert line.get_visible() == (l <= L)
        if l <= L:
            np.testing.assert_allclose(line.get_data()[1], trainer.history[f"dW{l}"])
            assert matplotlib.colors.same_color(line.get_color(), colours[l - 1])
    legend = h["norms"].get_legend()
    expected = [f"‖dW{l}‖" for l in range(L, 0, -1)] + [plots.FLOW_SLOPE_LABEL]
    assert [t.get_text() for t in legend.get_texts()] == expected
    assert h["title_Wout"].get_text() == f"W{L} (1, 5)"
    nodes = plots.flow_graph_nodes(L)
    xs = [x for _, x, _ in nodes]
    assert all(b - a > w for (_, a, w), b in zip(nodes, xs[1:]))  # boxes never overlap


def test_layer_colours_are_sequential_and_not_the_class_colours():
    for L in range(1, plots.FLOW_MAX_LAYERS + 1):
        colours = plots.flow_layer_colours(L)
        assert len(set(colours)) == L
        for c in colours:
            assert not any(matplotlib.colors.same_color(c, k) for k in plots.CLASS_COLOURS)
    lightness = [np.mean(matplotlib.colors.to_rgb(c)) for c in plots.flow_layer_colours(7)]
    assert lightness == sorted(lightness)  # dark (layer 1) to light (layer 7)


def test_depth_control_changes_the_network_and_the_picture(capsys):
    ex = widgets.gradient_flow_explorer(n_h=6)
    first = _pixels(ex.image.value)
    ex.depth.value = 6
    assert ex.trainer.L == 7 and ex.trainer.step_count == 0 and ex.trainer.params["W4"].shape == (6, 6)
    deep = _pixels(ex.image.value)
    assert deep.shape == first.shape and np.count_nonzero(np.any(deep != first, axis=2)) > 5000
    assert "‖dW7‖" in ex.status.value
    ex.step_button.click()
    ex.depth.value = 2
    assert ex.trainer.L == 3 and "W4" not in ex.trainer.params
    ex.init.value = "he"
    assert ex.trainer.scale == "he" and ex.scale.disabled
    ex.init.value = "scale"
    assert ex.trainer.scale == ex.scale.value and not ex.scale.disabled
    assert capsys.readouterr() == ("", "") and ex.output.outputs == ()


def test_depth_change_leaves_no_stale_pixels():
    """After the graph is rebuilt for a new depth, the cached layers must equal a fresh drawing."""
    ex = widgets.gradient_flow_explorer(n_h=5)
    ex.depth.value = 5
    for _ in range(3):
        ex.step_button.click()
    ex.depth.value = 3
    ex.step_button.click()
    fresh = widgets.gradient_flow_explorer(n_h=5, depth=3)
    fresh.trainer.train(1)
    fresh.redraw()
    difference = np.abs(_pixels(ex.image.value).astype(int) - _pixels(fresh.image.value).astype(int))
    assert difference.max() <= 1, f"{np.count_nonzero(difference > 1)} pixels differ by more than 1"


def test_widget_code_imports_no_private_name_of_another_module():
    import ast
    import inspect

    for module in (flow, widgets, plots):
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not [a.name for a in node.names if a.name.startswith("_")], (module.__name__, node.module)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in (
                    "plots", "_network", "_data", "_activations", "network"):
                assert not node.attr.startswith("_"), (module.__name__, node.value.id, node.attr)


def test_explorer_built_with_a_named_init_and_depth_shows_them_in_its_controls():
    ex = widgets.gradient_flow_explorer(hidden="relu", scale="he", depth=4, n_h=6)
    assert (ex.depth.value, ex.units.value, ex.init.value) == (4, 6, "he") and ex.scale.disabled
    assert ex.trainer.L == 5 and ex.trainer.scale == "he" and "‖dW5‖" in ex.status.value
    compact = widgets.gradient_flow_explorer(compact=True)
    assert compact.depth not in [w for row in compact.children[:3] for w in getattr(row, "children", ())]
