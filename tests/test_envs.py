"""Every notebook passes strict nbval in the Colab-like (numpy 2.1.3) and the lowest-versions (numpy 2.0.0)
environments (tools/test_envs.py: a fresh venv each, the course installed with --no-deps as on Colab, copies of
the committed notebooks, every text output compared): the portability check across numpy versions.
The two runs are slow (a few minutes: two venvs from PyPI; marker envs, deselect with -m "not envs"); their timings
are printed at the end. The tool's pure parts (its table, the requirement files it reads, the pip and nbval command
lines, the kernel's environment) are tested here without a venv, in the fast suite."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

import venvtools  # tools/ is on the path (tests/conftest.py)
from notebook_files import ROOT

# tools/test_envs.py, loaded under another name: `import test_envs` would import this very file.
_spec = importlib.util.spec_from_file_location("tools_test_envs", ROOT / "tools" / "test_envs.py")
test_envs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(test_envs)

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def requirements(name):
    """The requirements of a file, by lower-case name (comments, `-r` and `-e` lines left out)."""
    lines = (line.split("#")[0].strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines())
    reqs = [Requirement(line) for line in lines if line and not line.startswith("-")]
    return {req.name.lower(): req for req in reqs}


def pinned(name):
    """The versions a side environment's file pins, by lower-case name; fails on a line that is not `name==X`."""
    pins = {}
    for key, req in requirements(name).items():
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{name}: {req} is not pinned with =="
        pins[key] = Version(specs[0].version)
    return pins


@pytest.mark.parametrize("name", sorted(test_envs.ENVS))
def test_each_side_environment_pins_every_requirement_and_names_its_numpy(name):
    requirements_file, python, description = test_envs.ENVS[name]
    pins = pinned(requirements_file)
    assert {"numpy", "matplotlib", "ipywidgets", "sympy", "nbval", "pytest"} <= set(pins), sorted(pins)
    assert f"numpy {pins['numpy']}" in description, (description, pins["numpy"])
    assert re.fullmatch(r"3\.\d+", python), python


def test_lowest_pins_the_floor_of_every_course_requirement_on_the_lowest_python():
    requirements_file, python, _ = test_envs.ENVS["lowest"]
    pins = pinned(requirements_file)
    for key, req in requirements("requirements.txt").items():
        floors = [Version(s.version) for s in req.specifier if s.operator == ">="]
        assert floors and pins.get(key) == floors[0], f"requirements.txt {req}: lowest pins {pins.get(key)}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == f">={python}"


def test_the_readme_states_the_colab_environments_pins():
    pins = pinned(test_envs.ENVS["colab"][0])
    row = next(line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
               if line.startswith("| **Colab** |"))
    for key, label in [("numpy", "numpy"), ("matplotlib", "matplotlib"), ("ipywidgets", "ipywidgets"),
                       ("ipython", "IPython"), ("ipykernel", "ipykernel")]:
        assert f"{label} {pins[key]}" in row, f"README's Colab row does not say {label} {pins[key]}"
    assert f"Python {test_envs.ENVS['colab'][1]}" in row


def test_the_course_is_installed_after_the_pins_without_deps_and_not_editable():
    first, second = test_envs.install_commands(Path("v/bin/python"), Path("req.txt"), Path("src"))
    assert first[:4] == [str(Path("v/bin/python")), "-m", "pip", "install"] and first[-2:] == ["-r", "req.txt"]
    assert second[-2:] == ["--no-deps", "src"] and "-e" not in second and "--upgrade" not in second + first


def test_nbval_is_strict_and_runs_every_named_notebook_in_the_environments_python():
    cmd = test_envs.nbval_command(Path("v/bin/python"), ["a.ipynb", "b.ipynb"])
    assert cmd[:3] == [str(Path("v/bin/python")), "-m", "pytest"] and cmd[-2:] == ["a.ipynb", "b.ipynb"]
    assert "--nbval" in cmd and "--nbval-current-env" in cmd and "--nbval-lax" not in cmd
    assert cmd[cmd.index("--nbval-sanitize-with") + 1] == "nbval_sanitize.cfg"
    assert (ROOT / "tests" / "nbval_sanitize.cfg").is_file()  # the file execute_all copies beside the notebooks


def test_the_kernel_runs_with_the_test_runs_seeds_and_the_venvs_programs_first(tmp_path):
    python = tmp_path / "venv" / "bin" / "python"
    outer = {"PATH": "/usr/bin", "PYTHONPATH": "/repo", "VIRTUAL_ENV": "/repo/.venv-test", "MPLBACKEND": "Agg",
             "PYTHONHASHSEED": "random", "HOME": "/home/x"}
    env = test_envs.kernel_env(outer, python, tmp_path / "mpl")
    assert env["PATH"].split(test_envs.os.pathsep) == [str(python.parent), "/usr/bin"]
    assert not {"PYTHONPATH", "VIRTUAL_ENV", "MPLBACKEND"} & set(env)
    assert {k: env[k] for k in venvtools.TEST_ENV} == venvtools.TEST_ENV and env["HOME"] == "/home/x"
    assert env["MPLCONFIGDIR"] == str(tmp_path / "mpl")
    assert outer["PYTHONHASHSEED"] == "random", "the caller's environment is not modified"


def test_an_unknown_environment_is_refused_before_anything_is_built(capsys):
    assert test_envs.main(["colab", "nosuch"]) == 2
    assert "nosuch" in capsys.readouterr().out


@pytest.mark.envs
@pytest.mark.parametrize("name", ["colab", "lowest"])
def test_every_notebook_passes_strict_nbval_in(name):
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "test_envs.py"), name],
                            capture_output=True, text=True, timeout=1800)
    print(result.stdout)  # shown in the terminal summary (tests/conftest.py): versions and seconds per notebook
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
