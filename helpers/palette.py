"""The course's colour values, with no matplotlib: the Okabe-Ito palette and the red of a warning.

helpers.plots.style says what each colour means in a figure (a class, an activation); modules that draw without
matplotlib (the stepper's HTML, the widgets' status line) take their colours from here too, so no module writes a
palette colour of its own.
"""

#: The Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2002): eight colours that readers with any common
#: colour-vision deficiency still tell apart.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: A warning (a vanishing gradient, a diverged run): its text and frame, darker text, and a pale face behind it.
WARNING_RED = "#B00000"
WARNING_TEXT = "#7A0000"
WARNING_FACE = "#FFF0F0"
