"""The course's notebooks, found in one place: every test that walks the notebooks imports NOTEBOOKS from here."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
#: The numbered notebooks, in course order (00_start_here.ipynb first).
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
