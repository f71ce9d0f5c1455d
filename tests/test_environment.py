"""helpers.environment.check_environment says what is missing or too old, and prints the same lines on every
machine that has what the course needs (notebook 00 compares them)."""

import types
from pathlib import Path
from importlib import metadata

import pytest

from helpers import environment

#: What notebook 00 prints on any machine that passes, written out again here.
PASSING = """\
python     ok (3.10 or newer)
numpy      ok (2.0 or newer)
matplotlib ok (3.8.4 or newer)
ipywidgets ok (7.7.1 or newer)
data       ok (found)
Everything the course needs is here.
"""


def test_this_environment_is_complete(capsys):
    assert environment.check_environment() == []
    assert capsys.readouterr().out == PASSING


def test_the_passing_printout_names_no_installed_version(monkeypatch, capsys):
    # other versions, all new enough, and another Python: the same lines, because ok lines print the requirement
    monkeypatch.setattr(environment.metadata, "version", lambda name: {"numpy": "2.0.0rc1"}.get(name, "99.1.0"))
    monkeypatch.setattr(environment, "sys", types.SimpleNamespace(version="3.14.2 (main)", version_info=(3, 14, 2)))
    assert environment.check_environment() == []
    out = capsys.readouterr().out
    assert out == PASSING and "99.1" not in out and "3.14" not in out


def test_missing_and_old_packages_are_named_with_the_installed_version(monkeypatch, capsys):
    real = metadata.version

    def fake(name):
        if name == "ipywidgets":
            raise metadata.PackageNotFoundError(name)
        return "1.26.4" if name == "numpy" else real(name)

    monkeypatch.setattr(environment.metadata, "version", fake)
    problems = environment.check_environment()
    out = capsys.readouterr().out
    assert any("ipywidgets is not installed" in p for p in problems)
    assert any("numpy 1.26.4 is older than 2.0" in p for p in problems)
    assert "numpy      TOO OLD: 1.26.4 installed, need >= 2.0 for arrays" in out  # where the version helps
    assert "ipywidgets MISSING: needed for the interactive explorers" in out
    assert "matplotlib ok (3.8.4 or newer)" in out and real("matplotlib") not in out


def test_an_old_python_is_named_with_its_version(monkeypatch, capsys):
    monkeypatch.setattr(environment, "sys", types.SimpleNamespace(version="3.9.18 (main)", version_info=(3, 9, 18)))
    problems = environment.check_environment()
    assert problems == ["Python 3.9.18 is older than 3.10"]
    assert "python     TOO OLD: 3.9.18 installed, need 3.10 or newer" in capsys.readouterr().out


def test_missing_data_is_named(monkeypatch, capsys):
    from helpers import data

    monkeypatch.setattr(data, "data_file", lambda name: Path("/nonexistent-course-data") / name)
    problems = environment.check_environment()
    assert problems == ["the course data files are missing: reinstall with pip install -r requirements.txt"]
    assert "data       MISSING" in capsys.readouterr().out


def test_quiet_and_version_parsing(capsys):
    assert environment.check_environment(verbose=False) == [] and capsys.readouterr().out == ""
    assert environment._version_tuple("2.1.0rc1") == (2, 1, 0)
    assert environment._version_tuple("7.7.1") >= (7, 7, 1)
    with pytest.raises(TypeError):
        environment.check_environment(verbose="yes")
