"""The helpers' module boundaries: no module reaches into another helpers module's private (underscore) names."""

import ast
from pathlib import Path

HELPERS_DIR = Path(__file__).resolve().parent.parent / "helpers"

#: (importing module, "module.name") pairs allowed to cross a boundary: none. Keep it empty; make the name public
#: (with a one-line docstring and bad-input cases) or move it where it belongs.
EXPECTED_OFFENDERS = frozenset()


def _is_private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _helpers_module(node, here):
    """The helpers module an ImportFrom names ('' for `from . import x`), or None if it is outside helpers."""
    if node.level == 1:
        return node.module or ""
    if node.level == 0 and node.module and node.module.split(".")[0] == "helpers":
        return ".".join(node.module.split(".")[1:])
    return None


def private_crossings(path):
    """Every (module, "other.name") where the file at path imports or reads another helpers module's private name."""
    here = path.stem
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    aliases, found = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (source := _helpers_module(node, here)) is not None:
            for alias in node.names:
                if source == "":  # from . import network as _network: remember the alias
                    aliases[alias.asname or alias.name] = alias.name
                elif _is_private(alias.name):
                    found.add((here, f"{source}.{alias.name}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("helpers.") and alias.asname:
                    aliases[alias.asname] = alias.name.split(".", 1)[1]
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                and _is_private(node.attr)):
            found.add((here, f"{aliases[node.value.id]}.{node.attr}"))
    return {pair for pair in found if pair[1].split(".")[0] != here}


def all_crossings():
    return set().union(*(private_crossings(p) for p in sorted(HELPERS_DIR.glob("*.py"))))


def test_no_private_name_crosses_a_helpers_module_boundary():
    new = all_crossings() - EXPECTED_OFFENDERS
    assert not new, f"private names imported across helpers modules (make them public or move them): {sorted(new)}"


def test_expected_offenders_are_still_real():
    gone = EXPECTED_OFFENDERS - all_crossings()
    assert not gone, f"these crossings were removed: delete them from EXPECTED_OFFENDERS: {sorted(gone)}"


def test_the_scanner_finds_a_private_import(tmp_path):
    bad = tmp_path / "probe.py"
    bad.write_text("from .shapes import _fmt\nfrom . import network as net\nnet._forward(1)\n", encoding="utf-8")
    assert private_crossings(bad) == {("probe", "shapes._fmt"), ("probe", "network._forward")}


#: Issue 14's split of the network and of the exercise checkers: each module one idea, held under the limits.
SPLIT_MODULES = ("network", "network_inputs", "checks", "verdict", "function_checks", "mistakes", "seeded_problems")


def test_the_split_modules_stay_small():
    for name in SPLIT_MODULES:
        source = (HELPERS_DIR / f"{name}.py").read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 400, f"helpers/{name}.py has grown past 400 lines: split it by idea"
        long = [(f.name, f.end_lineno - f.lineno + 1) for f in ast.walk(ast.parse(source))
                if isinstance(f, ast.FunctionDef) and f.end_lineno - f.lineno + 1 > 40]
        assert not long, f"helpers/{name}.py has functions over 40 lines: {long}"
