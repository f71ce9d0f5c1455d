"""tools/start.py and tools/test.py, the Python twins of the README's two commands (Linux, macOS and Windows), and
tools/notebook_list.py, the one list of the course's notebooks that every tool and test walks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import notebook_list  # tools/ (tests/conftest.py puts it on sys.path)
import pytest
import start
import venvtools
from notebook_files import ROOT


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


def test_the_notebook_list_is_the_numbered_notebooks_in_reading_order(tmp_path):
    for name in ("01_b.ipynb", "10_e.ipynb", "00_a.ipynb", "scratch.ipynb", "1_c.ipynb", "02_d.txt", "x_01_f.ipynb"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in notebook_list.notebooks(tmp_path)] == ["00_a.ipynb", "01_b.ipynb", "10_e.ipynb"]
    course = notebook_list.notebooks()
    assert course[0] == ROOT / "notebooks" / "00_start_here.ipynb" and len(course) > 5


WALKERS = ("nav.py", "build_site.py", "check_notebooks.py", "run_notebooks.py", "portability.py", "test_envs.py")


def test_every_tool_and_test_takes_the_notebooks_from_the_one_list():
    for path in sorted((ROOT / "tools").glob("*.py")) + sorted((ROOT / "tests").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "notebook_list.py":
            assert not re.search(r"glob\([^)]*ipynb", text), f"{path.name} lists notebooks itself: use notebook_list"
        if path.parent.name == "tools" and path.name in WALKERS:
            assert "notebook_list.notebooks()" in text, path.name
