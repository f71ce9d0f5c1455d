"""tools/run_notebooks.py on a small notebook in a fresh kernel: what it adds to `jupyter execute --inplace`
(no timing metadata, the seeds, the notebook's folder as working directory, no stray widget state) and what it
shares with it (errors fail, except in cells tagged raises-exception)."""

import json

import nbformat
import pytest
import run_notebooks  # tools/ is on the path (tests/conftest.py)


def _notebook(path, *sources, tags=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for cell, cell_tags in zip(nb.cells, tags or []):
        if cell_tags:
            cell.metadata["tags"] = cell_tags
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_runs_in_place_in_order_with_the_seeds_and_no_timing_metadata(tmp_path):
    path = _notebook(tmp_path / "n ∂.ipynb", "import os; print(os.environ['PYTHONHASHSEED'], os.getcwd())",
                     "raise ValueError('meant')", "print(sorted({'b', 'a'}))", tags=[None, ["raises-exception"]])
    run_notebooks.run(path)
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    assert [c["execution_count"] for c in cells] == [1, 2, 3]
    assert "".join(cells[0]["outputs"][0]["text"]) == f"0 {tmp_path}\n"
    assert cells[1]["outputs"][0]["ename"] == "ValueError"
    assert all("execution" not in c["metadata"] for c in cells), "timestamps would change every cell on a re-run"
    assert "widgets" not in nb["metadata"], "no widget shown: no saved widget state"


@pytest.mark.slow
def test_an_error_in_an_untagged_cell_fails(tmp_path):
    from nbclient.exceptions import CellExecutionError
    path = _notebook(tmp_path / "bad.ipynb", "1 / 0")
    with pytest.raises(CellExecutionError):
        run_notebooks.run(path)
