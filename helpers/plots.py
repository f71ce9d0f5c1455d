"""Figures for the course, drawn with matplotlib (imported only when you import helpers.plots).

Conventions: every axis labelled, every figure titled, colour bars on heatmaps;
gradients on a diverging map centred on zero (RdBu_r), other quantities on
viridis/cividis; font sizes readable at notebook width.

Sections, one per owner: jacobian tensor (notebook 03), network training
(notebook 04), gradient-flow explorer (notebook 05).
"""

import matplotlib.pyplot as plt  # noqa: F401  (used by the sections below)
import numpy as np  # noqa: F401

# ------------------------------------------------------------------ jacobian tensor (notebook 03)


# ------------------------------------------------------------------ network training (notebook 04)


# ------------------------------------------------------------------ gradient-flow explorer (notebook 05)
