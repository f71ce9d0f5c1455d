#!/usr/bin/env bash
# Set up from scratch and run every test: a fresh virtual environment, the pinned requirements,
# then pytest: helpers' unit tests, strict nbval over every notebook, the real-browser tests (JupyterLab, Notebook 7,
# the static site's math), the static site's link check, and (tests/test_envs.py, marker `envs`) every notebook
# executed in two more fresh venvs, Colab-like on Python 3.12 and lowest-versions on Python 3.10 (tools/test_envs.py
# finds those Pythons on PATH or under ~/.pyenv, and says loudly when it has to fall back to this one).
#     bash tools/test.sh            # extra arguments go to pytest, e.g. -m "not browser and not envs"
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-test
PYTHON=${PYTHON:-python3}

rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -r requirements-test.txt

# The browser tests drive Debian's Chromium; without it they are reported as skipped, with the reason.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
        || echo "Chromium could not be installed: the browser tests will be skipped."
fi

export PYTHONHASHSEED=0
# Two pytest workers on two cores: one BLAS thread each, or the threads contend and the course slows 2x.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
exec "$VENV/bin/python" -m pytest -n 2 --dist loadfile "$@"
