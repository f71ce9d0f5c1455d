"""Virtual environments and the one test command, shared by tools/test.py, tools/start.py and the CI workflow.

The test command is written here once: tools/test.py runs it, `python tools/test.py --print-command` prints it,
and .github/workflows/notebooks.yml runs the same lines (tests/test_workflow.py checks that they agree).
Works on Linux, macOS and Windows (a venv's programs are in Scripts\\ on Windows, bin/ elsewhere).
"""

import glob
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Environment of every test run: set and dict order fixed, one BLAS thread per process (two pytest workers on two
#: cores; more threads only contend and slow the course 2x).
TEST_ENV = {"PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
#: Install the test requirements (run by the environment's python, from the repository's root).
INSTALL = ["-m", "pip", "install", "--quiet", "-r", "requirements-test.txt"]
#: Run the tests: two workers, each notebook's cells kept together on one worker (nbval needs that).
PYTEST = ["-m", "pytest", "-n", "2", "--dist", "loadfile"]


def command_lines(pytest_args=()):
    """The test command as shell lines, `python` standing for the environment's interpreter."""
    env = " ".join(f"{k}={v}" for k, v in TEST_ENV.items())
    return [shlex.join(["python", *INSTALL]), f"{env} " + shlex.join(["python", *PYTEST, *pytest_args])]


def venv_bin(venv):
    """The folder of a venv's programs: Scripts on Windows, bin elsewhere."""
    return Path(venv) / ("Scripts" if os.name == "nt" else "bin")


def venv_python(venv):
    """The python of a venv."""
    return venv_bin(venv) / ("python.exe" if os.name == "nt" else "python")


def run(cmd, **kwargs):
    """Run a command from the repository's root, echoing it; exit with its code if it fails."""
    print("+ " + shlex.join(map(str, cmd)), flush=True)
    result = subprocess.run([str(c) for c in cmd], cwd=kwargs.pop("cwd", ROOT), **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def make_venv(venv, fresh):
    """Create the venv (removed first if `fresh`, reused otherwise) and upgrade its pip; return its python."""
    venv = Path(venv)
    if fresh and venv.exists():
        shutil.rmtree(venv)
    python = venv_python(venv)
    if not python.exists():
        run([sys.executable, "-m", "venv", venv])
    run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    return python


def find_python(version):
    """A working pythonX.Y: on PATH, else under ~/.pyenv or /root/.pyenv; None if there is none."""
    candidates = [shutil.which(f"python{version}")]
    for base in (os.path.expanduser("~/.pyenv"), "/root/.pyenv"):
        candidates += sorted(glob.glob(f"{base}/versions/{version}*/bin/python{version}"), reverse=True)
    for candidate in candidates:
        if not candidate:
            continue
        try:  # a pyenv shim is on PATH but fails when that version is not selected: run it to be sure
            out = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                                 capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() == str(tuple(map(int, version.split(".")))):
            return candidate
    return None
