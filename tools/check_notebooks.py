"""Check that notebooks are committed as executed artefacts; changes nothing (a pre-commit hook).

    python tools/check_notebooks.py                       # every course notebook
    python tools/check_notebooks.py notebooks/03_*.ipynb  # these

A notebook passes when its code cells were executed top to bottom in one fresh kernel (execution counts 1, 2, 3, ...
with no gaps), it has no error output except in cells tagged raises-exception, and no output prints a memory address
(`at 0x…`, which changes on every run). Exit 1 and a list of what to mend otherwise; the mend is
`python tools/run_notebooks.py NOTEBOOK`. Outputs are never stripped: they are what strict nbval compares.
"""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_list  # noqa: E402  (tools/ is not a package)

ADDRESS = re.compile(r"at 0x[0-9a-f]{6,}")


def problems(nb):
    """What is wrong with a notebook (its JSON as a dict), one sentence each."""
    found = []
    cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code" and "".join(c.get("source", "")).strip()]
    counts = [c.get("execution_count") for c in cells]
    if counts != list(range(1, len(cells) + 1)):
        found.append(f"execution counts are {counts}, not 1..{len(cells)}: run it top to bottom in a fresh kernel")
    for index, cell in enumerate(cells):
        tags = cell.get("metadata", {}).get("tags", [])
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and "raises-exception" not in tags:
                found.append(f"code cell {index} has an error output ({out.get('ename')}) and no raises-exception tag")
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            if ADDRESS.search(text):
                found.append(f"code cell {index} prints a memory address ('at 0x…'), which changes on every run")
    return found


def main(argv):
    """Check the notebooks named in argv (default: every course notebook); return 1 if any has a problem."""
    paths = [Path(a) for a in argv] or notebook_list.notebooks()
    bad = 0
    for path in paths:
        for text in problems(json.loads(path.read_text(encoding="utf-8"))):
            print(f"{path}: {text}")
            bad += 1
    if bad:
        print("Mend: python tools/run_notebooks.py NOTEBOOK (a fresh kernel, top to bottom), then commit it.")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
