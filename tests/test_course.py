"""The course as a whole: generated navigation, notebook skeleton, executed artefacts, ignore tags (setup, widgets)."""

import json
import re
import subprocess
import sys

import check_notebooks  # tools/ (tests/conftest.py puts it on sys.path)
import pytest
from notebook_files import NOTEBOOKS, ROOT

IGNORE_BUDGET = 0.15


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def markdown_text(nb):
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_there_are_notebooks_in_reading_order():
    names = [p.name for p in NOTEBOOKS]
    assert names[0] == "00_start_here.ipynb"
    numbers = [int(n[:2]) for n in names]
    # strictly increasing and unique; a gap is allowed (07 may be committed before 06 is written)
    assert numbers == sorted(set(numbers)), names


def test_navigation_setup_cells_and_contents_are_generated_and_up_to_date(repository_unchanged):
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "nav.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_skeleton(path):
    nb = load(path)
    cells = nb["cells"]
    title = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown" and re.fullmatch(r"# \d\d · .+", title), "the title, alone, first"
    assert "nav" in tags(cells[1]) and "nav" in tags(cells[-1]), "navigation right after the title, and last"
    assert cells[2]["cell_type"] == "code" and "setup" in tags(cells[2]), "the Colab setup cell after the navigation"
    text = markdown_text(nb)
    for heading in ("What you will learn", "What you need", "## Summary"):
        assert heading in text, f"missing {heading!r}"
    sections = re.findall(r"^## \d+\. .+", text, re.M)
    assert len(sections) >= 2, "numbered sections whose headings say what you do"
    if not path.name.startswith("00"):
        assert re.search(r"^### Exercise", text, re.M), "exercises with immediate feedback"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_executed_in_order_without_errors(path):
    # one rule for the tests and the pre-commit hook: execution counts 1..n, errors only in raises-exception cells,
    # no memory address in an output
    assert check_notebooks.problems(load(path)) == []


def test_at_most_15_percent_of_code_cells_ignore_their_output():
    cells = [c for p in NOTEBOOKS for c in code_cells(load(p))]
    ignored = [c for c in cells if "nbval-ignore-output" in tags(c)]
    assert len(ignored) <= IGNORE_BUDGET * len(cells), f"{len(ignored)} of {len(cells)} code cells are nbval-ignore-output"


def test_ignore_tags_hide_no_printed_output():
    """nbval-ignore-output is only on the generated setup cell (no output outside Colab) and on cells whose output is
    a live widget (a widget view); a timing or a version is drawn or printed as a portable verdict instead."""
    widget = "application/vnd.jupyter.widget-view+json"
    for path in NOTEBOOKS:
        for cell in code_cells(load(path)):
            if "nbval-ignore-output" not in tags(cell):
                continue
            where = f"{path.name} cell {cell.get('id')}"
            if "setup" in tags(cell):
                assert cell["outputs"] == [], f"{where}: the setup cell prints nothing outside Colab"
            else:
                assert cell["outputs"] and all(widget in o.get("data", {}) for o in cell["outputs"]), (
                    f"{where} hides an output that is not a widget: print a portable verdict, draw a figure")


def test_raises_exception_cells_really_raise():
    for path in NOTEBOOKS:
        for cell in code_cells(load(path)):
            if "raises-exception" in tags(cell):
                assert any(o["output_type"] == "error" for o in cell["outputs"]), f"{path.name}: tagged but no error"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_compile_without_warnings(path):
    """A SyntaxWarning (e.g. "\\m" in a non-raw string, a warning since Python 3.12) goes to stderr, which nbval
    compares: it passes on one Python and fails on the next. Compile every code cell with warnings as errors."""
    import warnings

    for i, cell in enumerate(code_cells(load(path))):
        source = "".join(cell["source"])
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compile(source, f"{path.name}, code cell {i}", "exec")
