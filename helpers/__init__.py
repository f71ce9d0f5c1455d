"""Backprop by Hand: the course's helpers, one source of truth for every notebook.

Notation: the column convention of the Deep Learning Specialization (X is (n_x, m), W[l] is (n[l], n[l-1]),
Z = W A + b; dZ and dA are per-example gradients, dW and db gradients of the mean cost). The one notation table,
with the row convention and PyTorch's, is in notebook 00 (sections 'notation' and 'conventions'), and every formula
with its shapes is in cheatsheet.md.

Modules: one idea each; CONTRIBUTING.md has the map (module, its idea, who uses it). `import helpers` loads the
numpy-only ones below; plots (a package, matplotlib), flow (the gradient-flow explorer's numpy model),
flow_figure / flow_graph (its figure, matplotlib), widgets (ipywidgets), derivation, gradient_doctor and stepper
are imported only when asked for: `from helpers import plots, widgets`.
"""

from . import (activations, autograd, checks, data, environment, formatting, gradcheck, jacobian, losses, mistakes,
               network, shapes, timing, validate)

__version__ = "0.1.0"
__all__ = [
    "activations", "autograd", "checks", "data", "environment", "formatting", "gradcheck", "jacobian", "losses",
    "mistakes", "network", "shapes", "timing", "validate",
]
