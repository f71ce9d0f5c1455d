#!/usr/bin/env bash
# Set up the course and open it in JupyterLab: runs tools/start.py (which says what it does; Windows: py tools\start.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" tools/start.py "$@"
