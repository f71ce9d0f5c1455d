"""tools/start.py and tools/test.py, the Python twins of the README's two commands (Linux, macOS and Windows)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import start  # noqa: E402  (tools/ is not a package)
import venvtools  # noqa: E402


@pytest.mark.skipif(os.name != "posix", reason="root and --allow-root are POSIX matters")
def test_start_passes_allow_root_exactly_when_root(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert start.lab_command(Path(".venv"), [])[-1] == "--allow-root"
    assert start.lab_command(Path(".venv"), ["--allow-root"]).count("--allow-root") == 1
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in start.lab_command(Path(".venv"), ["--no-browser"])


def test_start_opens_notebook_00_with_the_venvs_python():
    cmd = start.lab_command(Path(".venv"), ["--no-browser"])
    assert cmd[0] == str(venvtools.venv_python(Path(".venv")))
    assert cmd[1:4] == ["-m", "jupyter", "lab"] and Path(cmd[4]) == Path("notebooks/00_start_here.ipynb")
    assert "--no-browser" in cmd


def test_venv_python_is_in_scripts_on_windows_and_bin_elsewhere():
    python = venvtools.venv_python(Path("v"))
    assert python.parent.name == ("Scripts" if os.name == "nt" else "bin")


def test_print_command_shows_the_one_test_command():
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "test.py"), "--print-command", "-m", "not browser"],
                         capture_output=True, text=True, encoding="utf-8", check=True).stdout.splitlines()
    assert out == venvtools.command_lines(["-m", "not browser"])
    assert out[1].endswith("python -m pytest -n 2 --dist loadfile -m 'not browser'")


def test_the_shell_commands_are_thin_wrappers_of_the_python_twins():
    for name in ("test", "start"):
        text = (ROOT / "tools" / f"{name}.sh").read_text(encoding="utf-8")
        assert f'exec "${{PYTHON:-python3}}" tools/{name}.py "$@"' in text
