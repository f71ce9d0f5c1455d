"""Figures for the course, drawn with matplotlib (imported only when you import helpers.plots).

One module per family of figures; every name below is re-exported here, so a notebook calls
`plots.plot_decision_boundary(...)` without knowing the module:

- `style`: the course's colours and markers (`CLASS_COLOURS`, `CLASS_REGION_COLOURS`, `CLASS_MARKERS`,
  `ACTIVATION_COLOURS`, the `OKABE_ITO` palette); take colours from here, never write a hex string of your own;
- `jacobian`: the 4-D derivative dZ/dW as heatmaps and the Jacobian explorer's picture (notebook 03);
- `products`: matrix products drawn by their shapes, the inner sizes in colour (notebooks 01, 02);
- `classification`: decision boundaries, the cost curve, the hidden-size sweep, the confusion matrix and
  misclassified digits (notebook 04);
- `doctor`: the gradient-check doctor's V-curve (notebook 04);
- `timing`: measured times as bars on a log scale, one colour per method (notebooks 03, 04).

The gradient-flow explorer's figure is not here: it lives in `helpers.flow_figure` and `helpers.flow_graph`.

Conventions: every axis labelled, every figure titled, colour bars on heatmaps; gradients on a diverging map
centred on zero (RdBu_r), other quantities on viridis/cividis; font sizes readable at notebook width.
The mathematics the figures show is computed by the numpy modules (`jacobian.jacobian_explorer_arrays`,
`data.confusion_matrix`, `shapes.product_shape_rows`), never here.
"""

from .classification import (decision_grid, plot_confusion_matrix, plot_decision_boundary, plot_digit_images,
                             plot_hidden_size_sweep, plot_loss_curve)
from .doctor import plot_gradient_doctor
from .jacobian import plot_jacobian_explorer, plot_jacobian_tensor
from .products import plot_product_shapes
from .style import ACTIVATION_COLOURS, CLASS_COLOURS, CLASS_MARKERS, CLASS_REGION_COLOURS, OKABE_ITO
from .timing import plot_timings

__all__ = [
    # style
    "ACTIVATION_COLOURS", "CLASS_COLOURS", "CLASS_MARKERS", "CLASS_REGION_COLOURS", "OKABE_ITO",
    # jacobian
    "plot_jacobian_explorer", "plot_jacobian_tensor",
    # products
    "plot_product_shapes",
    # classification
    "decision_grid", "plot_confusion_matrix", "plot_decision_boundary", "plot_digit_images", "plot_hidden_size_sweep",
    "plot_loss_curve",
    # doctor
    "plot_gradient_doctor",
    # timing
    "plot_timings",
]
