"""Build a static HTML version of the whole course into site/ (git-ignored), offline.

    python tools/build_site.py              # -> site/index.html, site/notebooks/NN_*.html, ...
    python tools/build_site.py --out DIR

- Every notebook is rendered with nbconvert's HTML exporter from its committed outputs (nothing is re-executed).
- Navigation: the notebooks' own navigation cells, with .ipynb links rewritten to .html, a bar at the top of every
  page linking home, and index.html rendered from README.md (the course contents). Markdown files the pages link
  to (data/README.md, CONTRIBUTING.md, …) are rendered too; other repository files they link to are copied.
- Math is typeset by MathJax 2 served from the site itself (_static/mathjax, copied from the PyPI package
  jupyter-server-mathjax), never from a CDN.
- Widgets: nbconvert would load a widget manager from a CDN. Instead each widget output becomes a one-line note;
  the notebooks follow each widget with a static figure of its starting state, and where one is missing the site
  shows what the widget drew (its Output and PNG Image widgets in the saved widget state). The notebook's widget
  state is dropped, so no widget manager script is referenced. require.js and mermaid,
  which nbconvert's template would also load from a CDN, are left out (no page needs them).
- The Colab and Binder badges (external images) become plain text links.
No page loads a script, stylesheet, font or image from outside the site; tests/test_site.py checks that and that
every internal link resolves.
Kept over Sphinx + myst-nb (Jupyter Book 1) after building the same site with it: the measured reasons are in
CONTRIBUTING.md (Layout, tools).
"""

import argparse
import copy
import html
import os
import re
import shutil
import sys
from pathlib import Path, PurePosixPath

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_list  # noqa: E402  (tools/ is not a package)

ROOT = Path(__file__).resolve().parents[1]
SITE_TITLE = "Backprop by Hand"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_NOTES = {  # what the note under a widget's code says, by what the site can show in its place
    "shown": "Interactive widget, shown here in its default state.",
    "below": "Interactive widget: its starting state is the figure below.",
    "none": "Interactive widget: it needs a running kernel.",
}
WIDGET_NOTE = ('<p class="site-widget-note"><em>{} Open the notebook in Jupyter, Colab or Binder to use its '
               'controls.</em></p>')
BADGE = re.compile(r"\[!\[([^\]]*)\]\([^)]*\)\]\(([^)\s]+)\)")  # [![alt](image)](link) -> [alt](link)
EXTERNAL_IMAGE = re.compile(r"!\[([^\]]*)\]\((https?://[^)\s]+)\)")  # ![alt](http…) -> [alt](http…)
SITE_LINK = "site:"  # marks links this script writes itself (not rewritten)
URL_ATTR = re.compile(r"""\b(href|src)=(["'])(.*?)\2""", re.S)

TEMPLATE = r"""
{%- extends 'lab/index.html.j2' -%}
{#- Nothing from a CDN: no require.js, no widget manager, no mermaid. MathJax comes from the site itself. -#}
{% block html_head_js_requirejs %}{% endblock html_head_js_requirejs %}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
{#- nbconvert's MathJax settings, with the fonts that jupyter-server-mathjax ships (STIX-Web, no TeX fonts). -#}
{% block html_head_js_mathjax %}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  TeX: {equationNumbers: {autoNumber: "AMS", useLabelIds: true}},
  tex2jax: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
            processEscapes: true, processEnvironments: true},
  displayAlign: "center",
  messageStyle: "none",
  "HTML-CSS": {availableFonts: ["STIX-Web"], preferredFont: "STIX-Web", webFont: "STIX-Web", imageFont: null},
  SVG: {font: "STIX-Web"}
});
</script>
<script src="{{ resources.mathjax_url }}"></script>
{% endblock html_head_js_mathjax %}
{% block extra_css %}
<style type="text/css">
  .site-bar { position: sticky; top: 0; z-index: 10; display: flex; gap: 1.5em; align-items: baseline;
              padding: 0.6em 1.2em; background: #24364b; color: #fff; font-family: var(--jp-ui-font-family);
              font-size: 15px; }
  .site-bar a { color: #fff; text-decoration: none; }
  .site-bar a:hover { text-decoration: underline; }
  .site-bar .site-name { font-weight: bold; }
  main { max-width: 1100px; margin: 0 auto; padding: 1em 1.5em 3em; }
  .site-widget-note { color: #555; margin: 0.3em 0; }
  details.site-hidden > summary { cursor: pointer; color: #24364b; padding: 0.3em 0;
                                  padding-left: calc(var(--jp-cell-prompt-width, 64px) + 10px);
                                  font-family: var(--jp-ui-font-family); font-size: 14px; }
</style>
{% endblock extra_css %}
{% block body_header %}
{{ super() }}
<nav class="site-bar"><a class="site-name" href="{{ resources.site_home }}">{{ resources.site_title }}</a>
<a href="{{ resources.site_home }}#Contents">Contents</a></nav>
{% endblock body_header %}
{% block input_group -%}
{%- if "setup" in cell.metadata.get("tags", []) -%}
<details class="site-hidden"><summary>Setup cell (installs the course on Colab; does nothing elsewhere)</summary>
{{ super() }}
</details>
{%- elif cell.metadata.get("jupyter", {}).get("source_hidden") -%}
<details class="site-hidden"><summary>Show the hidden code (solution)</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock input_group %}
"""


def mathjax_dir():
    """MathJax 2 as shipped by the PyPI package jupyter-server-mathjax."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        raise SystemExit("tools/build_site.py needs jupyter-server-mathjax: pip install -r requirements-test.txt")
    path = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (path / "MathJax.js").is_file():
        raise SystemExit(f"no MathJax.js in {path}")
    return path


def _markdown_without_external_images(text):
    """Badges and other external images become plain text links (a line of badges: links joined by ' · ')."""
    lines, badge_lines = [], []
    for line in text.split("\n") + [""]:
        badges = BADGE.findall(line)
        if badges and not BADGE.sub("", line).strip():  # a line of badges only: collect consecutive ones
            badge_lines += badges
            continue
        if badge_lines:
            lines.append(" · ".join(f"[{alt}]({link})" for alt, link in badge_lines))
            badge_lines = []
        lines.append(EXTERNAL_IMAGE.sub(r"[\1](\2)", BADGE.sub(r"[\1](\2)", line)))
    return "\n".join(lines[:-1])


def _widget_outputs(model_id, state, seen=None):
    """What a widget draws, from the saved widget state: the outputs of its Output widgets and its PNG Image widgets,
    depth first, as notebook outputs."""
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return []
    seen.add(model_id)
    model = state[model_id]
    attrs = model.get("state", {})
    outputs = []
    if model.get("model_name") == "OutputModel":
        outputs += [o for o in attrs.get("outputs", []) if WIDGET_VIEW not in o.get("data", {})]
    if model.get("model_name") == "ImageModel" and attrs.get("format") == "png":
        for buffer in model.get("buffers", []):
            if buffer.get("path") == ["value"] and buffer.get("encoding") == "base64":
                outputs.append({"output_type": "display_data", "data": {"image/png": buffer["data"]}, "metadata": {}})
    for child in attrs.get("children", []):
        if isinstance(child, str) and child.startswith("IPY_MODEL_"):
            outputs += _widget_outputs(child[len("IPY_MODEL_"):], state, seen)
    return outputs


def _has_image(cell):
    return cell is not None and any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def static_notebook(nb):
    """A copy of a notebook ready for static HTML, badges as links, each widget replaced by a note and, unless the
    next code cell already shows a figure (the notebook's static picture of the widget), by what the widget drew."""
    nb = copy.deepcopy(nb)
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    code = [c for c in nb.cells if c.cell_type == "code"]
    following = dict(zip(map(id, code), code[1:] + [None]))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _markdown_without_external_images(cell.source)
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            if WIDGET_VIEW not in out.get("data", {}):
                outputs.append(out)
                continue
            drawn = [] if _has_image(following[id(cell)]) else _widget_outputs(out["data"][WIDGET_VIEW]["model_id"],
                                                                                 state)
            kind = "shown" if drawn else "below" if _has_image(following[id(cell)]) else "none"
            outputs.append(nbformat.v4.new_output("display_data",
                                                  data={"text/html": WIDGET_NOTE.format(WIDGET_NOTES[kind])}))
            outputs += [nbformat.from_dict(o) for o in drawn]
        cell.outputs = outputs
    nb.metadata.pop("widgets", None)
    return nb


class Site:
    """Renders pages into an output folder, following the links between them."""

    def __init__(self, out):
        self.out = out
        self.exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"site.html.j2": TEMPLATE})],
                                     template_file="site.html.j2")
        self.notebooks = {p.resolve(): PurePosixPath("notebooks", p.stem + ".html") for p in notebook_list.notebooks()}
        self.pages = {}  # source file -> its page in the site (rendered or queued)
        self.queue = []
        self.copied = {}
        self.missing = []

    def page_for(self, source):
        """The site path of a repository file that becomes a page (queued for rendering)."""
        source = source.resolve()
        if source in self.notebooks:
            target = self.notebooks[source]
        elif source == (ROOT / "README.md").resolve():
            target = PurePosixPath("index.html")
        else:
            target = PurePosixPath(source.relative_to(ROOT).with_suffix(".html").as_posix())
        if source not in self.pages:
            self.pages[source] = target
            self.queue.append(source)
        return target

    def copy_file(self, source):
        """Copy a repository file into the site at the same place; its site path."""
        target = PurePosixPath(source.relative_to(ROOT).as_posix())
        if not target.suffix:  # LICENSE -> LICENSE.txt, so that a browser shows it as text
            target = target.with_suffix(".txt")
        if source not in self.copied:
            (self.out / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, self.out / target)
            self.copied[source] = target
        return target

    def rewrite_link(self, value, source, page):
        """A link found on `page` (rendered from `source`) pointed at the site's own files."""
        if value.startswith(SITE_LINK):  # written by this script, already relative to the page
            return value[len(SITE_LINK):]
        url = html.unescape(value)
        if not url or url.startswith(("#", "data:", "mailto:", "javascript:")) or re.match(r"^[a-z]+://", url):
            return value
        path, _, fragment = url.partition("#")
        path = path.split("?")[0]
        target_file = (source.parent / path).resolve()
        if not target_file.is_relative_to(ROOT) or not target_file.exists():
            self.missing.append(f"{source.relative_to(ROOT)}: {url}")
            return value
        if target_file.is_dir():
            readme = target_file / "README.md"
            if not readme.exists():
                self.missing.append(f"{source.relative_to(ROOT)}: {url} (a folder)")
                return value
            target_file = readme
        if target_file.suffix in (".ipynb", ".md"):
            target = self.page_for(target_file)
        else:
            target = self.copy_file(target_file)
        relative = os.path.relpath(target.as_posix(), page.parent.as_posix())
        return html.escape(relative + (f"#{fragment}" if fragment else ""), quote=True)

    def render(self, source):
        """Render one queued source file to its page."""
        page = self.pages[source]
        up = os.path.relpath(".", page.parent.as_posix())
        up = "" if up == "." else up + "/"
        if source.suffix == ".ipynb":
            nb = static_notebook(nbformat.read(source, as_version=4))
        else:  # a markdown file: one markdown cell
            text = source.read_text(encoding="utf-8")
            nb = nbformat.v4.new_notebook()
            nb.cells = [nbformat.v4.new_markdown_cell(_markdown_without_external_images(text))]
        title = _title(nb, source)
        nb.metadata["title"] = title if page.name == "index.html" else f"{title} · {SITE_TITLE}"
        self.exporter.mathjax_url = f"{SITE_LINK}{up}_static/mathjax/MathJax.js?config={MATHJAX_CONFIG}"
        resources = {"metadata": {"name": source.stem}, "site_home": f"{SITE_LINK}{up}index.html", "site_title": SITE_TITLE}
        body, _ = self.exporter.from_notebook_node(nb, resources=resources)
        body = URL_ATTR.sub(lambda m: f'{m.group(1)}={m.group(2)}'
                            f'{self.rewrite_link(m.group(3), source, page)}{m.group(2)}', body)
        (self.out / page).parent.mkdir(parents=True, exist_ok=True)
        (self.out / page).write_text(body, encoding="utf-8")

    def build(self):
        """Render README.md as index.html, every notebook, and everything they link to."""
        self.page_for(ROOT / "README.md")
        for path in notebook_list.notebooks():
            self.page_for(path)
        while self.queue:
            self.render(self.queue.pop(0))


def _title(nb, source):
    """The first '# ' heading of a page, without markdown, or the file name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return re.sub(r"[*_`]", "", line[2:]).strip()
    return source.stem


def build(out):
    """Build the whole site into `out` (emptied first); return the Site (pages, copied files, missing links)."""
    out = Path(out).resolve()
    if out == ROOT or ROOT.is_relative_to(out):
        raise SystemExit(f"refusing to empty {out}")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copytree(mathjax_dir(), out / "_static" / "mathjax")
    site = Site(out)
    site.build()
    return site


def main(argv):
    """Build the site; exit 1 if a page links to a file that is not in the repository."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "site"), help="output folder (emptied first; default site/)")
    args = parser.parse_args(argv)
    site = build(args.out)
    print(f"{len(site.pages)} pages, {len(site.copied)} files copied -> {args.out}/index.html")
    if site.missing:
        print("links to files that do not exist:\n  " + "\n  ".join(site.missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
