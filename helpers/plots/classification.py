"""Figures of a classifier and its training (notebook 04): decision boundaries, the cost curve, the hidden-size
sweep, the confusion matrix and misclassified digits. Classes take the course's colours and markers (plots.style).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..data import confusion_matrix
from ..losses import check_labels
from ..validate import as_columns, as_float_array, check_positive_float, check_positive_int, check_shape
from .style import CLASS_COLOURS, CLASS_MARKERS, CLASS_REGION_COLOURS


def _class_legend_entries(fontsize):
    """Legend handles and labels for the two classes: their point markers, then their shaded regions."""
    points = [Line2D([], [], linestyle="", marker=CLASS_MARKERS[k], markersize=fontsize * 0.55,
                     markerfacecolor=CLASS_COLOURS[k], markeredgecolor="black", markeredgewidth=0.3)
              for k in (0, 1)]
    regions = [Patch(facecolor=CLASS_REGION_COLOURS[k], edgecolor="0.25", linewidth=0.6) for k in (0, 1)]
    labels = ["y = 0", "y = 1", "predicted 0", "predicted 1"]
    return points + regions, labels


def _check_binary_points(X, Y):
    """X (2, m) and its 0/1 labels Y (1, m), checked; a ValueError names the one that does not fit."""
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
        ax.scatter(pts[0], pts[1], s=16, c=CLASS_COLOURS[k], marker=CLASS_MARKERS[k],
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
    ticks = np.arange(C.shape[0])
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
