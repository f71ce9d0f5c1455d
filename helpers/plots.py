"""Figures for the course, drawn with matplotlib (imported only when you import helpers.plots).

Conventions: every axis labelled, every figure titled, colour bars on heatmaps;
gradients on a diverging map centred on zero (RdBu_r), other quantities on
viridis/cividis; font sizes readable at notebook width.

Sections, one per owner: jacobian tensor (notebook 03), network training
(notebook 04), gradient-flow explorer (notebook 05).
"""

import matplotlib.pyplot as plt  # noqa: F401  (used by the sections below)
import numpy as np  # noqa: F401

from ._validate import as_float_array, check_positive_float, check_positive_int, check_shape

# ------------------------------------------------------------------ jacobian tensor (notebook 03)


# ------------------------------------------------------------------ network training (notebook 04)

#: Two classes in Okabe-Ito colours (safe for colour-blind readers): points dark, regions light.
_CLASS_COLOURS = ("#D55E00", "#0072B2")  # vermillion for y = 0, blue for y = 1
_REGION_COLOURS = ("#F6CDB0", "#B3D4EA")
_CLASS_MARKERS = ("o", "^")


def _check_binary_points(X, Y):
    X = as_float_array(X, "X", ndim=2)  # (2, m)
    if X.shape[0] != 2:
        raise ValueError(f"X has shape {X.shape} but a decision boundary needs 2 features: X must be (2, m)")
    Y = as_float_array(Y, "Y", ndim=2)  # (1, m)
    check_shape(Y, "Y", (1, X.shape[1]), why="one 0/1 label per column of X")
    if not np.isin(Y, (0.0, 1.0)).all():
        raise ValueError("Y must hold 0/1 labels for a two-class decision boundary")
    return X, Y


def decision_grid(X, resolution=250, margin=0.5):
    """Grid points G (2, resolution**2) covering X's range plus margin, and the grid's x1, x2 axes."""
    X = as_float_array(X, "X", ndim=2)  # (2, m)
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
    ax.contourf(x1, x2, labels, levels=[-0.5, 0.5, 1.5], colors=_REGION_COLOURS)
    ax.contour(x1, x2, labels, levels=[0.5], colors="0.25", linewidths=1.2)
    for k in (0, 1):
        pts = X[:, Y[0] == k]  # (2, m_k)
        ax.scatter(pts[0], pts[1], s=16, c=_CLASS_COLOURS[k], marker=_CLASS_MARKERS[k],
                   edgecolors="black", linewidths=0.3, label=f"y = {k}")
    ax.set_xlim(x1[0], x1[-1])
    ax.set_ylim(x2[0], x2[-1])
    ax.set_xlabel("$x_1$", fontsize=fontsize)
    ax.set_ylabel("$x_2$", fontsize=fontsize)
    ax.tick_params(labelsize=fontsize - 2)
    if title:
        ax.set_title(title, fontsize=fontsize)
    if legend:
        ax.legend(loc="upper right", fontsize=fontsize - 2, framealpha=0.9)
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


# ------------------------------------------------------------------ gradient-flow explorer (notebook 05)
