"""The static site (tools/build_site.py): every notebook has a page, every internal link and src resolves, nothing is
loaded from outside the site, widgets become their default figures; in Chromium with the network blocked, the math
is typeset."""

import functools
import http.server
import importlib.util
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from notebook_files import NOTEBOOKS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
# Elements whose URL the browser loads by itself (as opposed to a link a reader may follow).
LOADED = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"), ("image", "href")}


def _load_build_site():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_site = _load_build_site()


class Page(HTMLParser):
    """The URLs an HTML page refers to, and the ids it defines."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.urls, self.ids = [], set()  # (tag, attribute, url)
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for attr in ("href", "src", "data"):
            if attrs.get(attr) is not None:
                self.urls.append((tag, attr, attrs[attr], attrs.get("rel", "")))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    built = build_site.build(out)
    assert built.missing == [], f"links to files that do not exist: {built.missing}"
    return out


@functools.lru_cache(maxsize=None)
def parse(path):
    return Page(path.read_text(encoding="utf-8"))


def pages(site):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_every_notebook_has_a_page_and_the_index_links_to_each(site):
    index = parse(site / "index.html")
    linked = {url for _, _, url, _ in index.urls}
    for path in NOTEBOOKS:
        page = site / "notebooks" / (path.stem + ".html")
        assert page.is_file(), f"no page for {path.name}"
        assert f"notebooks/{path.stem}.html" in linked, f"index.html does not link to {path.stem}.html"
        assert "<title>" in page.read_text(encoding="utf-8")


def test_the_cheat_sheet_has_a_page_linked_from_the_index_and_notebook_00(site):
    page = site / "cheatsheet.html"
    assert page.is_file(), "no page for cheatsheet.md"
    assert "cheatsheet.html" in {url for _, _, url, _ in parse(site / "index.html").urls}
    assert "../cheatsheet.html" in {url for _, _, url, _ in parse(site / "notebooks" / "00_start_here.html").urls}
    text = page.read_text(encoding="utf-8")
    assert "<title>" in text and "MathJax.js" in text and text.count("$") > 100


def test_every_internal_link_and_src_resolves(site):
    broken = []
    for page in pages(site):
        for tag, attr, url, _ in parse(page).urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue  # external: checked by the next test
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: <{tag} {attr}={url!r}> -> no such file")
            elif (parts.fragment and target.suffix == ".html"  # a browser tries the fragment as written, then decoded
                  and not {parts.fragment, unquote(parts.fragment)} & parse(target).ids):
                broken.append(f"{page.relative_to(site)}: {url!r} -> no id {parts.fragment!r} in {target.name}")
    assert broken == [], "\n".join(broken)


def test_nothing_is_loaded_from_outside_the_site(site):
    outside = []
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        for tag, attr, url, rel in parse(page).urls:
            external = bool(urlsplit(url).scheme in ("http", "https") or url.startswith("//"))
            if external and ((tag, attr) in LOADED):
                outside.append(f"{page.relative_to(site)}: <{tag} {attr}={url}>")
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", text):  # CSS fonts, backgrounds
            outside.append(f"{page.relative_to(site)}: css url({url})")
        for url in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", text):
            outside.append(f"{page.relative_to(site)}: css @import {url}")
        assert "widget-state+json" not in text, f"{page.name}: saved widget state would need a widget manager"
    assert outside == [], "\n".join(outside)


def test_badges_become_text_links(site):
    for path in NOTEBOOKS:
        page = parse(site / "notebooks" / (path.stem + ".html"))
        imgs = [url for tag, _, url, _ in page.urls if tag == "img"]
        assert not any("badge" in url for url in imgs), imgs
        links = [url for tag, _, url, _ in page.urls if tag == "a"]
        assert any(url.startswith("https://colab.research.google.com/") for url in links), path.name
        assert any(url.startswith("https://mybinder.org/") for url in links), path.name


def _widget_notebook(next_cell_has_figure):
    png = {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
           "metadata": {}}
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_controls", "IPY_MODEL_out",
                                                                  "IPY_MODEL_img"]}},
        "controls": {"model_name": "HBoxModel", "state": {"children": []}},
        "out": {"model_name": "OutputModel", "state": {"outputs": [png]}},
        "img": {"model_name": "ImageModel", "state": {"format": "png"},
                "buffers": [{"path": ["value"], "encoding": "base64", "data": "iVBORw0KGgpp"}]},
    }
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("explorer()", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "box", "version_major": 2, "version_minor": 0},
        "text/plain": "VBox(...)"})]
    after = nbformat.v4.new_code_cell("plt.show()", execution_count=2)
    if next_cell_has_figure:
        after.outputs = [nbformat.from_dict(png)]
    nb.cells = [nbformat.v4.new_markdown_cell("[![Open In Colab](https://x.test/badge.svg)](https://x.test/nb)"),
                cell, nbformat.v4.new_markdown_cell("The starting state:"), after]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
    return nb


def test_a_widget_output_becomes_what_it_drew_when_no_figure_follows():
    """A saved explorer (VBox -> [HBox, Output, Image]) is shown as its Output's and Image's PNGs under a note."""
    nb = _widget_notebook(next_cell_has_figure=False)
    static = build_site.static_notebook(nb)
    outputs = static.cells[1].outputs
    assert [list(o["data"]) for o in outputs] == [["text/html"], ["image/png", "text/plain"], ["image/png"]]
    assert "shown here in its default state" in outputs[0]["data"]["text/html"]
    assert outputs[2]["data"]["image/png"] == "iVBORw0KGgpp"
    assert "widgets" not in static.metadata
    assert static.cells[0].source == "[Open In Colab](https://x.test/nb)"
    assert "widgets" in nb.metadata and "widget-view" in str(nb.cells[1].outputs), "the notebook is not modified"


def test_a_widget_followed_by_its_static_figure_becomes_a_note():
    static = build_site.static_notebook(_widget_notebook(next_cell_has_figure=True))
    outputs = static.cells[1].outputs
    assert [list(o["data"]) for o in outputs] == [["text/html"]]
    assert "the figure below" in outputs[0]["data"]["text/html"]


def test_badge_lines_become_text_links():
    line = "[![a](https://x.test/a.svg)](https://x.test/1) [![b](https://x.test/b.svg)](https://x.test/2)"
    assert build_site._markdown_without_external_images(line) == "[a](https://x.test/1) · [b](https://x.test/2)"
    two = line.replace(") [", ")\n[") + "\n\ntext ![c](https://x.test/c.png)"
    assert (build_site._markdown_without_external_images(two)
            == "[a](https://x.test/1) · [b](https://x.test/2)\n\ntext [c](https://x.test/c.png)")


def test_every_widget_output_becomes_a_note_on_the_site(site):
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        views = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                 if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        text = (site / "notebooks" / (path.stem + ".html")).read_text(encoding="utf-8")
        assert text.count('class="site-widget-note"') == len(views), path.name


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no request log on stderr
        pass


@pytest.fixture(scope="module")
def served(site):
    """The site over HTTP on loopback, as a reader's browser would get it."""
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _math_page():
    """The notebook with the most math in its markdown."""
    def amount(path):
        nb = nbformat.read(path, as_version=4)
        return sum(c.source.count("$") for c in nb.cells if c.cell_type == "markdown")
    best = max(NOTEBOOKS, key=amount)
    assert amount(best) > 0, "no notebook has math"
    return best


@pytest.mark.browser
@pytest.mark.parametrize("which", ["notebook", "cheatsheet"])
def test_math_is_typeset_offline_in_chromium(served, tmp_path, which):
    """The notebook with the most math, and the cheat sheet (a markdown page of formulas)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    path = _math_page() if which == "notebook" else ROOT / "cheatsheet.md"
    url = f"{served}/notebooks/{path.stem}.html" if which == "notebook" else f"{served}/cheatsheet.html"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            blocked = []

            def only_loopback(route):  # the network is blocked: anything not from the site is refused
                if route.request.url.startswith(served):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", only_loopback)
            page.goto(url)
            page.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 "
                                   "&& document.querySelectorAll('.MathJax, .MathJax_Display').length > 0",
                                   timeout=60_000)
            typeset = page.evaluate("document.querySelectorAll('.MathJax, .MathJax_Display').length")
            errors = page.evaluate("document.querySelectorAll('.MathJax_Error, merror, .merror').length")
            raw = page.evaluate("document.querySelector('main').innerText.match(/\\$[^$\\n]{1,40}\\$/g) || []")
            page.screenshot(path=str(tmp_path / f"{path.stem}.png"))
        finally:
            browser.close()
    assert blocked == [], f"the page asked for outside URLs: {blocked}"
    assert typeset > 0 and errors == 0, (typeset, errors)
    assert raw == [], f"untypeset math left on {path.stem}.html: {raw[:5]}"
