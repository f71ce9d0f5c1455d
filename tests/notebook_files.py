"""The course's notebooks for the tests: the one list of tools/notebook_list.py (on sys.path by tests/conftest.py)."""

from notebook_list import NOTEBOOK_DIR, ROOT, notebooks

__all__ = ["NOTEBOOKS", "NOTEBOOK_DIR", "ROOT"]

#: The numbered notebooks, in course order (00_start_here.ipynb first).
NOTEBOOKS = notebooks()
