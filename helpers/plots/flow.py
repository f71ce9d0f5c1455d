"""The gradient-flow explorer's figure (notebook 05): built once, updated in place, rendered fast as a PNG.

Moved verbatim from the former helpers/plots.py; issue 14's explorer follow-up replaces it with a module of its own.
"""

# One figure, built once and then updated in place. For the widget it is drawn like an animation
# ("blitting") in three layers: what stays put (axes, ticks, formulas) is drawn once into a cached
# background; what changes with the number of hidden units or the activation (shapes, names) is
# drawn over it into a second cache; each update restores that and draws only the artists that
# change on every step (values, curves, images). Axis limits move in coarse steps, so the caches
# are rarely redrawn. Text is what matplotlib draws slowest, so the per-step texts are kept short.
# Then the pixels are written as a PNG by a small encoder (no filter, zlib level 1), three times
# faster than savefig's. `gradient_flow_figure` builds the figure, `update_gradient_flow` fills it
# from a helpers.flow.FlowTrainer, `gradient_flow_png` renders it, `plot_gradient_flow` draws the
# same picture statically (for readers without a kernel).

import numbers
import struct
import zlib
from io import BytesIO

import contourpy  # matplotlib's own contouring library; faster than building a ContourSet
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, to_hex
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.ticker import LogLocator, NullLocator

from ..flow import FLOW_MAX_DEPTH
from ..validate import check_positive_int
from .style import CLASS_COLOURS, CLASS_MARKERS, CLASS_REGION_COLOURS

#: Grey for the forward pass and for the mean slope curve; the layers get flow_layer_colours(L).
FLOW_COLOURS = {"slope": "0.3", "forward": "0.62"}
#: Layers are coloured along viridis (sequential, colour-blind safe, dark purple = layer 1): no hue of
#: CLASS_COLOURS (vermillion, blue), so a layer is never mistaken for a class.
FLOW_LAYER_CMAP = "viridis"
#: The decision boundary's shading of P(y = 1 | x): CLASS_REGION_COLOURS[0] at 0, white at 0.5, [1] at 1.
_FLOW_PROBABILITY_CMAP = LinearSegmentedColormap.from_list(
    "flow_classes", [CLASS_REGION_COLOURS[0], "#FFFFFF", CLASS_REGION_COLOURS[1]])
_FLOW_ARROW_CMAP = plt.get_cmap("magma_r")  # pale and thin = small gradient, dark and thick = large
#: Arrow thickness shows a gradient's size relative to the biggest of its kind, on a log scale
#: from 1/1000 to 1: the per-example signals dZ, dA against each other, the dW against each other.
_FLOW_LOG_RANGE = (-3.0, 0.0)
FLOW_VANISHING = 0.01  # a ‖dW[l]‖ below 1 % of the largest ‖dW‖, or ‖dZ[l]‖ below 1 % of ‖dA[l]‖: flagged
#: The legend entry of the dashed curve: a mean slope, drawn on the gradient norms' log axis.
FLOW_SLOPE_LABEL = "mean g′(Z1)\n(a slope)"
FLOW_MAX_LAYERS = FLOW_MAX_DEPTH + 1  # the explorer's deepest network: its hidden layers and the output layer
# The graph's rows (y in data units): parameter boxes, the nodes, the backward arrows.
_FLOW_PARAM, _FLOW_PARAM_H, _FLOW_ROW, _FLOW_ROW_H, _FLOW_BACK = 5.25, 0.62, 3.4, 1.2, 1.15
_FLOW_XMAX = 13.0
_FLOW_HINTING = "none"  # unhinted glyphs draw about twice as fast and look the same at 80 dpi


def flow_number(x):
    """A norm for a label: 3 significant digits, scientific notation when tiny or huge."""
    if isinstance(x, bool) or not isinstance(x, (numbers.Real, np.floating)):
        raise TypeError(f"x must be a real number, got {type(x).__name__} {x!r}")
    x = float(x)
    if not np.isfinite(x):
        return str(x)
    return f"{x:.3g}" if x == 0 or 1e-2 <= abs(x) < 1e4 else f"{x:.1e}"


def _check_flow_L(L):
    """L, a number of layers the explorer can draw (1 to FLOW_MAX_LAYERS)."""
    L = check_positive_int(L, "L")
    if L > FLOW_MAX_LAYERS:
        raise ValueError(f"L must be between 1 and {FLOW_MAX_LAYERS} layers, got {L}")
    return L


def flow_layer_colours(L):
    """The colours of layers 1..L (L = 1..7) in the explorer's figures, as hex strings: viridis, dark to light."""
    L = _check_flow_L(L)
    cmap = plt.get_cmap(FLOW_LAYER_CMAP)
    return tuple(to_hex(cmap(t)) for t in np.linspace(0.0, 0.75, max(L, 2))[:L])  # up to green: no pale yellow


def _flow_arrow_style(ratio):
    """(linewidth, head size, colour) of an arrow whose gradient is `ratio` times the biggest of its kind."""
    lo, hi = _FLOW_LOG_RANGE
    t = float(np.clip((np.log10(max(float(ratio), 1e-300)) - lo) / (hi - lo), 0.0, 1.0))
    return 1.0 + 7.0 * t, 12 + 16 * t, _FLOW_ARROW_CMAP(0.15 + 0.8 * t)


def _nice_ceil(x):
    """The smallest of 1, 1.5, 2, 3, 5, 7, 10, 15, ... times a power of ten that is >= x (x > 0)."""
    power = 10.0 ** np.floor(np.log10(x))
    return next(f * power for f in (1, 1.5, 2, 3, 5, 7, 10) if f * power >= x * (1 - 1e-12))


def _animated(h, artist, layer="dynamic"):
    """Register an artist that is not part of the background: layer "semi" (changes with the network's
    structure or its saturation) or "dynamic" (changes on every step)."""
    artist.set_animated(h["animated"])
    h[layer].append(artist)
    return artist


def flow_graph_nodes(L):
    """The graph's nodes for an L-layer network, left to right: [(name, x centre, box width)], X … layer L, loss."""
    L = _check_flow_L(L)
    slot = min(3.0, (_FLOW_XMAX - 0.1) / (L + 1.4))  # X and the loss get 0.7 of a layer's slot: layers get more room
    width = 0.84 * slot
    nodes = [("X", 0.05 + 0.35 * slot, 0.6 * slot)]
    nodes += [(f"A{l}", 0.05 + (0.7 + (l - 0.5)) * slot, width) for l in range(1, L + 1)]
    nodes.append(("L", 0.05 + (L + 1.05) * slot, 0.6 * slot))
    if L + 1.4 < (_FLOW_XMAX - 0.1) / 3.0:  # few layers: centre the graph
        shift = (_FLOW_XMAX - (0.1 + (L + 1.4) * slot)) / 2
        nodes = [(name, x + shift, w) for name, x, w in nodes]
    return nodes


def _draw_flow_graph(h, ax, L, fontsize):
    """Draw the computation graph of an L-layer network, one node per layer; keep in h what updates change."""
    ax.set_xlim(0, _FLOW_XMAX)
    ax.set_ylim(-1.5, 6.15)
    ax.set_axis_off()
    grey, colours = FLOW_COLOURS["forward"], flow_layer_colours(L)
    nodes = flow_graph_nodes(L)
    h["node_text"], h["node_box"], h["arrows"], h["edge_values"] = {}, {}, {}, {}
    small = fontsize - 1
    for name, x, w in nodes:
        hidden = name.startswith("A") and name != f"A{L}"
        patch = ax.add_patch(FancyBboxPatch((x - w / 2, _FLOW_ROW - _FLOW_ROW_H / 2), w, _FLOW_ROW_H,
                                            boxstyle="round,pad=0.04,rounding_size=0.15", fc="#F4F4F4",
                                            ec="0.35", lw=1.2))
        if hidden:  # its fill shows how saturated (tanh, sigmoid) or inactive (relu) the layer is
            h["node_box"][name] = _animated(h, patch, "semi")  # registered first: drawn under its text
        size = small if L > 4 else fontsize  # narrow nodes: the smaller size
        text = ax.text(x, _FLOW_ROW, "J\ncost" if name == "L" else "", ha="center", va="center", fontsize=size,
                       linespacing=1.2)
        h["node_text"][name] = text if name in ("X", "L") else _animated(h, text, "semi")  # X: with the dataset
    for (_, xa, wa), (_, xb, wb) in zip(nodes, nodes[1:]):  # forward edges, left to right, thin grey
        ax.add_patch(FancyArrowPatch((xa + wa / 2 + 0.04, _FLOW_ROW), (xb - wb / 2 - 0.04, _FLOW_ROW),
                                     arrowstyle="-|>", mutation_scale=12, color=grey, lw=1.4))
    x_of = {name: (x, w) for name, x, w in nodes}
    for l in range(1, L + 1):  # the parameters above each layer: forward down (grey), dW up (coloured)
        x, w = x_of[f"A{l}"]
        pw = min(1.9, 0.95 * w)
        ax.add_patch(FancyBboxPatch((x - pw / 2, _FLOW_PARAM - _FLOW_PARAM_H / 2), pw, _FLOW_PARAM_H,
                                    boxstyle="round,pad=0.04,rounding_size=0.15", fc="#FFFFFF", ec=colours[l - 1],
                                    lw=3))
        text = ax.text(x, _FLOW_PARAM, f"W{l}", ha="center", va="center", fontsize=small)
        h["node_text"][f"W{l}"] = text if L > 4 else _animated(h, text, "semi")  # shapes only when there is room
        bottom, top = _FLOW_ROW + _FLOW_ROW_H / 2 + 0.03, _FLOW_PARAM - _FLOW_PARAM_H / 2 - 0.03
        ax.add_patch(FancyArrowPatch((x - 0.22 * w, top), (x - 0.22 * w, bottom), arrowstyle="-|>",
                                     mutation_scale=12, color=grey, lw=1.4))
        h["arrows"][f"dW{l}"] = _animated(h, ax.add_patch(FancyArrowPatch(
            (x + 0.08 * w, bottom), (x + 0.08 * w, top), arrowstyle="-|>", shrinkA=0, shrinkB=0, mutation_scale=14)))
        ax.text(x + 0.08 * w + 0.3, (bottom + top) / 2 + 0.02, f"‖dW{l}‖", fontsize=small, ha="left", va="bottom")
        h["edge_values"][f"dW{l}"] = _animated(h, ax.text(x + 0.08 * w + 0.3, (bottom + top) / 2 - 0.02, "",
                                                          fontsize=small, ha="left", va="top"))
    for l in range(L, 0, -1):  # backward along the row, right to left, under the nodes
        src = "L" if l == L else f"A{l + 1}"
        key = f"dZ{L}" if l == L else f"dA{l}"
        formula = f"A{L} − Y" if l == L else f"W{l + 1}ᵀ dZ{l + 1}"
        if L <= 4:
            formula = f"{key} = {formula}"
        (xs, _), (xd, _) = x_of[src], x_of[f"A{l}"]
        start, end = (xs - 0.12, _FLOW_BACK), (xd + 0.12, _FLOW_BACK)
        middle = (xs + xd) / 2
        ax.text(middle, _FLOW_BACK + 0.42, formula, fontsize=small, color="0.3", ha="center", va="center")
        h["arrows"][key] = _animated(h, ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", shrinkA=0,
                                                                     shrinkB=0, mutation_scale=14)))
        # the names are drawn once (background), only the numbers on every step: text is what costs most
        ax.text(middle, _FLOW_BACK - 0.22, f"‖{key}‖", fontsize=small, ha="center", va="top")
        h["edge_values"][key] = _animated(h, ax.text(middle, _FLOW_BACK - 0.6, "", fontsize=small, ha="center",
                                                     va="top"))
        if l < L:  # inside hidden layer l: dZ[l] = dA[l] ⊙ g'(Z[l]), written under its node
            x, _ = x_of[f"A{l}"]
            y = _FLOW_ROW - _FLOW_ROW_H / 2 - 0.1
            ax.text(x - 0.04, y, f"‖dZ{l}‖\nkeeps", fontsize=small, ha="right", va="top", linespacing=1.1)
            h["edge_values"][f"dZ{l}"] = _animated(h, ax.text(x + 0.02, y, "", fontsize=small, ha="left", va="top",
                                                              linespacing=1.1))
    ax.text(0.02, 6.13, "forward pass → (grey): from the input X through every layer to the cost J",
            fontsize=fontsize, color="0.35", va="top")
    caption = ("← backward (coloured, right to left): thicker and darker = bigger than the others of its kind (dZ and "
               "dA;\n    the dW). Under a hidden node: ‖dZ[l]‖ = ‖dA[l] ⊙ g′(Z[l])‖ and the share of ‖dA[l]‖ it keeps. In "
               "the node\n    and its grey fill: the share of g′(Z[l]) saturated (sat., < 1 % of its peak; relu: "
               "inactive, 0).\n    Red: vanishing (it keeps < 1 %, or a ‖dW[l]‖ < 1 % of the largest).")
    ax.text(0.02, -1.48, caption, fontsize=small, va="bottom", linespacing=1.3)
    h["graph_L"] = L


def _heatmap_axes(h, key, ax, cax, fontsize):
    """An empty heatmap on RdBu_r, colour bar from -max to +max; the title (shape, max) is set on update.

    No tick depends on n_h, so a new number of hidden units needs no new background.
    """
    im = _animated(h, ax.imshow(np.zeros((1, 1)), cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto",
                                interpolation="nearest"))
    cbar = h["fig"].colorbar(im, cax=cax)
    cbar.set_ticks([-1, 0, 1], labels=["−max", "0", "+max"])
    cbar.ax.tick_params(labelsize=fontsize - 1)
    h["im_" + key], h["ax_" + key] = im, ax
    h["title_" + key] = _animated(h, ax.set_title(key, fontsize=fontsize, pad=18), "semi")
    h["max_" + key] = _animated(h, ax.text(0.5, 1.02, "", transform=ax.transAxes, fontsize=fontsize - 1,
                                           ha="center", va="bottom", color="0.25"))
    ax.set_yticks([])
    if key in ("W1", "dW1"):  # one row per unit of layer 1, one column per input
        ax.set_xticks([0, 1], ["x1", "x2"])
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylabel("units of layer 1 (rows)", fontsize=fontsize - 1)
    else:  # the output layer: one row, one column per unit of the last hidden layer
        ax.set_xticks([])
        ax.set_xlabel("units of the last hidden layer (columns)", fontsize=fontsize - 1)
    ax.tick_params(labelsize=fontsize - 1)


def gradient_flow_figure(compact=False, fig=None, animated=False, status=True, fontsize=12):
    """Build the explorer's (empty) figure; return (fig, handles) for update_gradient_flow.

    Full: computation graph (one node per layer); W1, dW1, W[L], dW[L]; decision boundary; cost curve;
    ‖dW[l]‖ of every layer. Compact (notebook 04): computation graph; decision boundary; ‖dW[l]‖.
    `fig`: draw into this Figure (the widget passes one that pyplot does not know); default plt.figure.
    `animated=True` marks the changing artists for gradient_flow_png's cached-background drawing.
    `status=False` leaves out the top line (step, cost, settings): the widget shows it as text instead.
    The graph is drawn by the first update_gradient_flow, which knows the number of layers.
    """
    for name, value in (("compact", compact), ("animated", animated), ("status", status)):
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    fontsize = check_positive_int(fontsize, "fontsize")
    size = (10.5, 8.0) if compact else (10.5, 11.6)  # 840 px at the explorer's 80 dpi: 100 % in a 1280-px window
    if fig is None:
        fig = plt.figure(figsize=size)
    else:
        fig.set_size_inches(*size)
    h = {"fig": fig, "compact": compact, "animated": animated, "semi": [], "dynamic": [], "fontsize": fontsize,
         "layout": None, "drawn_layout": None, "background": None, "semi_key": None, "drawn_semi": None,
         "semi_background": None, "static_key": None, "graph_L": None}
    if compact:
        gs = fig.add_gridspec(2, 1, height_ratios=[1.75, 1], left=0.065, right=0.985,
                              top=0.955 if status else 0.99, bottom=0.075, hspace=0.2)
        low = gs[1].subgridspec(1, 3, wspace=0.25, width_ratios=[1.1, 1.0, 0.32])
        h["graph"], h["boundary"], h["norms"] = (fig.add_subplot(gs[0]), fig.add_subplot(low[0]),
                                                 fig.add_subplot(low[1]))
    else:
        gs = fig.add_gridspec(3, 1, height_ratios=[1.3, 0.9, 1.05], left=0.06, right=0.985,
                              top=0.975 if status else 0.995, bottom=0.05, hspace=0.25)
        h["graph"] = fig.add_subplot(gs[0])
        mid = gs[1].subgridspec(2, 9, width_ratios=[0.5, 0.05, 0.3, 0.5, 0.05, 0.45, 2.5, 0.05, 0.3],
                                wspace=0.25, hspace=1.2)
        for key, cell, ccell in (("W1", mid[:, 0], mid[:, 1]), ("dW1", mid[:, 3], mid[:, 4]),
                                 ("Wout", mid[0, 6], mid[0, 7]), ("dWout", mid[1, 6], mid[1, 7])):
            _heatmap_axes(h, key, fig.add_subplot(cell), fig.add_subplot(ccell), fontsize)
        low = gs[2].subgridspec(1, 4, wspace=0.32, width_ratios=[1.3, 0.8, 1.05, 0.32])
        h["boundary"], h["loss"], h["norms"] = (fig.add_subplot(low[0]), fig.add_subplot(low[1]),
                                                fig.add_subplot(low[2]))
        ax = h["loss"]
        (line,) = ax.plot([], [], color="black", lw=1.8, marker="o", ms=4, markevery=[-1])  # dot: now
        h["loss_line"] = _animated(h, line)
        ax.set_xlabel("step", fontsize=fontsize)
        ax.set_ylabel("cost J", fontsize=fontsize)
        ax.set_title("Cost curve", fontsize=fontsize)
        ax.grid(alpha=0.3)
    ax = h["boundary"]
    h["probability"] = _animated(h, ax.imshow(np.zeros((2, 2)), cmap=_FLOW_PROBABILITY_CMAP, vmin=0, vmax=1,
                                              origin="lower", extent=(0, 1, 0, 1), aspect="auto",
                                              interpolation="bilinear"))
    h["decision_line"] = _animated(h, ax.plot([], [], color="black", lw=1.6)[0])  # where P(y = 1 | x) = 0.5
    h["points"] = [_animated(h, ax.plot([], [], CLASS_MARKERS[k], ms=4, mfc=CLASS_COLOURS[k], mec="0.1",
                                        mew=0.4)[0]) for k in (0, 1)]  # the course's class colours
    # above the axes, right of the title: drawn once into the background, never covered by a point
    h["legend"] = ax.legend(h["points"], ["y = 0", "y = 1"], loc="lower right", bbox_to_anchor=(1.0, 1.0),
                            ncol=2, frameon=False, fontsize=fontsize - 2, markerscale=1.4, borderpad=0.1,
                            borderaxespad=0.1, handletextpad=0.2, columnspacing=0.6, handlelength=0.8)
    ax.set_title("Decision boundary", fontsize=fontsize, loc="left")
    h["accuracy"] = _animated(h, ax.text(0.98, 0.02, "", transform=ax.transAxes, ha="right", va="bottom",
                                         fontsize=fontsize, bbox=dict(boxstyle="round,pad=0.25", fc="white",
                                                                      ec="0.6", alpha=0.9)))
    ax.set_xlabel("x1", fontsize=fontsize)
    ax.set_ylabel("x2", fontsize=fontsize)
    ax = h["norms"]
    for l in range(1, FLOW_MAX_LAYERS + 1):  # one curve per layer; those beyond L stay empty
        (line,) = ax.plot([], [], lw=2.2, marker="o", ms=4, markevery=[-1])  # the dot marks the current step
        h[f"norm_dW{l}"] = _animated(h, line)
    (line,) = ax.plot([], [], color=FLOW_COLOURS["slope"], ls="--", lw=1.6, marker="o", ms=4, markevery=[-1])
    h["norm_slope"] = _animated(h, line)
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(numticks=6))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("step", fontsize=fontsize)
    ax.set_title("‖dW[l]‖ per layer (log scale)", fontsize=fontsize)
    ax.grid(alpha=0.3)
    for ax in (h["boundary"], h["norms"], h.get("loss")):
        if ax is not None:
            ax.tick_params(labelsize=fontsize - 1)
    h["status"] = _animated(h, fig.text(0.06, 0.997, "", fontsize=fontsize + 1, va="top", ha="left",
                                        visible=status))
    h["message"] = _animated(h, fig.text(0.5, 0.6 if compact else 0.7, "", fontsize=fontsize + 2,
                                         ha="center", va="center", color="#7A0000", visible=False, zorder=10,
                                         bbox=dict(boxstyle="round,pad=0.8", fc="#FFF0F0", ec="#B00000", lw=2)))
    return fig, h


def _set_layers(h, L):
    """Draw the graph for L layers and give the norm curves their colours and legend (a new background)."""
    ax = h["graph"]
    if h["graph_L"] is not None:  # forget the old graph's artists, then clear it
        h["semi"] = [a for a in h["semi"] if a.axes is not ax]
        h["dynamic"] = [a for a in h["dynamic"] if a.axes is not ax]
        ax.clear()
    _draw_flow_graph(h, ax, L, h["fontsize"])
    h.pop("norm_range", None)  # a new network: the axis limits start afresh, as in a new figure
    h.pop("loss_top", None)
    colours = flow_layer_colours(L)
    lines = []
    for l in range(1, FLOW_MAX_LAYERS + 1):
        line = h[f"norm_dW{l}"]
        line.set_visible(l <= L)
        if l <= L:
            line.set_color(colours[l - 1])
            lines.append(line)
    h["norms"].legend(lines[::-1] + [h["norm_slope"]], [f"‖dW{l}‖" for l in range(L, 0, -1)] + [FLOW_SLOPE_LABEL],
                      fontsize=h["fontsize"] - 1, loc="upper left", bbox_to_anchor=(1.01, 1.02), frameon=False,
                      handlelength=1.4, borderaxespad=0.2)


#: What the gradient-flow drawing reads from a trainer (helpers.flow.FlowTrainer).
_TRAINER_ATTRIBUTES = ("norms", "history", "params", "X", "Y", "hidden", "dataset", "boundary", "L",
                       "saturated_fractions")


def _check_trainer(trainer):
    """Raise TypeError unless trainer looks like a helpers.flow.FlowTrainer."""
    missing = [name for name in _TRAINER_ATTRIBUTES if not hasattr(trainer, name)]
    if missing:
        raise TypeError(f"trainer must be a helpers.flow.FlowTrainer, got {type(trainer).__name__} "
                        f"(it has no {', '.join(missing)})")


def _check_handles(h):
    """Raise TypeError unless h is the handles dict of gradient_flow_figure."""
    if not isinstance(h, dict) or not {"fig", "graph", "boundary", "norms"} <= set(h):
        raise TypeError(f"h must be the handles dict that gradient_flow_figure returns (fig, h), "
                        f"got {type(h).__name__}")


def _flow_edge_rows(trainer):
    """flow_edge_labels' rows, each with the number alone as the figure draws it (its name is drawn once)."""
    norms, L = trainer.norms, trainer.L
    chain_keys = [f"dZ{L}", *(k for l in range(L - 1, 0, -1) for k in (f"dA{l}", f"dZ{l}"))]
    weight_keys = [f"dW{l}" for l in range(L, 0, -1)]
    chain = max(norms[k] for k in chain_keys) or 1.0
    biggest = max(norms[k] for k in weight_keys) or 1.0
    rows = []
    for key in chain_keys + weight_keys:
        value = norms[key]
        number = flow_number(value)
        vanishing = False
        if key.startswith("dZ") and key != f"dZ{L}":
            into = norms["dA" + key[2:]]
            gain = value / into if into > 0 else 1.0
            vanishing = gain < FLOW_VANISHING
            kept = f"{gain:.2f}" if gain >= 0.01 else f"{gain:.1e}"
            text, shown = f"‖{key}‖ = {number}\nkeeps {kept}×", f"{number}\n{kept}×"
        elif key.startswith("dW"):
            vanishing = value < FLOW_VANISHING * biggest
            text, shown = f"‖{key}‖ = {number}", number
        else:
            text, shown = f"‖{key}‖ = {number}", number
        rows.append((key, text, value / (biggest if key.startswith("dW") else chain), vanishing, shown))
    return rows


def flow_edge_labels(trainer):
    """Per backward edge: (key, label, size relative to the biggest of its kind, vanishing?).

    The edges: dZ[L] (loss to layer L), dA[l] (layer l+1 to layer l), dZ[l] (inside hidden layer l, with the
    share of ‖dA[l]‖ it keeps) and dW[l] (layer l up to W[l]). Flagged: a dZ[l] that keeps less than
    FLOW_VANISHING of ‖dA[l]‖ (saturated, or for relu inactive), a ‖dW[l]‖ below FLOW_VANISHING of the largest.
    """
    _check_trainer(trainer)
    return [row[:4] for row in _flow_edge_rows(trainer)]


def _update_flow_dataset(h, trainer):
    """What changes only with the dataset (drawn into the background, redrawn when the dataset changes)."""
    extent = trainer.boundary_extent
    h["probability"].set_extent(extent)
    h["boundary"].set_xlim(extent[0], extent[1])
    h["boundary"].set_ylim(extent[2], extent[3])
    for label, line in enumerate(h["points"]):
        mine = trainer.Y[0] == label
        line.set_data(trainer.X[0, mine], trainer.X[1, mine])
    n_x, m = trainer.X.shape
    h["node_text"]["X"].set_text(f"X\n({n_x}, {m})")


def _update_flow_structure(h, trainer):
    """The node and parameter labels, the saturation shades (the "semi" layer)."""
    L, m, n_x = trainer.L, trainer.X.shape[1], trainer.X.shape[0]
    sizes = [n_x] + [trainer.params[f"W{l}"].shape[0] for l in range(1, L + 1)]
    shades = tuple(round(s, 1) for s in trainer.saturated_fractions)  # steps of 10 %: rarely redrawn
    semi_key = (L, tuple(sizes), trainer.hidden, shades, trainer.dataset)
    if semi_key == h["semi_key"]:
        return
    short = L > 4  # narrow nodes: 'A3: tanh' for A3 = tanh(Z3)
    word = "inactive" if trainer.hidden == "relu" else "saturated"
    for l in range(1, L + 1):
        g = "σ" if l == L or trainer.hidden == "sigmoid" else trainer.hidden
        name = f"A{l}: {g}" if short else f"A{l} = {g}(Z{l})"
        label = ("inact." if trainer.hidden == "relu" else "sat.") if short else word
        state = f"\n≈{shades[l - 1]:.0%} {label}" if l < L else ""  # to 10 %, as the fill: rarely redrawn
        h["node_text"][f"A{l}"].set_text(f"{name}\n({sizes[l]}, {m}){state}")
        if not short:
            h["node_text"][f"W{l}"].set_text(f"W{l} ({sizes[l]}, {sizes[l - 1]})")
    for l, shade in enumerate(shades, 1):
        h["node_box"][f"A{l}"].set_facecolor(plt.get_cmap("Greys")(0.03 + 0.4 * shade))  # black text stays readable
    if not h["compact"]:
        for key, l in (("W1", 1), ("dW1", 1), ("Wout", L), ("dWout", L)):
            d = "d" if key.startswith("d") else ""
            h["title_" + key].set_text(f"{d}W{l} ({sizes[l]}, {sizes[l - 1]})")
    h["semi_key"] = semi_key


def update_gradient_flow(h, trainer):
    """Fill the figure from gradient_flow_figure with the trainer's current state and history."""
    _check_handles(h)
    _check_trainer(trainer)
    hist, L = trainer.history, trainer.L
    if L != h["graph_L"]:
        _set_layers(h, L)
        h["semi_key"] = h["static_key"] = None  # the new graph's X node shows the dataset's shape
    if trainer.dataset != h["static_key"]:
        _update_flow_dataset(h, trainer)
        h["static_key"] = trainer.dataset
    # --- graph: shapes, saturation per hidden layer, gradient sizes on the backward edges
    _update_flow_structure(h, trainer)
    for key, _, ratio, vanishing, shown in _flow_edge_rows(trainer):
        label = h["edge_values"][key]
        label.set_text(shown)
        label.set_color("#B00000" if vanishing else "black")
        label.set_fontweight("bold" if vanishing else "normal")
        if key in h["arrows"]:
            lw, head, colour = _flow_arrow_style(ratio)
            arrow = h["arrows"][key]
            arrow.set_linewidth(lw)
            arrow.set_mutation_scale(head)
            arrow.set_color(colour)
    # --- weights and their gradients, first and last layer: M / max|M| on [-1, 1], max written above
    if not h["compact"]:
        for key, M in (("W1", trainer.params["W1"]), ("dW1", trainer.grads["dW1"]),
                       ("Wout", trainer.params[f"W{L}"]), ("dWout", trainer.grads[f"dW{L}"])):
            n_r, n_c = M.shape
            v = float(np.max(np.abs(M)))
            h["im_" + key].set_data(M / v if v > 0 else M)
            h["im_" + key].set_extent((-0.5, n_c - 0.5, n_r - 0.5, -0.5))
            h["ax_" + key].set_xlim(-0.5, n_c - 0.5)
            h["ax_" + key].set_ylim(n_r - 0.5, -0.5)
            h["max_" + key].set_text(f"max {flow_number(v)}")
    # --- decision boundary: P(y = 1 | x) on a coarse grid, its 0.5 contour, the data
    extent, P = trainer.boundary()
    h["probability"].set_data(P)
    xs, ys = np.linspace(extent[0], extent[1], P.shape[1]), np.linspace(extent[2], extent[3], P.shape[0])
    pieces = contourpy.contour_generator(xs, ys, P, line_type="Separate").lines(0.5)  # list of (k, 2)
    gap = np.full((1, 2), np.nan)  # one Line2D draws them all, separated by NaN rows
    points = np.concatenate([part for piece in pieces for part in (piece, gap)]) if pieces else np.empty((0, 2))
    h["decision_line"].set_data(points[:, 0], points[:, 1])
    h["accuracy"].set_text(f"{trainer.accuracy:.0%} correct")
    # --- curves over the steps; limits move in coarse steps so the cached background stays valid
    steps = np.arange(len(hist["loss"]))
    xmax = _nice_ceil(max(50, steps[-1] * 1.02))
    layout = [trainer.dataset, xmax, L]
    if not h["compact"]:
        losses = np.asarray(hist["loss"])
        h["loss_line"].set_data(steps, losses)
        top = _sticky(h, "loss_top", _nice_ceil(1.05 * float(losses.max())), lambda old, new: new <= old <= 3 * new)
        h["loss"].set_xlim(-0.02 * xmax, xmax)  # a little room: the dot at step 0 is not cut in half
        h["loss"].set_ylim(0, top)
        layout.append(top)
    floor = 1e-30  # an exactly-zero gradient (all relu units inactive) is drawn at the floor
    curves = {key: np.maximum(hist[key], floor) for key in (*(f"dW{l}" for l in range(1, L + 1)), "slope")}
    for key, values in curves.items():
        h["norm_" + key].set_data(steps, values)
    values = np.concatenate(list(curves.values()))
    needed = (np.floor(np.log10(values.min())) - 0.3, np.ceil(np.log10(values.max())) + 0.3)
    spare = 3 if L <= 3 else 8  # deep networks span many decades: a new scale must not redraw the background
    low, high = _sticky(h, "norm_range", needed, lambda old, new: old[0] <= new[0] and new[1] <= old[1]
                        and (new[0] - old[0]) + (old[1] - new[1]) <= spare)  # at most `spare` unused decades
    h["norms"].set_xlim(-0.02 * xmax, xmax)
    h["norms"].set_ylim(10.0 ** low, 10.0 ** high)
    layout.append((low, high))
    h["layout"] = tuple(layout)
    # --- text: where we are, and what went wrong if anything did
    scale = trainer.scale if isinstance(trainer.scale, str) else f"init scale {trainer.scale:.3g}"
    h["status"].set_text(f"step {trainer.step_count}  ·  cost J = {trainer.loss:.4f}  ·  {trainer.dataset}, "
                         f"{L - 1} × {trainer.n_h} {trainer.hidden} units, {scale}, "
                         f"learning rate {trainer.learning_rate:.3g}")
    h["message"].set_text(trainer.message)
    h["message"].set_visible(bool(trainer.message))


def _sticky(h, key, new, keep):
    """Keep the previous axis limits when keep(old, new) says they still fit: fewer background redraws."""
    old = h.get(key)
    if old is None or not keep(old, new):
        h[key] = new
    return h[key]


def _png_bytes(pixels):
    """Encode an (height, width, 3 or 4) uint8 image as RGB or RGBA PNG: filter 'none', zlib level 1 (fast, lossless)."""
    height, width, channels = pixels.shape
    rows = np.zeros((height, channels * width + 1), dtype=np.uint8)  # each row starts with its filter byte, 0
    rows[:, 1:] = pixels.reshape(height, -1)

    def chunk(tag, body):
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6 if channels == 4 else 2, 0, 0, 0)  # 8-bit RGBA / RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
            + chunk(b"IEND", b""))


def gradient_flow_png(h):
    """Render the figure to PNG bytes: cached background + changing artists when animated, else a full draw."""
    _check_handles(h)
    fig = h["fig"]
    hinting = plt.rcParams["text.hinting"]  # set and restore this one parameter: rc_context copies them all
    plt.rcParams["text.hinting"] = _FLOW_HINTING
    try:
        if not h["animated"]:
            buffer = BytesIO()
            fig.savefig(buffer, format="png")
            return buffer.getvalue()
        canvas = fig.canvas
        if h["background"] is None or h["layout"] != h["drawn_layout"]:
            canvas.draw()  # everything except the animated artists
            h["background"] = canvas.copy_from_bbox(fig.bbox)
            h["drawn_layout"], h["drawn_semi"] = h["layout"], None
        if h["semi_key"] != h["drawn_semi"]:
            canvas.restore_region(h["background"])
            for artist in h["semi"]:
                fig.draw_artist(artist)
            h["semi_background"] = canvas.copy_from_bbox(fig.bbox)
            h["drawn_semi"] = h["semi_key"]
        else:
            canvas.restore_region(h["semi_background"])
        for artist in h["dynamic"]:
            fig.draw_artist(artist)
    finally:
        plt.rcParams["text.hinting"] = hinting
    return _png_bytes(np.asarray(canvas.buffer_rgba()))  # RGBA as it is: slicing off alpha costs more than it saves


def plot_gradient_flow(trainer, compact=False):
    """The explorer's picture of `trainer` as a pyplot figure (show it with plt.show()); returns the figure."""
    _check_trainer(trainer)
    fig, h = gradient_flow_figure(compact=compact)
    update_gradient_flow(h, trainer)
    return fig


def render_gradient_flow(trainer, compact=False, dpi=80):
    """The explorer's picture of `trainer` as PNG bytes, drawn the explorer's fast way (no pyplot).

    Show it with IPython.display.Image(...): a static picture for readers without a kernel.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _check_trainer(trainer)
    fig = Figure(dpi=check_positive_int(dpi, "dpi"))
    FigureCanvasAgg(fig)
    _, h = gradient_flow_figure(compact=compact, fig=fig, animated=True)
    update_gradient_flow(h, trainer)
    return gradient_flow_png(h)
