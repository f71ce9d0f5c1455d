"""Notebook 04's figures: test the data the artists hold (nbval never compares images)."""

import matplotlib
import numpy as np
import pytest

from helpers import plots


def _points():
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 2, size=(2, 40))  # (2, m)
    Y = (X[0:1] > 0).astype(float)  # (1, m): the class is the sign of x1
    return X, Y


def _sign_predict(G):
    return (G[0:1] > 0).astype(int)  # (1, k)


def test_decision_grid_covers_the_data_plus_margin():
    X, _ = _points()
    G, x1, x2 = plots.decision_grid(X, resolution=30, margin=0.5)
    assert G.shape == (2, 900)
    assert x1[0] == pytest.approx(X[0].min() - 0.5) and x1[-1] == pytest.approx(X[0].max() + 0.5)
    assert x2[0] == pytest.approx(X[1].min() - 0.5) and x2[-1] == pytest.approx(X[1].max() + 0.5)


def test_decision_boundary_fills_the_axes_and_labels_them():
    X, Y = _points()
    ax = plots.plot_decision_boundary(_sign_predict, X, Y, title="t", resolution=40)
    _, x1, x2 = plots.decision_grid(X, resolution=40)
    assert ax.get_xlim() == pytest.approx((x1[0], x1[-1]))  # the shading reaches every edge
    assert ax.get_ylim() == pytest.approx((x2[0], x2[-1]))
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$" and ax.get_title() == "t"
    # every point is inside the axes
    assert X[0].min() > x1[0] and X[0].max() < x1[-1] and X[1].min() > x2[0] and X[1].max() < x2[-1]
    # one scatter per class, holding exactly that class's points
    offsets = [c.get_offsets() for c in ax.collections if c.get_label() in ("y = 0", "y = 1")]
    assert len(offsets) == 2
    np.testing.assert_array_equal(np.asarray(offsets[0]), X[:, Y[0] == 0].T)
    np.testing.assert_array_equal(np.asarray(offsets[1]), X[:, Y[0] == 1].T)


def test_decision_boundary_legend_names_both_classes_outside_the_axes():
    X, Y = _points()
    ax = plots.plot_decision_boundary(_sign_predict, X, Y, resolution=20)
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "class"
    assert [t.get_text() for t in legend.get_texts()] == ["y = 0", "y = 1", "predicted 0", "predicted 1"]
    markers, patches = legend.legend_handles[:2], legend.legend_handles[2:]
    assert [h.get_marker() for h in markers] == ["o", "^"]  # the scatter's markers, in the class colours
    assert [matplotlib.colors.to_hex(h.get_markerfacecolor()) for h in markers] == ["#d55e00", "#0072b2"]
    assert [matplotlib.colors.to_hex(h.get_facecolor()) for h in patches] == ["#f6cdb0", "#b3d4ea"]
    assert legend.get_bbox_to_anchor().x0 > ax.get_window_extent().x1  # right of the axes: it hides no point
    assert plots.plot_decision_boundary(_sign_predict, X, Y, resolution=20, legend=False).get_legend() is None


def test_decision_boundary_shades_what_predict_says():
    X, Y = _points()
    ax = plots.plot_decision_boundary(_sign_predict, X, Y, resolution=40)
    filled = ax.collections[0]  # the contourf: two filled levels, one per class
    assert len(filled.get_paths()) == 2
    left, right = (p.vertices for p in filled.get_paths())
    assert left[:, 0].max() <= 1e-9 + 0.5 * (X[0].max() - X[0].min() + 1) / 39  # class 0 left of x1 = 0
    assert right[:, 0].min() >= -0.5 * (X[0].max() - X[0].min() + 1) / 39  # class 1 right of it


@pytest.mark.parametrize("bad, exc, words", [
    (lambda X, Y: (X[:1], Y), ValueError, "2 features"),
    (lambda X, Y: (X, Y[:, :-1]), ValueError, "expected (1, 40)"),
    (lambda X, Y: (X, Y * 2), ValueError, "Y must hold labels 0 or 1"),
    (lambda X, Y: (X, None), TypeError, "Y must be a numpy array"),
])
def test_decision_boundary_rejects_bad_inputs(bad, exc, words):
    X, Y = bad(*_points())
    with pytest.raises(exc, match=words.replace("(", r"\(").replace(")", r"\)")):
        plots.plot_decision_boundary(_sign_predict, X, Y)


def test_decision_boundary_rejects_a_predict_of_the_wrong_size():
    X, Y = _points()
    with pytest.raises(TypeError, match="predict must be a function"):
        plots.plot_decision_boundary("not a function", X, Y)
    with pytest.raises(ValueError, match="one per column"):
        plots.plot_decision_boundary(lambda G: np.zeros(3), X, Y, resolution=10)


def test_loss_curve_plots_every_iteration():
    losses = np.linspace(0.7, 0.2, 50)
    ax = plots.plot_loss_curve(losses, log=True)
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), losses)
    np.testing.assert_array_equal(line.get_xdata(), np.arange(50))
    assert ax.get_xlabel() == "iteration" and ax.get_ylabel().startswith("cost J") and ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="1-D"):
        plots.plot_loss_curve(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="empty"):
        plots.plot_loss_curve(np.array([]))


def test_hidden_size_sweep_has_one_titled_panel_per_size():
    X, Y = _points()
    results = [(n_h, _sign_predict, acc) for n_h, acc in [(1, 0.675), (2, 0.6725), (3, 0.9075), (4, 0.9125), (5, 0.9)]]
    fig = plots.plot_hidden_size_sweep(results, X, Y, ncols=3, resolution=20)
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == 5 and len(fig.axes) == 6  # 2 x 3 grid, the last panel switched off
    assert [ax.get_title() for ax in visible] == [
        "$n_h$ = 1: 67.50%", "$n_h$ = 2: 67.25%", "$n_h$ = 3: 90.75%", "$n_h$ = 4: 91.25%", "$n_h$ = 5: 90.00%"]
    # outer panels carry the axis labels: left column y, lowest panel of each column x (with its tick labels)
    assert [ax.get_ylabel() for ax in visible] == ["$x_2$", "", "", "$x_2$", ""]
    assert [ax.get_xlabel() for ax in visible] == ["", "", "$x_1$", "$x_1$", "$x_1$"]
    fig.canvas.draw()
    shows_ticks = [any(t.get_visible() and t.get_text() for t in ax.get_xticklabels()) for ax in visible]
    assert shows_ticks == [False, False, True, True, True]
    # one class legend for the figure, in the empty slot; no panel has its own
    assert [ax.get_legend() is not None for ax in visible] == [False] * 5
    legend = fig.axes[5].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["y = 0", "y = 1", "predicted 0", "predicted 1"]
    # a full grid has no empty slot: the legend goes beside the panels
    full = plots.plot_hidden_size_sweep(results[:3], X, Y, ncols=3, resolution=20)
    assert len(full.legends) == 1 and [t.get_text() for t in full.legends[0].get_texts()][:2] == ["y = 0", "y = 1"]
    assert all(ax.get_legend() is None for ax in full.axes)
    with pytest.raises(TypeError, match="tuple"):
        plots.plot_hidden_size_sweep([(1, "f", 0.5)], X, Y)
    with pytest.raises(TypeError, match="non-empty list"):
        plots.plot_hidden_size_sweep([], X, Y)


def test_confusion_matrix_plot_is_annotated_labelled_and_has_a_colour_bar():
    true = np.array([0, 0, 1, 2, 2, 2])
    pred = np.array([0, 1, 1, 2, 0, 2])
    ax = plots.plot_confusion_matrix(true, pred, n_classes=3)
    (im,) = ax.get_images()
    np.testing.assert_array_equal(im.get_array(), [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert im.get_cmap().name == "cividis" and im.get_clim() == (0, 2)
    assert [t.get_text() for t in ax.texts] == ["1", "1", "0", "0", "1", "0", "1", "0", "2"]
    assert ax.get_xlabel() == "predicted digit" and ax.get_ylabel() == "true digit"
    assert len(ax.figure.axes) == 2  # the heatmap and its colour bar
    assert ax.figure.axes[1].get_ylabel() == "number of test images"


def test_digit_images_show_each_column_with_its_labels():
    X = np.random.default_rng(1).uniform(0, 1, size=(64, 3))  # (64, k)
    fig = plots.plot_digit_images(X, [3, 5, 9], [8, 6, 4], ncols=2)
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert len(shown) == 3 and len(fig.axes) == 4
    for k, ax in enumerate(shown):
        np.testing.assert_array_equal(ax.get_images()[0].get_array(), X[:, k].reshape(8, 8))
    assert [ax.get_title() for ax in shown] == ["true 3\npredicted 8", "true 5\npredicted 6", "true 9\npredicted 4"]
    with pytest.raises(ValueError, match=r"\(64, k\)"):
        plots.plot_digit_images(X[:10], [3, 5, 9], [8, 6, 4])
    with pytest.raises(ValueError, match="3 images but got 2 true"):
        plots.plot_digit_images(X, [3, 5], [8, 6, 4])
