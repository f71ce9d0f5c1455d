"""The gradient-check doctor: the right diagnosis on a constructed case of each kind, and a readable figure."""

import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import gradient_doctor as gd, plots

RNG = np.random.default_rng(0)
X = RNG.standard_normal((3, 5))  # (n_x, m)
Y = RNG.standard_normal((2, 5))  # (n_y, m)
W = RNG.standard_normal((2, 3))  # (n_y, n_x)


def cost(W_):
    """J = 1/(2m) sum (tanh(W X) - Y)^2, computed in W_'s dtype."""
    return 0.5 * np.sum((np.tanh(W_ @ X.astype(W_.dtype)) - Y.astype(W_.dtype)) ** 2) / 5


def gradient(W_):
    """dJ/dW = ((A - Y) * (1 - A^2)) X^T / m, in float64."""
    A = np.tanh(W_.astype(float) @ X)
    return ((A - Y) * (1 - A**2)) @ X.T / 5


def buggy_gradient(W_):
    """The tanh' factor forgotten."""
    return (np.tanh(W_.astype(float) @ X) - Y) @ X.T / 5


WEIGHTS = np.array([1.0, 2.0, -1.0, 0.5])


def relu_cost(v):
    """sum_i w_i max(v_i, 0): a corner where v_i = 0."""
    return np.sum(np.maximum(v, 0) * WEIGHTS.astype(v.dtype))


V = np.array([0.3, 0.0, -0.2, 0.0])
W32 = W.astype(np.float32)

CASES = {
    "right": (cost, W, gradient, 1e-6),
    "bug": (cost, W, buggy_gradient, 1e-6),
    "eps too small": (cost, W, gradient, 1e-12),
    "eps too large": (cost, W, gradient, 1e-1),
    "float32": (cost, W32, gradient, 1e-6),  # the gradient at the float32 point, computed in float64
    "kink": (relu_cost, V, (V > 0) * WEIGHTS, 1e-6),
}


@pytest.mark.parametrize("verdict", list(CASES))
def test_the_diagnosis_is_right_for_each_kind(verdict, capsys):
    f, x, grad, eps = CASES[verdict]
    report = gd.diagnose(f, x, grad, eps=eps)
    assert report.verdict == verdict
    report.print()
    out = capsys.readouterr().out
    assert gd.VERDICTS[verdict] in out
    if verdict != "bug":
        assert report.floor_error < 1e-6  # the bottom of the V: the gradient is right
        first = out.split("\n")[0]
        if verdict in gd.NOISE_VERDICTS:
            assert "0.0" not in first and "rounding noise" in first  # noise: never printed as digits
        elif verdict != "right":  # a kink's or truncation's error is mathematics: printed, 2 digits
            assert gd.format_error(report.user_error, report.tol) + " ≥" in first


def test_a_bug_names_the_worst_entries_and_is_found_whatever_the_eps():
    for eps in (1e-12, 1e-6, 1e-1):
        report = gd.diagnose(cost, W, buggy_gradient, eps=eps)
        assert report.verdict == "bug"
    diff = np.abs(buggy_gradient(W) - gradient(W))
    assert report.worst[0][0] == np.unravel_index(np.argmax(diff), W.shape)
    assert report.floor_error > 1e-2


def test_the_v_curve_has_its_two_arms():
    report = gd.diagnose(cost, W, gradient)
    eps, err = report.eps_grid, report.errors64
    right = (eps >= 1e-3) & (eps <= 1e-1)
    slope_right = np.polyfit(np.log10(eps[right]), np.log10(err[right]), 1)[0]
    assert 1.7 < slope_right < 2.3  # truncation ∝ ε²
    left = eps <= 1e-9
    slope_left = np.polyfit(np.log10(eps[left]), np.log10(err[left]), 1)[0]
    assert -1.5 < slope_left < -0.5  # rounding ∝ 1/ε
    assert err[(eps > 1e-7) & (eps < 1e-4)].max() < 1e-7
    assert report.errors32.min() > 100 * report.errors64.min()  # float32's V sits far higher


def test_kinks_are_located_with_their_one_sided_slopes():
    report = gd.diagnose(relu_cost, V, (V > 0) * WEIGHTS)
    assert [k.index for k in report.kinks] == [(1,), (3,)]
    assert report.kinks[0].left == pytest.approx(0, abs=1e-6)
    assert report.kinks[0].right == pytest.approx(2, rel=1e-6)
    assert report.user_error_smooth < 1e-6
    smooth = gd.diagnose(cost, W, gradient)
    assert smooth.kinks == []  # a smooth function with curvature has no kink


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="float64 or float32"):
        gd.diagnose(cost, [1.0, 2.0], gradient)
    with pytest.raises(TypeError, match="function"):
        gd.diagnose(3, W, gradient)
    with pytest.raises(ValueError, match="shape"):
        gd.diagnose(cost, W, np.zeros((3, 2)))
    with pytest.raises(ValueError, match="eps"):
        gd.diagnose(cost, W, gradient, eps=0)
    with pytest.raises(ValueError, match="single number"):
        gd.diagnose(lambda w: w, W, gradient)


def test_the_figure_is_labelled_log_log():
    report = gd.diagnose(relu_cost, V, (V > 0) * WEIGHTS)
    ax = plots.plot_gradient_doctor(report)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_xlabel() and ax.get_ylabel() and "kink" in ax.get_title()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "float64" in labels and "float32" in labels and "float64 without the kink entries" in labels
    colours = {line.get_label(): line.get_color() for line in ax.get_lines()}  # the course's Okabe-Ito colours
    for label, name in (("float64", "blue"), ("float32", "orange"), ("float64 without the kink entries", "green")):
        assert matplotlib.colors.same_color(colours[label], plots.OKABE_ITO[name]), label
    plt.close("all")
    with pytest.raises(TypeError, match="diagnose"):
        plots.plot_gradient_doctor({"verdict": "bug"})
