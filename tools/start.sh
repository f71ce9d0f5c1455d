#!/usr/bin/env bash
# Set up the course and open it in JupyterLab: a virtual environment in .venv, the requirements, then
# JupyterLab on notebook 00. Running it again reuses .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
exec .venv/bin/jupyter lab notebooks/00_start_here.ipynb "$@"
