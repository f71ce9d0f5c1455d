"""Real-browser tests: JupyterLab in Debian's Chromium (python playwright) runs notebooks 05, 03 and 04 and drives their
widgets. The explorer must redraw (a new image) and count its steps; the Jacobian widget must redraw its heatmaps;
the backward-pass stepper must move from edge to edge and switch conventions.

Run alone with `pytest -m browser tests/test_browser.py`. Without /usr/bin/chromium (or playwright) every test is
reported as SKIPPED with the reason, never passed. Notebooks are copied to a temporary folder and served from there,
so nothing under notebooks/ is modified. Set GF_SCREENSHOTS=/some/dir to keep screenshots of the widgets.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from notebook_files import NOTEBOOK_DIR
from servertools import free_port, stop, wait_until_up

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
NOTEBOOKS = ("03_jacobian_tensor_2x2.ipynb", "04_two_layer_network.ipynb", "05_gradient_flow.ipynb")
WAIT_MS = 60_000  # every single wait: generous, the machine may be busy

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a free loopback port, no token, serving copies of the notebooks; shut down afterwards."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="python playwright is not installed (pip install playwright)")
    tmp = tmp_path_factory.mktemp("lab")
    served = tmp / "notebooks"
    served.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(NOTEBOOK_DIR / name, served / name)
    port = free_port()
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}), encoding="utf-8")  # no pop-up
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               PYTHONHASHSEED="0")
    log_path = tmp / "jupyterlab.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             "--IdentityProvider.token=", "--ServerApp.password=", "--expose-app-in-browser", "--allow-root",
             "--ServerApp.open_browser=False", f"--ServerApp.root_dir={served}", "--LabApp.news_url=None"],
            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=served)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server, log_path, 60)
        yield {"base": base, "served": served, "log": log_path}
    finally:
        stop(server)


@pytest.fixture(scope="module")
def browser(lab):
    """Headless Debian Chromium driven by playwright; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page in its own context, tall enough to show a whole explorer; closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 1500})  # the width figures must be read at
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def _screenshot(locator, name):
    folder = os.environ.get("GF_SCREENSHOTS")
    if folder:
        locator.screenshot(path=str(Path(folder) / name))


def open_and_run_all(page, lab, name):
    """Open a notebook in JupyterLab, wait for an idle kernel, run all cells, wait until they have all run."""
    page.goto(f"{lab['base']}/lab/tree/{name}?reset")
    page.wait_for_function(
        """name => {
            const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const kernel = w && w.context && w.context.path.endsWith(name) && w.sessionContext.session
                && w.sessionContext.session.kernel;
            return kernel && kernel.status === 'idle';
        }""", arg=name, timeout=WAIT_MS)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp.shell.currentWidget;
            if (w.sessionContext.session.kernel.status !== 'idle') return false;
            const cells = w.content.widgets.filter(c => c.model.type === 'code'
                && c.model.sharedModel.getSource().trim());
            return cells.every((c, i) => c.model.executionCount === i + 1);
        }""", timeout=WAIT_MS)


def error_outputs(page):
    """Error outputs of the notebook's cells that are not tagged raises-exception (model and DOM)."""
    errors = page.evaluate(
        """() => {
            const found = [];
            for (const cell of window.jupyterapp.shell.currentWidget.content.widgets) {
                if (cell.model.type !== 'code') continue;
                const tags = cell.model.getMetadata('tags') || [];
                const outputs = cell.model.outputs;
                for (let i = 0; i < outputs.length; i++) {
                    const out = outputs.get(i).toJSON();
                    const text = [].concat(out.text || []).join('');
                    if ((out.output_type === 'error' || (out.name === 'stderr' && /Traceback|Error/.test(text)))
                        && !tags.includes('raises-exception'))
                        found.push((out.ename || 'stderr') + ': ' + (out.evalue || text).slice(0, 300));
                }
            }
            return found;
        }""")
    # an exception raised inside a widget callback lands in the widget's Output: look at what is on screen too
    shown = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    for i in range(shown.count()):
        text = shown.nth(i).text_content()
        if "Traceback" in text and not _in_raises_exception_cell(shown.nth(i)):
            errors.append("on screen: " + text[:300])
    return errors


def _in_raises_exception_cell(locator):
    return locator.evaluate(
        """el => {
            const node = el.closest('.jp-CodeCell');
            const cells = window.jupyterapp.shell.currentWidget.content.widgets;
            const cell = cells.find(c => c.node === node);
            return !!cell && (cell.model.getMetadata('tags') || []).includes('raises-exception');
        }""")


def image_digest(locator):
    """A short fingerprint of the image an <img> shows now: its bytes, fetched from its src."""
    return locator.evaluate(
        """async img => {
            const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
            let h = 0;
            for (let i = 0; i < bytes.length; i++) h = (h * 31 + bytes[i]) | 0;
            return bytes.length + ':' + h;
        }""")


def test_gradient_flow_explorer_in_jupyterlab(page, lab):
    open_and_run_all(page, lab, "05_gradient_flow.ipynb")
    assert error_outputs(page) == []
    explorer = page.locator(".gradient-flow-explorer").first
    figure = explorer.locator("img.gf-figure, .gf-figure img").first
    figure.wait_for(state="visible")
    explorer.scroll_into_view_if_needed()  # JupyterLab does not lay out cells off screen
    counter = explorer.locator(".gf-step-counter")
    assert "step 0" in counter.text_content()
    _screenshot(explorer, "explorer_start.png")
    natural, shown = figure.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
    print(f"\nexplorer figure in a 1280-px-wide window: {natural} px wide, shown {shown:.0f} px wide")
    assert shown >= 0.9 * natural  # shown at (about) 100 %: its text is as large as it was drawn

    # move a slider (units per layer, 4 -> 5) with the keyboard, as a learner would
    src0, digest0 = figure.get_attribute("src"), image_digest(figure)
    handle = explorer.locator(".gf-units .noUi-handle").first
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function("([img, src]) => img.src !== src", arg=[figure.element_handle(), src0])
    assert image_digest(figure) != digest0
    assert explorer.locator(".gf-units .widget-readout").first.text_content().strip() == "5"

    # the depth control (hidden layers, 1 -> 6): the graph grows to one node per layer, a new picture
    src_depth, digest_depth = figure.get_attribute("src"), image_digest(figure)
    depth = explorer.locator(".gf-depth .noUi-handle").first
    depth.focus()
    for _ in range(5):
        depth.press("ArrowRight")
    readout = explorer.locator(".gf-depth .widget-readout").first
    page.wait_for_function("el => el.textContent.trim() === '6'", arg=readout.element_handle())
    page.wait_for_function("([img, src]) => img.src !== src", arg=[figure.element_handle(), src_depth])
    page.wait_for_function("el => el.textContent.includes('‖dW7‖')",  # the status line of the 7-layer network
                           arg=explorer.locator(".gf-status").element_handle())
    time.sleep(1)  # let the last of the five redraws arrive
    assert image_digest(figure) != digest_depth
    _screenshot(explorer, "explorer_depth6.png")
    depth.focus()
    for _ in range(5):  # back to 1 hidden layer, the network the rest of this test expects
        depth.press("ArrowLeft")
    page.wait_for_function("el => el.textContent.trim() === '1'", arg=readout.element_handle())
    page.wait_for_function("el => el.textContent.includes('‖dW2‖') && !el.textContent.includes('‖dW3‖')",
                           arg=explorer.locator(".gf-status").element_handle())
    time.sleep(1)

    # press Step: the picture changes again and the counter advances
    src1, digest1 = figure.get_attribute("src"), image_digest(figure)
    explorer.locator("button.gf-step").click()
    page.wait_for_function("el => el.textContent.includes('step 1')", arg=counter.element_handle())
    page.wait_for_function("([img, src]) => img.src !== src", arg=[figure.element_handle(), src1])
    assert image_digest(figure) != digest1

    # ten more Steps, timed from the click to the new image decoded in the page (printed, not asserted:
    # it depends on how busy the machine is; benchmarks/widget_latency.py measures the kernel's part)
    times = figure.evaluate(
        """async (img, button) => {
            const times = [];
            for (let i = 0; i < 10; i++) {
                const src = img.src, start = performance.now();
                const changed = new Promise(resolve => {
                    const watch = new MutationObserver(() => {
                        if (img.src !== src) { watch.disconnect(); resolve(); }
                    });
                    watch.observe(img, {attributes: true});
                });
                button.click();
                await changed;
                await img.decode();
                times.push(performance.now() - start);
            }
            return times;
        }""", explorer.locator("button.gf-step").element_handle())
    page.wait_for_function("el => el.textContent.includes('step 11')", arg=counter.element_handle())
    times.sort()
    print(f"\nStep click -> new image decoded in Chromium: median {times[5]:.0f} ms, max {times[-1]:.0f} ms")

    # train 100 steps: the counter says so, and nothing went wrong on screen
    explorer.locator("button.gf-train").click()
    page.wait_for_function("el => el.textContent.includes('step 111')", arg=counter.element_handle())
    _screenshot(explorer, "explorer_trained.png")
    assert error_outputs(page) == []
    assert explorer.locator(".jp-OutputArea-output").count() == 0  # the explorer printed nothing
    if os.environ.get("GF_SCREENSHOTS"):
        _saturation_screenshots(page, explorer, counter)


def _saturation_screenshots(page, explorer, counter):
    """The guided experiment by hand: sigmoid, init scale 10 (30 key presses of 0.1 decade), 100 steps."""
    explorer.locator("button.widget-toggle-button", has_text="sigmoid").click()
    page.wait_for_function("el => el.textContent.includes('step 0')", arg=counter.element_handle())
    scale = explorer.locator(".gf-scale .noUi-handle").first
    scale.focus()
    for _ in range(30):
        scale.press("ArrowRight")
    page.wait_for_function("el => el.textContent.trim() === '10.0'",
                           arg=explorer.locator(".gf-scale .widget-readout").first.element_handle())
    time.sleep(3)  # let the last redraw arrive
    _screenshot(explorer, "explorer_saturated_step0.png")
    explorer.locator("button.gf-train").click()
    page.wait_for_function("el => el.textContent.includes('step 100')", arg=counter.element_handle())
    time.sleep(1)
    _screenshot(explorer, "explorer_saturated_trained.png")


def test_jacobian_explorer_in_jupyterlab(page, lab):
    open_and_run_all(page, lab, "03_jacobian_tensor_2x2.ipynb")
    assert error_outputs(page) == []
    inputs = page.locator(".jp-OutputArea-output .widget-vbox input[type='number']")
    inputs.first.wait_for(state="visible")
    widget = inputs.first.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')][1]")
    heatmap = widget.locator(".widget-output img").first
    heatmap.wait_for(state="visible")
    widget.scroll_into_view_if_needed()
    src0, digest0 = heatmap.get_attribute("src"), image_digest(heatmap)
    _screenshot(widget, "jacobian_start.png")

    first = inputs.first  # W[0, 0]
    old = first.input_value()
    first.fill("3" if old != "3" else "4")
    first.press("Enter")
    page.wait_for_function(
        """src => [...document.querySelectorAll('.widget-output img')].every(img => img.src !== src)""", arg=src0)
    heatmap = widget.locator(".widget-output img").first
    heatmap.wait_for(state="visible")
    assert image_digest(heatmap) != digest0
    _screenshot(widget, "jacobian_changed.png")
    assert error_outputs(page) == []


def test_backprop_stepper_in_jupyterlab(page, lab):
    open_and_run_all(page, lab, "04_two_layer_network.ipynb")
    assert error_outputs(page) == []
    stepper = page.locator(".bp-stepper").first
    view = stepper.locator(".bp-view").first
    view.wait_for(state="visible")
    stepper.scroll_into_view_if_needed()
    assert "Step 1 of 11" in view.text_content() and "Z1 = W1 X + b1" in view.text_content()
    nxt = stepper.locator("button.bp-next")
    for k in range(2, 7):  # to step 6: dW2, the first transposed factor
        nxt.click()
        page.wait_for_function("([el, k]) => el.textContent.includes(`Step ${k} of 11`)",
                               arg=[view.element_handle(), k])
    text = view.text_content()
    assert "dW2 = dZ2 A1ᵀ / m" in text and "A1 is transposed" in text and "(2, 4)" in text
    _screenshot(stepper, "stepper_column_step6.png")
    stepper.locator("button.widget-toggle-button", has_text="row").click()
    page.wait_for_function("el => el.textContent.includes('row convention')", arg=view.element_handle())
    assert "dW2 = A1ᵀ dZ2 / m" in view.text_content() and "(4, 2)" in view.text_content()
    _screenshot(stepper, "stepper_row_step6.png")

    # five clicks on back, timed from the click to the new text in the page (printed, not asserted: it depends on
    # how busy the machine is; benchmarks/stepper_latency.py measures the kernel's part)
    times = view.evaluate(
        """async (view, button) => {
            const times = [];
            for (let i = 0; i < 5; i++) {
                const before = view.textContent, start = performance.now();
                const changed = new Promise(resolve => {
                    const watch = new MutationObserver(() => {
                        if (view.textContent !== before) { watch.disconnect(); resolve(); }
                    });
                    watch.observe(view, {childList: true, subtree: true, characterData: true});
                });
                button.click();
                await changed;
                times.push(performance.now() - start);
            }
            return times;
        }""", stepper.locator("button.bp-back").element_handle())
    page.wait_for_function("el => el.textContent.includes('Step 1 of 11')", arg=view.element_handle())
    times.sort()
    print(f"\nStepper click -> new edge shown in Chromium: median {times[2]:.0f} ms, max {times[-1]:.0f} ms")
    assert error_outputs(page) == []
    assert stepper.locator(".jp-OutputArea-output").count() == 0  # the stepper printed nothing
