"""Check that this Python has what the course needs, and say plainly what is missing."""

import re
import sys
from importlib import metadata

#: package -> (lowest version the course supports, what it is for)
REQUIRED = {
    "numpy": ((2, 0), "arrays; the course's printed outputs are numpy 2's"),
    "matplotlib": ((3, 8, 4), "figures (3.8.0-3.8.3 need numpy < 2)"),
    "ipywidgets": ((7, 7, 1), "the interactive explorers (Colab ships 7.7.1)"),
}
PYTHON = (3, 10)


def _version_tuple(text):
    parts = []
    for piece in text.split(".")[:3]:
        digits = re.match(r"\d+", piece)  # "0rc1" -> 0
        if not digits:
            break
        parts.append(int(digits.group()))
    return tuple(parts)


def _dotted(version):
    return ".".join(map(str, version))


def check_environment(verbose=True):
    """Print one verdict per requirement, with the installed version only where it is not ok; return the problems."""
    if not isinstance(verbose, bool):
        raise TypeError(f"verbose must be True or False, got {type(verbose).__name__}")
    problems = []  # an ok line names the lowest version it needs, so it prints the same on every machine
    python, want = sys.version.split()[0], _dotted(PYTHON)
    if sys.version_info[:2] >= PYTHON:
        lines = [f"{'python':<10} ok ({want} or newer)"]
    else:
        lines = [f"{'python':<10} TOO OLD: {python} installed, need {want} or newer"]
        problems.append(f"Python {python} is older than {want}")
    for name, (lowest, purpose) in REQUIRED.items():
        want = _dotted(lowest)
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            lines.append(f"{name:<10} MISSING: needed for {purpose}")
            problems.append(f"{name} is not installed: pip install -r requirements.txt (needs {name} >= {want})")
            continue
        if _version_tuple(have) >= lowest:
            lines.append(f"{name:<10} ok ({want} or newer)")
        else:
            lines.append(f"{name:<10} TOO OLD: {have} installed, need >= {want} for {purpose}")
            problems.append(f"{name} {have} is older than {want}: pip install -r requirements.txt")
    try:
        from .data import data_file

        data_file("flower.csv").open("rb").close()
        lines.append(f"{'data':<10} ok (found)")
    except OSError:
        lines.append(f"{'data':<10} MISSING: the data files were not installed with helpers")
        problems.append("the course data files are missing: reinstall with pip install -r requirements.txt")
    if verbose:
        print("\n".join(lines))
        print("Everything the course needs is here." if not problems else "Problems:\n- " + "\n- ".join(problems))
    return problems
