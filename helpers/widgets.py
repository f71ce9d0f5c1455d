"""Interactive explorers built on ipywidgets (imported only when you import helpers.widgets).

Only API common to ipywidgets 7.7 (Colab) and 8 is used. Figures are drawn with
the inline backend into an ipywidgets.Output, so nothing lands outside the widget.
Plots come from helpers.plots and helpers.flow_figure; this module wires controls to them.

Sections, one per owner: jacobian explorer (notebook 03), gradient-flow explorer (notebooks 04, 05).
"""

import functools
import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from . import plots
from .flow import (FLOW_DATASETS, FLOW_HIDDEN, FLOW_INITS, FLOW_MAX_DEPTH, LOSS_LIMIT,  # noqa: F401 (re-exported)
                   FlowTrainer)
from .flow_figure import FlowFigure
from .formatting import format_number
from .jacobian import jacobian_explorer_arrays
from .palette import WARNING_RED
from .validate import as_float_array, check_choice, check_positive_float, check_shape

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
        state = jacobian_explorer_arrays(W, A, grad_fn(Z))
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
#
# The explorer's numpy model, FlowTrainer, lives in helpers.flow (usable and testable without ipywidgets);
# it is re-exported here, with the constants the controls use, because notebooks call widgets.FlowTrainer.
# Its figure is helpers.flow_figure.FlowFigure (every panel lives there). GradientFlowExplorer wires the
# controls to the trainer and shows the figure as a PNG in an ipywidgets.Image. The figure is a matplotlib
# Figure that pyplot does not know about, so the inline backend never shows it by itself, and it is drawn by
# updating its artists, not rebuilt. Every callback runs inside the explorer's Output widget and catches its
# own errors.

FLOW_MAX_UNITS = 50  # the width slider's maximum
FLOW_TRAIN_N = (10, 100, 1000)
_FLOW_DPI = 80  # the figure is 10.5 inches wide: 840 pixels, what JupyterLab's output area has in a 1280-px window
_FLOW_WIDTH = 840  # shown at 100 % there (1 image pixel = 1 screen pixel), never enlarged on wider screens
_STYLE = {"description_width": "initial"}


def _flow_guarded(method):
    """Run a callback inside the explorer's Output widget; show any error there, never raise."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.output:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001  (a widget callback must not raise into the notebook)
                self.status.value = f"<span style='color:{WARNING_RED}'>⚠ {html.escape(type(exc).__name__)}: " \
                                    f"{html.escape(str(exc))}</span>"
                return None
    return wrapper


def _slider(kind, description, **kwargs):
    """A 330-px slider that reports only when released (each change retrains from step 0 or redraws)."""
    return kind(description=description, continuous_update=False, style=_STYLE,
                layout=widgets.Layout(width="330px"), **kwargs)


class GradientFlowExplorer(widgets.VBox):
    """Controls + one figure: computation graph with gradient sizes, weights, boundary, loss, per-layer norms."""

    def __init__(self, dataset="flower", n_h=4, hidden="tanh", scale=0.01, learning_rate=1.2,
                 compact=False, seed=1, depth=1):
        self.trainer = FlowTrainer(dataset, n_h, hidden, scale, learning_rate, seed, depth)
        if not 1 <= self.trainer.n_h <= FLOW_MAX_UNITS:
            raise ValueError(f"n_h must be between 1 and {FLOW_MAX_UNITS}, got {n_h}")
        if not isinstance(compact, bool):
            raise TypeError(f"compact must be True or False, got {type(compact).__name__} {compact!r}")
        if compact and (self.trainer.depth != 1 or isinstance(self.trainer.scale, str)):
            raise ValueError(f"compact=True is notebook 04's 2-layer explorer: it takes depth=1 and a number as scale, "
                             f"got depth={depth!r}, scale={scale!r}")
        self._build_model_controls()
        self._build_training_controls()
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width=f"{_FLOW_WIDTH}px"))
        self.output = widgets.Output()
        self._name_for_tests()
        super().__init__(children=[*self._rows(compact), self.status, self.image, self.output])
        self.add_class("gradient-flow-explorer")
        self.flow_figure = FlowFigure(compact=compact, animated=True, status=False,  # self.status shows it as text
                                      dpi=_FLOW_DPI)
        self._connect()
        self.redraw()

    def _build_model_controls(self):
        """The network's controls: dataset, activation, depth, width, init scheme and scale, learning rate."""
        t, named = self.trainer, isinstance(self.trainer.scale, str)
        self.dataset = widgets.Dropdown(options=FLOW_DATASETS, value=t.dataset, description="dataset",
                                        style=_STYLE, layout=widgets.Layout(width="180px"))
        self.hidden = widgets.ToggleButtons(options=FLOW_HIDDEN, value=t.hidden, description="hidden activation",
                                            style=_STYLE)
        self.depth = _slider(widgets.IntSlider, "hidden layers", value=t.depth, min=1, max=FLOW_MAX_DEPTH)
        self.units = _slider(widgets.IntSlider, "units per layer", value=t.n_h, min=1, max=FLOW_MAX_UNITS)
        inits = [("scale × N(0, 1)", "scale")] + [(name.capitalize(), name) for name in FLOW_INITS]  # Xavier, He
        self.init = widgets.Dropdown(options=inits, value=t.scale if named else "scale", description="init",
                                     style=_STYLE, layout=widgets.Layout(width="200px"))
        self.scale = _slider(widgets.FloatLogSlider, "init scale", value=0.01 if named else t.scale, base=10,
                             min=-3, max=2, step=0.1, readout_format=".3g", disabled=named)
        self.learning_rate = _slider(widgets.FloatLogSlider, "learning rate", value=t.learning_rate, base=10,
                                     min=-3, max=3, step=0.1, readout_format=".3g")

    def _build_training_controls(self):
        """Step, Train N steps, Reset and the step counter."""
        self.step_button = widgets.Button(description="Step", tooltip="one gradient-descent step",
                                          button_style="primary", layout=widgets.Layout(width="90px"))
        self.train_n = widgets.Dropdown(options=FLOW_TRAIN_N, value=100, description="N",
                                        style={"description_width": "20px"}, layout=widgets.Layout(width="110px"))
        self.train_button = widgets.Button(description="Train N steps", layout=widgets.Layout(width="130px"))
        self.reset_button = widgets.Button(description="Reset", tooltip="fresh weights, step 0",
                                           layout=widgets.Layout(width="90px"))
        self.counter = widgets.HTML()

    def _name_for_tests(self):
        """CSS classes by which the browser test finds the controls."""
        for w, name in ((self.counter, "gf-step-counter"), (self.status, "gf-status"),
                        (self.image, "gf-figure"), (self.step_button, "gf-step"),
                        (self.train_button, "gf-train"), (self.reset_button, "gf-reset"),
                        (self.depth, "gf-depth"), (self.units, "gf-units"), (self.scale, "gf-scale")):
            w.add_class(name)

    def _rows(self, compact):
        """The rows of controls; compact (notebook 04, its 2-layer network): no dataset, depth or named inits."""
        buttons = widgets.HBox([self.step_button, self.train_n, self.train_button, self.reset_button, self.counter])
        if compact:
            return [widgets.HBox([self.hidden, self.units]), widgets.HBox([self.scale, self.learning_rate]), buttons]
        return [widgets.HBox([self.dataset, self.hidden]), widgets.HBox([self.depth, self.units]),
                widgets.HBox([self.init, self.scale, self.learning_rate]), buttons]

    def _connect(self):
        """Observe every control: a structural change retrains from step 0, a new rate keeps the weights."""
        for control in (self.dataset, self.hidden, self.depth, self.units, self.init, self.scale):
            control.observe(self._on_structure, names="value")
        self.learning_rate.observe(self._on_learning_rate, names="value")
        self.step_button.on_click(self._on_step)
        self.train_button.on_click(self._on_train)
        self.reset_button.on_click(self._on_reset)

    @_flow_guarded
    def redraw(self):
        """Update the figure from the trainer, render it to PNG, update the counter and message."""
        t = self.trainer
        self.image.value = self.flow_figure.update(t).png()
        self.counter.value = f"<b style='font-size:1.15em'>step {t.step_count}</b>"
        if t.message:
            self.status.value = f"<span style='color:{WARNING_RED}'>{html.escape(t.message)}</span>"
        else:
            first, last = format_number(t.norms["dW1"]), format_number(t.norms[f"dW{t.L}"])
            self.status.value = (f"cost J = {t.loss:.4f} · accuracy {t.accuracy:.0%} · "
                                 f"‖dW1‖ = {first}, ‖dW{t.L}‖ = {last}")

    @_flow_guarded
    def _on_structure(self, change):
        init = self.init.value
        self.scale.disabled = init != "scale"
        self.trainer.configure(dataset=self.dataset.value, n_h=self.units.value, hidden=self.hidden.value,
                               scale=self.scale.value if init == "scale" else init, depth=self.depth.value)
        self.redraw()

    @_flow_guarded
    def _on_learning_rate(self, change):
        self.trainer.learning_rate = check_positive_float(change["new"], "learning_rate")
        self.redraw()

    @_flow_guarded
    def _on_step(self, button=None):
        self.trainer.train(1)
        self.redraw()

    @_flow_guarded
    def _on_train(self, button=None):
        self.train_button.disabled, self.train_button.description = True, "Training…"  # shown at once
        try:
            self.trainer.train(int(self.train_n.value))
        finally:
            self.train_button.disabled, self.train_button.description = False, "Train N steps"
        self.redraw()

    @_flow_guarded
    def _on_reset(self, button=None):
        self.trainer.reset()
        self.redraw()


def gradient_flow_explorer(dataset="flower", n_h=4, hidden="tanh", scale=0.01, learning_rate=1.2,
                           compact=False, seed=1, depth=1):
    """The gradient-flow explorer (a widget): depth hidden layers of n_h units; compact=True is notebook 04's."""
    return GradientFlowExplorer(dataset, n_h, hidden, scale, learning_rate, compact, seed, depth)
