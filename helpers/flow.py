"""The gradient-flow explorer's numpy model: FlowTrainer trains a small network step by step and records its gradients.

numpy only (no ipywidgets, no matplotlib): helpers.widgets is its ipywidgets front end and helpers.flow_figure draws it.
"""

import numpy as np

from . import activations as _activations
from . import data as _data
from . import network as _network
from .validate import check_choice, check_positive_float, check_positive_int, check_seed

FLOW_DATASETS = ("flower", "moons", "circles", "spirals")
FLOW_HIDDEN = ("tanh", "sigmoid", "relu")
#: The explorer's depth control: 1 to 6 hidden layers (2 to 7 layers in all).
FLOW_MAX_DEPTH = 6
#: The init choices besides a number (init scale × N(0, 1)): helpers.network's named schemes.
FLOW_INITS = tuple(_network.INIT_SCHEMES)
#: g'(Z[l]) below this fraction of its largest value (activations' peak_slope) counts as flat: the unit passes
#: (almost) no gradient back for that example. For tanh and sigmoid a flat slope means saturated; for relu it
#: means exactly 0: the unit is inactive (dead) for that example.
FLAT_SLOPE_THRESHOLD = 0.01
LOSS_LIMIT = 1e3  # a cost above this counts as diverged (a sigmoid output this wrong has |Z[L]| > 1000)
_FLOW_GRID = 60  # the decision boundary is evaluated on a 60 x 60 grid


def _frobenius(M):
    """‖M‖ = sqrt(sum of squares), as np.linalg.norm(M), without BLAS (whose threads cost more than the sum here)."""
    return float(np.sqrt(np.sum(M * M)))


def describe_scale(scale):
    """How the explorer names an init: 'init scale 0.5' for a number, 'xavier init' for a named scheme."""
    if isinstance(scale, str):
        return f"{scale} init"
    return f"init scale {_network.check_scale(scale):.3g}"


class FlowTrainer:
    """A network with `depth` hidden layers of n_h units (sigmoid output) on a 2-D dataset, trained one step at a
    time with helpers.network's unchecked_* functions (its inputs are checked here, once).

    `flat_fractions[l - 1]` is the share of g'(Z[l]) entries of hidden layer l below FLAT_SLOPE_THRESHOLD of the
    slope's peak (saturated units for tanh and sigmoid, inactive ones for relu); `flat_fraction` is layer 1's.
    After every step it records the cost and the size (Frobenius norm) of every backward quantity,
    dZ1 … dZL, dA1 … dA(L-1), dW1 … dWL (L = depth + 1 layers), so that `history` shows which gradient
    grows, shrinks or vanishes. A step that would produce NaN, inf or a cost above LOSS_LIMIT is not
    taken: the last good state is kept and `message` says what happened. `scale` is the weights' std,
    or "xavier" / "he" (std from each layer's fan-in, helpers.network.init_params).
    """

    def __init__(self, dataset="flower", n_h=4, hidden="tanh", scale=0.01, learning_rate=1.2, seed=1, depth=1):
        check_choice(dataset, "dataset", FLOW_DATASETS)
        self.learning_rate = check_positive_float(learning_rate, "learning_rate")
        self.seed = check_seed(seed)
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
            self.scale = _network.check_scale(scale)
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
            self.message = (f"With {describe_scale(self.scale)} the cost is NaN, inf or > {LOSS_LIMIT:g} before any "
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
            cost, cache, grads = _network.unchecked_cost_and_grads(params, self.X, self.Y, self.hidden_layers,
                                                                   "sigmoid")
            cost = float(cost)
            finite = np.isfinite(cost) and cost <= LOSS_LIMIT and all(
                np.isfinite(a).all() for a in (*params.values(), *grads.values()))
        return (cache, grads, cost) if finite else None

    def _accept(self, params, state):
        cache, grads, cost = state
        prime = _activations.ACTIVATIONS[self.hidden].prime_from_A  # g'(Z[l]) from A[l], as backward computes it
        slopes = [prime(cache[f"A{l}"]) for l in range(1, self.L)]  # (n_h, m) per hidden layer
        self.params, self.cache, self.grads, self.loss = params, cache, grads, cost
        self.norms = {key: _frobenius(grads[key]) for key in self._norm_keys()}
        self.slope_means = [float(s.mean()) for s in slopes]
        limit = FLAT_SLOPE_THRESHOLD * _activations.ACTIVATIONS[self.hidden].peak_slope
        self.flat_fractions = [float(np.mean(s < limit)) for s in slopes]  # saturated (tanh, σ) or inactive (relu)
        self.slope_mean, self.flat_fraction = self.slope_means[0], self.flat_fractions[0]  # layer 1's
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
