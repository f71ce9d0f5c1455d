"""The course's colours and markers: one colour per class, per activation, per verdict, in every figure.

Every hue is from the Okabe-Ito palette, which colour-blind readers tell apart. Figures and notebooks take their
colours from here (`plots.CLASS_COLOURS[k]`, `plots.ACTIVATION_COLOURS["tanh"]`), never as a hex string of their
own, so that a class or an activation has the same colour everywhere. Maps of values are named by the figures that
draw them: RdBu_r centred on zero for gradients, viridis / cividis for other quantities.
"""

from ..palette import OKABE_ITO  # the colour values (no matplotlib): helpers/palette.py

#: The course's one class-colour map, for every figure of the two flower classes (notebook 04, the explorer):
#: Okabe-Ito vermillion for y = 0 and blue for y = 1. Points use CLASS_COLOURS, shaded regions the light shades
#: CLASS_REGION_COLOURS of the same two hues, and each class its own marker, CLASS_MARKERS (the shape tells the
#: classes apart even in grey).
CLASS_COLOURS = (OKABE_ITO["vermillion"], OKABE_ITO["blue"])  # y = 0, y = 1
CLASS_REGION_COLOURS = ("#F6CDB0", "#B3D4EA")  # light vermillion, light blue: predicted 0, predicted 1
CLASS_MARKERS = ("o", "^")  # circle for y = 0, triangle for y = 1

#: One colour per hidden activation in the curves of notebook 06 (started at Xavier scale), and one for each other
#: start it compares: relu at He scale, and tanh at a small scale (std 0.01, where its gradients vanish).
ACTIVATION_COLOURS = {
    "sigmoid": OKABE_ITO["blue"],
    "tanh": OKABE_ITO["orange"],
    "relu": OKABE_ITO["green"],
    "relu He": OKABE_ITO["purple"],
    "tanh small": OKABE_ITO["vermillion"],
}
