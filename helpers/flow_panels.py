"""The gradient-flow explorer's panels (matplotlib), one small class per panel, drawn by helpers.flow_figure.

Each panel builds its artists once in __init__ and refreshes them in update(trainer) from a helpers.flow.FlowTrainer;
it keeps the artists that change with the network's structure in `semi` and those that change every step in
`dynamic`, and update returns (background key, semi key): what the figure's cached layers depend on. The panels:
the weight heatmaps (HeatmapPanel), the decision boundary (BoundaryPanel), the cost curve (CostPanel), the ‖dW[l]‖
curves (NormsPanel) and the status text (TextPanel); the computation graph is helpers.flow_graph.FlowGraph.
Add a panel here, like CostPanel, and build it in FlowFigure (helpers/flow_figure.py).
"""


import contourpy  # matplotlib's own contouring library; faster than building a ContourSet
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import LogLocator, NullLocator

from .flow import describe_scale
from .flow_graph import FLOW_COLOURS, FLOW_MAX_LAYERS, flow_layer_colours
from .formatting import format_number
from .palette import WARNING_FACE, WARNING_RED, WARNING_TEXT
from .plots.style import CLASS_COLOURS, CLASS_MARKERS, CLASS_REGION_COLOURS

#: The decision boundary's shading of P(y = 1 | x): CLASS_REGION_COLOURS[0] at 0, white at 0.5, [1] at 1.
_PROBABILITY_CMAP = LinearSegmentedColormap.from_list("flow_classes",
                                                      [CLASS_REGION_COLOURS[0], "#FFFFFF", CLASS_REGION_COLOURS[1]])
#: The legend entry of the dashed curve: a mean slope, drawn on the gradient norms' log axis.
FLOW_SLOPE_LABEL = "mean g′(Z1)\n(a slope)"

def _nice_ceil(x):
    """The smallest of 1, 1.5, 2, 3, 5, 7, 10, 15, ... times a power of ten that is >= x (x > 0)."""
    power = 10.0 ** np.floor(np.log10(x))
    return next(f * power for f in (1, 1.5, 2, 3, 5, 7, 10) if f * power >= x * (1 - 1e-12))


def _sticky(old, new, keep):
    """The previous axis limits while keep(old, new) says they still fit, else the new ones: fewer redraws."""
    return old if old is not None and keep(old, new) else new


def _steps(trainer):
    """(step numbers 0..n, the x limit of the curves): the limit moves in coarse steps."""
    steps = np.arange(len(trainer.history["loss"]))
    return steps, _nice_ceil(max(50, steps[-1] * 1.02))


def _curve_axes(ax, ylabel, title, fontsize):
    """Label a curve-over-the-steps panel: the steps on x, ylabel, a title and a light grid."""
    ax.set_xlabel("step", fontsize=fontsize)
    ax.set_ylabel(ylabel, fontsize=fontsize)
    ax.set_title(title, fontsize=fontsize)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=fontsize - 1)


class _Panel:
    """A panel's artists outside the background: `semi` (change with the network's structure), `dynamic`."""

    def __init__(self, animated):
        self.animated, self.semi, self.dynamic = animated, [], []

    def _register(self, artist, layer="dynamic"):
        artist.set_animated(self.animated)
        (self.semi if layer == "semi" else self.dynamic).append(artist)
        return artist


class HeatmapPanel(_Panel):
    """W[l] or dW[l] of the first or the last layer as M / max|M| on RdBu_r, its shape in the title."""

    def __init__(self, name, ax, cax, fontsize=12, animated=False):
        super().__init__(animated)
        if name not in ("W1", "dW1", "Wout", "dWout"):
            raise ValueError(f"name must be 'W1', 'dW1', 'Wout' or 'dWout', got {name!r}")
        self.name, self.ax, self.title_key = name, ax, None
        self.image = self._register(ax.imshow(np.zeros((1, 1)), cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto",
                                              interpolation="nearest"))
        cbar = ax.figure.colorbar(self.image, cax=cax)  # no tick depends on n_h: a new n_h keeps the background
        cbar.set_ticks([-1, 0, 1], labels=["−max", "0", "+max"])
        cbar.ax.tick_params(labelsize=fontsize - 1)
        self.title = self._register(ax.set_title(name, fontsize=fontsize, pad=18), "semi")
        self.max_text = self._register(ax.text(0.5, 1.02, "", transform=ax.transAxes, fontsize=fontsize - 1,
                                               ha="center", va="bottom", color="0.25"))
        ax.set_yticks([])
        if name in ("W1", "dW1"):  # one row per unit of layer 1, one column per input
            ax.set_xticks([0, 1], ["x1", "x2"])
            ax.set_xlim(-0.5, 1.5)
            ax.set_ylabel("units of layer 1 (rows)", fontsize=fontsize - 1)
        else:  # the output layer: one row, one column per unit of the last hidden layer
            ax.set_xticks([])
            ax.set_xlabel("units of the last hidden layer (columns)", fontsize=fontsize - 1)
        ax.tick_params(labelsize=fontsize - 1)

    def update(self, trainer):
        """Show the matrix scaled to [-1, 1], its max above it and its shape in the title."""
        l = 1 if self.name.endswith("1") else trainer.L
        gradient = self.name.startswith("d")
        M = trainer.grads[f"dW{l}"] if gradient else trainer.params[f"W{l}"]  # (n[l], n[l-1])
        n_r, n_c = M.shape
        v = float(np.max(np.abs(M)))
        self.image.set_data(M / v if v > 0 else M)
        self.image.set_extent((-0.5, n_c - 0.5, n_r - 0.5, -0.5))
        self.ax.set_xlim(-0.5, n_c - 0.5)
        self.ax.set_ylim(n_r - 0.5, -0.5)
        self.max_text.set_text(f"max {format_number(v)}")
        title = f"{'d' if gradient else ''}W{l} ({n_r}, {n_c})"
        if title != self.title_key:
            self.title.set_text(title)
            self.title_key = title
        return None, title


class BoundaryPanel(_Panel):
    """The data in the course's class colours, P(y = 1 | x) shaded, its 0.5 contour and the accuracy."""

    def __init__(self, ax, fontsize=12, animated=False):
        super().__init__(animated)
        self.ax, self.dataset = ax, None
        self.probability = self._register(ax.imshow(np.zeros((2, 2)), cmap=_PROBABILITY_CMAP, vmin=0, vmax=1,
                                                    origin="lower", extent=(0, 1, 0, 1), aspect="auto",
                                                    interpolation="bilinear"))
        self.decision_line = self._register(ax.plot([], [], color="black", lw=1.6)[0])  # where P(y = 1 | x) = 0.5
        self.points = [self._register(ax.plot([], [], CLASS_MARKERS[k], ms=4, mfc=CLASS_COLOURS[k], mec="0.1",
                                              mew=0.4)[0]) for k in (0, 1)]
        # above the axes, right of the title: drawn once into the background, never covered by a point
        self.legend = ax.legend(self.points, ["y = 0", "y = 1"], loc="lower right", bbox_to_anchor=(1.0, 1.0),
                                ncol=2, frameon=False, fontsize=fontsize - 2, markerscale=1.4, borderpad=0.1,
                                borderaxespad=0.1, handletextpad=0.2, columnspacing=0.6, handlelength=0.8)
        ax.set_title("Decision boundary", fontsize=fontsize, loc="left")
        self.accuracy = self._register(ax.text(0.98, 0.02, "", transform=ax.transAxes, ha="right", va="bottom",
                                               fontsize=fontsize, bbox=dict(boxstyle="round,pad=0.25", fc="white",
                                                                            ec="0.6", alpha=0.9)))
        ax.set_xlabel("x1", fontsize=fontsize)
        ax.set_ylabel("x2", fontsize=fontsize)
        ax.tick_params(labelsize=fontsize - 1)

    def _show_dataset(self, trainer):
        """The extent and the points: they change only with the dataset (the axes' ticks with them)."""
        extent = trainer.boundary_extent
        self.probability.set_extent(extent)
        self.ax.set_xlim(extent[0], extent[1])
        self.ax.set_ylim(extent[2], extent[3])
        for label, line in enumerate(self.points):
            mine = trainer.Y[0] == label
            line.set_data(trainer.X[0, mine], trainer.X[1, mine])
        self.dataset = trainer.dataset

    def update(self, trainer):
        """P(y = 1 | x) on the trainer's coarse grid, its 0.5 contour, the accuracy."""
        if trainer.dataset != self.dataset:
            self._show_dataset(trainer)
        extent, P = trainer.boundary()
        self.probability.set_data(P)
        xs, ys = np.linspace(extent[0], extent[1], P.shape[1]), np.linspace(extent[2], extent[3], P.shape[0])
        pieces = contourpy.contour_generator(xs, ys, P, line_type="Separate").lines(0.5)  # list of (k, 2)
        gap = np.full((1, 2), np.nan)  # one Line2D draws them all, separated by NaN rows
        points = np.concatenate([part for piece in pieces for part in (piece, gap)]) if pieces else np.empty((0, 2))
        self.decision_line.set_data(points[:, 0], points[:, 1])
        self.accuracy.set_text(f"{trainer.accuracy:.0%} correct")
        return self.dataset, None


class CostPanel(_Panel):
    """The cost J over the steps, a dot at the current one."""

    def __init__(self, ax, fontsize=12, animated=False):
        super().__init__(animated)
        self.ax, self.L, self.top = ax, None, None
        (line,) = ax.plot([], [], color="black", lw=1.8, marker="o", ms=4, markevery=[-1])  # dot: now
        self.line = self._register(line)
        _curve_axes(ax, "cost J", "Cost curve", fontsize)

    def update(self, trainer):
        """The curve; the y limit moves only when the curve outgrows it or shrinks below a third of it."""
        steps, xmax = _steps(trainer)
        losses = np.asarray(trainer.history["loss"])
        self.line.set_data(steps, losses)
        if trainer.L != self.L:  # a new network: the limits start afresh, as in a new figure
            self.L, self.top = trainer.L, None
        self.top = _sticky(self.top, _nice_ceil(1.05 * float(losses.max())), lambda old, new: new <= old <= 3 * new)
        self.ax.set_xlim(-0.02 * xmax, xmax)  # a little room: the dot at step 0 is not cut in half
        self.ax.set_ylim(0, self.top)
        return (xmax, self.top), None


class NormsPanel(_Panel):
    """‖dW[l]‖ of every layer over the steps (log scale), one colour per layer, and the mean slope of layer 1."""

    def __init__(self, ax, fontsize=12, animated=False):
        super().__init__(animated)
        self.ax, self.fontsize, self.L, self.range = ax, fontsize, None, None
        self.lines = [self._register(ax.plot([], [], lw=2.2, marker="o", ms=4, markevery=[-1])[0])  # dot: now
                      for _ in range(FLOW_MAX_LAYERS)]  # one curve per layer; those beyond L stay empty
        self.slope = self._register(ax.plot([], [], color=FLOW_COLOURS["slope"], ls="--", lw=1.6, marker="o", ms=4,
                                            markevery=[-1])[0])
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(numticks=6))
        ax.yaxis.set_minor_locator(NullLocator())
        _curve_axes(ax, "size (log scale)", "‖dW[l]‖ per layer", fontsize)

    def _set_layers(self, L):
        """Colour the first L curves by layer, hide the rest, and list them in the legend (a new background)."""
        colours = flow_layer_colours(L)
        for l, line in enumerate(self.lines, 1):
            line.set_visible(l <= L)
            if l <= L:
                line.set_color(colours[l - 1])
        self.ax.legend(self.lines[:L][::-1] + [self.slope], [f"‖dW{l}‖" for l in range(L, 0, -1)] + [FLOW_SLOPE_LABEL],
                       fontsize=self.fontsize - 1, loc="upper left", bbox_to_anchor=(1.01, 1.02), frameon=False,
                       handlelength=1.4, borderaxespad=0.2)
        self.L, self.range = L, None  # a new network: the limits start afresh, as in a new figure

    def update(self, trainer):
        """The curves; the decades shown grow when needed and shrink only when many are unused."""
        if trainer.L != self.L:
            self._set_layers(trainer.L)
        steps, xmax = _steps(trainer)
        floor = 1e-30  # an exactly-zero gradient (all relu units inactive) is drawn at the floor
        curves = [np.maximum(trainer.history[f"dW{l}"], floor) for l in range(1, self.L + 1)]
        curves.append(np.maximum(trainer.history["slope"], floor))
        for line, values in zip([*self.lines[:self.L], self.slope], curves):
            line.set_data(steps, values)
        values = np.concatenate(curves)
        needed = (np.floor(np.log10(values.min())) - 0.3, np.ceil(np.log10(values.max())) + 0.3)
        spare = 3 if self.L <= 3 else 8  # deep networks span many decades: a new scale must not redraw the background
        self.range = _sticky(self.range, needed, lambda old, new: old[0] <= new[0] and new[1] <= old[1]
                             and (new[0] - old[0]) + (old[1] - new[1]) <= spare)  # at most `spare` unused decades
        self.ax.set_xlim(-0.02 * xmax, xmax)
        self.ax.set_ylim(10.0 ** self.range[0], 10.0 ** self.range[1])
        return (xmax, self.L, self.range), None


class TextPanel(_Panel):
    """The status line (step, cost, settings) at the top and the trainer's message, if any, over the middle."""

    def __init__(self, fig, compact=False, status=True, fontsize=12, animated=False):
        super().__init__(animated)
        self.status = self._register(fig.text(0.06, 0.997, "", fontsize=fontsize + 1, va="top", ha="left",
                                              visible=status))
        self.message = self._register(fig.text(0.5, 0.6 if compact else 0.7, "", fontsize=fontsize + 2,
                                               ha="center", va="center", color=WARNING_TEXT, visible=False, zorder=10,
                                               bbox=dict(boxstyle="round,pad=0.8", fc=WARNING_FACE, ec=WARNING_RED,
                                                         lw=2)))

    def update(self, trainer):
        """Where training is, and what went wrong if anything did."""
        scale = describe_scale(trainer.scale)
        self.status.set_text(f"step {trainer.step_count}  ·  cost J = {trainer.loss:.4f}  ·  {trainer.dataset}, "
                             f"{trainer.L - 1} × {trainer.n_h} {trainer.hidden} units, {scale}, "
                             f"learning rate {trainer.learning_rate:.3g}")
        self.message.set_text(trainer.message)
        self.message.set_visible(bool(trainer.message))
        return None, None
