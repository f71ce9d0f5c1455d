"""helpers.plots.jacobian (notebook 03): the figures' data, not their pixels (the arrays: tests/test_jacobian.py)."""

import numpy as np
import pytest

from helpers import plots

W = np.array([[1.0, 2.0], [-1.0, 1.0]])
A = np.array([[2.0, -1.0], [1.0, 3.0]])
dZ_dW = np.einsum("ik,lj->ijkl", np.eye(2), A)  # dZ_ij/dW_kl = delta_ik A_lj


def _heatmaps(fig):
    """The axes holding a heatmap of the tensor (title '∂Z / ∂W[k,l]'), in drawing order."""
    return [ax for ax in fig.get_axes() if ax.get_images() and ax.get_title().startswith("∂")]


def test_tensor_panels_equal_the_tensor_slices():
    fig = plots.plot_jacobian_tensor(dZ_dW)
    axes = _heatmaps(fig)
    assert len(axes) == 4
    for ax, (k, l) in zip(axes, np.ndindex(2, 2)):
        np.testing.assert_array_equal(ax.get_images()[0].get_array(), dZ_dW[:, :, k, l])
        assert ax.get_title() == f"∂Z / ∂W[{k},{l}]"


def test_tensor_zeros_are_written_as_exact_zeros_and_others_as_numbers():
    fig = plots.plot_jacobian_tensor(dZ_dW)
    for ax, (k, l) in zip(_heatmaps(fig), np.ndindex(2, 2)):
        texts = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
        for (i, j), x in np.ndenumerate(dZ_dW[:, :, k, l]):
            assert texts[(i, j)] == ("0" if x == 0 else str(int(x)))
    zeros = [t for ax in _heatmaps(fig) for t in ax.texts if t.get_text() == "0"]
    assert len(zeros) == 8  # delta_ik kills half of the 16 entries


def test_tensor_colour_map_is_diverging_centred_on_zero_with_a_colour_bar():
    fig = plots.plot_jacobian_tensor(dZ_dW)
    for ax in _heatmaps(fig):
        im = ax.get_images()[0]
        assert im.get_cmap().name == "RdBu_r"
        assert im.norm.vmin == -3.0 and im.norm.vmax == 3.0  # -max|dZ_dW|, +max|dZ_dW|
    assert len(fig.get_axes()) == 5  # 4 panels + 1 colour bar
    assert fig.get_axes()[-1].get_ylabel() == "∂Z[i,j] / ∂W[k,l]"
    assert "16 numbers" in fig._suptitle.get_text()


def test_tensor_non_square_grid_and_all_zero_tensor():
    A3 = np.arange(6.0).reshape(3, 2) - 1  # (3, 2)
    dZ3_dW = np.einsum("ik,lj->ijkl", np.eye(2), A3)  # (2, 2, 2, 3)
    fig = plots.plot_jacobian_tensor(dZ3_dW)
    assert len(_heatmaps(fig)) == 6
    fig0 = plots.plot_jacobian_tensor(np.zeros((2, 2, 2, 2)))
    im = _heatmaps(fig0)[0].get_images()[0]
    assert im.norm.vmin == -1.0 and im.norm.vmax == 1.0  # no division by a zero range


def test_tensor_rejects_bad_inputs():
    with pytest.raises(ValueError, match="4-D"):
        plots.plot_jacobian_tensor(np.ones((2, 2)))
    with pytest.raises(ValueError, match="NaN"):
        plots.plot_jacobian_tensor(np.full((2, 2, 2, 2), np.nan))
    with pytest.raises(TypeError, match="z_name"):
        plots.plot_jacobian_tensor(dZ_dW, z_name=3)


def _table_numbers(ax):
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    n_r = max(r for r, _ in cells) + 1
    n_c = max(c for _, c in cells) + 1
    return [[cells[(r, c)] for c in range(n_c)] for r in range(n_r)]


def test_explorer_figure_shows_the_tensor_and_the_four_matrices():
    fig = plots.plot_jacobian_explorer(W, A, W @ A, "L = ½ Σ Z²")
    heat = _heatmaps(fig)
    assert len(heat) == 4
    for ax, (k, l) in zip(heat, np.ndindex(2, 2)):
        np.testing.assert_array_equal(ax.get_images()[0].get_array(), dZ_dW[:, :, k, l])
    tables = {ax.get_title(): ax for ax in fig.get_axes() if ax.texts and not ax.get_title().startswith("∂")}
    assert _table_numbers(tables["Z = W A"]) == [["4", "5"], ["-1", "4"]]
    assert _table_numbers(tables["dL/dZ"]) == [["4", "5"], ["-1", "4"]]
    assert _table_numbers(tables["dL/dW = dL/dZ Aᵀ  (correct)"]) == [["3", "19"], ["-6", "11"]]
    naive = tables["naive dL/dZ · A"]
    assert _table_numbers(naive) == [["13", "11"], ["2", "13"]]
    assert naive.get_xlabel() == "wrong in 4 of 4 entries"


def test_explorer_figure_says_when_the_naive_product_happens_to_match():
    A_sym = np.array([[2.0, 1.0], [1.0, 3.0]])
    fig = plots.plot_jacobian_explorer(W, A_sym, W @ A_sym)
    naive = [ax for ax in fig.get_axes() if ax.get_title() == "naive dL/dZ · A"][0]
    assert naive.get_xlabel() == "happens to match here"


def test_explorer_figure_rejects_a_non_string_label():
    with pytest.raises(TypeError, match="loss_label"):
        plots.plot_jacobian_explorer(W, A, W @ A, loss_label=3)


def test_explorer_figure_non_square_says_the_naive_product_does_not_fit():
    W3, A3 = np.ones((2, 3)), np.arange(6.0).reshape(3, 2)
    fig = plots.plot_jacobian_explorer(W3, A3, np.ones((2, 2)))
    assert len(_heatmaps(fig)) == 6
    assert any(ax.get_title() == "naive dL/dZ · A: shapes do not fit" for ax in fig.get_axes())
