"""helpers.environment.check_environment says what is missing or too old."""

from importlib import metadata

import pytest

from helpers import environment


def test_this_environment_is_complete(capsys):
    assert environment.check_environment() == []
    assert "Everything the course needs is here." in capsys.readouterr().out


def test_missing_and_old_packages_are_named(monkeypatch, capsys):
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
    assert "MISSING" in out and "TOO OLD" in out


def test_version_parsing():
    assert environment._version_tuple("2.1.0rc1") == (2, 1, 0)
    assert environment._version_tuple("7.7.1") >= (7, 7, 1)
    with pytest.raises(TypeError):
        environment.check_environment(verbose="yes")
