"""Set up the course and open it in JupyterLab (the README's first command; `bash tools/start.sh` runs this).

    python tools/start.py       # Windows: py tools\\start.py ; extra arguments go to `jupyter lab`

A virtual environment in .venv (reused when it exists), requirements.txt, then JupyterLab on notebook 00.
As root on Linux or macOS (a container, a cloud VM) Jupyter refuses to start without --allow-root, so it is added there.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import venvtools  # noqa: E402  (tools/ is not a package)

VENV = venvtools.ROOT / ".venv"


def lab_command(venv, argv):
    """`jupyter lab` on notebook 00 with argv, plus --allow-root when running as root on POSIX."""
    cmd = [str(venvtools.venv_python(venv)), "-m", "jupyter", "lab", str(Path("notebooks") / "00_start_here.ipynb")]
    if os.name == "posix" and os.geteuid() == 0 and "--allow-root" not in argv:
        cmd.append("--allow-root")
    return cmd + list(argv)


def main(argv):
    """Set up .venv and run JupyterLab; return its exit code."""
    python = venvtools.make_venv(VENV, fresh=False)
    venvtools.run([python, "-m", "pip", "install", "--quiet", "-r", "requirements.txt"])
    cmd = lab_command(VENV, argv)
    print("+ " + " ".join(cmd), flush=True)
    try:
        return subprocess.run(cmd, cwd=venvtools.ROOT).returncode
    except KeyboardInterrupt:  # Ctrl+C stops JupyterLab: not an error
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
