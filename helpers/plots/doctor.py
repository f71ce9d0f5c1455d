"""Figure of the gradient-check doctor (notebook 04): a gradient check's relative error against its step ε."""

import matplotlib.pyplot as plt
import numpy as np

from ..formatting import format_tolerance
from ..gradient_doctor import Report
from .style import OKABE_ITO

_GREY = "0.45"  # the rounding guide line


def plot_gradient_doctor(report, ax=None, title=None, fontsize=12):
    """The V-curve of a helpers.gradient_doctor Report: relative error against ε, float64 and float32, log-log."""
    if not isinstance(report, Report):
        raise TypeError(f"report must be what helpers.gradient_doctor.diagnose returns, got {type(report).__name__}")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.6, 4.8), layout="constrained")
    eps, floor = report.eps_grid, 1e-17  # an error of exactly 0 is drawn at the floor of the axis
    ax.loglog(eps, np.maximum(report.errors64, floor), "o-", color=OKABE_ITO["blue"], lw=2, ms=5,
              label="float64")
    ax.loglog(eps, np.maximum(report.errors32, floor), "s--", color=OKABE_ITO["orange"], lw=2, ms=5,
              label="float32")
    if report.errors64_smooth is not None:
        ax.loglog(eps, np.maximum(report.errors64_smooth, floor), "^-.", color=OKABE_ITO["green"], lw=2, ms=5,
                  label="float64 without the kink entries")
    smooth = report.errors64 if report.errors64_smooth is None else report.errors64_smooth
    best = int(np.argmin(smooth))
    if report.verdict != "bug" and smooth[0] > 0 and smooth[-1] > 0:
        # guide lines through the ends of the float64 curve: rounding ∝ 1/ε left, truncation ∝ ε² right
        left, right = eps[: best + 1], eps[best:]
        ax.loglog(left, smooth[0] * eps[0] / left, ":", color=_GREY, lw=1.5, label="∝ 1/ε (rounding)")
        ax.loglog(right, smooth[-1] * (right / eps[-1]) ** 2, ls=(0, (1, 3)), color="black", lw=1.5,
                  label="∝ ε² (truncation)")
    ax.axhline(report.tol, color="black", ls="--", lw=1, label=f"tolerance {format_tolerance(report.tol)}")
    ax.axvline(report.eps, color=OKABE_ITO["purple"], lw=2, label=f"your ε = {format_tolerance(report.eps)} ({report.dtype})")
    ax.set_ylim(1e-17, 10)
    ax.set_xlabel("step ε of the centred difference", fontsize=fontsize)
    ax.set_ylabel("relative error vs your gradient", fontsize=fontsize)
    ax.set_title(title or f"Gradient-check doctor: {report.verdict}", fontsize=fontsize + 1)
    ax.tick_params(labelsize=fontsize - 1)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=fontsize - 2, loc="lower left", framealpha=0.9)
    return ax
