"""The GitHub Actions workflow (.github/workflows/notebooks.yml), checked here because no forge is reachable:

- it validates against GitHub's workflow schema (check-jsonschema's vendored copy, pinned in requirements-test.txt);
- every job runs the one test command of tools/venvtools.py (install line, pytest line, environment), so the
  workflow cannot drift from `bash tools/test.sh`; jobs differ only in their marker selection;
- the marker selections cover every marker, and the `course` job's matrix spans Linux, macOS and Windows;
- (marker `workflow`, a few minutes) the `course` job's own install and test steps, read from the file, run on
  this machine in a fresh venv on Python 3.10 (the matrix's lowest; this machine's python if it has no 3.10), on a
  copy of the repository, and pass.
"""

import os
import shlex
import shutil
import subprocess
import sys

import pytest
import venvtools  # tools/ (tests/conftest.py puts it on sys.path)
import yaml
from notebook_files import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, from PyPI (requirements-test.txt)
    import tomli as tomllib

WORKFLOW = ROOT / ".github" / "workflows" / "notebooks.yml"

COPY_IGNORE = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "site", "*.egg-info", "__pycache__",
                                     ".ipynb_checkpoints", ".pytest_cache", ".ruff_cache")


def load():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def run_steps(job):
    return [step for step in job["steps"] if "run" in step]


def pytest_selection(line):
    """The arguments after the one pytest command in a step's line; AssertionError if it is another command."""
    words = shlex.split(line)
    prefix = ["python", *venvtools.PYTEST]
    assert words[:len(prefix)] == prefix, f"not the test command of tools/venvtools.py: {line}"
    return words[len(prefix):]


def test_the_workflow_validates_against_githubs_schema():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_runs_on_push_pull_request_and_a_weekly_schedule():
    triggers = load()[True]  # YAML 1.1 reads the key `on` as True
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    minute, hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert day == month == "*" and weekday != "*", "once a week"


def test_every_job_runs_the_one_test_command():
    workflow = load()
    assert venvtools.TEST_ENV.items() <= workflow["env"].items(), "the test environment of tools/venvtools.py"
    assert workflow["defaults"]["run"]["shell"] == "bash", "the same lines on Windows"
    for name, job in workflow["jobs"].items():
        install, test = [step["run"] for step in run_steps(job)][-2:]
        assert shlex.split(install) == ["python", *venvtools.INSTALL], name
        selection = pytest_selection(test)
        assert selection[:1] == ["-m"] and len(selection) in (2, 4), f"{name}: only -m MARKERS [-k NAME] may follow"
        if len(selection) == 4:
            assert selection[2] == "-k", name


def test_the_jobs_cover_every_marker_and_every_system():
    workflow = load()
    selections = {name: pytest_selection(run_steps(job)[-1]["run"]) for name, job in workflow["jobs"].items()}
    ini = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    markers = {line.split(":")[0] for line in ini["markers"]}
    main = selections["course"][1]
    excluded = {word for word in main.split() if word not in ("not", "and")}
    # what the main jobs leave out runs in a job of its own, except this file's own `workflow` test (it re-runs
    # the main job's steps, which the main jobs do themselves) and `slow` (the main jobs run it)
    assert excluded == markers - {"slow"}, main
    assert {sel[1] for name, sel in selections.items() if name != "course"} == excluded - {"workflow"}
    assert {sel[3] for sel in selections.values() if len(sel) == 4} == {"colab", "lowest"}
    matrix = workflow["jobs"]["course"]["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert set(matrix["python"]) == {"3.10", "3.12", "3.13"}
    for name, job in workflow["jobs"].items():
        setup = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python")]
        for step in setup:
            assert step["with"]["cache"] == "pip" and step["with"]["cache-dependency-path"] == "requirements*.txt"
        if name != "course":
            assert job["runs-on"] == "ubuntu-latest", f"{name}: Linux only"


@pytest.mark.workflow
def test_the_course_jobs_steps_pass_on_this_machine(tmp_path):
    """The `course` job's install and test steps, read from the workflow, in a fresh venv on a repository copy."""
    job = load()["jobs"]["course"]
    steps = run_steps(job)
    assert [s["name"] for s in steps] == ["Install the test requirements", "Unit tests and strict nbval over every notebook"]
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)  # the steps write nothing into this checkout
    venv = tmp_path / "venv"
    # the matrix's lowest Python (3.10) where this machine has it: what is most likely to break; else this one
    lowest = min(job["strategy"]["matrix"]["python"], key=lambda v: tuple(map(int, v.split("."))))
    python = venvtools.find_python(lowest) or sys.executable
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    print(f"the course job's steps on {python}")
    # as actions/setup-python leaves it: `python` is the venv's, and the workflow's env is set
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    env.update({k: str(v) for k, v in load()["env"].items()})
    env.update(VIRTUAL_ENV=str(venv), PATH=f"{venvtools.venv_bin(venv)}{os.pathsep}{env['PATH']}")
    env.pop("PYTHONPATH", None)
    for step in steps:
        result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True,
                                text=True, encoding="utf-8", timeout=1500)
        tail = "\n".join(result.stdout.strip().splitlines()[-15:])
        print(f"$ {step['run']}\n{tail}")
        assert result.returncode == 0, f"{step['name']} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    assert " passed" in tail and " failed" not in tail
