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
from .validate import as_float_array, check_choice, check_shape

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
#
# FlowTrainer is the explorer's state without any widget (usable and testable on its own);
# GradientFlowExplorer wires controls to it and shows helpers.plots' gradient-flow figure as a PNG
# in an ipywidgets.Image. The figure is a matplotlib Figure that pyplot does not know about, so the
# inline backend never shows it by itself, and it is drawn by updating its artists, not rebuilt.
# Every callback runs inside the explorer's Output widget and catches its own errors.

import functools  # noqa: E402
import html  # noqa: E402

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from . import activations as _activations  # noqa: E402
from . import data as _data  # noqa: E402
from . import network as _network  # noqa: E402
from .validate import check_positive_float, check_positive_int  # noqa: E402

FLOW_DATASETS = ("flower", "moons", "circles", "spirals")
FLOW_HIDDEN = ("tanh", "sigmoid", "relu")
FLOW_MAX_UNITS = 50
#: The explorer's depth control: 1 to 6 hidden layers (2 to 7 layers in all), each FLOW_MAX_UNITS wide at most.
FLOW_MAX_DEPTH = 6
#: The init choices besides a number (init scale × N(0, 1)): helpers.network's named schemes.
FLOW_INITS = ("xavier", "he")
FLOW_TRAIN_N = (10, 100, 1000)
#: g'(Z[l]) below this fraction of its largest value (tanh, relu 1; sigmoid 1/4) counts as saturated;
#: for relu that means exactly 0: the unit is inactive (dead) for that example, not saturated.
SATURATION_THRESHOLD = 0.01
_SLOPE_MAX = {"tanh": 1.0, "sigmoid": 0.25, "relu": 1.0}
LOSS_LIMIT = 1e3  # a cost above this counts as diverged (a sigmoid output this wrong has |Z[L]| > 1000)
_FLOW_GRID = 60  # the decision boundary is evaluated on a 60 x 60 grid
_FLOW_DPI = 80  # the figure is 10.5 inches wide: 840 pixels, what JupyterLab's output area has in a 1280-px window
_FLOW_WIDTH = 840  # shown at 100 % there (1 image pixel = 1 screen pixel), never enlarged on wider screens


def _frobenius(M):
    """‖M‖ = sqrt(sum of squares), as np.linalg.norm(M), without BLAS (whose threads cost more than the sum here)."""
    return float(np.sqrt(np.sum(M * M)))


def _check_scale(scale):
    """A number > 0 (the std of the weights) or one of FLOW_INITS."""
    if isinstance(scale, str):
        return check_choice(scale, "scale", FLOW_INITS)
    return check_positive_float(scale, "scale")


class FlowTrainer:
    """A network with `depth` hidden layers of n_h units (sigmoid output) on a 2-D dataset, trained one step at a
    time with helpers.network's unchecked_* functions (its inputs are checked here, once).

    After every step it records the cost and the size (Frobenius norm) of every backward quantity,
    dZ1 … dZL, dA1 … dA(L-1), dW1 … dWL (L = depth + 1 layers), so that `history` shows which gradient
    grows, shrinks or vanishes. A step that would produce NaN, inf or a cost above LOSS_LIMIT is not
    taken: the last good state is kept and `message` says what happened. `scale` is the weights' std,
    or "xavier" / "he" (std from each layer's fan-in, helpers.network.init_params).
    """

    def __init__(self, dataset="flower", n_h=4, hidden="tanh", scale=0.01, learning_rate=1.2, seed=1, depth=1):
        check_choice(dataset, "dataset", FLOW_DATASETS)
        self.learning_rate = check_positive_float(learning_rate, "learning_rate")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise TypeError(f"seed must be an int >= 0 (it seeds the weights), got {seed!r}")
        self.seed = int(seed)
        self.dataset = None
        self.depth = 1
        self.configure(dataset=dataset, n_h=n_h, hidden=hidden, scale=scale, depth=depth)

    def configure(self, dataset=None, n_h=None, hidden=None, scale=None, depth=None):
        """Change the dataset, width, activation, init scale or depth (None keeps it), then reset."""
        if dataset is not None and dataset != self.dataset:
            self.dataset = check_choice(dataset, "dataset", FLOW_DATASETS)
            ds = _data.load_planar(self.dataset)
            self.X, self.Y = ds.X, ds.Y  # (2, m), (1, m): all examples
            lo, hi = self.X.min(axis=1) - 0.5, self.X.max(axis=1) + 0.5
            self.boundary_extent = (lo[0], hi[0], lo[1], hi[1])
            gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], _FLOW_GRID), np.linspace(lo[1], hi[1], _FLOW_GRID))
            self._grid = np.stack([gx.ravel(), gy.ravel()])  # (2, 3600)
        if n_h is not None:
            self.n_h = check_positive_int(n_h, "n_h")
        if hidden is not None:
            self.hidden = check_choice(hidden, "hidden activation", FLOW_HIDDEN)
        if scale is not None:
            self.scale = _check_scale(scale)
        if depth is not None:
            depth = check_positive_int(depth, "depth")
            if depth > FLOW_MAX_DEPTH:
                raise ValueError(f"depth must be between 1 and {FLOW_MAX_DEPTH} hidden layers, got {depth}")
            self.depth = depth
        self.L = self.depth + 1
        self.hidden_layers = (self.hidden,) * self.depth  # one activation name per hidden layer
        self.layer_sizes = (2, *(self.n_h,) * self.depth, 1)  # (n_x, n[1], …, n[L])
        self.reset()

    def reset(self):
        """Fresh weights from the same seed, an empty history, step 0."""
        rng = np.random.default_rng(self.seed)
        params = _network.init_params(list(self.layer_sizes), rng, self.scale)
        self.step_count = 0
        self.history = {key: [] for key in ("loss", *self._norm_keys(), "slope")}
        self.message = ""
        state = self._evaluate(params)
        if state is None:  # only an absurd scale gets here: keep zero weights rather than fail
            params = {k: np.zeros_like(v) for k, v in params.items()}
            state = self._evaluate(params)
            self.message = (f"With init scale {self.scale:.3g} the cost is NaN, inf or > {LOSS_LIMIT:g} before any "
                            "step: the weights were set to zero instead. Choose a smaller init scale.")
        self._accept(params, state)

    def _norm_keys(self):
        """dZ1 … dZL, dA1 … dA(L-1), dW1 … dWL: every backward quantity whose size is recorded."""
        L = self.L
        return (*(f"dZ{l}" for l in range(1, L + 1)), *(f"dA{l}" for l in range(1, L)),
                *(f"dW{l}" for l in range(1, L + 1)))

    def set_params(self, params):
        """Start from these weights (a dict W1, b1, …, WL, bL of the current shapes): step 0, a fresh history."""
        params, sizes = _network.check_params(params, self.X)
        if sizes != self.layer_sizes:
            raise ValueError(f"params are for layer sizes {list(sizes)}; this trainer has {list(self.layer_sizes)} "
                             f"(depth {self.depth}, n_h = {self.n_h})")
        params = {k: v.copy() for k, v in params.items()}  # the caller's arrays are never touched
        state = self._evaluate(params)
        if state is None:
            raise ValueError("these weights give NaN, inf or a cost above LOSS_LIMIT; choose smaller ones")
        self.step_count = 0
        self.history = {key: [] for key in self.history}
        self.message = ""
        self._accept(params, state)

    def _evaluate(self, params):
        """Forward and backward at params; None if anything is NaN, inf or diverged."""
        with np.errstate(all="ignore"):  # overflow is detected below, not printed
            _, cost, cache, grads = _network.unchecked_step(params, self.X, self.Y, self.hidden_layers, "sigmoid",
                                                            self.learning_rate)  # its update is not used
            cost = float(cost)
            finite = np.isfinite(cost) and cost <= LOSS_LIMIT and all(
                np.isfinite(a).all() for a in (*params.values(), *grads.values()))
        return (cache, grads, cost) if finite else None

    def _accept(self, params, state):
        cache, grads, cost = state
        g_prime = _activations.get_activation(self.hidden).g_prime
        slopes = [g_prime(cache[f"Z{l}"]) for l in range(1, self.L)]  # g'(Z[l]) (n_h, m) per hidden layer
        self.params, self.cache, self.grads, self.loss = params, cache, grads, cost
        self.norms = {key: _frobenius(grads[key]) for key in self._norm_keys()}
        self.slope_means = [float(s.mean()) for s in slopes]
        limit = SATURATION_THRESHOLD * _SLOPE_MAX[self.hidden]
        self.saturated_fractions = [float(np.mean(s < limit)) for s in slopes]
        self.slope_mean, self.saturated_fraction = self.slope_means[0], self.saturated_fractions[0]  # layer 1's
        self.accuracy = float(np.mean((cache[f"A{self.L}"] > 0.5) == (self.Y > 0.5)))
        for key, value in self.norms.items():
            self.history[key].append(value)
        self.history["loss"].append(cost)
        self.history["slope"].append(self.slope_mean)

    def train(self, n=1):
        """Take up to n gradient-descent steps; return how many were taken (fewer if training diverged)."""
        n = check_positive_int(n, "n")
        for i in range(n):
            new = _network.unchecked_update(self.params, self.grads, self.learning_rate)
            state = self._evaluate(new)
            if state is None:
                self.message = (f"⚠ Training diverged at step {self.step_count + 1}: with learning rate "
                                f"{self.learning_rate:.3g} the cost became NaN, inf or > {LOSS_LIMIT:g}.\n"
                                f"The last good state (step {self.step_count}) is kept. "
                                "Lower the learning rate, or press Reset.")
                return i
            self.step_count += 1
            self._accept(new, state)
        self.message = ""
        return n

    def boundary(self):
        """(extent, P): P(y = 1 | x) on a 60 x 60 grid covering the data; extent = (x0, x1, y0, y1)."""
        with np.errstate(all="ignore"):
            A, _ = _network.unchecked_forward(self.params, self._grid, self.hidden_layers, "sigmoid")  # (1, 3600)
        return self.boundary_extent, A.reshape(_FLOW_GRID, _FLOW_GRID)


def _flow_guarded(method):
    """Run a callback inside the explorer's Output widget; show any error there, never raise."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.output:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001  (a widget callback must not raise into the notebook)
                self.status.value = f"<span style='color:#B00000'>⚠ {html.escape(type(exc).__name__)}: " \
                                    f"{html.escape(str(exc))}</span>"
                return None
    return wrapper


class GradientFlowExplorer(widgets.VBox):
    """Controls + one figure: computation graph with gradient sizes, weights, boundary, loss, per-layer norms."""

    def __init__(self, dataset="flower", n_h=4, hidden="tanh", scale=0.01, learning_rate=1.2,
                 compact=False, seed=1, depth=1):
        self.trainer = FlowTrainer(dataset, n_h, hidden, scale, learning_rate, seed, depth)
        if not 1 <= self.trainer.n_h <= FLOW_MAX_UNITS:
            raise ValueError(f"n_h must be between 1 and {FLOW_MAX_UNITS}, got {n_h}")
        named = isinstance(self.trainer.scale, str)
        style = {"description_width": "initial"}
        wide = widgets.Layout(width="330px")
        self.dataset = widgets.Dropdown(options=FLOW_DATASETS, value=self.trainer.dataset, description="dataset",
                                        style=style, layout=widgets.Layout(width="180px"))
        self.hidden = widgets.ToggleButtons(options=FLOW_HIDDEN, value=self.trainer.hidden,
                                            description="hidden activation", style=style)
        self.depth = widgets.IntSlider(value=self.trainer.depth, min=1, max=FLOW_MAX_DEPTH,
                                       description="hidden layers", continuous_update=False, style=style,
                                       layout=wide)
        self.units = widgets.IntSlider(value=self.trainer.n_h, min=1, max=FLOW_MAX_UNITS,
                                       description="units per layer", continuous_update=False, style=style,
                                       layout=wide)
        self.init = widgets.Dropdown(options=[("scale × N(0, 1)", "scale"), ("Xavier", "xavier"), ("He", "he")],
                                     value=self.trainer.scale if named else "scale", description="init",
                                     style=style, layout=widgets.Layout(width="200px"))
        self.scale = widgets.FloatLogSlider(value=0.01 if named else self.trainer.scale, base=10, min=-3, max=2,
                                            step=0.1, description="init scale", readout_format=".3g",
                                            continuous_update=False, style=style, layout=wide, disabled=named)
        self.learning_rate = widgets.FloatLogSlider(value=self.trainer.learning_rate, base=10, min=-3, max=3,
                                                    step=0.1, description="learning rate", readout_format=".3g",
                                                    continuous_update=False, style=style, layout=wide)
        self.step_button = widgets.Button(description="Step", tooltip="one gradient-descent step",
                                          button_style="primary", layout=widgets.Layout(width="90px"))
        self.train_n = widgets.Dropdown(options=FLOW_TRAIN_N, value=100, description="N",
                                        style={"description_width": "20px"}, layout=widgets.Layout(width="110px"))
        self.train_button = widgets.Button(description="Train N steps", layout=widgets.Layout(width="130px"))
        self.reset_button = widgets.Button(description="Reset", tooltip="fresh weights, step 0",
                                           layout=widgets.Layout(width="90px"))
        self.counter = widgets.HTML()
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width=f"{_FLOW_WIDTH}px"))
        self.output = widgets.Output()
        for w, name in ((self.counter, "gf-step-counter"), (self.status, "gf-status"),
                        (self.image, "gf-figure"), (self.step_button, "gf-step"),
                        (self.train_button, "gf-train"), (self.reset_button, "gf-reset"),
                        (self.depth, "gf-depth"), (self.units, "gf-units"), (self.scale, "gf-scale")):
            w.add_class(name)
        buttons = widgets.HBox([self.step_button, self.train_n, self.train_button, self.reset_button, self.counter])
        if compact:  # notebook 04: its 2-layer network, no depth control and no named inits
            rows = [widgets.HBox([self.hidden, self.units]), widgets.HBox([self.scale, self.learning_rate]), buttons]
        else:
            rows = [widgets.HBox([self.dataset, self.hidden]), widgets.HBox([self.depth, self.units]),
                    widgets.HBox([self.init, self.scale, self.learning_rate]), buttons]
        super().__init__(children=[*rows, self.status, self.image, self.output])
        self.add_class("gradient-flow-explorer")
        self._figure = Figure(dpi=_FLOW_DPI)
        FigureCanvasAgg(self._figure)
        _, self._handles = plots.gradient_flow_figure(compact=compact, fig=self._figure, animated=True,
                                                      status=False)  # self.status shows it as text
        for control in (self.dataset, self.hidden, self.depth, self.units, self.init, self.scale):
            control.observe(self._on_structure, names="value")
        self.learning_rate.observe(self._on_learning_rate, names="value")
        self.step_button.on_click(self._on_step)
        self.train_button.on_click(self._on_train)
        self.reset_button.on_click(self._on_reset)
        self.redraw()

    @_flow_guarded
    def redraw(self):
        """Update the figure's artists from the trainer, render it to PNG, update the counter and message."""
        t = self.trainer
        plots.update_gradient_flow(self._handles, t)
        self.image.value = plots.gradient_flow_png(self._handles)
        self.counter.value = f"<b style='font-size:1.15em'>step {t.step_count}</b>"
        if t.message:
            self.status.value = f"<span style='color:#B00000'>{html.escape(t.message)}</span>"
        else:
            first, last = plots.flow_number(t.norms["dW1"]), plots.flow_number(t.norms[f"dW{t.L}"])
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
    if compact and (depth != 1 or isinstance(scale, str)):
        raise ValueError(f"compact=True is notebook 04's 2-layer explorer: it takes depth=1 and a number as scale, "
                         f"got depth={depth!r}, scale={scale!r}")
    return GradientFlowExplorer(dataset, n_h, hidden, scale, learning_rate, compact, seed, depth)
