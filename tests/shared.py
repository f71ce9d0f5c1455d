"""Small functions several test modules use (fixtures are in tests/conftest.py, notebooks in notebook_files.py)."""

import subprocess
import sys
from io import BytesIO

import numpy as np
from notebook_files import ROOT
from PIL import Image


def pixels(png):
    """Decode PNG bytes to an (h, w, 3) uint8 array."""
    return np.asarray(Image.open(BytesIO(png)).convert("RGB"))


def fresh_python(code):
    """Run code in a fresh interpreter from the repository root; its CompletedProcess."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
