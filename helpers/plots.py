"""Figures for the course, drawn with matplotlib (imported only when you import helpers.plots).

Conventions: every axis labelled, every figure titled, colour bars on heatmaps;
gradients on a diverging map centred on zero (RdBu_r), other quantities on
viridis/cividis; font sizes readable at notebook width.

Sections, one per owner: jacobian tensor (notebook 03), network training
(notebook 04), gradient-flow explorer (notebook 05).
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


# ------------------------------------------------------------------ gradient-flow explorer (notebook 05)
#
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

import numbers  # noqa: E402
import struct  # noqa: E402
import zlib  # noqa: E402
from io import BytesIO  # noqa: E402

import contourpy  # noqa: E402  (matplotlib's own contouring library; faster than building a ContourSet)
from matplotlib.colors import LinearSegmentedColormap, to_hex  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402
from matplotlib.ticker import LogLocator, NullLocator  # noqa: E402

from .flow import FLOW_MAX_DEPTH  # noqa: E402

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
    h["points"] = [_animated(h, ax.plot([], [], _CLASS_MARKERS[k], ms=4, mfc=CLASS_COLOURS[k], mec="0.1",
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
