"""Strict nbval over every notebook in the two extra environments learners meet: Colab's pins and the lowest versions.

    python tools/test_envs.py              # both environments
    python tools/test_envs.py colab        # one: colab or lowest

For each environment: a fresh virtual environment (in a temporary folder, removed afterwards) on the Python it names, its requirements
file, then the course itself installed as Colab installs it (`pip install --no-deps .`: not editable, nothing
upgraded). Every notebook is copied into a temporary folder (the committed notebooks are never touched, and no
repository file is importable from there) and re-executed by strict nbval in a fresh kernel of that environment:
every text output is compared with the committed one, exactly as in the main test run, so the same committed
notebooks must hold on numpy 2.0 (lowest), 2.1 (Colab) and the newest numpy (the main run). Any error or changed
output fails, except in cells tagged raises-exception. Prints the versions the kernel sees and the seconds each
step took; exits 1 on any failure.

Kept as one small tool rather than nox sessions (measured for issue 14; see CONTRIBUTING.md, Tests): nox would
replace only the venv and pip lines, not the copying, environment and nbval lines. Its pure parts (the table, the
pip and nbval command lines, the kernel's environment) are unit-tested in tests/test_envs.py.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import notebook_list  # noqa: E402  (tools/ is not a package)
import venvtools  # noqa: E402

ROOT = venvtools.ROOT

#: name -> (requirements file, Python version it runs on, what it stands for)
ENVS = {
    "colab": ("requirements-colab.txt", "3.12", "Colab: Python 3.12, ipywidgets 7.7.1, matplotlib 3.10, numpy 2.1.3"),
    "lowest": ("requirements-lowest.txt", "3.10", "the lowest versions requirements.txt allows: numpy 2.0.0"),
}


def log(message):
    """Print at once (the output may be piped)."""
    print(message, flush=True)


def run(cmd, **kwargs):
    """Run a command, raising with its output when it fails."""
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def install_commands(python, requirements, course):
    """The pip commands of a side environment: its pinned requirements, then the course as the Colab setup cell
    installs it (`--no-deps`, not editable: nothing the requirements pinned is upgraded)."""
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    return [pip + ["-r", str(requirements)], pip + ["--no-deps", str(course)]]


def build_env(name):
    """A fresh venv with the environment's requirements and the course (--no-deps, not editable); its python."""
    requirements, version, _ = ENVS[name]
    python = venvtools.find_python(version)
    if python is None:
        python = sys.executable
        bar = "!" * 100
        log(f"{bar}\n!!! WARNING: no Python {version} found on PATH or under ~/.pyenv: the {name!r} environment falls "
            f"back to {python} ({sys.version.split()[0]}),\n!!! so it does NOT test Python {version}.\n{bar}")
    venv = Path(tempfile.mkdtemp(prefix=f"venv-{name}-"))  # its own folder: runs at the same time never clash
    start = time.perf_counter()
    run([python, "-m", "venv", str(venv)])
    # The course is built from a copy, so that no build/ or *.egg-info is written into the repository while other
    # tests read it.
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv*", "build", "site", "*.egg-info",
                                                                 "__pycache__", "node_modules"))
        for cmd in install_commands(venvtools.venv_python(venv), ROOT / requirements, src):
            run(cmd)
    log(f"{time.perf_counter() - start:6.1f} s  {name}: fresh venv on {python}, {requirements}, "
        "pip install --no-deps . (the course, not editable)")
    return venvtools.venv_python(venv)


VERSIONS = ("import sys, numpy, matplotlib, ipywidgets, IPython, helpers; print('python', sys.version.split()[0], "
            "'| numpy', numpy.__version__, '| matplotlib', matplotlib.__version__, '| ipywidgets', ipywidgets.__version__, "
            "'| IPython', IPython.__version__); print('helpers from', helpers.__file__)")


def kernel_env(environ, python, mplconfig):
    """The environment strict nbval runs in: the venv's programs first, the test run's seeds and one BLAS thread."""
    env = {k: v for k, v in environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "MPLBACKEND")}
    # MPLBACKEND dropped: the kernel picks its inline backend itself, as in Jupyter. A matplotlib font cache of its
    # own: a shared one may list fonts of a matplotlib that was since removed.
    env.update(MPLCONFIGDIR=str(mplconfig), PYDEVD_DISABLE_FILE_VALIDATION="1", **venvtools.TEST_ENV)
    env["PATH"] = f"{Path(python).parent}{os.pathsep}{environ.get('PATH', '')}"
    return env


def nbval_command(python, notebooks):
    """Strict nbval (every text output compared, as in the main run) over the named notebooks, in `python`'s env."""
    return [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
            "--nbval-sanitize-with", "nbval_sanitize.cfg", *notebooks]


def execute_all(name, python, notebooks):
    """Strict nbval over copies of the notebooks with the environment's python; return True if all passed."""
    with tempfile.TemporaryDirectory(prefix=f"test-envs-{name}-") as tmp:
        copies = []
        for path in notebooks:
            shutil.copy2(path, Path(tmp) / path.name)
            copies.append(path.name)
        shutil.copy2(ROOT / "tests" / "nbval_sanitize.cfg", Path(tmp) / "nbval_sanitize.cfg")
        (Path(tmp) / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # no repository config applies
        env = kernel_env(os.environ, python, Path(tmp) / "mplconfig")
        log(run([str(python), "-I", "-c", VERSIONS], cwd=tmp, env=env).stdout.rstrip())
        start = time.perf_counter()
        result = subprocess.run(nbval_command(python, copies), cwd=tmp, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            log(result.stdout[-8000:] + result.stderr[-2000:])
        summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
        log(f"{time.perf_counter() - start:6.1f} s  {name}: strict nbval over all {len(copies)} notebooks: {summary}")
        return result.returncode == 0


def main(argv):
    """Build each named environment (default: all) and execute every notebook in it; return the exit code."""
    names = argv or list(ENVS)
    unknown = [n for n in names if n not in ENVS]
    if unknown:
        log(f"unknown environment(s) {unknown}; choose from {list(ENVS)}")
        return 2
    notebooks = notebook_list.notebooks()
    if not notebooks:
        log("no notebooks found in notebooks/")
        return 1
    ok = True
    for name in names:
        log(f"== {name}: {ENVS[name][2]}")
        python = build_env(name)
        try:
            ok &= execute_all(name, python, notebooks)
        finally:
            shutil.rmtree(python.parents[1], ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
