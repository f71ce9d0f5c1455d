"""Interactive explorers built on ipywidgets (imported only when you import helpers.widgets).

Only API common to ipywidgets 7.7 (Colab) and 8 is used. Figures are drawn with
the inline backend into an ipywidgets.Output, so nothing lands outside the widget.
Plots come from helpers.plots; this module wires controls to them.

Sections, one per owner: jacobian explorer (notebook 03), gradient-flow explorer (notebooks 04, 05).
"""

import ipywidgets as widgets  # noqa: F401  (used by the sections below)

# ------------------------------------------------------------------ jacobian explorer (notebook 03)


# ------------------------------------------------------------------ gradient-flow explorer (notebooks 04, 05)
