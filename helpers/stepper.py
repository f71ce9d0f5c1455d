"""The forward and backward pass as a sequence of edges, with the numbers that flow along each (numpy only).

`backprop_edges(params, X, Y, convention)` runs a network with tanh hidden layers and a sigmoid
output with cross-entropy (the course's 2-layer network; any number of layers L, from the keys
W1, b1, ..., WL, bL) and returns one `Edge` per step: its formula, the matrices that go in and the
one that comes out, which of notebook 01's four products it is, which factor is transposed and the
shape argument for it. The column convention (X is (n_x, m), Z = W A + b) and the row convention
(X is (m, n_x), Z = A W + b, every array transposed) give the same numbers, transposed.

`edge_html` and `sequence_html` render edges as HTML (tables of numbers with their shapes, and a
small SVG graph of the network with the edge's arrays highlighted); `helpers.stepper_widget` wires
them to buttons. Everything here is importable without ipywidgets.
"""

import html
from collections import namedtuple

import numpy as np

from .formatting import shape_str
from .palette import OKABE_ITO
from .validate import as_float_array, check_choice
from .activations import sigmoid, tanh

__all__ = ["Edge", "CONVENTIONS", "PRODUCTS", "backprop_edges", "edge_html", "graph_svg", "sequence_html"]

CONVENTIONS = ("column", "row")

#: The products of notebook 01 (and the two other operations a backward pass uses), as the stepper names them.
PRODUCTS = {
    "matmul": "matrix product (@): sums the shared inner index",
    "outer": "matrix product (@) = a sum of m outer products, one per example",
    "hadamard": "Hadamard product ⊙ (numpy *): entry by entry, sums nothing",
    "elementwise": "an element-wise function: entry by entry",
    "sum": "a sum over the examples (= dZ times a column of ones), keepdims",
    "difference": "an element-wise difference",
}

#: One step of the pass. operands and result: (name, array); product: a key of PRODUCTS; transposed: '' or a name.
Edge = namedtuple("Edge", ["phase", "layer", "formula", "operands", "result", "product", "transposed", "why"])


def _sizes_names(L):
    """Names of the layer sizes n[0..L]: n_x, n_h, n_y for two layers, else n_x, n_1, ..., n_y."""
    if L == 2:
        return ["n_x", "n_h", "n_y"]
    return ["n_x"] + [f"n_{l}" for l in range(1, L)] + ["n_y"]


def _check_params(params, X, Y):
    """L, and the arrays validated (column convention shapes)."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict with W1, b1, W2, b2, ..., got {type(params).__name__}")
    L = 0
    while f"W{L + 1}" in params:
        L += 1
    if L < 1:
        raise ValueError(f"params must hold W1, b1, ... ; got keys {sorted(params)}")
    X = as_float_array(X, "X", ndim=2)
    Y = as_float_array(Y, "Y", ndim=2)
    arrays, rows = {}, X.shape[0]
    for l in range(1, L + 1):
        W = as_float_array(params[f"W{l}"], f"W{l}", ndim=2)
        b = as_float_array(params.get(f"b{l}"), f"b{l}", ndim=2)
        if W.shape[1] != rows:
            raise ValueError(f"W{l} has shape {shape_str(W.shape)} but its input has {rows} rows "
                             f"(column convention: W{l} is (n[{l}], n[{l - 1}]))")
        if b.shape != (W.shape[0], 1):
            raise ValueError(f"b{l} has shape {shape_str(b.shape)}, expected {shape_str((W.shape[0], 1))}")
        arrays[f"W{l}"], arrays[f"b{l}"], rows = W, b, W.shape[0]
    if Y.shape != (rows, X.shape[1]):
        raise ValueError(f"Y has shape {shape_str(Y.shape)}, expected {shape_str((rows, X.shape[1]))} = (n_y, m)")
    return L, arrays, X, Y


class _Convention:
    """How the chosen convention shows a layer: names, shapes and arrays (row: every array transposed)."""

    def __init__(self, convention, L):
        self.name, self.col, self.n = convention, convention == "column", _sizes_names(L)

    def T(self, array):
        """The array as the convention shows it."""
        return array if self.col else array.T

    def ordered(self, factors):
        """Factors in the order the convention's formula writes them (the row convention reverses a product)."""
        return factors if self.col else factors[::-1]

    def shape(self, l):
        """'(n_h, m)' for layer l's activations."""
        return f"({self.n[l]}, m)" if self.col else f"(m, {self.n[l]})"

    def w_shape(self, l):
        """'(n_y, n_h)' for W[l]."""
        return f"({self.n[l]}, {self.n[l - 1]})" if self.col else f"({self.n[l - 1]}, {self.n[l]})"


def _input_name(l):
    """What layer l reads: X for the first layer, A[l-1] after it."""
    return "X" if l == 1 else f"A{l - 1}"


def _forward_edges(c, l, L, W, b, A_prev):
    """Layer l's two forward edges, Z = W A + b and A = g(Z), and A."""
    n, prev = c.n, _input_name(l)
    Z = W @ A_prev + b  # (n_l, m)
    formula = f"Z{l} = W{l} {prev} + b{l}" if c.col else f"Z{l} = {prev} W{l} + b{l}"
    why = (f"W{l} is {c.w_shape(l)} and {prev} is {c.shape(l - 1)}: the inner size {n[l - 1]} is shared and "
           f"summed, so no transpose is needed; entry (i, k) is a dot product of "
           + (f"row i of W{l} with column k of {prev}" if c.col else f"row i of {prev} with column k of W{l}")
           + f". b{l} is added to every example (broadcast).")
    linear = Edge("forward", l, formula, c.ordered([(f"W{l}", c.T(W)), (prev, c.T(A_prev))]) + [(f"b{l}", c.T(b))],
                  (f"Z{l}", c.T(Z)), "matmul", "", why)
    hidden = l < L
    A = tanh(Z) if hidden else sigmoid(Z)  # (n_l, m)
    g = "tanh" if hidden else "σ"
    activation = Edge("forward", l, f"A{l} = {g}(Z{l})", [(f"Z{l}", c.T(Z))], (f"A{l}", c.T(A)), "elementwise", "",
                      f"{g} acts on each entry alone, so A{l} has Z{l}'s shape {c.shape(l)}.")
    return [linear, activation], A


def _output_edge(c, L, A, Y):
    """The backward pass's first edge, dZ[L] = A[L] - Y (sigmoid and cross-entropy fused), and dZ[L]."""
    dZ = A - Y  # (n_y, m), per example
    return Edge("backward", L, f"dZ{L} = A{L} - Y", [(f"A{L}", c.T(A)), ("Y", c.T(Y))], (f"dZ{L}", c.T(dZ)),
                "difference", "", "sigmoid and cross-entropy fused: dL/dZ = A - Y for each example; no 1/m here, "
                "it comes where the examples are summed."), dZ


def _parameter_edges(c, l, dZ, A_prev):
    """Layer l's gradient edges: dW = dZ A_prevᵀ / m and db = the sum of dZ over the examples / m."""
    n, prev, m = c.n, _input_name(l), dZ.shape[1]
    dW = dZ @ A_prev.T / m  # (n_l, n_{l-1})
    if c.col:
        product, sizes = f"dZ{l} {prev}ᵀ", f"({n[l]}, m)(m, {n[l - 1]})"
        operands = f"dZ{l} is {c.shape(l)} and {prev} is {c.shape(l - 1)}"
    else:
        product, sizes = f"{prev}ᵀ dZ{l}", f"({n[l - 1]}, m)(m, {n[l]})"
        operands = f"{prev} is {c.shape(l - 1)} and dZ{l} is {c.shape(l)}"
    why = (f"dW{l} must have W{l}'s shape {c.w_shape(l)}. {operands}: only {product}, {sizes}, has it. The shared m "
           f"(the examples) is summed, so {prev} is transposed to put m between the factors; / m averages over the "
           f"examples.")
    weight = Edge("backward", l, f"dW{l} = {product} / m", c.ordered([(f"dZ{l}", c.T(dZ)), (prev, c.T(A_prev))]),
                  (f"dW{l}", c.T(dW)), "outer", prev, why)
    db = dZ.sum(axis=1, keepdims=True) / m  # (n_l, 1)
    axis = 1 if c.col else 0
    bias = Edge("backward", l, f"db{l} = np.sum(dZ{l}, axis={axis}, keepdims=True) / m", [(f"dZ{l}", c.T(dZ))],
                (f"db{l}", c.T(db)), "sum", "",
                f"b{l} was added to every example, so its gradient adds up every example's dZ{l} "
                f"(axis {axis} is the examples' axis in the {c.name} convention), / m for the mean; "
                f"keepdims keeps b{l}'s shape {shape_str(c.T(db).shape)}.")
    return [weight, bias]


def _hidden_edges(c, l, W, dZ, A_prev):
    """The edges back into hidden layer l-1: dA = Wᵀ dZ and dZ[l-1] = dA ⊙ tanh'(Z[l-1]), and dZ[l-1]."""
    n, k = c.n, l - 1
    dA = W.T @ dZ  # (n_{l-1}, m)
    if c.col:
        product, sizes = f"W{l}ᵀ dZ{l}", f"({n[k]}, {n[l]})({n[l]}, m)"
        operands = f"W{l} is {c.w_shape(l)} and dZ{l} is {c.shape(l)}"
    else:
        product, sizes = f"dZ{l} W{l}ᵀ", f"(m, {n[l]})({n[l]}, {n[k]})"
        operands = f"dZ{l} is {c.shape(l)} and W{l} is {c.w_shape(l)}"
    why = (f"dA{k} must have A{k}'s shape {c.shape(k)}. {operands}: {product}, {sizes}, conforms. The sum runs over "
           f"the {n[l]} units that A{k} feeds, the shared index, so W{l} is transposed to put it between the factors.")
    into = Edge("backward", l, f"dA{k} = {product}", c.ordered([(f"W{l}", c.T(W)), (f"dZ{l}", c.T(dZ))]),
                (f"dA{k}", c.T(dA)), "matmul", f"W{l}", why)
    slope = 1 - A_prev ** 2  # tanh'(Z) = 1 - A^2
    dZ_prev = dA * slope  # (n_{l-1}, m)
    through = Edge("backward", k, f"dZ{k} = dA{k} ⊙ (1 - A{k}²)", [(f"dA{k}", c.T(dA)), (f"1 - A{k}²", c.T(slope))],
                   (f"dZ{k}", c.T(dZ_prev)), "hadamard", "",
                   f"tanh acts entry by entry, so its Jacobian is diagonal, and a diagonal matrix times a vector is a "
                   f"Hadamard product: tanh'(Z) = 1 - A² multiplies each entry of dA{k}. Both are {c.shape(k)}.")
    return [into, through], dZ_prev


def backprop_edges(params, X, Y, convention="column"):
    """Forward then backward pass as a list of Edges (tanh hidden layers, sigmoid + cross-entropy output)."""
    check_choice(convention, "convention", CONVENTIONS)
    L, P, X, Y = _check_params(params, X, Y)
    c = _Convention(convention, L)
    A, edges = {0: X}, []
    for l in range(1, L + 1):
        layer, A[l] = _forward_edges(c, l, L, P[f"W{l}"], P[f"b{l}"], A[l - 1])
        edges += layer
    output, dZ = _output_edge(c, L, A[L], Y)
    edges.append(output)
    for l in range(L, 0, -1):
        edges += _parameter_edges(c, l, dZ, A[l - 1])
        if l > 1:
            layer, dZ = _hidden_edges(c, l, P[f"W{l}"], dZ, A[l - 1])
            edges += layer
    return edges


# ---------------------------------------------------------------- HTML


def _number(x):
    """An entry to 2 decimals, never '-0.00'."""
    return f"{round(float(x), 2) + 0.0:.2f}"


def _matrix_html(label, arr, role):
    """A matrix as an HTML table with its name and shape; role: 'in' or 'out' (its colour)."""
    arr = np.atleast_2d(arr)
    cell = '<td style="padding:1px 6px;text-align:right">'
    rows = "".join("<tr>" + "".join(f"{cell}{_number(x)}</td>" for x in row) + "</tr>" for row in arr)
    colour = OKABE_ITO["blue"] if role == "out" else OKABE_ITO["orange"]
    return (f'<div class="bp-matrix" style="display:inline-block;vertical-align:top;margin:4px 10px 4px 0">'
            f'<div style="font-weight:bold;color:{colour}">{html.escape(label)} '
            f'<span style="font-weight:normal;color:#333">{shape_str(arr.shape)}</span></div>'
            f'<table style="border-collapse:collapse;font-family:monospace;font-size:12px;'
            f'border-left:2px solid {colour};border-right:2px solid {colour}">{rows}</table></div>')


def _node(label):
    """The graph node an array belongs to: dW2 -> W2, dZ2 -> Z2, 1 - A1² -> A1."""
    label = label.replace("1 - ", "").replace("²", "")
    return label[1:] if label.startswith("d") and len(label) > 1 and label[1] in "WZAb" else label


def graph_svg(L, edge=None, uid="0"):
    """The network as a small SVG graph: X → Z1 → A1 → ... → AL → L, with W and b feeding each Z."""
    if isinstance(L, bool) or not isinstance(L, (int, np.integer)) or not 1 <= L <= 10:
        raise ValueError(f"L must be the number of layers, an int from 1 to 10, got {L!r}")
    if edge is not None and not isinstance(edge, Edge):
        raise TypeError(f"edge must be an Edge from backprop_edges or None, got {type(edge).__name__}")
    if not isinstance(uid, str) or not uid.replace("-", "").isalnum():
        raise ValueError(f"uid must be a string of letters, digits and '-', got {uid!r}")
    nodes = ["X"] + [f"{k}{l}" for l in range(1, L + 1) for k in ("Z", "A")] + ["cost"]
    inputs = {node for node, _ in (edge.operands if edge else [])}
    ins = {_node(x) for x in inputs}
    out = _node(edge.result[0]) if edge else None
    parts, x0, dx = [], 30, 86
    width = x0 + dx * (len(nodes) - 1) + 40
    for k in range(len(nodes) - 1):
        x = x0 + dx * k
        parts.append(f'<line x1="{x + 20}" y1="70" x2="{x + dx - 20}" y2="70" stroke="#888" stroke-width="1.5" '
                     f'marker-end="url(#bp-arrow-{uid})"/>')
    for k, node in enumerate(nodes):
        x = x0 + dx * k
        parts.append(_svg_node(x, 70, node, node == out, node in ins))
        if node.startswith("Z"):
            l = node[1:]
            for j, p in enumerate((f"W{l}", f"b{l}")):
                px = x - 18 + 36 * j
                parts.append(f'<line x1="{px}" y1="36" x2="{x - 6 + 12 * j}" y2="52" stroke="#888" '
                             f'stroke-width="1.2" marker-end="url(#bp-arrow-{uid})"/>')
                parts.append(_svg_node(px, 22, p, p == out, p in ins, small=True))
    direction = "" if edge is None else ("→ forward" if edge.phase == "forward" else "← backward")
    return (f'<svg class="bp-graph" width="{width}" height="100" viewBox="0 0 {width} 100" '
            f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
            f'<defs><marker id="bp-arrow-{uid}" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
            f'<path d="M0,0 L8,4 L0,8 z" fill="#888"/></marker></defs>{"".join(parts)}'
            f'<text x="{width - 10}" y="96" text-anchor="end" font-size="12" fill="#333">{direction}</text></svg>')


def _svg_node(x, y, label, is_out, is_in, small=False):
    """One node: blue if it is what the edge computes, orange if it goes in, grey otherwise."""
    fill = OKABE_ITO["blue"] if is_out else OKABE_ITO["orange"] if is_in else "#eeeeee"
    text = "white" if is_out else "black"
    r = 14 if small else 18
    return (f'<circle cx="{x}" cy="{y}" r="{r}" fill="{fill}" stroke="#555"/>'
            f'<text x="{x}" y="{y + 4}" text-anchor="middle" font-size="{11 if small else 12}" fill="{text}">'
            f'{html.escape(label)}</text>')


def edge_html(edges, k, convention="column"):
    """The HTML of edge k of a sequence: header, graph, formula, product, transpose and why, the matrices."""
    if not isinstance(edges, list) or not edges or not all(isinstance(e, Edge) for e in edges):
        raise TypeError("edges must be the non-empty list of Edges backprop_edges returns")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < len(edges):
        raise ValueError(f"k must be an int from 0 to {len(edges) - 1}, got {k!r}")
    check_choice(convention, "convention", CONVENTIONS)
    e = edges[k]
    L = max(x.layer for x in edges)
    transposed = (f"<b>{html.escape(e.transposed)} is transposed</b>: " if e.transposed else
                  "<b>No transpose</b>: ")
    matrices = "".join(_matrix_html(lbl, arr, "in") for lbl, arr in e.operands) + \
        '<div style="display:inline-block;vertical-align:middle;font-size:22px;margin:0 10px">→</div>' + \
        _matrix_html(e.result[0], e.result[1], "out")
    return (f'<div class="bp-edge" style="font-family:sans-serif;font-size:14px;line-height:1.4">'
            f'<div class="bp-header" style="color:#333">Step {k + 1} of {len(edges)} · {e.phase} · layer {e.layer}'
            f' · {convention} convention</div>{graph_svg(L, e, f"{convention}-{k}")}'
            f'<div class="bp-formula" style="font-family:monospace;font-size:17px;margin:4px 0">'
            f'{html.escape(e.formula)}</div>'
            f'<div class="bp-product"><b>Product:</b> {html.escape(PRODUCTS[e.product])}</div>'
            f'<div class="bp-why">{transposed}{html.escape(e.why)}</div>'
            f'<div class="bp-matrices">{matrices}</div></div>')


def sequence_html(edges, convention="column"):
    """Every edge of a sequence, one after the other, as one static HTML page (for reading without a kernel)."""
    if not isinstance(edges, list) or not edges or not all(isinstance(e, Edge) for e in edges):
        raise TypeError("edges must be the non-empty list of Edges backprop_edges returns")
    return "<hr>".join(edge_html(edges, k, convention) for k in range(len(edges)))
