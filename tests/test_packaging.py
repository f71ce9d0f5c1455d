"""The course as Colab installs it: a wheel of the repository carries helpers and its data, and loads both datasets
with no repository and no editable install in sight; the generated setup cell upgrades nothing."""

import ast
import importlib.util
import json
import os
import shutil
import subprocess
import sys
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI (requirements-test.txt)
    import tomli as tomllib
import zipfile
from pathlib import Path

import numpy as np
import pytest
from notebook_files import NOTEBOOKS, ROOT
DATA_FILES = ["flower.csv", "digits.csv.gz", "README.md"]
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "site", "*.egg-info", "__pycache__",
                                     "node_modules", ".pytest_cache")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from a copy of the repository (so nothing is written into the checkout)."""
    tmp = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, tmp / "src", ignore=COPY_IGNORE)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                             "--disable-pip-version-check", str(tmp / "src"), "-w", str(tmp / "dist")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list((tmp / "dist").glob("backprop_by_hand-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_ships_helpers_and_the_data_inside_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ("__init__", "data", "network", "plots/__init__", "plots/style", "flow", "widgets", "validate"):
        assert f"helpers/{module}.py" in names, f"helpers/{module}.py missing from {wheel.name}"
    sources = {path.relative_to(ROOT).as_posix() for path in (ROOT / "helpers").rglob("*.py")}
    missing = sorted(sources - names)  # a new subpackage must be listed in pyproject's [tool.setuptools] packages
    assert not missing, f"{missing} missing from {wheel.name}"
    for data in DATA_FILES:
        assert f"helpers/datafiles/{data}" in names, f"helpers/datafiles/{data} missing from {wheel.name}"
    dist_info = next(n for n in names if n.endswith(".dist-info/METADATA"))
    metadata = zipfile.ZipFile(wheel).read(dist_info).decode()
    assert "Name: backprop-by-hand" in metadata


def test_installed_wheel_loads_both_datasets_without_the_repository(wheel, tmp_path):
    """Unzip the wheel (what pip installs) and import from there alone, in an isolated interpreter, elsewhere."""
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    numpy_dir = Path(np.__file__).resolve().parents[1]  # numpy's own site-packages (no .pth files run: -S)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = f"""
import sys
sys.path[:] = [{str(site)!r}, {str(numpy_dir)!r}] + [p for p in sys.path if "site-packages" not in p]
import helpers
from helpers.data import load_flower, load_digits, data_file
assert helpers.__file__.startswith({str(site)!r}), helpers.__file__
assert str(data_file("flower.csv")).startswith({str(site)!r}), data_file("flower.csv")
flower, digits = load_flower(), load_digits()
from helpers import plots  # a package of its own: its modules come with the wheel too
assert plots.plot_product_shapes.__module__ == "helpers.plots.products"
print(flower.X.shape, flower.Y.shape, digits.X.shape, digits.Y.shape, int(digits.Y.sum()))
"""
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-I", "-S", "-c", code], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "(2, 400) (1, 400) (64, 1797) (10, 1797) 1797"


def _nav():
    spec = importlib.util.spec_from_file_location("nav", ROOT / "tools" / "nav.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_setup_cell_installs_the_course_from_pyproject_url_with_no_deps():
    with open(ROOT / "pyproject.toml", "rb") as fh:
        url = tomllib.load(fh)["project"]["urls"]["Repository"].rstrip("/")
    source = _nav().setup_source()
    assert '"google.colab" in sys.modules' in source
    assert f'"backprop-by-hand @ git+{url}"' in source
    # The pip command line, parsed: --no-deps and nothing that could upgrade Colab's numpy/matplotlib/ipywidgets.
    call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and n.args
                and isinstance(n.args[0], ast.List))
    argv = [ast.literal_eval(e) for e in call.args[0].elts[1:]]
    assert argv[:2] == ["-m", "pip"] and "install" in argv and "--no-deps" in argv, argv
    assert not {"-U", "--upgrade", "--force-reinstall", "numpy", "matplotlib", "ipywidgets"} & set(argv), argv


def test_every_notebook_carries_the_generated_setup_cell():
    source = _nav().setup_source()
    for path in NOTEBOOKS:
        cell = json.loads(path.read_text(encoding="utf-8"))["cells"][2]  # after the title and the navigation
        assert "".join(cell["source"]) == source, f"{path.name}: run python tools/nav.py"
        assert "nbval-ignore-output" in cell["metadata"].get("tags", []), path.name


def test_setup_cell_does_nothing_outside_colab(monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(_nav().setup_source(), {})
    assert calls == []
    monkeypatch.setitem(sys.modules, "google.colab", object())  # and on Colab it runs pip once
    exec(_nav().setup_source(), {})
    assert len(calls) == 1 and "--no-deps" in calls[0][0]
