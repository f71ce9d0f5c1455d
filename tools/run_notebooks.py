"""Execute notebooks in place, top to bottom in a fresh kernel, as they are committed.

    python tools/run_notebooks.py                 # every notebook
    python tools/run_notebooks.py notebooks/03_*.ipynb

Uses the kernel of the current environment, PYTHONHASHSEED=0 and one BLAS thread (as the tests do),
and the notebooks' folder as working directory. Fails on any error output,
except in cells tagged raises-exception. Prints the seconds each notebook took.

Why not `jupyter execute --inplace` (nbclient's own command; measured for issue 14)? It runs the same nbclient
NotebookClient, the same raises-exception rule and the same working directory, at the same cost (notebook 03:
5.3 s against 5.1 s of CPU). But nbclient 0.11's command (a) writes timestamps into every code cell's metadata
(`execution`: record_timing is on, and the command does not pass `--NotebookClient.record_timing=False` on to the
client), so every re-run would change every cell of the committed notebook; (b) reads the notebook with the
locale's encoding (`Path.open()`), which breaks on Windows for notebooks holding ∂, δ, ᵀ; (c) leaves
PYTHONHASHSEED and the BLAS threads to the caller; (d) keeps saved widget state in a notebook that displays no
widget. Fixing those around it takes as many lines as calling NotebookClient directly, which is what this does.
"""

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_list  # noqa: E402  (tools/ is not a package)
import venvtools  # noqa: E402

ROOT = notebook_list.ROOT


def run(path):
    """Execute one notebook in place; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    os.environ.update(venvtools.TEST_ENV)  # the tests' seed and one BLAS thread: small matrices, 2 cores
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    if not _has_widget_outputs(nb):
        nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return seconds


def _has_widget_outputs(nb):
    return any(
        "application/vnd.jupyter.widget-view+json" in out.get("data", {})
        for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
    )


def main(argv):
    """Run the notebooks named in argv, or all of them."""
    paths = [Path(a).resolve() for a in argv] or notebook_list.notebooks()
    total = 0.0
    for path in paths:
        seconds = run(path)
        total += seconds
        print(f"{seconds:6.1f} s  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(f"{total:6.1f} s  total")


if __name__ == "__main__":
    main(sys.argv[1:])
