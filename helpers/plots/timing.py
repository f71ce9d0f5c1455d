"""Figure of measured times (notebooks 03, 04): bars per case, one colour per method, on a log scale.

Times change from machine to machine, so the notebooks draw them (nbval does not compare images) and print only a
verdict that holds on any machine; this module draws, the measuring is `helpers.timing.best_time`.
"""

import numbers

import matplotlib.pyplot as plt
import numpy as np

from .style import OKABE_ITO

#: seconds per unit of the time axis
UNITS = {"s": 1.0, "ms": 1e-3, "µs": 1e-6}
#: the methods' colours: the last method (the one the course recommends) in green, the others before it in these;
#: never the class colours (vermillion, blue), which mean y = 0 and y = 1 wherever notebook 04 shows them
_OTHER_COLOURS = (OKABE_ITO["orange"], OKABE_ITO["purple"], OKABE_ITO["sky blue"])
RECOMMENDED_COLOUR = OKABE_ITO["green"]
MAX_METHODS = len(_OTHER_COLOURS) + 1


def _check_times(cases, times):
    """Return cases as a list of strings and times as {method: list of seconds or None}, or raise naming the input."""
    if not isinstance(cases, (list, tuple)) or not cases or not all(isinstance(c, str) for c in cases):
        raise TypeError(f"cases must be a non-empty list of strings (one label per case), got {cases!r}")
    if not isinstance(times, dict) or not 1 <= len(times) <= MAX_METHODS or not all(isinstance(k, str) for k in times):
        raise TypeError(f"times must be a dict of 1 to {MAX_METHODS} methods {{name: seconds per case}}, "
                        f"got {type(times).__name__}" + (f" of {len(times)}" if isinstance(times, dict) else ""))
    checked = {}
    for method, seconds in times.items():
        if not isinstance(seconds, (list, tuple)) or len(seconds) != len(cases):
            raise ValueError(f"times[{method!r}] must be a list of {len(cases)} times (one per case), got {seconds!r}")
        for s in seconds:
            if s is not None and (isinstance(s, bool) or not isinstance(s, numbers.Real) or not 0 < s < np.inf):
                raise ValueError(f"times[{method!r}] must hold seconds > 0 (or None: not measured), got {s!r}")
        checked[method] = [None if s is None else float(s) for s in seconds]
    return list(cases), checked


def _label(value):
    return f"{value:.3g}" if value < 1000 else f"{value:,.0f}"


def plot_timings(cases, times, title, unit="ms", missing="not measured", xlabel=None, ax=None, fontsize=12):
    """Bars of times[method][case] (seconds) per case, in `unit` on a log axis, labelled, the last method green."""
    cases, times = _check_times(cases, times)
    for value, name in ((title, "title"), (missing, "missing"), (xlabel or "", "xlabel")):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {list(UNITS)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(min(10.0, max(6.4, 3 + 0.6 * len(cases) * len(times))), 4.4), layout="constrained")
    width, x = 0.8 / len(times), np.arange(len(cases))
    shown = [s / UNITS[unit] for seconds in times.values() for s in seconds if s is not None]
    bottom = min(shown, default=1.0) / 4  # bars start below the smallest time, so every bar shows
    colours = _OTHER_COLOURS[:len(times) - 1] + (RECOMMENDED_COLOUR,)
    for k, ((method, seconds), colour) in enumerate(zip(times.items(), colours)):
        at = x - 0.4 + width * (k + 0.5)
        for xi, s in zip(at, seconds):
            if s is None:
                ax.text(xi, bottom * 1.3, missing, rotation=90, ha="center", va="bottom", fontsize=fontsize - 2,
                        color="0.35")
            else:
                ax.text(xi, s / UNITS[unit] * 1.15, _label(s / UNITS[unit]), ha="center", va="bottom",
                        fontsize=fontsize - 3)
        heights = [np.nan if s is None else s / UNITS[unit] - bottom for s in seconds]
        ax.bar(at, heights, width * 0.92, bottom=bottom, color=colour, label=method)
    ax.set_yscale("log")
    ax.set_ylim(bottom, max(shown, default=1.0) * 6)  # room above the tallest bar for its label and the legend
    ax.set_xticks(x, cases, fontsize=fontsize - 1)
    ax.set_xlabel(xlabel or "", fontsize=fontsize)
    ax.set_ylabel(f"time per call ({unit}, log scale)", fontsize=fontsize)
    ax.set_title(title, fontsize=fontsize + 1)
    ax.tick_params(axis="y", labelsize=fontsize - 1)
    ax.grid(True, axis="y", which="major", alpha=0.3)
    ax.legend(fontsize=fontsize - 2, loc="upper left", framealpha=0.9)
    return ax
