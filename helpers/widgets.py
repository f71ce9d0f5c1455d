"""Interactive explorers built on ipywidgets (imported only when you import helpers.widgets).

Only API common to ipywidgets 7.7 (Colab) and 8 is used. Figures are drawn with
the inline backend into an ipywidgets.Output, so nothing lands outside the widget.
Plots come from helpers.plots; this module wires controls to them.

Sections, one per owner: jacobian explorer (notebook 03), gradient-flow explorer (notebooks 04, 05).
"""

import ipywidgets as widgets  # noqa: F401  (used by the sections below)
import matplotlib.pyplot as plt
import numpy as np

from . import plots
from ._validate import as_float_array, check_choice, check_shape

# ------------------------------------------------------------------ jacobian explorer (notebook 03)

JACOBIAN_W0 = ((1, 2), (-1, 1))  # notebook 03's example: Z = W A = [[4, 5], [-1, 4]]
JACOBIAN_A0 = ((2, -1), (1, 3))
JACOBIAN_LOSSES = {  # key: (label, L(Z), dL/dZ(Z))
    "half_square": ("L = ½ Σ Z²", lambda Z: 0.5 * np.sum(Z**2), lambda Z: Z),
    "sum_sin": ("L = Σ sin Z", lambda Z: np.sum(np.sin(Z)), np.cos),
    "sum": ("L = Σ Z", np.sum, np.ones_like),
}
_ENTRY_RANGE = (-9, 9)  # one-digit entries keep every product doable by hand


def _int_matrix(M, name):
    """M as a 2x2 int array with entries in _ENTRY_RANGE, or a ValueError naming M."""
    arr = as_float_array(M, name, ndim=2)
    check_shape(arr, name, (2, 2), why="the explorer edits 2x2 matrices")
    lo, hi = _ENTRY_RANGE
    if not (np.all(arr == np.round(arr)) and arr.min() >= lo and arr.max() <= hi):
        raise ValueError(f"{name} must hold whole numbers from {lo} to {hi}, got {arr.tolist()}")
    return arr.astype(int)


class JacobianExplorer(widgets.VBox):
    """Edit W, A (2x2) and the loss; see Z, dL/dZ, the 16-entry dZ/dW, dL/dZ A^T and the naive dL/dZ A."""

    def __init__(self, W=None, A=None, loss="half_square"):
        W = _int_matrix(JACOBIAN_W0 if W is None else W, "W")  # (2, 2)
        A = _int_matrix(JACOBIAN_A0 if A is None else A, "A")  # (2, 2)
        check_choice(loss, "loss", JACOBIAN_LOSSES)
        lo, hi = _ENTRY_RANGE
        self.W_inputs = [[widgets.BoundedIntText(value=int(W[r, c]), min=lo, max=hi,
                                                 layout=widgets.Layout(width="64px")) for c in range(2)]
                         for r in range(2)]
        self.A_inputs = [[widgets.BoundedIntText(value=int(A[r, c]), min=lo, max=hi,
                                                 layout=widgets.Layout(width="64px")) for c in range(2)]
                         for r in range(2)]
        self.loss_input = widgets.Dropdown(
            options=[(label, key) for key, (label, _, _) in JACOBIAN_LOSSES.items()], value=loss,
            layout=widgets.Layout(width="160px"))
        self.out = widgets.Output()
        self.state = {}
        self.figure = None
        for control in [*self.W_inputs[0], *self.W_inputs[1], *self.A_inputs[0], *self.A_inputs[1],
                        self.loss_input]:
            control.observe(self.update, names="value")
        controls = widgets.HBox([_matrix_box("W", self.W_inputs), _matrix_box("A", self.A_inputs),
                                 widgets.VBox([widgets.HTML("<b>loss</b>"), self.loss_input])])
        super().__init__(children=[controls, self.out])
        self.update()

    def update(self, change=None):
        """Recompute every array from the controls and redraw the figure in the Output widget."""
        W = np.array([[box.value for box in row] for row in self.W_inputs], dtype=float)  # (2, 2)
        A = np.array([[box.value for box in row] for row in self.A_inputs], dtype=float)  # (2, 2)
        label, loss_fn, grad_fn = JACOBIAN_LOSSES[self.loss_input.value]
        Z = W @ A  # (2, 2)
        state = plots.jacobian_explorer_arrays(W, A, grad_fn(Z))
        state.update(W=W, A=A, L=float(loss_fn(Z)), loss=self.loss_input.value)
        self.state = state
        with self.out:
            self.out.clear_output(wait=True)
            fig = plots.plot_jacobian_explorer(W, A, state["dL_dZ"], f"{label} = {state['L']:.4g}")
            plt.show()
        plt.close(fig)  # the inline backend has shown it; a non-inline backend must not pile figures up
        self.figure = fig


def _matrix_box(name, rows):
    """A 2x2 grid of input boxes under a bold name."""
    return widgets.VBox([widgets.HTML(f"<b>{name}</b>")] + [widgets.HBox(row) for row in rows])


def jacobian_explorer(W=None, A=None, loss="half_square"):
    """The notebook-03 explorer (a widget); W and A default to the notebook's example."""
    return JacobianExplorer(W, A, loss)


# ------------------------------------------------------------------ gradient-flow explorer (notebooks 04, 05)
