"""helpers.plots.timing (notebooks 03, 04): the bars are the times given, in the unit asked, on a log axis."""

import matplotlib.colors as mcolors
import numpy as np
import pytest

from helpers import plots

CASES = ["n = 2", "n = 32"]
TIMES = {"build": [2e-6, 3e-4], "contract": [1.5e-6, None], "matmul": [1e-6, 3e-6]}  # seconds; None: not measured


def _bars(ax):
    """{method: (tops of its bars in the axis unit, colour)}; a bar's top is its bottom plus its height."""
    return {c.get_label(): ([p.get_y() + p.get_height() for p in c.patches], c.patches[0].get_facecolor())
            for c in ax.containers}


def test_bars_are_the_times_in_the_unit_asked_on_a_log_axis():
    ax = plots.plot_timings(CASES, TIMES, "Costs", unit="µs", missing="not built")
    bars = _bars(ax)
    assert list(bars) == list(TIMES) and ax.get_yscale() == "log"
    for method, seconds in TIMES.items():
        tops = bars[method][0]
        for top, s in zip(tops, seconds):
            assert np.isnan(top) if s is None else top == pytest.approx(s * 1e6, rel=1e-12)
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("not built") == 1 and "300" in texts and "1.5" in texts  # each bar labelled with its value
    assert ax.get_ylim()[0] < 1.0 and ax.get_ylim()[1] > 300  # every bar shows, the smallest included
    assert ax.get_title() == "Costs" and ax.get_ylabel() == "time per call (µs, log scale)"
    assert [t.get_text() for t in ax.get_xticklabels()] == CASES


def test_milliseconds_and_seconds():
    ax = plots.plot_timings(["a"], {"slow": [0.25], "fast": [0.002]}, "t", unit="ms")
    assert _bars(ax)["slow"][0] == [pytest.approx(250.0)] and _bars(ax)["fast"][0] == [pytest.approx(2.0)]
    ax = plots.plot_timings(["a"], {"slow": [0.25]}, "t", unit="s", xlabel="case")
    assert _bars(ax)["slow"][0] == [pytest.approx(0.25)] and ax.get_xlabel() == "case"


def test_colours_are_okabe_ito_never_the_class_colours_and_the_last_method_is_green():
    for k in (1, 2, 3, 4):
        times = {f"m{i}": [1e-3] for i in range(k)}
        colours = [mcolors.to_hex(c) for _, c in _bars(plots.plot_timings(["a"], times, "t")).values()]
        assert len(set(colours)) == k and set(c.upper() for c in colours) <= set(plots.OKABE_ITO.values())
        assert colours[-1].upper() == plots.OKABE_ITO["green"]
        assert not {c.upper() for c in colours} & {c.upper() for c in plots.CLASS_COLOURS}  # those mean y = 0, 1


@pytest.mark.parametrize("cases, times, kwargs, error, pattern", [
    ([], {"a": []}, {}, TypeError, r"cases must be a non-empty list of strings"),
    (["a"], [1e-3], {}, TypeError, r"times must be a dict of 1 to 4 methods"),
    (["a"], {f"m{i}": [1e-3] for i in range(5)}, {}, TypeError, r"times must be a dict of 1 to 4 methods .* of 5"),
    (["a", "b"], {"m": [1e-3]}, {}, ValueError, r"times\['m'\] must be a list of 2 times"),
    (["a"], {"m": [0.0]}, {}, ValueError, r"times\['m'\] must hold seconds > 0 \(or None: not measured\), got 0.0"),
    (["a"], {"m": [np.inf]}, {}, ValueError, r"seconds > 0"),
    (["a"], {"m": [1e-3]}, {"unit": "ns"}, ValueError, r"unknown unit 'ns'; expected one of \['s', 'ms', 'µs'\]"),
    (["a"], {"m": [1e-3]}, {"missing": 3}, TypeError, r"missing must be a string, got int"),
])
def test_bad_input_is_refused_naming_it(cases, times, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        plots.plot_timings(cases, times, "t", **kwargs)
