"""The gradient-check doctor: why does a gradient check fail? A bug, a bad ε, float32, or a kink.

`diagnose(f, x, grad, eps=1e-6)` takes a scalar function f, a point x (its dtype is the dtype of your
check: float64 or float32), and your gradient at x (an array, or a function of x). It

* runs the ε sweep: centred differences for ε from 1e-12 to 1e-1, in float64 and in float32, and
  the relative error against your gradient at each ε (the V-curve: truncation error ∝ ε² on the
  right, rounding ∝ 1/ε on the left);
* looks for kinks: an entry where the one-sided differences (f(x + ε) - f(x)) / ε and
  (f(x) - f(x - ε)) / ε disagree by an amount that does not shrink with ε (a ReLU at 0);
* locates the worst entries at the bottom of the V;
* and says which diagnosis applies, in this order: a real bug (the error stays above the tolerance
  at every ε, in float64, away from kinks), a kink, float32, ε too small or too large, or right.

`Report.print()` writes the verdict in the course's portable way (`compare`'s rule: an error below
the tolerance is printed as "< tol", never as rounding noise), and `helpers.plots.plot_gradient_doctor`
draws the V-curve. f must compute in the dtype of its argument (float32 in, float32 out) for the
float32 sweep to mean something; the doctor says so when it does not.
"""

import numbers
from collections import namedtuple

import numpy as np

from .validate import as_float_array, shape_str
from .formatting import format_error, format_tolerance
from .gradcheck import FD_TOL, relative_error

__all__ = ["diagnose", "Report", "Kink", "EPS_GRID", "VERDICTS", "NOISE_VERDICTS"]

EPS_GRID = 10.0 ** np.arange(-12.0, -0.5, 0.5)  # the ε sweep: 1e-12 ... 1e-1, two points per decade
KINK_EPS = (1e-5, 1e-7)  # one-sided differences at these two steps; a kink's gap does not shrink with ε

#: verdict -> the one-line explanation printed under it
VERDICTS = {
    "right": "your gradient is right, and your check shows it.",
    "bug": "a real bug: at every ε, in float64, the finite differences disagree with your gradient. "
           "Fix the formula; the worst entries show where.",
    "kink": "a kink: f has a corner at this point (a ReLU at 0), and there the centred difference averages "
            "the two one-sided slopes. Your gradient is right everywhere else. Check at a point off the kink "
            "(random inputs, non-zero biases).",
    "float32": "float32: its rounding (about 6e-08 of each value of f) divided by 2ε swamps the difference. "
               "In float64 the same check passes: run gradient checks in float64.",
    "eps too small": "ε too small: the left arm of the V. Rounding of f (about 1e-16 of its value) divided by 2ε "
                     "dominates. Use ε = 1e-6 in float64.",
    "eps too large": "ε too large: the right arm of the V. The truncation error of the centred difference grows "
                     "like ε². Use ε = 1e-6 in float64.",
}

#: verdicts whose failing error is rounding noise (printed as "≥ tol", never as digits)
NOISE_VERDICTS = ("float32", "eps too small")

#: One kink: the entry, and the one-sided slopes from the left and from the right.
Kink = namedtuple("Kink", ["index", "left", "right"])


class Report:
    """What `diagnose` found: the sweep, the kinks, the worst entries and the verdict."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def print(self):
        """Print the verdict and its evidence, portably (no rounding noise)."""
        tol = self.tol
        check = "passes" if self.user_error < tol else "fails"
        # a bug's, a kink's or truncation's error is a property of the mathematics and is printed; a too small
        # ε's or float32's is rounding noise, whose digits differ from machine to machine, and is not
        noise = self.verdict in NOISE_VERDICTS
        shown = f"< {format_tolerance(tol)}" if self.user_error < tol else \
            (f"≥ {format_tolerance(tol)}" if noise else f"{format_error(self.user_error, tol)} ≥ {format_tolerance(tol)}")
        print(f"Your check (ε = {format_tolerance(self.eps)}, {self.dtype}) {check}: rel error {shown} (the tolerance)"
              + ("; the error itself is rounding noise, so its digits are not printed." if noise and check == "fails"
                 else "."))
        print(f"Diagnosis: {VERDICTS[self.verdict]}")
        floor = self.floor_error
        if self.verdict == "bug":
            print(f"  Smallest error over the ε sweep (float64): {format_error(floor, tol)}, "
                  f"above the tolerance {format_tolerance(tol)}.")
            for index, yours, reference in self.worst:
                print(f"  entry {_index_text(index)}: yours {yours:.2g}, finite differences {reference:.2g}")
        else:
            print(f"  At the bottom of the V (float64) the error is {format_error(floor, tol)}: "
                  + ("below the tolerance." if floor < tol else "above the tolerance."))
        for kink in self.kinks:
            print(f"  kink at entry {_index_text(kink.index)}: slope {_slope_text(kink.left)} from the left, "
                  f"{_slope_text(kink.right)} from the right")
        if self.kinks and self.verdict == "kink":
            print(f"  Without the {len(self.kinks)} kink entr{'y' if len(self.kinks) == 1 else 'ies'}, "
                  f"your check {'passes' if self.user_error_smooth < tol else 'fails'}.")
        if self.float32_note:
            print(f"  Note: {self.float32_note}")


def _slope_text(slope):
    """A one-sided slope to 2 significant digits, '0' below 1e-6 (its rounding noise is about 1e-9)."""
    return "0" if abs(slope) < 1e-6 else f"{slope:.2g}"


def _index_text(index):
    return "[" + ", ".join(str(int(i)) for i in index) + "]" if index else "(the scalar)"


def _centred(f, x, eps, dtype):
    """Centred differences of f at x in the given dtype, every entry; x's shape."""
    xd = x.astype(dtype)
    out = np.zeros(x.shape, dtype=float)
    step = dtype(eps)
    for idx in np.ndindex(x.shape):
        old = xd[idx]
        xd[idx] = old + step
        plus = float(f(xd))
        xd[idx] = old - step
        minus = float(f(xd))
        xd[idx] = old
        out[idx] = (plus - minus) / (2 * eps)
    return out


def _one_sided(f, x, eps):
    """(from the left, from the right) one-sided differences in float64; each x's shape."""
    xd = x.astype(np.float64)
    here = float(f(xd))
    left, right = np.zeros(x.shape), np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = xd[idx]
        xd[idx] = old + eps
        right[idx] = (float(f(xd)) - here) / eps
        xd[idx] = old - eps
        left[idx] = (here - float(f(xd))) / eps
        xd[idx] = old
    return left, right


def _kinks(f, x):
    """Entries where the one-sided slopes disagree by a gap that does not shrink with ε."""
    coarse_l, coarse_r = _one_sided(f, x, KINK_EPS[0])
    fine_l, fine_r = _one_sided(f, x, KINK_EPS[1])
    gap_coarse, gap_fine = np.abs(coarse_r - coarse_l), np.abs(fine_r - fine_l)
    scale = 1.0 + np.abs(fine_l) + np.abs(fine_r)
    found = (gap_fine > 1e-3 * scale) & (gap_fine > 0.5 * gap_coarse)  # smooth: gap_fine ≈ gap_coarse / 100
    return [Kink(idx, float(fine_l[idx]), float(fine_r[idx])) for idx in zip(*np.nonzero(found))] \
        if x.ndim else ([Kink((), float(fine_l), float(fine_r))] if bool(found) else [])


def _masked_error(ours, reference, mask):
    """Relative error over the entries where mask is True."""
    return relative_error(ours[mask], reference[mask]) if mask.any() else 0.0


def _check_f(f, x):
    if not callable(f):
        raise TypeError(f"f must be a function of x returning a number, got {type(f).__name__}")
    value = np.asarray(f(x.copy()))
    if value.size != 1 or value.dtype.kind not in "biuf":
        raise ValueError(f"f must return a single number, got an array of shape {shape_str(value.shape)}")


def _checked_gradient(f, x, grad, eps, tol):
    """Check diagnose's arguments; your gradient at x as a float64 array of x's shape."""
    if not isinstance(x, np.ndarray) or x.dtype not in (np.float64, np.float32):
        raise TypeError(f"x must be a float64 or float32 numpy array (its dtype is your check's), got "
                        f"{type(x).__name__}" + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else ""))
    as_float_array(x, "x")
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not 0 < eps < 1:
        raise ValueError(f"eps must be a number between 0 and 1, got {eps!r}")
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not 0 < tol < 1:
        raise ValueError(f"tol must be a number between 0 and 1, got {tol!r}")
    _check_f(f, x)
    claimed = grad(x.copy()) if callable(grad) else grad
    claimed = as_float_array(claimed, "grad")
    if claimed.shape != x.shape:
        raise ValueError(f"grad has shape {shape_str(claimed.shape)} but x has shape {shape_str(x.shape)}; "
                         "a gradient has the shape of what it differentiates")
    return claimed


def _eps_sweep(f, x64, claimed):
    """Centred differences at every ε of EPS_GRID in float64 and float32, and their relative errors to claimed."""
    fd = {dt: [_centred(f, x64, e, dt) for e in EPS_GRID] for dt in (np.float64, np.float32)}
    errors = {dt: np.array([relative_error(g, claimed) for g in fd[dt]]) for dt in fd}
    return fd, errors


def _smooth_entries(shape, kinks):
    """A mask of x's shape: True where f is smooth, False at the kinks."""
    smooth = np.ones(shape, dtype=bool)
    for kink in kinks:
        smooth[kink.index] = False
    return smooth


def _verdict(tol, floor, kinks, user_error, float32_alone, eps, best_eps):
    """Which diagnosis applies, in the module docstring's order (float32_alone: a float32 check passing in float64)."""
    if floor >= tol:
        return "bug"
    if kinks and user_error >= tol:
        return "kink"
    if user_error < tol:
        return "right"
    if float32_alone:
        return "float32"
    return "eps too small" if eps < best_eps else "eps too large"


def _worst_entries(claimed, reference, tol):
    """Up to 3 (index, yours, finite differences) where your gradient is off by more than tol, worst first."""
    diff = np.abs(reference - claimed)
    order = np.argsort(diff, axis=None)[::-1][:3]
    return [(np.unravel_index(int(k), claimed.shape), float(claimed.flat[k]), float(reference.flat[k]))
            for k in order if diff.flat[k] > tol * (1 + abs(claimed.flat[k]))]


def _float32_note(f, x64):
    """A note if f computes in float64 when given float32 (then the float32 sweep is not float32), else ''."""
    out32 = np.asarray(f(x64.astype(np.float32)))
    return "" if out32.dtype == np.float32 else \
        "f returned float64 for a float32 x, so the float32 sweep is really float64: compute f in x's dtype."


def diagnose(f, x, grad, eps=1e-6, tol=FD_TOL):
    """Run the ε sweep in float64 and float32, look for kinks and say why a gradient check fails; a Report."""
    claimed = _checked_gradient(f, x, grad, eps, tol)
    x64 = x.astype(np.float64)
    user_dtype = np.float32 if x.dtype == np.float32 else np.float64
    fd, errors = _eps_sweep(f, x64, claimed)
    kinks = _kinks(f, x64)
    smooth = _smooth_entries(x.shape, kinks)
    errors_smooth = np.array([_masked_error(g, claimed, smooth) for g in fd[np.float64]])
    best = int(np.argmin(errors_smooth))  # the bottom of the V, away from kinks
    user_fd = _centred(f, x64, eps, user_dtype)
    user_error = relative_error(user_fd, claimed)
    floor = float(errors_smooth[best])
    note = _float32_note(f, x64)
    float32_alone = user_dtype == np.float32 and _centred_error(f, x64, eps, claimed) < tol
    verdict = _verdict(tol, floor, kinks, user_error, float32_alone, eps, EPS_GRID[best])
    return Report(verdict=verdict, eps=float(eps), dtype=np.dtype(user_dtype).name, tol=float(tol),
                  eps_grid=EPS_GRID.copy(), errors64=errors[np.float64], errors32=errors[np.float32],
                  errors64_smooth=errors_smooth if kinks else None, best_eps=float(EPS_GRID[best]),
                  floor_error=floor, user_error=float(user_error),
                  user_error_smooth=float(_masked_error(user_fd, claimed, smooth)), kinks=kinks,
                  worst=_worst_entries(claimed, fd[np.float64][best], tol), float32_note=note)


def _centred_error(f, x64, eps, claimed):
    """The relative error of the same check run in float64."""
    return relative_error(_centred(f, x64, eps, np.float64), claimed)
