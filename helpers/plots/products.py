"""Figure of matrix products by their shapes (notebooks 01, 02): each factor a box of unit cells, the inner sizes
in the colour of the verdict that helpers.shapes.product_shape_rows gives (conforms, by accident, or not at all).
"""

import matplotlib.pyplot as plt
import numpy as np

from ..shapes import product_shape_rows
from .style import OKABE_ITO

_VERDICT_COLOURS = {"ok": OKABE_ITO["blue"], "accident": OKABE_ITO["orange"], "clash": OKABE_ITO["vermillion"]}
_VERDICT_TEXT = {"ok": OKABE_ITO["blue"], "accident": "#9A5B00", "clash": "#C04A00"}  # darker, readable as text
_RESULT_FACES = {"ok": "#cfe3f1", "accident": "#f7e1b5"}  # light blue, light orange
_GAP = 3.0  # between the boxes of one product, for the "@" and "=" signs


def _grid_box(ax, x, y_top, shape, gid, face="0.93"):
    """A matrix drawn as a box of shape (rows, cols) unit cells, top-left corner at (x, y_top)."""
    r, c = shape
    box = plt.Rectangle((x, y_top - r), c, r, facecolor=face, edgecolor="black", linewidth=1.5, gid=gid, zorder=1)
    ax.add_patch(box)
    ax.vlines(x + np.arange(1, c), y_top - r, y_top, color="0.75", linewidth=0.6, zorder=2)
    ax.hlines(y_top - np.arange(1, r), x, x + c, color="0.75", linewidth=0.6, zorder=2)
    return box


def _draw_left(ax, n, row, y, fontsize):
    """The left factor at x = 0, top at y, its columns (the inner size) underlined in colour; return its width."""
    colour, text_colour = _VERDICT_COLOURS[row["verdict"]], _VERDICT_TEXT[row["verdict"]]
    r1, c1 = row["left_shape"]
    _grid_box(ax, 0.0, y, (r1, c1), f"{n}:left")
    ax.text(c1 / 2, y + 0.3, f"{row['left']}  {row['left_label']}", ha="center", va="bottom", fontsize=fontsize)
    ax.plot([0, c1], [y - r1, y - r1], color=colour, linewidth=5, solid_capstyle="butt")
    ax.text(c1 / 2, y - r1 - 0.25, row["left_label"][1:-1].split(", ")[1], ha="center", va="top",
            fontsize=fontsize - 1, color=text_colour)
    return c1


def _draw_right(ax, n, row, x, y, middle, fontsize):
    """"@" and the right factor at x, top at y, its rows (the inner size) lined in colour; return its right edge."""
    colour, text_colour = _VERDICT_COLOURS[row["verdict"]], _VERDICT_TEXT[row["verdict"]]
    r2, c2 = row["right_shape"]
    ax.text(x - 0.62 * _GAP, middle, "@", ha="center", va="center", fontsize=fontsize + 4)
    _grid_box(ax, x, y, (r2, c2), f"{n}:right")
    ax.text(x + c2 / 2, y + 0.3, f"{row['right']}  {row['right_label']}", ha="center", va="bottom",
            fontsize=fontsize)
    ax.plot([x, x], [y - r2, y], color=colour, linewidth=5, solid_capstyle="butt")
    ax.text(x - 0.25, y - r2 / 2, row["right_label"][1:-1].split(", ")[0], ha="right", va="center",
            fontsize=fontsize - 1, color=text_colour)
    return x + c2


def _draw_result(ax, n, row, x, y, middle, fontsize):
    """"=" and the product's box at x, top at y, if the product conforms; return its right edge."""
    if row["result_shape"] is None:  # a clash: no result, the gap before it stays
        return x
    ax.text(x - _GAP / 2, middle, "=", ha="center", va="center", fontsize=fontsize + 4)
    _grid_box(ax, x, y, row["result_shape"], f"{n}:result", face=_RESULT_FACES[row["verdict"]])
    ax.text(x + row["result_shape"][1] / 2, y + 0.3, row["result_label"], ha="center", va="bottom",
            fontsize=fontsize)
    return x + row["result_shape"][1]


def _draw_product(ax, n, row, y, fontsize):
    """Row n: left @ right = result, its labels above at y, its verdict below; return (right edge, next y)."""
    y -= 1.4  # room for the labels above the boxes
    middle = y - max(row["left_shape"][0], row["right_shape"][0]) / 2
    x = _draw_left(ax, n, row, y, fontsize) + _GAP
    x = _draw_result(ax, n, row, _draw_right(ax, n, row, x, y, middle, fontsize) + _GAP, y, middle, fontsize)
    y -= max(row["left_shape"][0], row["right_shape"][0], (row["result_shape"] or (0, 0))[0]) + 1.2
    ax.text(0, y, row["note"], ha="left", va="top", fontsize=fontsize, color=_VERDICT_TEXT[row["verdict"]],
            fontweight="bold", gid=f"{n}:note")
    return x, y - 1.0


def plot_product_shapes(products, sizes=None, title=None, figsize=None, fontsize=12):
    """Draw each product left @ right as boxes of unit cells, the inner sizes in colour, and a verdict."""
    rows = product_shape_rows(products, sizes)
    fig, ax = plt.subplots(figsize=figsize or (8, 4))  # no layout engine: the axes fill the figure
    y, width = 0.0, 16.0  # at least 16 cells wide, so that a verdict's sentence fits
    for n, row in enumerate(rows):
        right, y = _draw_product(ax, n, row, y, fontsize)
        width = max(width, right)
    ax.set_xlim(-1.0, width + 0.5)
    ax.set_ylim(y + 0.6, 0.3)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if figsize is None:
        fig.set_size_inches(8, 8 * (0.3 - y - 0.6) / (width + 1.5) + 0.5)
    ax.set_title(title or "matrix products: the inner sizes (in colour) must be equal", fontsize=fontsize + 1)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92)
    return fig
