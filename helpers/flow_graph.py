"""The gradient-flow explorer's computation graph, and the look its figure shares (matplotlib).

FlowGraph draws an L-layer network into one Axes, one node per layer, and sizes its backward arrows by the
gradients of a helpers.flow.FlowTrainer; flow_edge_labels says which of them vanish. The explorer's colours
(FLOW_COLOURS, flow_layer_colours), its vanishing threshold are defined here (its numbers are printed by formatting.format_number)
because the graph needs them first; helpers.flow_figure, which lays out every panel, re-exports them.
"""

import numbers

import matplotlib
import numpy as np
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .flow import FLOW_MAX_DEPTH
from .formatting import format_number, format_share
from .palette import WARNING_RED
from .validate import check_positive_int

#: Grey for the forward pass and for the mean slope curve; the layers get flow_layer_colours(L).
FLOW_COLOURS = {"slope": "0.3", "forward": "0.62"}
#: Layers are coloured along viridis (sequential, colour-blind safe, dark purple = layer 1): no hue of the
#: class colours (vermillion, blue), so a layer is never mistaken for a class.
FLOW_LAYER_CMAP = "viridis"
FLOW_VANISHING = 0.01  # a ‖dW[l]‖ below 1 % of the largest ‖dW‖, or ‖dZ[l]‖ below 1 % of ‖dA[l]‖: flagged
FLOW_MAX_LAYERS = FLOW_MAX_DEPTH + 1  # the explorer's deepest network: its hidden layers and the output layer
_ARROW_CMAP = matplotlib.colormaps["magma_r"]  # pale and thin = small gradient, dark and thick = large
#: Arrow thickness shows a gradient's size relative to the biggest of its kind, on a log scale
#: from 1/1000 to 1: the per-example signals dZ, dA against each other, the dW against each other.
_LOG_RANGE = (-3.0, 0.0)
# The graph's rows (y in data units): parameter boxes, the nodes, the backward arrows; its width.
_PARAM, _PARAM_H, _ROW, _ROW_H, _BACK = 5.25, 0.62, 3.4, 1.2, 1.15
_XMAX = 13.0
_BOX = "round,pad=0.04,rounding_size=0.15"
_VANISHING_RED = WARNING_RED
_CAPTION = ("← backward (coloured, right to left): thicker and darker = bigger than the others of its kind (dZ and "
            "dA;\n    the dW). Under a hidden node: ‖dZ[l]‖ = ‖dA[l] ⊙ g′(Z[l])‖ and the share of ‖dA[l]‖ it keeps. "
            "In the node\n    and its grey fill: the share of g′(Z[l]) saturated (sat., < 1 % of its peak; relu: "
            "inactive, 0).\n    Red: vanishing (it keeps < 1 %, or a ‖dW[l]‖ < 1 % of the largest).")
#: What the explorer's drawing reads from a trainer (helpers.flow.FlowTrainer).
_TRAINER_ATTRIBUTES = ("norms", "history", "params", "grads", "X", "Y", "hidden", "dataset", "boundary", "L",
                       "flat_fractions")


def check_layers(L):
    """L, a number of layers the explorer can draw (1 to FLOW_MAX_LAYERS), or a TypeError / ValueError."""
    L = check_positive_int(L, "L")
    if L > FLOW_MAX_LAYERS:
        raise ValueError(f"L must be between 1 and {FLOW_MAX_LAYERS} layers, got {L}")
    return L


def check_trainer(trainer):
    """trainer itself, or a TypeError unless it looks like a helpers.flow.FlowTrainer."""
    missing = [name for name in _TRAINER_ATTRIBUTES if not hasattr(trainer, name)]
    if missing:
        raise TypeError(f"trainer must be a helpers.flow.FlowTrainer, got {type(trainer).__name__} "
                        f"(it has no {', '.join(missing)})")
    return trainer


def flow_layer_colours(L):
    """The colours of layers 1..L (L = 1..7) in the explorer's figures, as hex strings: viridis, dark to light."""
    L = check_layers(L)
    cmap = matplotlib.colormaps[FLOW_LAYER_CMAP]
    return tuple(to_hex(cmap(t)) for t in np.linspace(0.0, 0.75, max(L, 2))[:L])  # up to green: no pale yellow


def arrow_style(ratio):
    """(linewidth, head size, colour) of an arrow whose gradient is `ratio` (0 to 1) times the biggest of its kind."""
    if isinstance(ratio, bool) or not isinstance(ratio, (numbers.Real, np.floating)):
        raise TypeError(f"ratio must be a number >= 0 (a gradient's size over the biggest), got {ratio!r}")
    if not ratio >= 0:
        raise ValueError(f"ratio must be a number >= 0 (a gradient's size over the biggest), got {ratio!r}")
    lo, hi = _LOG_RANGE
    t = float(np.clip((np.log10(max(float(ratio), 1e-300)) - lo) / (hi - lo), 0.0, 1.0))
    return 1.0 + 7.0 * t, 12 + 16 * t, _ARROW_CMAP(0.15 + 0.8 * t)


def flow_graph_nodes(L):
    """The graph's nodes for an L-layer network, left to right: [(name, x centre, box width)], X … layer L, loss."""
    L = check_layers(L)
    slot = min(3.0, (_XMAX - 0.1) / (L + 1.4))  # X and the loss get 0.7 of a layer's slot: layers get more room
    width = 0.84 * slot
    nodes = [("X", 0.05 + 0.35 * slot, 0.6 * slot)]
    nodes += [(f"A{l}", 0.05 + (0.7 + (l - 0.5)) * slot, width) for l in range(1, L + 1)]
    nodes.append(("L", 0.05 + (L + 1.05) * slot, 0.6 * slot))
    if L + 1.4 < (_XMAX - 0.1) / 3.0:  # few layers: centre the graph
        shift = (_XMAX - (0.1 + (L + 1.4) * slot)) / 2
        nodes = [(name, x + shift, w) for name, x, w in nodes]
    return nodes


def _edge_rows(trainer):
    """flow_edge_labels' rows, each with the number alone as the graph draws it (its name is drawn once)."""
    norms, L = trainer.norms, trainer.L
    chain_keys = [f"dZ{L}", *(k for l in range(L - 1, 0, -1) for k in (f"dA{l}", f"dZ{l}"))]
    weight_keys = [f"dW{l}" for l in range(L, 0, -1)]
    chain = max(norms[k] for k in chain_keys) or 1.0
    biggest = max(norms[k] for k in weight_keys) or 1.0
    rows = []
    for key in chain_keys + weight_keys:
        value = norms[key]
        number = format_number(value)
        text, shown, vanishing = f"‖{key}‖ = {number}", number, False
        if key.startswith("dZ") and key != f"dZ{L}":
            into = norms["dA" + key[2:]]
            gain = value / into if into > 0 else 1.0
            vanishing = gain < FLOW_VANISHING
            kept = format_share(gain)
            text, shown = f"{text}\nkeeps {kept}×", f"{number}\n{kept}×"
        elif key.startswith("dW"):
            vanishing = value < FLOW_VANISHING * biggest
        rows.append((key, text, value / (biggest if key.startswith("dW") else chain), vanishing, shown))
    return rows


def flow_edge_labels(trainer):
    """Per backward edge: (key, label, size relative to the biggest of its kind, vanishing?).

    The edges: dZ[L] (loss to layer L), dA[l] (layer l+1 to layer l), dZ[l] (inside hidden layer l, with the
    share of ‖dA[l]‖ it keeps) and dW[l] (layer l up to W[l]). Flagged: a dZ[l] that keeps less than
    FLOW_VANISHING of ‖dA[l]‖ (saturated, or for relu inactive), a ‖dW[l]‖ below FLOW_VANISHING of the largest.
    """
    check_trainer(trainer)
    return [row[:4] for row in _edge_rows(trainer)]


class FlowGraph:
    """The computation graph in one Axes: nodes, forward edges, backward arrows and their numbers.

    It owns its artists, in two layers for cached drawing: `semi` (they change with the network's shapes or how
    flat its slopes are) and `dynamic` (every step). update(trainer) redraws the graph when the number of layers
    changes and returns (background key, semi key): what the cached background and the semi layer depend on.
    """

    def __init__(self, ax, fontsize=12, animated=False):
        self.ax, self.fontsize, self.animated = ax, check_positive_int(fontsize, "fontsize"), animated
        self.L = None

    def _register(self, artist, layer):
        """Keep an artist that is not part of the background in its layer ("semi" or "dynamic")."""
        artist.set_animated(self.animated)
        (self.semi if layer == "semi" else self.dynamic).append(artist)
        return artist

    def _draw(self, L):
        """Clear the Axes and draw the graph of an L-layer network."""
        ax = self.ax
        ax.clear()
        ax.set_xlim(0, _XMAX)
        ax.set_ylim(-1.5, 6.15)
        ax.set_axis_off()
        self.L, self.semi, self.dynamic = L, [], []
        self.node_text, self.node_box, self.arrows, self.edge_values = {}, {}, {}, {}
        self.dataset = self.semi_key = None
        nodes = flow_graph_nodes(L)
        self._draw_nodes(nodes)
        x_of = {name: (x, w) for name, x, w in nodes}
        for l in range(1, L + 1):
            self._draw_parameter(l, *x_of[f"A{l}"])
        for l in range(L, 0, -1):
            self._draw_backward(l, x_of)
        ax.text(0.02, 6.13, "forward pass → (grey): from the input X through every layer to the cost J",
                fontsize=self.fontsize, color="0.35", va="top")
        ax.text(0.02, -1.48, _CAPTION, fontsize=self.fontsize - 1, va="bottom", linespacing=1.3)

    def _draw_nodes(self, nodes):
        """The node boxes with their texts, and the thin grey forward edges between them."""
        ax, L = self.ax, self.L
        for name, x, w in nodes:
            patch = ax.add_patch(FancyBboxPatch((x - w / 2, _ROW - _ROW_H / 2), w, _ROW_H, boxstyle=_BOX,
                                                fc="#F4F4F4", ec="0.35", lw=1.2))
            if name.startswith("A") and name != f"A{L}":  # a hidden node's fill shows how flat its slopes are
                self.node_box[name] = self._register(patch, "semi")  # registered first: drawn under its text
            size = self.fontsize - 1 if L > 4 else self.fontsize  # narrow nodes: the smaller size
            text = ax.text(x, _ROW, "J\ncost" if name == "L" else "", ha="center", va="center", fontsize=size,
                           linespacing=1.2)
            self.node_text[name] = text if name in ("X", "L") else self._register(text, "semi")  # X: the dataset's
        for (_, xa, wa), (_, xb, wb) in zip(nodes, nodes[1:]):  # forward edges, left to right, thin grey
            ax.add_patch(FancyArrowPatch((xa + wa / 2 + 0.04, _ROW), (xb - wb / 2 - 0.04, _ROW), arrowstyle="-|>",
                                         mutation_scale=12, color=FLOW_COLOURS["forward"], lw=1.4))

    def _draw_parameter(self, l, x, w):
        """W[l]'s box above layer l: the forward edge down (grey), the dW[l] arrow up with its number."""
        ax, small = self.ax, self.fontsize - 1
        pw = min(1.9, 0.95 * w)
        ax.add_patch(FancyBboxPatch((x - pw / 2, _PARAM - _PARAM_H / 2), pw, _PARAM_H, boxstyle=_BOX, fc="#FFFFFF",
                                    ec=flow_layer_colours(self.L)[l - 1], lw=3))
        text = ax.text(x, _PARAM, f"W{l}", ha="center", va="center", fontsize=small)
        self.node_text[f"W{l}"] = text if self.L > 4 else self._register(text, "semi")  # shapes if there is room
        bottom, top = _ROW + _ROW_H / 2 + 0.03, _PARAM - _PARAM_H / 2 - 0.03
        ax.add_patch(FancyArrowPatch((x - 0.22 * w, top), (x - 0.22 * w, bottom), arrowstyle="-|>",
                                     mutation_scale=12, color=FLOW_COLOURS["forward"], lw=1.4))
        self.arrows[f"dW{l}"] = self._register(ax.add_patch(FancyArrowPatch(
            (x + 0.08 * w, bottom), (x + 0.08 * w, top), arrowstyle="-|>", shrinkA=0, shrinkB=0,
            mutation_scale=14)), "dynamic")
        ax.text(x + 0.08 * w + 0.3, (bottom + top) / 2 + 0.02, f"‖dW{l}‖", fontsize=small, ha="left", va="bottom")
        self.edge_values[f"dW{l}"] = self._register(ax.text(x + 0.08 * w + 0.3, (bottom + top) / 2 - 0.02, "",
                                                            fontsize=small, ha="left", va="top"), "dynamic")

    def _draw_backward(self, l, x_of):
        """The backward arrow into layer l (dZ[L] from the loss, else dA[l]), and dZ[l] under a hidden node."""
        ax, L, small = self.ax, self.L, self.fontsize - 1
        key = f"dZ{L}" if l == L else f"dA{l}"
        formula = f"A{L} − Y" if l == L else f"W{l + 1}ᵀ dZ{l + 1}"
        formula = f"{key} = {formula}" if L <= 4 else formula
        (xs, _), (xd, _) = x_of["L" if l == L else f"A{l + 1}"], x_of[f"A{l}"]
        middle = (xs + xd) / 2
        ax.text(middle, _BACK + 0.42, formula, fontsize=small, color="0.3", ha="center", va="center")
        self.arrows[key] = self._register(ax.add_patch(FancyArrowPatch(
            (xs - 0.12, _BACK), (xd + 0.12, _BACK), arrowstyle="-|>", shrinkA=0, shrinkB=0, mutation_scale=14)),
            "dynamic")
        # the names are drawn once (background), only the numbers on every step: text is what costs most
        ax.text(middle, _BACK - 0.22, f"‖{key}‖", fontsize=small, ha="center", va="top")
        self.edge_values[key] = self._register(ax.text(middle, _BACK - 0.6, "", fontsize=small, ha="center",
                                                       va="top"), "dynamic")
        if l < L:  # inside hidden layer l: dZ[l] = dA[l] ⊙ g'(Z[l]), written under its node
            x, y = xd, _ROW - _ROW_H / 2 - 0.1
            ax.text(x - 0.04, y, f"‖dZ{l}‖\nkeeps", fontsize=small, ha="right", va="top", linespacing=1.1)
            self.edge_values[f"dZ{l}"] = self._register(ax.text(x + 0.02, y, "", fontsize=small, ha="left",
                                                                va="top", linespacing=1.1), "dynamic")

    def update(self, trainer):
        """Show the trainer's state: shapes, flat shares, gradient sizes; return (background key, semi key)."""
        check_trainer(trainer)
        if trainer.L != self.L:
            self._draw(trainer.L)
        if trainer.dataset != self.dataset:
            n_x, m = trainer.X.shape
            self.node_text["X"].set_text(f"X\n({n_x}, {m})")  # in the background: redrawn with the dataset
            self.dataset = trainer.dataset
        self._update_structure(trainer)
        for key, _, ratio, vanishing, shown in _edge_rows(trainer):
            label = self.edge_values[key]
            label.set_text(shown)
            label.set_color(_VANISHING_RED if vanishing else "black")
            label.set_fontweight("bold" if vanishing else "normal")
            if key in self.arrows:
                lw, head, colour = arrow_style(ratio)
                self.arrows[key].set_linewidth(lw)
                self.arrows[key].set_mutation_scale(head)
                self.arrows[key].set_color(colour)
        return (self.L, self.dataset), self.semi_key

    def _update_structure(self, trainer):
        """The node and parameter labels and the flat-slope shades (the semi layer), when they change."""
        L, m = trainer.L, trainer.X.shape[1]
        sizes = [trainer.X.shape[0]] + [trainer.params[f"W{l}"].shape[0] for l in range(1, L + 1)]
        shades = tuple(round(s, 1) for s in trainer.flat_fractions)  # steps of 10 %: rarely redrawn
        semi_key = (L, tuple(sizes), trainer.hidden, shades, trainer.dataset)
        if semi_key == self.semi_key:
            return
        relu, short = trainer.hidden == "relu", L > 4  # narrow nodes: 'A3: tanh' for A3 = tanh(Z3)
        label = ("inact." if relu else "sat.") if short else ("inactive" if relu else "saturated")
        for l in range(1, L + 1):
            g = "σ" if l == L or trainer.hidden == "sigmoid" else trainer.hidden
            name = f"A{l}: {g}" if short else f"A{l} = {g}(Z{l})"
            state = f"\n≈{shades[l - 1]:.0%} {label}" if l < L else ""  # to 10 %, as the fill: rarely redrawn
            self.node_text[f"A{l}"].set_text(f"{name}\n({sizes[l]}, {m}){state}")
            if not short:
                self.node_text[f"W{l}"].set_text(f"W{l} ({sizes[l]}, {sizes[l - 1]})")
        for l, shade in enumerate(shades, 1):  # black text stays readable on the darkest grey
            self.node_box[f"A{l}"].set_facecolor(matplotlib.colormaps["Greys"](0.03 + 0.4 * shade))
        self.semi_key = semi_key
