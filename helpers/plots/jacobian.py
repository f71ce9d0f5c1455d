"""Figures of the 4-D derivative dZ/dW (notebook 03): a grid of heatmaps, and the Jacobian explorer's picture.

Layouts are fixed by hand (no constrained layout, no mathtext): each redraw of the explorer stays fast.
"""

import matplotlib.pyplot as plt
import numpy as np

from ..jacobian import jacobian_explorer_arrays
from ..validate import as_float_array


def _entry_text(x):
    """A matrix entry as a learner writes it: '0' for an exact zero, '3' for 3.0, else 2 decimals."""
    if x == 0:
        return "0"
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}"


def _annotated_heatmap(ax, M, vmax, fontsize):
    """imshow M on RdBu_r centred on zero, with every entry written in its cell; zeros in grey."""
    im = ax.imshow(M, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
    for (r, c), x in np.ndenumerate(M):
        if x == 0:
            ax.text(c, r, "0", ha="center", va="center", fontsize=fontsize, color="0.45")
        else:
            color = "white" if abs(x) > 0.6 * vmax else "black"
            ax.text(c, r, _entry_text(x), ha="center", va="center", fontsize=fontsize,
                    color=color, fontweight="bold")
    return im


def _draw_tensor(fig, dZ_dX, z_name, x_name, rect, fontsize):
    """Draw dZ_dX (Z.shape + X.shape) in rect = (left, bottom, right, top): panel (k, l) is dZ/dX[k, l] over (i, j)."""
    n_i, n_j, n_k, n_l = dZ_dX.shape
    left, bottom, right, top = rect
    vmax = float(np.max(np.abs(dZ_dX))) or 1.0
    grid = fig.add_gridspec(n_k, n_l, left=left, bottom=bottom, right=right, top=top, wspace=0.3, hspace=0.45)
    for k in range(n_k):
        for l in range(n_l):
            ax = fig.add_subplot(grid[k, l])
            im = _annotated_heatmap(ax, dZ_dX[:, :, k, l], vmax, fontsize)  # (n_i, n_j)
            ax.set_title(f"∂{z_name} / ∂{x_name}[{k},{l}]", fontsize=fontsize)
            ax.set_xticks(range(n_j), [f"j={j}" for j in range(n_j)], fontsize=fontsize - 2)
            ax.set_yticks(range(n_i), [f"i={i}" for i in range(n_i)], fontsize=fontsize - 2)
            ax.tick_params(length=0)
    cax = fig.add_axes([right + 0.02, bottom, 0.015, top - bottom])
    cbar = fig.colorbar(im, cax=cax)
    cbar.set_label(f"∂{z_name}[i,j] / ∂{x_name}[k,l]", fontsize=fontsize)
    cbar.ax.tick_params(labelsize=fontsize - 2)


def plot_jacobian_tensor(dZ_dX, z_name="Z", x_name="W", title=None, fontsize=12):
    """Draw a 4-D derivative dZ/dX as a (k, l) grid of (i, j) heatmaps, one per entry X[k, l]; return the figure."""
    dZ_dX = as_float_array(dZ_dX, "dZ_dX", ndim=4)  # (n_i, n_j, n_k, n_l) = Z.shape + X.shape
    for name, value in (("z_name", z_name), ("x_name", x_name)):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be a non-empty string such as 'Z', got {value!r}")
    n_k, n_l = dZ_dX.shape[2:]
    width, height = 2.5 * n_l + 1.9, 2.5 * n_k + 1.2  # inches: panels plus margins
    fig = plt.figure(figsize=(width, height))
    rect = (0.7 / width, 0.45 / height, 1 - 1.5 / width, 1 - 1.05 / height)
    _draw_tensor(fig, dZ_dX, z_name, x_name, rect, fontsize)
    if title is None:
        title = (f"d{z_name}/d{x_name}: {dZ_dX.size} numbers, shape {dZ_dX.shape}\n"
                 f"panel (k, l): how all of {z_name} moves when {x_name}[k, l] is nudged")
    fig.suptitle(title, fontsize=fontsize + 1, y=1 - 0.1 / height, va="top")
    return fig


def _matrix_table(ax, M, title, fontsize, note=None):
    """Write a small matrix as a table of numbers (white cells, grey grid)."""
    n_r, n_c = M.shape
    ax.imshow(np.zeros(M.shape), cmap="Greys", vmin=0, vmax=1)
    for (r, c), x in np.ndenumerate(M):
        ax.text(c, r, _entry_text(x), ha="center", va="center", fontsize=fontsize + 2)
    ax.set_xticks(np.arange(n_c + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_r + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="0.6", linewidth=1)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.tick_params(which="minor", length=0)
    ax.set_title(title, fontsize=fontsize)
    if note:
        ax.set_xlabel(note, fontsize=fontsize - 1)


def plot_jacobian_explorer(W, A, dL_dZ, loss_label="", fontsize=12):
    """The explorer's picture: dZ/dW as heatmaps, next to Z, dL/dZ, dL/dZ Aᵀ and the naive dL/dZ A."""
    arrays = jacobian_explorer_arrays(W, A, dL_dZ)
    if not isinstance(loss_label, str):
        raise TypeError(f"loss_label must be a string such as 'L = ½ Σ Z²', got {type(loss_label).__name__}")
    fig = plt.figure(figsize=(12.5, 5.6))
    _draw_tensor(fig, arrays["dZ_dW"], "Z", "W", (0.05, 0.08, 0.42, 0.78), fontsize)
    fig.text(0.25, 0.98, "dZ/dW: panel (k, l) shows ∂Z / ∂W[k,l]\n(it depends on A only, not on W)",
             ha="center", va="top", fontsize=fontsize + 1)
    grid = fig.add_gridspec(2, 2, left=0.56, right=0.98, bottom=0.1, top=0.8, wspace=0.25, hspace=0.45)
    axes = [[fig.add_subplot(grid[r, c]) for c in range(2)] for r in range(2)]
    _matrix_table(axes[0][0], arrays["Z"], "Z = W A", fontsize)
    _matrix_table(axes[0][1], arrays["dL_dZ"], "dL/dZ", fontsize)
    _matrix_table(axes[1][0], arrays["dL_dW"], "dL/dW = dL/dZ Aᵀ  (correct)", fontsize,
                  note="contraction over (i, j)")
    naive = arrays["naive"]
    if naive is None:
        axes[1][1].set_axis_off()
        axes[1][1].set_title("naive dL/dZ · A: shapes do not fit", fontsize=fontsize)
    else:
        n_wrong = int(np.sum(~np.isclose(naive, arrays["dL_dW"])))
        note = "happens to match here" if n_wrong == 0 else f"wrong in {n_wrong} of {naive.size} entries"
        _matrix_table(axes[1][1], naive, "naive dL/dZ · A", fontsize, note=note)
    fig.text(0.77, 0.98, loss_label or "gradients", ha="center", va="top", fontsize=fontsize + 1)
    return fig
