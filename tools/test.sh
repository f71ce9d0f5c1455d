#!/usr/bin/env bash
# Set up from scratch and run every test: runs tools/test.py (which says what it does; Windows: py tools\test.py).
#     bash tools/test.sh            # extra arguments go to pytest, e.g. -m "not browser and not envs"
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" tools/test.py "$@"
