"""Every text file that helpers, tools, tests and benchmarks open names its encoding (UTF-8).

The notebooks and data hold ∂, δ, ᵀ, ⊙; Windows' default encoding is not UTF-8 (cp1252 on most learners' machines),
so an open() without encoding= reads them wrongly or fails there, while passing on Linux and macOS.
Two independent checks: the code is read with ast (every open / Path.open / gzip.open in text mode and every
read_text / write_text must pass encoding=), and the data loaders and tools/nav.py run under
`python -X warn_default_encoding -W error::EncodingWarning`, which turns a missing encoding into an error at run time.
ruff's PLW1514 (pyproject.toml) checks the same for open(); it cannot see Path methods on values of unknown type.
"""

import ast
import subprocess
import sys

import pytest
from notebook_files import ROOT

FOLDERS = ("helpers", "tools", "tests", "benchmarks")
COMPRESSED = {"gzip", "bz2", "lzma"}  # their open() defaults to binary mode "rb"


def python_files():
    """Every Python file of helpers, tools, tests, benchmarks, and the top-level conftest.py."""
    files = [p for folder in FOLDERS for p in sorted((ROOT / folder).rglob("*.py"))]
    return files + [ROOT / "conftest.py"]


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _mode(call):
    """The mode of an open-like call: its text, None if not an open of a file, '?' if not a literal."""
    func = call.func
    keywords = {k.arg: k.value for k in call.keywords}
    if isinstance(func, ast.Name) and func.id == "open":  # builtin open(file, mode="r")
        node = keywords.get("mode", call.args[1] if len(call.args) > 1 else None)
        return "r" if node is None else (_literal(node) or "?")
    if isinstance(func, ast.Attribute) and func.attr == "open":
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        if owner in COMPRESSED:  # gzip.open(file, mode="rb")
            node = keywords.get("mode", call.args[1] if len(call.args) > 1 else None)
            return "rb" if node is None else (_literal(node) or "?")
        if owner == "io":  # io.open is the builtin open
            node = keywords.get("mode", call.args[1] if len(call.args) > 1 else None)
            return "r" if node is None else (_literal(node) or "?")
        # Path.open(mode="r") / Traversable.open(mode="r"); other .open methods (Image.open(file),
        # webbrowser.open(url)) take something else first
        node = keywords.get("mode", call.args[0] if call.args else None)
        if node is None:
            return "r"
        mode = _literal(node)
        return mode if mode is not None and set(mode) <= set("rwaxbt+") else None
    return None


def unspecified_encodings(source, filename="<string>"):
    """(line, code) of every text-mode file open in `source` that does not pass encoding=."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or any(k.arg == "encoding" for k in node.keywords):
            continue
        func = node.func
        text_method = isinstance(func, ast.Attribute) and func.attr in ("read_text", "write_text")
        mode = _mode(node)
        if text_method or (mode is not None and "b" not in mode):
            found.append((node.lineno, ast.get_source_segment(source, node)))
    return found


def test_the_scanner_finds_every_kind_of_missing_encoding():
    bad = "\n".join([
        "open(p)", "open(p, 'w')", "open(p, mode='a')", "io.open(p)", "p.open()", "p.open('w')",
        "gzip.open(p, 'rt')", "p.read_text()", "p.write_text(s)", "open(p, m)",
    ])
    good = "\n".join([
        "open(p, 'rb')", "open(p, encoding='utf-8')", "p.open('rb')", "gzip.open(p)", "gzip.open(p, 'rb')",
        "p.read_text(encoding='utf-8')", "p.write_text(s, encoding='utf-8')", "Image.open(BytesIO(b))",
        "webbrowser.open('https://example.org')", "p.read_bytes()",
    ])
    assert [line for line, _ in unspecified_encodings(bad)] == list(range(1, 11))
    assert unspecified_encodings(good) == []


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_file_is_opened_with_an_encoding(path):
    found = unspecified_encodings(path.read_text(encoding="utf-8"), str(path))
    assert not found, "open with encoding='utf-8':\n" + "\n".join(f"  line {n}: {code}" for n, code in found)


RUNTIME = """
import warnings
warnings.simplefilter("error", EncodingWarning)
import helpers
helpers.data.load_flower(); helpers.data.load_digits()
"""


def test_data_loaders_and_nav_run_without_a_default_encoding():
    flags = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning"]
    for args in (["-c", RUNTIME], [str(ROOT / "tools" / "nav.py"), "--check"]):
        result = subprocess.run(flags + args, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
        assert result.returncode == 0, f"{args}:\n{result.stdout}{result.stderr}"
