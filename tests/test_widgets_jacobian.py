"""helpers.widgets, jacobian explorer section (notebook 03): drive the controls with no browser."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import widgets

# plt.show() under Agg (no notebook) warns that it cannot show; the notebook uses the inline backend.
pytestmark = pytest.mark.filterwarnings("ignore:FigureCanvasAgg is non-interactive:UserWarning")


def _tensor_panels(fig):
    """The four dZ/dW heatmap arrays of the explorer's figure, in (k, l) order."""
    return [ax.get_images()[0].get_array() for ax in fig.get_axes()
            if ax.get_images() and ax.get_title().startswith("∂")]


def _table(fig, title):
    ax = [ax for ax in fig.get_axes() if ax.get_title() == title][0]
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    return [[cells[(r, c)] for c in range(2)] for r in range(2)]


def test_default_state_is_the_notebook_example():
    ex = widgets.jacobian_explorer()
    assert isinstance(ex, widgets.JacobianExplorer)
    np.testing.assert_array_equal(ex.state["W"], [[1, 2], [-1, 1]])
    np.testing.assert_array_equal(ex.state["A"], [[2, -1], [1, 3]])
    np.testing.assert_array_equal(ex.state["Z"], [[4, 5], [-1, 4]])
    np.testing.assert_array_equal(ex.state["dL_dW"], [[3, 19], [-6, 11]])
    np.testing.assert_array_equal(ex.state["naive"], [[13, 11], [2, 13]])
    assert ex.state["L"] == 29.0  # (16 + 25 + 1 + 16) / 2
    assert ex.out in ex.children
    assert _table(ex.figure, "Z = W A") == [["4", "5"], ["-1", "4"]]


def test_changing_an_entry_of_A_redraws_the_tensor_and_the_gradients():
    ex = widgets.jacobian_explorer()
    old_fig, old_panels = ex.figure, _tensor_panels(ex.figure)
    ex.A_inputs[0][1].value = 4  # A = [[2, 4], [1, 3]]
    assert ex.figure is not old_fig
    A = np.array([[2.0, 4.0], [1.0, 3.0]])
    np.testing.assert_array_equal(ex.state["A"], A)
    expected = np.einsum("ik,lj->ijkl", np.eye(2), A)
    for panel, old, (k, l) in zip(_tensor_panels(ex.figure), old_panels, np.ndindex(2, 2)):
        np.testing.assert_array_equal(panel, expected[:, :, k, l])
    assert any(not np.array_equal(p, o) for p, o in zip(_tensor_panels(ex.figure), old_panels))
    Z = np.array([[1.0, 2.0], [-1.0, 1.0]]) @ A
    np.testing.assert_allclose(ex.state["dL_dW"], Z @ A.T, rtol=0, atol=1e-12)


@pytest.mark.parametrize("r, c", [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_changing_any_entry_of_W_redraws_Z_but_not_the_tensor(r, c):
    ex = widgets.jacobian_explorer()
    old_fig, old_panels = ex.figure, _tensor_panels(ex.figure)
    old_Z = _table(ex.figure, "Z = W A")
    ex.W_inputs[r][c].value = 7
    assert ex.figure is not old_fig  # a new picture, so the <img> in the browser changes
    assert ex.state["W"][r, c] == 7
    assert _table(ex.figure, "Z = W A") != old_Z
    for panel, old in zip(_tensor_panels(ex.figure), old_panels):
        np.testing.assert_array_equal(panel, old)  # dZ/dW depends on A only


def test_picking_another_loss_changes_dLdZ_and_the_gradients():
    ex = widgets.jacobian_explorer()
    ex.loss_input.value = "sum_sin"
    Z = np.array([[4.0, 5.0], [-1.0, 4.0]])
    A = np.array([[2.0, -1.0], [1.0, 3.0]])
    np.testing.assert_allclose(ex.state["dL_dZ"], np.cos(Z), rtol=0, atol=1e-15)
    np.testing.assert_allclose(ex.state["dL_dW"], np.cos(Z) @ A.T, rtol=0, atol=1e-12)
    assert _table(ex.figure, "dL/dZ") == [[f"{x:.2f}" for x in row] for row in np.cos(Z)]
    ex.loss_input.value = "sum"
    np.testing.assert_array_equal(ex.state["dL_dW"], np.ones((2, 2)) @ A.T)


def test_each_update_leaves_no_open_figure_behind():
    ex = widgets.jacobian_explorer()
    for value in range(-3, 3):
        ex.W_inputs[0][0].value = value
    assert plt.get_fignums() == []
    assert ex.figure is not None


def test_boxes_clamp_to_one_digit_entries():
    ex = widgets.jacobian_explorer()
    ex.A_inputs[1][1].value = 50  # BoundedIntText clamps to its max
    assert ex.state["A"][1, 1] == 9


def test_explorer_rejects_bad_starting_matrices_and_losses():
    with pytest.raises(ValueError, match=r"W has shape \(2, 3\) but expected \(2, 2\)"):
        widgets.jacobian_explorer(W=np.ones((2, 3)))
    with pytest.raises(ValueError, match="whole numbers from -9 to 9"):
        widgets.jacobian_explorer(A=[[0.5, 1], [1, 1]])
    with pytest.raises(ValueError, match="whole numbers from -9 to 9"):
        widgets.jacobian_explorer(A=[[10, 1], [1, 1]])
    with pytest.raises(ValueError, match="unknown loss"):
        widgets.jacobian_explorer(loss="mse")
    with pytest.raises(TypeError, match="W must be a numpy array"):
        widgets.jacobian_explorer(W="1 2; 3 4")
