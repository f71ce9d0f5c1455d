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


def backprop_edges(params, X, Y, convention="column"):
    """Forward then backward pass as a list of Edges (tanh hidden layers, sigmoid + cross-entropy output)."""
    check_choice(convention, "convention", CONVENTIONS)
    L, P, X, Y = _check_params(params, X, Y)
    col = convention == "column"
    m = X.shape[1]
    n = _sizes_names(L)
    T = (lambda a: a) if col else (lambda a: a.T)  # what an array looks like in the chosen convention
    A = {0: X}
    name = {0: "X"}
    edges = []

    def shape(l, by_m=True):
        """'(n_h, m)' for layer l's activations in the chosen convention."""
        return f"({n[l]}, m)" if col else f"(m, {n[l]})"

    for l in range(1, L + 1):
        W, b = P[f"W{l}"], P[f"b{l}"]
        Z = W @ A[l - 1] + b  # (n_l, m)
        w_shape = f"({n[l]}, {n[l - 1]})" if col else f"({n[l - 1]}, {n[l]})"
        formula = f"Z{l} = W{l} {name[l - 1]} + b{l}" if col else f"Z{l} = {name[l - 1]} W{l} + b{l}"
        why = (f"W{l} is {w_shape} and {name[l - 1]} is {shape(l - 1)}: the inner size {n[l - 1]} is shared and "
               f"summed, so no transpose is needed; entry (i, k) is a dot product of "
               + (f"row i of W{l} with column k of {name[l - 1]}" if col else
                  f"row i of {name[l - 1]} with column k of W{l}")
               + f". b{l} is added to every example (broadcast).")
        factors = [(f"W{l}", T(W)), (name[l - 1], T(A[l - 1]))]
        edges.append(Edge("forward", l, formula, (factors if col else factors[::-1]) + [(f"b{l}", T(b))],
                          (f"Z{l}", T(Z)), "matmul", "", why))
        hidden = l < L
        A[l] = tanh(Z) if hidden else sigmoid(Z)
        name[l] = f"A{l}"
        g = "tanh" if hidden else "σ"
        edges.append(Edge("forward", l, f"A{l} = {g}(Z{l})", [(f"Z{l}", T(Z))], (f"A{l}", T(A[l])), "elementwise", "",
                          f"{g} acts on each entry alone, so A{l} has Z{l}'s shape {shape(l)}."))
    dZ = A[L] - Y  # (n_y, m), per example
    edges.append(Edge("backward", L, f"dZ{L} = A{L} - Y", [(f"A{L}", T(A[L])), ("Y", T(Y))], (f"dZ{L}", T(dZ)),
                      "difference", "",
                      "sigmoid and cross-entropy fused: dL/dZ = A - Y for each example; no 1/m here, "
                      "it comes where the examples are summed."))
    for l in range(L, 0, -1):
        W = P[f"W{l}"]
        prev = name[l - 1]
        w_shape = f"({n[l]}, {n[l - 1]})" if col else f"({n[l - 1]}, {n[l]})"
        dW = dZ @ A[l - 1].T / m  # (n_l, n_{l-1})
        if col:
            formula, tr = f"dW{l} = dZ{l} {prev}ᵀ / m", prev
            why = (f"dW{l} must have W{l}'s shape {w_shape}. dZ{l} is {shape(l)} and {prev} is {shape(l - 1)}: only "
                   f"dZ{l} {prev}ᵀ, ({n[l]}, m)(m, {n[l - 1]}), has it. The shared m (the examples) is summed, so "
                   f"{prev} is transposed to put m between the factors; / m averages over the examples.")
        else:
            formula, tr = f"dW{l} = {prev}ᵀ dZ{l} / m", prev
            why = (f"dW{l} must have W{l}'s shape {w_shape}. {prev} is {shape(l - 1)} and dZ{l} is {shape(l)}: only "
                   f"{prev}ᵀ dZ{l}, ({n[l - 1]}, m)(m, {n[l]}), has it. The shared m (the examples) is summed, so "
                   f"{prev} is transposed to put m between the factors; / m averages over the examples.")
        factors = [(f"dZ{l}", T(dZ)), (prev, T(A[l - 1]))]  # in the order of the formula
        edges.append(Edge("backward", l, formula, factors if col else factors[::-1], (f"dW{l}", T(dW)),
                          "outer", tr, why))
        db = dZ.sum(axis=1, keepdims=True) / m  # (n_l, 1)
        axis = 1 if col else 0
        edges.append(Edge("backward", l, f"db{l} = np.sum(dZ{l}, axis={axis}, keepdims=True) / m",
                          [(f"dZ{l}", T(dZ))], (f"db{l}", T(db)), "sum", "",
                          f"b{l} was added to every example, so its gradient adds up every example's dZ{l} "
                          f"(axis {axis} is the examples' axis in the {convention} convention), / m for the mean; "
                          f"keepdims keeps b{l}'s shape {shape_str(T(db).shape)}."))
        if l == 1:
            break
        dA = W.T @ dZ  # (n_{l-1}, m)
        if col:
            formula = f"dA{l - 1} = W{l}ᵀ dZ{l}"
            why = (f"dA{l - 1} must have A{l - 1}'s shape {shape(l - 1)}. W{l} is {w_shape} and dZ{l} is {shape(l)}: "
                   f"W{l}ᵀ dZ{l}, ({n[l - 1]}, {n[l]})({n[l]}, m), conforms. The sum runs over the {n[l]} units that "
                   f"A{l - 1} feeds, the shared index, so W{l} is transposed to put it between the factors.")
        else:
            formula = f"dA{l - 1} = dZ{l} W{l}ᵀ"
            why = (f"dA{l - 1} must have A{l - 1}'s shape {shape(l - 1)}. dZ{l} is {shape(l)} and W{l} is {w_shape}: "
                   f"dZ{l} W{l}ᵀ, (m, {n[l]})({n[l]}, {n[l - 1]}), conforms. The sum runs over the {n[l]} units that "
                   f"A{l - 1} feeds, the shared index, so W{l} is transposed to put it between the factors.")
        factors = [(f"W{l}", T(W)), (f"dZ{l}", T(dZ))]
        edges.append(Edge("backward", l, formula, factors if col else factors[::-1], (f"dA{l - 1}", T(dA)),
                          "matmul", f"W{l}", why))
        gp = 1 - A[l - 1] ** 2  # tanh'(Z) = 1 - A^2
        dZ = dA * gp
        edges.append(Edge("backward", l - 1, f"dZ{l - 1} = dA{l - 1} ⊙ (1 - A{l - 1}²)",
                          [(f"dA{l - 1}", T(dA)), (f"1 - A{l - 1}²", T(gp))], (f"dZ{l - 1}", T(dZ)), "hadamard", "",
                          f"tanh acts entry by entry, so its Jacobian is diagonal, and a diagonal matrix times a "
                          f"vector is a Hadamard product: tanh'(Z) = 1 - A² multiplies each entry of dA{l - 1}. "
                          f"Both are {shape(l - 1)}."))
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
    colour = "#0072B2" if role == "out" else "#E69F00"
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
    fill = "#0072B2" if is_out else "#E69F00" if is_in else "#eeeeee"
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
