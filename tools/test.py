"""Set up from scratch and run every test (the README's test command; `bash tools/test.sh` runs this).

    python tools/test.py                   # Windows: py tools\\test.py
    python tools/test.py -m "not browser"  # extra arguments go to pytest
    python tools/test.py --print-command   # print the test command (what CI's workflow runs) and exit

A fresh virtual environment in .venv-test, requirements-test.txt, then pytest: helpers' unit tests, strict nbval
over every notebook, the course-structure tests, ruff, the workflow's schema and steps (marker `workflow`), the
real-browser tests (JupyterLab, Notebook 7, the static site's math; marker `browser`), and the portability checks:
every notebook in two more fresh venvs, Colab-like on Python 3.12 and lowest-versions on Python 3.10 (marker `envs`;
tools/test_envs.py finds those Pythons on PATH or under ~/.pyenv, and says loudly when it has to fall back to this
one), and under numpy's other SIMD paths (marker `portability`). The browser tests drive Debian's Chromium: when it
is missing and this runs as root with apt-get, it is installed; otherwise they are reported as skipped.
The install and pytest lines are defined once, in tools/venvtools.py.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import venvtools  # noqa: E402  (tools/ is not a package)

VENV = venvtools.ROOT / ".venv-test"
CHROMIUM = Path("/usr/bin/chromium")


def install_chromium():
    """apt-get install Debian's Chromium when it is missing and this is root on a machine with apt-get."""
    if CHROMIUM.exists() or os.name == "nt" or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    print("+ apt-get install chromium (for the browser tests)", flush=True)
    quiet = {"stdout": subprocess.DEVNULL}
    ok = (subprocess.run(["apt-get", "update", "-qq"], **quiet).returncode == 0
          and subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], **quiet).returncode == 0)
    if not ok:
        print("Chromium could not be installed: the browser tests will be skipped.", flush=True)


def main(argv):
    """Print the command, or build the fresh venv and run pytest with argv; return pytest's exit code."""
    if argv[:1] == ["--print-command"]:
        print("\n".join(venvtools.command_lines(argv[1:])))
        return 0
    python = venvtools.make_venv(VENV, fresh=True)
    venvtools.run([python, *venvtools.INSTALL])
    install_chromium()
    env = dict(os.environ, **venvtools.TEST_ENV)
    cmd = [str(python), *venvtools.PYTEST, *argv]
    print("+ " + venvtools.command_lines(argv)[1] + f"   (python = {python})", flush=True)  # as --print-command
    return subprocess.run(cmd, cwd=venvtools.ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
