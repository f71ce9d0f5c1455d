"""Notebook 7 smoke test: a widget notebook opened in `jupyter notebook` (Notebook 7) in headless Chromium, its cells run
with the keyboard, renders its widget (controls and the figure in its Output), and the widget answers a change."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from notebook_files import NOTEBOOKS
from servertools import free_port, stop, wait_until_up

CHROMIUM = Path("/usr/bin/chromium")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

pytestmark = pytest.mark.browser


def widget_notebook(folder):
    """A copy of the first committed notebook that shows a widget, cut after its first widget cell, without its
    raises-exception cells (an error would abort the cells queued after it) and without outputs. Returns (path,
    description). Notebooks 03, 04 and 05 are committed with widget outputs, so there is always one."""
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        widget_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                        and any(WIDGET_VIEW in o.get("data", {}) for o in c.outputs)]
        if widget_cells:
            break
    else:
        pytest.fail("no committed notebook shows a widget (its outputs hold no widget view): run the notebooks")
    cells = [c for c in nb.cells[: widget_cells[0] + 1] if "raises-exception" not in c.metadata.get("tags", [])]
    description = f"{path.name}, cells up to its first widget (code cell {widget_cells[0]})"
    for cell in cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    target = folder / path.name
    nbformat.write(nb, target)
    return target, description


@pytest.fixture
def notebook_server(tmp_path):
    """`jupyter notebook` (Notebook 7) on a loopback port, serving a temporary folder, with no token."""
    port = free_port()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "run"),
               PYTHONHASHSEED="0")
    served = tmp_path / "served"
    served.mkdir()
    log = open(tmp_path / "server.log", "w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--IdentityProvider.token=", "--allow-root", "--ServerApp.open_browser=False",
         f"--ServerApp.root_dir={served}"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=served)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_up(base, server, tmp_path / "server.log", 90)
        except RuntimeError as exc:
            log.flush()
            pytest.fail(str(exc))
        yield base, served
    finally:
        stop(server)
        log.close()


def test_widget_renders_in_notebook_7(notebook_server, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    base, served = notebook_server
    version = subprocess.run([sys.executable, "-m", "jupyter", "notebook", "--version"],
                             capture_output=True, text=True).stdout.strip()
    assert version.split(".")[0] == "7", f"expected Notebook 7, got {version!r}"
    path, description = widget_notebook(served)
    print(f"Notebook {version}: {description}")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{base}/notebooks/{path.name}")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
            # The kernel is up when the toolbar names it and its status shows idle.
            page.wait_for_function(
                "() => /Python/.test(document.querySelector('.jp-KernelName')?.textContent || '') && "
                "document.querySelector('.jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'idle'",
                timeout=90_000)
            # Command mode, select every cell, run them all: Notebook 7 has no window.jupyterapp to call.
            first_prompt = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first
            for attempt in range(3):
                page.locator(".jp-Notebook .jp-Cell").first.locator(".jp-InputPrompt").click()
                page.keyboard.press("Escape")
                page.keyboard.press("Control+a")
                page.keyboard.press("Shift+Enter")
                try:  # the first code cell is queued or done
                    page.wait_for_function("e => /\\[(\\*|\\d+)\\]/.test(e.textContent)",
                                           arg=first_prompt.element_handle(), timeout=20_000)
                    break
                except playwright.TimeoutError:
                    page.wait_for_timeout(2_000)  # the kernel was not ready yet: press again
            widget = page.locator(".jp-OutputArea-output .jupyter-widgets").first
            widget.wait_for(timeout=120_000)
            image = page.locator(".jp-OutputArea-output .jupyter-widgets img").first
            image.wait_for(timeout=60_000)
            page.wait_for_function("img => img.complete && img.naturalWidth > 100", arg=image.element_handle(),
                                   timeout=30_000)
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
            controls = page.locator(".jp-OutputArea-output .jupyter-widgets :is(input, select, .noUi-handle)")
            n_controls = controls.count()
            before = image.get_attribute("src")
            page.screenshot(path=str(tmp_path / "notebook7.png"))
            # Touch the first control and watch the figure change: the kernel answers the widget.
            first = controls.first
            if first.evaluate("e => e.classList.contains('noUi-handle')"):
                first.focus()
                page.keyboard.press("ArrowRight")
            elif first.evaluate("e => e.tagName") == "SELECT":
                options = first.evaluate("e => [...e.options].map(o => o.value)")
                first.select_option(options[-1] if options[-1] != first.input_value() else options[0])
            else:
                value = first.input_value()
                first.fill(str(int(float(value)) + 1) if value.lstrip("-").replace(".", "").isdigit() else "1")
                first.press("Enter")
            # The Output widget redraws: a new img replaces the old one, so look it up again.
            page.wait_for_function(
                "old => { const img = document.querySelector('.jp-OutputArea-output .jupyter-widgets img');"
                " return img && img.complete && img.naturalWidth > 100 && img.getAttribute('src') !== old; }",
                arg=before, timeout=30_000)
        except Exception:
            page.screenshot(path=str(tmp_path / "notebook7-failure.png"))
            print(f"screenshot: {tmp_path / 'notebook7-failure.png'}")
            raise
        finally:
            browser.close()
    assert n_controls > 0, "the widget shows no controls"
    assert errors == 0, "a cell printed to stderr (see notebook7.png)"
