"""helpers.plots.style: the course's colours and markers are defined once, and every figure takes them from there."""

import colorsys
import json
import re

import matplotlib.colors as mcolors
import matplotlib.markers
import numpy as np
from notebook_files import NOTEBOOKS, ROOT

from helpers import plots
from helpers.plots import style

#: The published Okabe-Ito colours (Okabe & Ito 2002; Wong, Nature Methods 8, 441, 2011), written out again here.
PUBLISHED = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


def _hue(colour):
    return colorsys.rgb_to_hls(*mcolors.to_rgb(colour))[0]


def test_the_palette_is_okabe_ito_and_the_classes_take_two_of_its_colours():
    assert set(style.OKABE_ITO.values()) == PUBLISHED
    assert plots.CLASS_COLOURS == (style.OKABE_ITO["vermillion"], style.OKABE_ITO["blue"])
    assert len(set(plots.CLASS_MARKERS)) == 2 and all(m in matplotlib.markers.MarkerStyle.markers
                                                      for m in plots.CLASS_MARKERS)
    for point, region in zip(plots.CLASS_COLOURS, plots.CLASS_REGION_COLOURS):  # a light shade of the same hue
        assert abs(_hue(point) - _hue(region)) < 0.02
        assert np.mean(mcolors.to_rgb(region)) > np.mean(mcolors.to_rgb(point)) + 0.25


def test_activation_colours_are_distinct_okabe_ito_colours():
    colours = list(plots.ACTIVATION_COLOURS.values())
    assert len(set(colours)) == len(colours) and set(colours) <= PUBLISHED
    assert {"sigmoid", "tanh", "relu"} <= set(plots.ACTIVATION_COLOURS)


def test_figures_draw_the_classes_in_the_style_colours_and_markers():
    X = np.array([[-1.0, 1.0, -1.0, 1.0], [-1.0, 1.0, 1.0, -1.0]])
    Y = np.array([[0.0, 0.0, 1.0, 1.0]])
    ax = plots.plot_decision_boundary(lambda G: (G[0:1] * G[1:2] < 0).astype(int), X, Y, resolution=20)
    for k, collection in enumerate(ax.collections[-2:]):  # the two scatters, y = 0 then y = 1
        assert mcolors.same_color(collection.get_facecolor()[0], plots.CLASS_COLOURS[k])
    handles = ax.get_legend().legend_handles
    assert [h.get_marker() for h in handles[:2]] == list(plots.CLASS_MARKERS)
    for k, patch in enumerate(handles[2:]):
        assert mcolors.same_color(patch.get_facecolor(), plots.CLASS_REGION_COLOURS[k])


def test_no_helpers_module_writes_a_palette_colour_of_its_own():
    """A course colour is written in palette.py only; every other module (figures, HTML, widgets) imports it."""
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        if path.name != "palette.py":
            found = {h.upper() for h in HEX.findall(path.read_text(encoding="utf-8"))} & PUBLISHED
            assert not found, f"{path.relative_to(ROOT)} writes {sorted(found)}: use helpers.palette's names"


def test_no_notebook_code_cell_writes_a_palette_colour_of_its_own():
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for n, cell in enumerate(cells):
            if cell["cell_type"] == "code":
                found = {h.upper() for h in HEX.findall("".join(cell["source"]))} & PUBLISHED
                assert not found, f"{path.name} cell {n} writes {sorted(found)}: use helpers.plots' colour names"
