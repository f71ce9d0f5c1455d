"""Backprop by Hand: the course's helpers, one source of truth for every notebook.

Notation (three conventions; the course's primary one is the column convention):

| quantity      | column (Deep Learning Specialization) | row (one example per row)  | PyTorch nn.Linear       |
|---------------|---------------------------------------|----------------------------|-------------------------|
| inputs        | X (n_x, m)                            | X or H (m, n_x); H (1, h)  | x (m, in_features)      |
| weights       | W[l] (n[l], n[l-1])                   | W (n[l-1], n[l]); (h, n)   | weight (out, in)        |
| bias          | b[l] (n[l], 1)                        | B (1, n[l])                | bias (out,)             |
| linear step   | Z = W A + b                           | Z = H W + B                | y = x W^T + b           |
| weight grad   | dW = dZ A^T / m                       | dW = H^T dZ / m            | grad = dy^T x           |
| bias grad     | db = sum(dZ, axis=1, keepdims) / m    | dB = sum(dZ, axis=0) / m   | grad = dy.sum(0)        |
| backward      | dA_prev = W^T dZ                      | dH = dZ W^T                | dx = dy W               |

(PyTorch's dy is autograd's dJ/dy of the mean cost, so it already holds the 1/m.)

Modules: activations, losses, gradcheck, jacobian, network, autograd (a tiny matrix autograd), data,
environment, validate (the input checks every public function uses), formatting (how shapes and errors are
printed), and the exercise feedback tools shapes (a shape tracer), checks (checkers that name the mistake)
and mistakes (their catalogue). Plots and widgets (matplotlib, ipywidgets) are imported only when asked for:
`from helpers import plots, widgets`.
"""

from . import (activations, autograd, checks, data, environment, formatting, gradcheck, jacobian, losses, mistakes,
               network, shapes, timing, validate)

__version__ = "0.1.0"
__all__ = [
    "activations", "autograd", "checks", "data", "environment", "formatting", "gradcheck", "jacobian", "losses",
    "mistakes", "network", "shapes", "timing", "validate",
]
