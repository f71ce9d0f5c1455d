"""Figures for the course, drawn with matplotlib (imported only when you import helpers.plots).

Conventions: every axis labelled, every figure titled, colour bars on heatmaps;
gradients on a diverging map centred on zero (RdBu_r), other quantities on
viridis/cividis; font sizes readable at notebook width.

Sections, one per owner: jacobian tensor (notebook 03), network training
(notebook 04). The gradient-flow explorer's figure is helpers.flow_figure.
"""

import matplotlib.pyplot as plt  # noqa: F401  (used by the sections below)
import numpy as np  # noqa: F401

from .losses import check_labels
from .validate import as_columns, as_float_array, check_positive_float, check_positive_int, check_shape

# ------------------------------------------------------------------ jacobian tensor (notebook 03)
# Layouts are fixed by hand (no constrained layout, no mathtext): each redraw of the explorer stays fast.


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


def jacobian_explorer_arrays(W, A, dL_dZ):
    """For Z = W A: Z, dL/dZ, dZ/dW = delta_ik A_lj, dL/dW by contraction, and the naive dL/dZ @ A."""
    W = as_float_array(W, "W", ndim=2)  # (n, p)
    A = as_float_array(A, "A", ndim=2)  # (p, m)
    if W.shape[1] != A.shape[0]:
        raise ValueError(f"W has shape {W.shape} and A has shape {A.shape}; W's columns must equal A's rows")
    dL_dZ = as_float_array(dL_dZ, "dL_dZ", ndim=2)
    check_shape(dL_dZ, "dL_dZ", (W.shape[0], A.shape[1]), why="the shape of Z = W A")
    Z = W @ A  # (n, m)
    dZ_dW = np.einsum("ik,lj->ijkl", np.eye(W.shape[0]), A)  # (n, m, n, p)
    dL_dW = np.einsum("ij,ijkl->kl", dL_dZ, dZ_dW)  # (n, p)
    naive = dL_dZ @ A if dL_dZ.shape[1] == A.shape[0] else None  # only square-ish shapes allow it
    return {"Z": Z, "dL_dZ": dL_dZ, "dZ_dW": dZ_dW, "dL_dW": dL_dW, "naive": naive}


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


# ------------------------------------------------------------------ network training (notebook 04)

#: The course's one class-colour map, for every figure of the two flower classes (notebook 04, the explorer):
#: Okabe-Ito vermillion for y = 0 and blue for y = 1, safe for colour-blind readers. Points use CLASS_COLOURS,
#: shaded regions the light shades CLASS_REGION_COLOURS of the same two hues.
CLASS_COLOURS = ("#D55E00", "#0072B2")  # vermillion for y = 0, blue for y = 1
CLASS_REGION_COLOURS = ("#F6CDB0", "#B3D4EA")
_CLASS_MARKERS = ("o", "^")


def _class_legend_entries(fontsize):
    """Legend handles and labels for the two classes: their point markers, then their shaded regions."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    points = [Line2D([], [], linestyle="", marker=_CLASS_MARKERS[k], markersize=fontsize * 0.55,
                     markerfacecolor=CLASS_COLOURS[k], markeredgecolor="black", markeredgewidth=0.3)
              for k in (0, 1)]
    regions = [Patch(facecolor=CLASS_REGION_COLOURS[k], edgecolor="0.25", linewidth=0.6) for k in (0, 1)]
    labels = ["y = 0", "y = 1", "predicted 0", "predicted 1"]
    return points + regions, labels


def _check_binary_points(X, Y):
    X = as_columns(X, "X", "2")  # (2, m)
    if X.shape[0] != 2:
        raise ValueError(f"X has shape {X.shape} but a decision boundary needs 2 features: X must be (2, m)")
    Y = as_float_array(Y, "Y", ndim=2)  # (1, m)
    check_shape(Y, "Y", (1, X.shape[1]), why="one 0/1 label per column of X")
    return X, check_labels(Y, "sigmoid", hard=True)  # the labels of a two-class (sigmoid) output


def decision_grid(X, resolution=250, margin=0.5):
    """Grid points G (2, resolution**2) covering X's range plus margin, and the grid's x1, x2 axes."""
    X = as_columns(X, "X", "2")  # (2, m)
    if X.shape[0] != 2:
        raise ValueError(f"X has shape {X.shape}; a 2-D grid needs X of shape (2, m)")
    resolution = check_positive_int(resolution, "resolution")
    margin = check_positive_float(margin, "margin")
    x1 = np.linspace(X[0].min() - margin, X[0].max() + margin, resolution)  # (r,)
    x2 = np.linspace(X[1].min() - margin, X[1].max() + margin, resolution)  # (r,)
    g1, g2 = np.meshgrid(x1, x2)  # (r, r) each
    return np.stack([g1.ravel(), g2.ravel()]), x1, x2  # (2, r*r)


def plot_decision_boundary(predict, X, Y, ax=None, title=None, resolution=250, margin=0.5, fontsize=12,
                           legend=True):
    """Shade the class `predict` gives every point of a grid over X (2, m); scatter X coloured by Y (1, m)."""
    if not callable(predict):
        raise TypeError(f"predict must be a function mapping X (2, k) to 0/1 labels (1, k), got {type(predict).__name__}")
    X, Y = _check_binary_points(X, Y)
    G, x1, x2 = decision_grid(X, resolution, margin)  # (2, r*r)
    labels = np.asarray(predict(G))
    if labels.size != G.shape[1]:
        raise ValueError(f"predict returned {labels.size} labels for {G.shape[1]} grid points; expected one per column")
    labels = labels.reshape(len(x2), len(x1)).astype(float)  # (r, r), row = x2
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5), layout="constrained")
    ax.contourf(x1, x2, labels, levels=[-0.5, 0.5, 1.5], colors=CLASS_REGION_COLOURS)
    ax.contour(x1, x2, labels, levels=[0.5], colors="0.25", linewidths=1.2)
    for k in (0, 1):
        pts = X[:, Y[0] == k]  # (2, m_k)
        ax.scatter(pts[0], pts[1], s=16, c=CLASS_COLOURS[k], marker=_CLASS_MARKERS[k],
                   edgecolors="black", linewidths=0.3, label=f"y = {k}")
    ax.set_xlim(x1[0], x1[-1])
    ax.set_ylim(x2[0], x2[-1])
    ax.set_xlabel("$x_1$", fontsize=fontsize)
    ax.set_ylabel("$x_2$", fontsize=fontsize)
    ax.tick_params(labelsize=fontsize - 2)
    if title:
        ax.set_title(title, fontsize=fontsize)
    if legend:  # outside the axes, on the right, so that it hides no point
        handles, labels = _class_legend_entries(fontsize)
        ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0,
                  fontsize=fontsize - 2, title="class", title_fontsize=fontsize - 2)
    return ax


def plot_loss_curve(losses, ax=None, title="Cost during training", label=None, log=False, fontsize=12):
    """Plot one cost per iteration (num_iterations,) against the iteration number; return the axes."""
    losses = as_float_array(losses, "losses", ndim=1, allow_nonfinite=True)
    if losses.size == 0:
        raise ValueError("losses is empty; pass the array of costs that train returns")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    ax.plot(np.arange(losses.size), losses, label=label, linewidth=1.8)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("iteration", fontsize=fontsize)
    ax.set_ylabel("cost J" + (" (log scale)" if log else ""), fontsize=fontsize)
    ax.set_title(title, fontsize=fontsize)
    ax.tick_params(labelsize=fontsize - 2)
    ax.grid(alpha=0.3)
    if label is not None:
        ax.legend(fontsize=fontsize - 2)
    return ax


def plot_hidden_size_sweep(results, X, Y, ncols=4, resolution=150, fontsize=12, title=None):
    """A grid of decision boundaries, one per (n_h, predict, accuracy) in results; return the figure."""
    if not isinstance(results, (list, tuple)) or not results:
        raise TypeError("results must be a non-empty list of (n_h, predict, accuracy) tuples")
    for item in results:
        if not (isinstance(item, tuple) and len(item) == 3 and callable(item[1])):
            raise TypeError(f"each result must be a tuple (n_h, predict, accuracy) with a callable predict, got {item!r}")
    ncols = check_positive_int(ncols, "ncols")
    nrows = -(-len(results) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 3.2 * nrows), layout="constrained",
                             squeeze=False, sharex=True, sharey=True)
    for ax, (n_h, predict, acc) in zip(axes.flat, results):
        plot_decision_boundary(predict, X, Y, ax=ax, resolution=resolution, fontsize=fontsize, legend=False,
                               title=f"$n_h$ = {n_h}: {100 * acc:.2f}%")
    for ax in axes.flat[len(results):]:
        ax.set_axis_off()
    for idx, ax in enumerate(axes.flat[: len(results)]):  # shared axes: label the outer panels only
        if idx % ncols:
            ax.set_ylabel("")
        if idx + ncols < len(results):
            ax.set_xlabel("")
        else:  # the lowest panel of its column, even above an empty slot: x tick labels and x label
            ax.tick_params(labelbottom=True)
    handles, labels = _class_legend_entries(fontsize)  # one legend for all panels
    if len(results) < axes.size:  # in the first empty slot
        axes.flat[len(results)].legend(handles, labels, loc="center", fontsize=fontsize, title="class",
                                       title_fontsize=fontsize)
    else:
        fig.legend(handles, labels, loc="outside right upper", fontsize=fontsize - 1, title="class",
                   title_fontsize=fontsize - 1)
    fig.suptitle(title or "Decision boundary and training accuracy for each hidden-layer size", fontsize=fontsize + 1)
    return fig


def confusion_matrix(true_labels, predicted_labels, n_classes):
    """Counts C (n_classes, n_classes): C[i, j] = how many examples of class i were predicted as j."""
    n_classes = check_positive_int(n_classes, "n_classes")
    t = np.asarray(true_labels).ravel()
    p = np.asarray(predicted_labels).ravel()
    for name, v in (("true_labels", t), ("predicted_labels", p)):
        if v.dtype.kind not in "iu":
            raise TypeError(f"{name} must be integer class labels, got dtype {v.dtype}")
        if v.size and (v.min() < 0 or v.max() >= n_classes):
            raise ValueError(f"{name} must lie in 0..{n_classes - 1}, got {v.min()}..{v.max()}")
    if t.shape != p.shape:
        raise ValueError(f"true_labels has {t.size} labels but predicted_labels has {p.size}; they must match")
    C = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(C, (t, p), 1)
    return C


def plot_confusion_matrix(true_labels, predicted_labels, n_classes=10, ax=None, title="Confusion matrix",
                          class_name="digit", fontsize=12):
    """Heatmap of the confusion counts (rows: true class, columns: predicted), every count written in its cell."""
    C = confusion_matrix(true_labels, predicted_labels, n_classes)  # (n, n)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5.5), layout="constrained")
    vmax = max(int(C.max()), 1)
    im = ax.imshow(C, cmap="cividis", vmin=0, vmax=vmax)
    for (i, j), count in np.ndenumerate(C):  # zeros dim, mistakes (off-diagonal counts) bold
        colour = "0.55" if count == 0 else ("black" if count > 0.6 * vmax else "white")
        ax.text(j, i, str(count), ha="center", va="center", fontsize=fontsize - 1, color=colour,
                fontweight="bold" if i != j and count else "normal")
    ticks = np.arange(n_classes)
    ax.set_xticks(ticks, [str(k) for k in ticks], fontsize=fontsize - 1)
    ax.set_yticks(ticks, [str(k) for k in ticks], fontsize=fontsize - 1)
    ax.set_xlabel(f"predicted {class_name}", fontsize=fontsize)
    ax.set_ylabel(f"true {class_name}", fontsize=fontsize)
    ax.set_title(title, fontsize=fontsize)
    cbar = ax.figure.colorbar(im, ax=ax, shrink=0.9)
    cbar.set_label("number of test images", fontsize=fontsize - 1)
    cbar.ax.tick_params(labelsize=fontsize - 2)
    return ax


def plot_digit_images(X, true_labels, predicted_labels, ncols=6, fontsize=12, title=None):
    """Show the 8x8 images in the columns of X (64, k), each titled with its true and predicted digit."""
    X = as_float_array(X, "X", ndim=2)  # (64, k)
    if X.shape[0] != 64 or X.shape[1] == 0:
        raise ValueError(f"X has shape {X.shape}; expected (64, k) with k >= 1 images of 8x8 pixels, one per column")
    t = np.asarray(true_labels).ravel()
    p = np.asarray(predicted_labels).ravel()
    if t.size != X.shape[1] or p.size != X.shape[1]:
        raise ValueError(f"X holds {X.shape[1]} images but got {t.size} true and {p.size} predicted labels")
    ncols = min(check_positive_int(ncols, "ncols"), X.shape[1])
    nrows = -(-X.shape[1] // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.75 * ncols, 2.1 * nrows), layout="constrained", squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k < X.shape[1]:
            ax.imshow(X[:, k].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            ax.set_title(f"true {t[k]}\npredicted {p[k]}", fontsize=fontsize - 1)
    fig.suptitle(title or "Test images the network got wrong", fontsize=fontsize)
    return fig


# ------------------------------------------------------------------ chain rule and index notation (notebooks 01, 02)

_OK, _ACCIDENT, _CLASH = "#0072B2", "#E69F00", "#D55E00"  # Okabe-Ito blue, orange, vermillion
_TEXT = {"ok": "#0072B2", "accident": "#9A5B00", "clash": "#C04A00"}  # darker shades, readable as text


def _dim(value, sizes, where):
    """One dimension given as an int or as a symbol of `sizes`: return (label, int)."""
    if isinstance(value, str):
        if value not in sizes:
            raise ValueError(f"{where} uses the size {value!r}, which is not in sizes {sorted(sizes)}")
        return value, sizes[value]
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise TypeError(f"{where} must hold ints >= 1 or size names such as 'm', got {value!r}")
    return str(int(value)), int(value)


def _shape_of(shape, sizes, where):
    """A 2-D shape such as ('n1', 'm') or (4, 5): return (labels, ints)."""
    if not isinstance(shape, tuple) or len(shape) != 2:
        raise ValueError(f"{where} must be a 2-tuple such as ('n1', 'm') or (4, 5), got {shape!r}")
    (lr, r), (lc, c) = (_dim(v, sizes, where) for v in shape)
    return (lr, lc), (r, c)


def product_shape_rows(products, sizes=None):
    """For each (left_name, left_shape, right_name, right_shape): int shapes, labels and a verdict.

    verdict 'ok': the inner sizes are the same size name (or equal ints); 'accident': different
    size names that happen to be equal, so numpy runs it; 'clash': the product does not conform.
    """
    sizes = {} if sizes is None else sizes
    if not isinstance(sizes, dict) or not all(isinstance(k, str) for k in sizes):
        raise TypeError(f"sizes must be a dict such as {{'m': 5, 'n1': 4}}, got {type(sizes).__name__}")
    for key, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise TypeError(f"sizes[{key!r}] must be an int >= 1, got {value!r}")
    if not isinstance(products, (list, tuple)) or not products:
        raise TypeError("products must be a non-empty list of (left_name, left_shape, right_name, right_shape)")
    rows = []
    for n, item in enumerate(products):
        if not isinstance(item, tuple) or len(item) != 4 or not all(isinstance(s, str) for s in item[::2]):
            raise TypeError(f"products[{n}] must be (left_name, left_shape, right_name, right_shape), got {item!r}")
        left, lshape, right, rshape = item
        (lr, lc), (r1, c1) = _shape_of(lshape, sizes, f"products[{n}] {left}'s shape")
        (rr, rc), (r2, c2) = _shape_of(rshape, sizes, f"products[{n}] {right}'s shape")
        if c1 != r2:
            verdict = "clash"
            note = f"✗ does not conform: inner sizes {lc} = {c1} and {rr} = {r2} differ"
        elif lc == rr:
            verdict = "ok"
            note = f"✓ inner sizes match ({lc}): result ({lr}, {rc})"
        else:
            verdict = "accident"
            note = f"! conforms only by accident ({lc} = {rr} = {c1}): it pairs axis {lc} with axis {rr}"
        rows.append({
            "left": left, "right": right, "left_shape": (r1, c1), "right_shape": (r2, c2),
            "left_label": f"({lr}, {lc})", "right_label": f"({rr}, {rc})", "verdict": verdict, "note": note,
            "result_shape": None if verdict == "clash" else (r1, c2),
            "result_label": None if verdict == "clash" else f"({lr}, {rc})",
        })
    return rows


def _grid_box(ax, x, y_top, shape, gid, face="0.93"):
    """A matrix drawn as a box of shape (rows, cols) unit cells, top-left corner at (x, y_top)."""
    r, c = shape
    box = plt.Rectangle((x, y_top - r), c, r, facecolor=face, edgecolor="black", linewidth=1.5, gid=gid, zorder=1)
    ax.add_patch(box)
    ax.vlines(x + np.arange(1, c), y_top - r, y_top, color="0.75", linewidth=0.6, zorder=2)
    ax.hlines(y_top - np.arange(1, r), x, x + c, color="0.75", linewidth=0.6, zorder=2)
    return box


def plot_product_shapes(products, sizes=None, title=None, figsize=None, fontsize=12):
    """Draw each product left @ right as boxes of unit cells, the inner sizes in colour, and a verdict."""
    rows = product_shape_rows(products, sizes)
    colours = {"ok": _OK, "accident": _ACCIDENT, "clash": _CLASH}
    fig, ax = plt.subplots(figsize=figsize or (8, 4))  # no layout engine: the axes fill the figure
    gap, y, width = 3.0, 0.0, 0.0
    for n, row in enumerate(rows):
        colour, text_colour = colours[row["verdict"]], _TEXT[row["verdict"]]
        (r1, c1), (r2, c2) = row["left_shape"], row["right_shape"]
        y -= 1.4  # room for the labels above the boxes
        middle = y - max(r1, r2) / 2
        _grid_box(ax, 0.0, y, (r1, c1), f"{n}:left")
        ax.text(c1 / 2, y + 0.3, f"{row['left']}  {row['left_label']}", ha="center", va="bottom", fontsize=fontsize)
        ax.plot([0, c1], [y - r1, y - r1], color=colour, linewidth=5, solid_capstyle="butt")
        ax.text(c1 / 2, y - r1 - 0.25, row["left_label"][1:-1].split(", ")[1], ha="center", va="top",
                fontsize=fontsize - 1, color=text_colour)
        x = c1 + gap
        ax.text(x - 0.62 * gap, middle, "@", ha="center", va="center", fontsize=fontsize + 4)
        _grid_box(ax, x, y, (r2, c2), f"{n}:right")
        ax.text(x + c2 / 2, y + 0.3, f"{row['right']}  {row['right_label']}", ha="center", va="bottom",
                fontsize=fontsize)
        ax.plot([x, x], [y - r2, y], color=colour, linewidth=5, solid_capstyle="butt")
        ax.text(x - 0.25, y - r2 / 2, row["right_label"][1:-1].split(", ")[0], ha="right", va="center",
                fontsize=fontsize - 1, color=text_colour)
        x += c2 + gap
        if row["result_shape"] is not None:
            ax.text(x - gap / 2, middle, "=", ha="center", va="center", fontsize=fontsize + 4)
            face = "#cfe3f1" if row["verdict"] == "ok" else "#f7e1b5"
            _grid_box(ax, x, y, row["result_shape"], f"{n}:result", face=face)
            ax.text(x + row["result_shape"][1] / 2, y + 0.3, row["result_label"], ha="center", va="bottom",
                    fontsize=fontsize)
            x += row["result_shape"][1]
        width = max(width, x)
        y -= max(r1, r2, (row["result_shape"] or (0, 0))[0]) + 1.2
        ax.text(0, y, row["note"], ha="left", va="top", fontsize=fontsize, color=text_colour, fontweight="bold",
                gid=f"{n}:note")
        y -= 1.0
    width = max(width, 16.0)
    ax.set_xlim(-1.0, width + 0.5)
    ax.set_ylim(y + 0.6, 0.3)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if figsize is None:
        fig.set_size_inches(8, 8 * (0.3 - y - 0.6) / (width + 1.5) + 0.5)
    ax.set_title(title or "matrix products: the inner sizes (in colour) must be equal", fontsize=fontsize + 1)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92)
    return fig


# ------------------------------------------------------------------ gradient-check doctor (notebook 04)

_OKABE_ITO = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "purple": "#CC79A7", "grey": "0.45"}


def plot_gradient_doctor(report, ax=None, title=None, fontsize=12):
    """The V-curve of a helpers.gradient_doctor Report: relative error against ε, float64 and float32, log-log."""
    for name in ("eps_grid", "errors64", "errors32", "verdict", "eps", "tol"):
        if not hasattr(report, name):
            raise TypeError("report must be what helpers.gradient_doctor.diagnose returns, "
                            f"got {type(report).__name__}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.6, 4.8), layout="constrained")
    eps, floor = report.eps_grid, 1e-17  # an error of exactly 0 is drawn at the floor of the axis
    ax.loglog(eps, np.maximum(report.errors64, floor), "o-", color=_OKABE_ITO["blue"], lw=2, ms=5,
              label="float64")
    ax.loglog(eps, np.maximum(report.errors32, floor), "s--", color=_OKABE_ITO["orange"], lw=2, ms=5,
              label="float32")
    if report.errors64_smooth is not None:
        ax.loglog(eps, np.maximum(report.errors64_smooth, floor), "^-.", color=_OKABE_ITO["green"], lw=2, ms=5,
                  label="float64 without the kink entries")
    smooth = report.errors64 if report.errors64_smooth is None else report.errors64_smooth
    best = int(np.argmin(smooth))
    if report.verdict != "bug" and smooth[0] > 0 and smooth[-1] > 0:
        # guide lines through the ends of the float64 curve: rounding ∝ 1/ε left, truncation ∝ ε² right
        left, right = eps[: best + 1], eps[best:]
        ax.loglog(left, smooth[0] * eps[0] / left, ":", color=_OKABE_ITO["grey"], lw=1.5, label="∝ 1/ε (rounding)")
        ax.loglog(right, smooth[-1] * (right / eps[-1]) ** 2, ls=(0, (1, 3)), color="black", lw=1.5,
                  label="∝ ε² (truncation)")
    ax.axhline(report.tol, color="black", ls="--", lw=1, label=f"tolerance {report.tol:.0e}")
    ax.axvline(report.eps, color=_OKABE_ITO["purple"], lw=2, label=f"your ε = {report.eps:.0e} ({report.dtype})")
    ax.set_ylim(1e-17, 10)
    ax.set_xlabel("step ε of the centred difference", fontsize=fontsize)
    ax.set_ylabel("relative error vs your gradient", fontsize=fontsize)
    ax.set_title(title or f"Gradient-check doctor: {report.verdict}", fontsize=fontsize + 1)
    ax.tick_params(labelsize=fontsize - 1)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=fontsize - 2, loc="lower left", framealpha=0.9)
    return ax
