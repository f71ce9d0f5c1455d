"""The backward-pass stepper: step through a network's forward and backward pass one edge at a time.

Built from core ipywidgets common to 7.7 (Colab) and 8: Buttons, an IntSlider, ToggleButtons and an
HTML widget. The numbers and the HTML of every edge come from `helpers.stepper` (numpy only) and are
rendered once per convention, so a click only swaps a string: no figure is drawn.
"""

import ipywidgets as widgets
import numpy as np

from . import stepper
from .validate import check_choice
from .network import init_params

__all__ = ["BackpropStepper", "backprop_stepper", "default_problem"]


def default_problem(seed=0):
    """The stepper's default network and data: n_x, n_h, n_y, m = 3, 4, 2, 5 (all different), seeded."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be an int >= 0, got {seed!r}")
    rng = np.random.default_rng(seed)
    params = init_params(3, 4, 2, rng, scale=1.0)
    params["b1"] = 0.5 * rng.standard_normal((4, 1))  # (n_h, 1): non-zero biases, so db is not trivial
    params["b2"] = 0.5 * rng.standard_normal((2, 1))  # (n_y, 1)
    X = rng.standard_normal((3, 5))  # (n_x, m)
    Y = (rng.random((2, 5)) < 0.5).astype(float)  # (n_y, m), 0/1 labels
    return params, X, Y


class BackpropStepper(widgets.VBox):
    """◀ / ▶ through the edges of the forward and backward pass; a toggle between column and row conventions."""

    def __init__(self, params, X, Y, convention="column", start=0):
        self.sequences = {c: stepper.backprop_edges(params, X, Y, c) for c in stepper.CONVENTIONS}
        check_choice(convention, "convention", stepper.CONVENTIONS)
        n = len(self.sequences["column"])
        if isinstance(start, bool) or not isinstance(start, (int, np.integer)) or not 0 <= start < n:
            raise ValueError(f"start must be an int from 0 to {n - 1}, got {start!r}")
        self.pages = {c: [stepper.edge_html(edges, k, c) for k in range(n)] for c, edges in self.sequences.items()}
        self.back = widgets.Button(description="◀ back", layout=widgets.Layout(width="90px"))
        self.next = widgets.Button(description="next ▶", button_style="primary", layout=widgets.Layout(width="90px"))
        self.slider = widgets.IntSlider(value=start + 1, min=1, max=n, description="step",
                                        continuous_update=True, layout=widgets.Layout(width="320px"))
        self.convention = widgets.ToggleButtons(options=list(stepper.CONVENTIONS), value=convention,
                                                description="convention")
        self.view = widgets.HTML(value=self.pages[convention][start])
        self.back.add_class("bp-back")
        self.next.add_class("bp-next")
        self.view.add_class("bp-view")
        self.back.on_click(lambda _: self._move(-1))
        self.next.on_click(lambda _: self._move(+1))
        self.slider.observe(self._render, names="value")
        self.convention.observe(self._render, names="value")
        super().__init__([widgets.HBox([self.back, self.next, self.slider]), self.convention, self.view])
        self.add_class("bp-stepper")

    @property
    def step(self):
        """The index (from 0) of the edge shown."""
        return self.slider.value - 1

    def _move(self, delta):
        self.slider.value = min(max(self.slider.value + delta, self.slider.min), self.slider.max)

    def _render(self, _change=None):
        self.view.value = self.pages[self.convention.value][self.step]


def backprop_stepper(params=None, X=None, Y=None, convention="column"):
    """The stepper on a given network (W1, b1, W2, b2, ...) and data, or on default_problem()."""
    if params is None:
        params, X, Y = default_problem()
    return BackpropStepper(params, X, Y, convention)
