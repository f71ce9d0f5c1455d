"""ruff over the repository (rules in pyproject.toml [tool.ruff]): pyflakes, pycodestyle's errors, and PLW1514,
every text-mode open() naming its encoding. The same check runs in .pre-commit-config.yaml."""

import subprocess
import sys

from notebook_files import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
