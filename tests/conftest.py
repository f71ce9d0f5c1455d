"""The tests' shared setup, in one place (no test module repeats it):

- tools/ (not a package) is importable by its modules' names: `import venvtools`, `from notebook_list import ...`;
- matplotlib draws off screen (Agg), and the figures a test leaves open are closed after it;
- `repository_unchanged`: a fixture that fails a test which changed a file of the checkout;
- the extra environments' timings (tests/test_envs.py) are printed at the end of the run.
"""

import hashlib
import os
import sys
from pathlib import Path

import matplotlib
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test leaves open (only if it used pyplot at all)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _repository_digest():
    """A hash of every .ipynb, .py and .md file of the checkout (hidden folders, site/ and build/ not entered)."""
    files = []
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in ("site", "build"))
        files += [Path(folder, n) for n in sorted(names) if n.endswith((".ipynb", ".py", ".md"))]
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


@pytest.fixture
def repository_unchanged():
    """Fail the test if it changed a notebook, a Python file or a markdown file of the checkout."""
    before = _repository_digest()
    yield
    assert _repository_digest() == before, "the test changed files of the repository"


def pytest_terminal_summary(terminalreporter):
    """Show what tools/test_envs.py printed (kernel versions, seconds per notebook), also under pytest-xdist."""
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, [])
               if getattr(r, "when", "") == "call" and "envs" in getattr(r, "keywords", {})]  # the slow runs only
    if not reports:
        return
    terminalreporter.section("notebook environments (tools/test_envs.py)")
    for report in reports:
        text = "".join(content for title, content in report.sections if "stdout" in title).strip()
        terminalreporter.write_line(f"{report.nodeid}: {report.outcome}")
        for line in text.splitlines():
            terminalreporter.write_line("    " + line)
