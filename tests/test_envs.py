"""Every notebook passes strict nbval in the Colab-like (numpy 2.1.3) and the lowest-versions (numpy 2.0.0)
environments (tools/test_envs.py: a fresh venv each, the course installed with --no-deps as on Colab, copies of
the committed notebooks, every text output compared): the portability check across numpy versions.
Slow (a few minutes: two venvs from PyPI); deselect with -m "not envs". Their timings are printed at the end."""

import subprocess
import sys

import pytest
from notebook_files import ROOT


@pytest.mark.envs
@pytest.mark.parametrize("name", ["colab", "lowest"])
def test_every_notebook_passes_strict_nbval_in(name):
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "test_envs.py"), name],
                            capture_output=True, text=True, timeout=1800)
    print(result.stdout)  # shown in the terminal summary (tests/conftest.py): versions and seconds per notebook
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
