"""The course's notebooks, listed in one place: every tool and test that walks them calls `notebooks()`.

The course is the numbered notebooks `notebooks/NN_name.ipynb`, in reading order (00_start_here.ipynb first); any
other file in that folder is not part of it. tools/ is not a package: a tool puts its own folder on sys.path and
imports this module by name, and tests/conftest.py does the same for the tests.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
PATTERN = "[0-9][0-9]_*.ipynb"  # NN_name.ipynb: the two digits give the reading order


def notebooks(folder=NOTEBOOK_DIR):
    """The course notebooks in folder (default: the repository's notebooks/), in reading order, listed afresh."""
    return sorted(Path(folder).glob(PATTERN))
