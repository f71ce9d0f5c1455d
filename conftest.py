"""Repository-wide pytest setup: notebooks' kernels inherit PYTHONHASHSEED=0 (set sets print in a fixed order)."""

import os

os.environ.setdefault("PYTHONHASHSEED", "0")
