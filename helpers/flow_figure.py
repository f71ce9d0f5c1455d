"""The gradient-flow explorer's figure (matplotlib): FlowFigure owns its panels and draws them in cached layers.

One panel per idea, each a small class that builds its artists in __init__ and refreshes them in
update(trainer) from a helpers.flow.FlowTrainer: the computation graph (helpers.flow_graph.FlowGraph), the
weight heatmaps, the decision boundary, the cost curve, the ‖dW[l]‖ curves and the status text (the panels are in
helpers.flow_panels). Add a panel there, give it Axes in _full_axes / _compact_axes and build it in __init__ here.

The explorer redraws it on every control change, so it is drawn with matplotlib's cached backgrounds
("blitting") in three layers: what stays put (axes, ticks, formulas) is drawn once into a cached background;
what changes with the number of hidden units or the activation (shapes, names: each panel's `semi` artists)
is drawn over it into a second cache; each update restores that and draws only the `dynamic` artists (values,
curves, images). A panel's background key changes only when its axes must be redrawn (axis limits move in
coarse steps), so the caches are rarely redrawn. Text is what matplotlib draws slowest, so the per-step texts
are kept short. render_gradient_flow draws the same picture as a PNG for readers without a kernel.
"""

import contextlib
from io import BytesIO

import matplotlib
import matplotlib.image
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .flow_graph import (FLOW_COLOURS, FLOW_MAX_LAYERS, FLOW_VANISHING,  # noqa: F401 (re-exported: notebooks 04, 05)
                         FlowGraph, check_trainer, flow_layer_colours)
from .flow_panels import BoundaryPanel, CostPanel, HeatmapPanel, NormsPanel, TextPanel
from .validate import check_positive_int

_HINTING = "none"  # unhinted glyphs draw about twice as fast and look the same at 80 dpi


def _encode_png(pixels):
    """An (height, width, 4) uint8 RGBA image as PNG bytes, by matplotlib's writer (Pillow, zlib level 1).

    22 ms of CPU a frame (a hand-written encoder: 10.5 ms); the explorer stays within its latency goal (README)."""
    buffer = BytesIO()
    matplotlib.image.imsave(buffer, pixels, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


@contextlib.contextmanager
def _unhinted():
    """Draw text unhinted; set and restore this one parameter (rc_context would copy them all)."""
    hinting = matplotlib.rcParams["text.hinting"]
    matplotlib.rcParams["text.hinting"] = _HINTING
    try:
        yield
    finally:
        matplotlib.rcParams["text.hinting"] = hinting


class FlowFigure:
    """The explorer's figure: its panels, filled from a FlowTrainer by update(trainer), rendered by png().

    Full: computation graph (one node per layer); W1, dW1, W[L], dW[L]; decision boundary; cost curve;
    ‖dW[l]‖ of every layer. Compact (notebook 04): computation graph; decision boundary; ‖dW[l]‖.
    `fig`: draw into this Figure (plot_gradient_flow passes a pyplot one); default a new Figure with an Agg
    canvas that pyplot does not know, so the inline backend never shows it by itself.
    `animated=True` draws png() in cached layers (for the widget); `status=False` leaves out the top line
    (step, cost, settings): the widget shows it as text instead.
    """

    def __init__(self, compact=False, fig=None, animated=False, status=True, fontsize=12, dpi=80):
        for name, value in (("compact", compact), ("animated", animated), ("status", status)):
            if not isinstance(value, bool):
                raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
        fontsize, dpi = check_positive_int(fontsize, "fontsize"), check_positive_int(dpi, "dpi")
        if fig is None:
            fig = Figure(dpi=dpi)
            FigureCanvasAgg(fig)
        elif not isinstance(fig, Figure):
            raise TypeError(f"fig must be a matplotlib Figure or None, got {type(fig).__name__}")
        fig.set_size_inches(*((10.5, 8.0) if compact else (10.5, 11.6)))  # 840 px wide at 80 dpi
        self.fig, self.compact, self.animated = fig, compact, animated
        self.layout = self.semi_key = self.drawn_layout = self.drawn_semi = None
        self.background = self.semi_background = None
        axes = self._compact_axes(status) if compact else self._full_axes(status)
        self.heatmaps = {name: HeatmapPanel(name, ax, cax, fontsize, animated)
                         for name, ax, cax in axes.get("heatmaps", ())}
        self.cost = CostPanel(axes["cost"], fontsize, animated) if "cost" in axes else None
        self.boundary = BoundaryPanel(axes["boundary"], fontsize, animated)
        self.norms = NormsPanel(axes["norms"], fontsize, animated)
        self.graph = FlowGraph(axes["graph"], fontsize, animated)  # drawn by the first update: it needs L
        self.text = TextPanel(fig, compact, status, fontsize, animated)
        self.panels = [*self.heatmaps.values(), *([self.cost] if self.cost else []), self.boundary, self.norms,
                       self.graph, self.text]  # the drawing order of the cached layers: the message last

    def _compact_axes(self, status):
        """Notebook 04's layout: the graph above, the boundary and the norms below."""
        gs = self.fig.add_gridspec(2, 1, height_ratios=[1.75, 1], left=0.065, right=0.985,
                                   top=0.955 if status else 0.99, bottom=0.075, hspace=0.2)
        low = gs[1].subgridspec(1, 3, wspace=0.3, width_ratios=[1.1, 1.0, 0.32])
        add = self.fig.add_subplot
        return {"graph": add(gs[0]), "boundary": add(low[0]), "norms": add(low[1])}

    def _full_axes(self, status):
        """Notebook 05's layout: the graph; four heatmaps; the boundary, the cost and the norms."""
        gs = self.fig.add_gridspec(3, 1, height_ratios=[1.3, 0.9, 1.05], left=0.06, right=0.985,
                                   top=0.975 if status else 0.995, bottom=0.05, hspace=0.25)
        mid = gs[1].subgridspec(2, 9, width_ratios=[0.5, 0.05, 0.3, 0.5, 0.05, 0.45, 2.5, 0.05, 0.3],
                                wspace=0.25, hspace=1.2)
        low = gs[2].subgridspec(1, 4, wspace=0.4, width_ratios=[1.3, 0.8, 1.05, 0.32])
        add = self.fig.add_subplot
        cells = (("W1", mid[:, 0], mid[:, 1]), ("dW1", mid[:, 3], mid[:, 4]), ("Wout", mid[0, 6], mid[0, 7]),
                 ("dWout", mid[1, 6], mid[1, 7]))
        return {"graph": add(gs[0]), "heatmaps": [(name, add(cell), add(ccell)) for name, cell, ccell in cells],
                "boundary": add(low[0]), "cost": add(low[1]), "norms": add(low[2])}

    def update(self, trainer):
        """Fill every panel with the trainer's current state and history; note what the caches depend on."""
        check_trainer(trainer)
        keys = [panel.update(trainer) for panel in self.panels]
        self.layout = tuple(background for background, _ in keys)
        self.semi_key = tuple(semi for _, semi in keys)
        return self

    def _draw_layers(self):
        """Draw into the canvas: the background and the semi layer from their caches when still valid."""
        fig, canvas = self.fig, self.fig.canvas
        if self.background is None or self.layout != self.drawn_layout:
            canvas.draw()  # everything except the animated artists
            self.background = canvas.copy_from_bbox(fig.bbox)
            self.drawn_layout, self.drawn_semi = self.layout, None
        if self.semi_key != self.drawn_semi:
            canvas.restore_region(self.background)
            for artist in (a for panel in self.panels for a in panel.semi):
                fig.draw_artist(artist)
            self.semi_background = canvas.copy_from_bbox(fig.bbox)
            self.drawn_semi = self.semi_key
        else:
            canvas.restore_region(self.semi_background)
        for artist in (a for panel in self.panels for a in panel.dynamic):
            fig.draw_artist(artist)

    def png(self):
        """The figure as PNG bytes: cached layers and the changing artists when animated, else a full draw."""
        if self.layout is None:
            raise ValueError("nothing to draw yet: call update(trainer) before png()")
        with _unhinted():
            if not self.animated:
                buffer = BytesIO()
                self.fig.savefig(buffer, format="png")
                return buffer.getvalue()
            self._draw_layers()
        return _encode_png(np.asarray(self.fig.canvas.buffer_rgba()))  # RGBA as it is: dropping alpha costs more


def plot_gradient_flow(trainer, compact=False):
    """The explorer's picture of `trainer` as a pyplot figure (show it with plt.show()); returns the figure."""
    import matplotlib.pyplot as plt

    check_trainer(trainer)
    return FlowFigure(compact=compact, fig=plt.figure()).update(trainer).fig


def render_gradient_flow(trainer, compact=False, dpi=80):
    """The explorer's picture of `trainer` as PNG bytes, drawn the explorer's fast way (no pyplot).

    Show it with IPython.display.Image(...): a static picture for readers without a kernel.
    """
    check_trainer(trainer)
    return FlowFigure(compact=compact, animated=True, dpi=dpi).update(trainer).png()
