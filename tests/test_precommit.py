"""The pre-commit hooks (.pre-commit-config.yaml): a valid config of local hooks that only check, never strip outputs.

The ruff and nav hooks run the very commands other tests run over the whole repository (RUN_ELSEWHERE), so here their
entries are only checked to be those commands. The notebooks-executed hook's entry is run here with this
environment's python (pre-commit itself would first build the hooks' environments from PyPI), and must pass and leave
every file as it was; it sees exactly the course's notebooks. tools/check_notebooks.py must catch a notebook run out
of order, an unexpected error and a printed address.
"""

import copy
import json
import re
import shlex
import subprocess
import sys

import check_notebooks  # tools/ (tests/conftest.py puts it on sys.path)
import pytest
import yaml
from notebook_files import NOTEBOOKS, ROOT

CONFIG = ROOT / ".pre-commit-config.yaml"

STRIPPERS = ("nbstripout", "strip", "clear-output", "clearoutput", "--fix", "nbconvert", "jupyter", "format")
#: hook id -> (its entry, the test that runs that command over the repository, and checks it changes nothing)
RUN_ELSEWHERE = {
    "ruff": ("ruff check --no-cache", "tests/test_lint.py (`python -m ruff check --no-cache .`; it never writes)"),
    "nav": ("python tools/nav.py --check", "tests/test_course.py, with the repository_unchanged fixture"),
}


def hooks():
    return [hook for repo in yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["repos"] for hook in repo["hooks"]]


def test_the_config_is_valid_and_local_only():
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(CONFIG)],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    repos = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["repos"]
    assert [r["repo"] for r in repos] == ["local"]
    assert [h["id"] for h in hooks()] == ["ruff", "nav", "notebooks-executed"]


def test_no_hook_strips_or_rewrites_outputs():
    for hook in hooks():
        words = f"{hook['id']} {hook['entry']} {' '.join(hook.get('args', []))}".lower()
        assert not any(s in words for s in STRIPPERS), f"hook {hook['id']!r} may change files: {hook['entry']}"
    assert "--check" in next(h for h in hooks() if h["id"] == "nav")["entry"]


def test_the_hooks_ruff_is_the_pinned_one():
    pins = dict(re.findall(r"^([\w-]+)==([\w.]+)", (ROOT / "requirements-test.txt").read_text(encoding="utf-8"), re.M))
    ruff = next(h for h in hooks() if h["id"] == "ruff")
    assert ruff["additional_dependencies"] == [f"ruff=={pins['ruff']}"]


def test_the_hooks_other_tests_run_have_those_tests_commands():
    for hook_id, (entry, _) in RUN_ELSEWHERE.items():
        assert next(h for h in hooks() if h["id"] == hook_id)["entry"] == entry


@pytest.mark.parametrize("hook_id", [h["id"] for h in hooks() if h["id"] not in RUN_ELSEWHERE])
def test_each_other_hook_passes_on_the_repository_and_changes_nothing(hook_id, repository_unchanged):
    hook = next(h for h in hooks() if h["id"] == hook_id)
    words = shlex.split(hook["entry"])
    cmd = [sys.executable, *words[1:]] if words[0] == "python" else [sys.executable, "-m", *words]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_notebook_hook_sees_exactly_the_course_notebooks():
    pattern = re.compile(next(h for h in hooks() if h["id"] == "notebooks-executed")["files"])
    strays = [ROOT / "notebooks" / name for name in ("scratch.ipynb", "1_x.ipynb", "01_x.txt", "old/01_x.ipynb")]
    in_folder = sorted((ROOT / "notebooks").iterdir()) + strays
    seen = [p for p in in_folder if pattern.search(p.relative_to(ROOT).as_posix())]
    assert seen == NOTEBOOKS and len(seen) > 5


def test_check_notebooks_catches_what_it_should():
    nb = json.loads(NOTEBOOKS[1].read_text(encoding="utf-8"))  # notebook 01: code cells with and without errors
    assert check_notebooks.problems(nb) == []
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    plain = next(c for c in code if "raises-exception" not in c.get("metadata", {}).get("tags", []))
    out_of_order = copy.deepcopy(nb)
    [c for c in out_of_order["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()][-1][
        "execution_count"] = 99
    assert "execution counts" in check_notebooks.problems(out_of_order)[0]
    plain["outputs"] = [{"output_type": "error", "ename": "NameError", "evalue": "x", "traceback": []}]
    assert "NameError" in check_notebooks.problems(nb)[0]
    plain["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["<object at 0x7f3a2b1c9d00>\n"]}]
    assert "memory address" in check_notebooks.problems(nb)[0]
