"""The helpers' module boundaries: no module reaches into another helpers module's private (underscore) names,
and no module or function grows past its size limit (subpackages such as helpers/plots/ included)."""

import ast
from pathlib import Path

HELPERS_DIR = Path(__file__).resolve().parent.parent / "helpers"

#: (importing module, "module.name") pairs allowed to cross a boundary: none. Keep it empty; make the name public
#: (with a one-line docstring and bad-input cases) or move it where it belongs.
EXPECTED_OFFENDERS = frozenset()


def _is_private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def module_name(path):
    """'network' for helpers/network.py, 'plots.style' for helpers/plots/style.py, 'plots' for its __init__.py."""
    try:
        parts = path.resolve().relative_to(HELPERS_DIR).with_suffix("").parts
    except ValueError:  # a file outside helpers (the scanner's own test): a top-level module
        return path.stem
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package(path, here):
    """The package whose modules `from . import` reaches: helpers ('') or a subpackage such as 'plots'."""
    return here if path.name == "__init__.py" else here.rpartition(".")[0]


def _helpers_module(node, package):
    """The helpers module an ImportFrom names ('' for helpers itself), or None if it is outside helpers."""
    if node.level == 0:
        if node.module and node.module.split(".")[0] == "helpers":
            return ".".join(node.module.split(".")[1:])
        return None
    parts = package.split(".") if package else []
    if node.level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _is_module(dotted):
    """True if helpers.<dotted> is a module or a package of helpers (so `from . import it` names a module)."""
    where = HELPERS_DIR.joinpath(*dotted.split("."))
    return where.with_suffix(".py").is_file() or where.is_dir()


def private_crossings(path, here=None):
    """Every (module, "other.name") where the file at path imports or reads another helpers module's private name.

    here: the file's module name, such as 'plots.style' (default: from its place in helpers/).
    """
    here = module_name(path) if here is None else here
    package = _package(path, here)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    aliases, found = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (source := _helpers_module(node, package)) is not None:
            for alias in node.names:
                imported = f"{source}.{alias.name}".lstrip(".")
                if _is_module(imported):  # from . import network as _network: remember the alias
                    aliases[alias.asname or alias.name] = imported
                elif _is_private(alias.name):
                    found.add((here, source, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("helpers.") and alias.asname:
                    aliases[alias.asname] = alias.name.split(".", 1)[1]
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                and _is_private(node.attr)):
            found.add((here, aliases[node.value.id], node.attr))
    return {(module, f"{source}.{name}") for module, source, name in found if source != module}


def helpers_files():
    """Every .py file of helpers, its subpackages (helpers/plots/) included."""
    return sorted(HELPERS_DIR.rglob("*.py"))


def all_crossings():
    return set().union(*(private_crossings(p) for p in helpers_files()))


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


def test_the_scanner_resolves_imports_inside_a_subpackage(tmp_path):
    bad = tmp_path / "probe.py"
    bad.write_text("from .style import _X\nfrom ..network import _forward\nfrom .. import flow as f\nf._y(1)\n"
                   "from . import jacobian as j\nj._z(1)\nfrom .probe import _mine\n", encoding="utf-8")
    assert private_crossings(bad, "plots.probe") == {
        ("plots.probe", "plots.style._X"), ("plots.probe", "network._forward"), ("plots.probe", "flow._y"),
        ("plots.probe", "plots.jacobian._z")}  # its own _mine is no crossing


def test_the_scanner_sees_the_modules_of_subpackages():
    names = {module_name(path) for path in helpers_files()}
    assert {"network", "plots", "plots.style", "plots.classification"} <= names


# ---------------------------------------------------------------- sizes: one idea per module, short functions

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 40
#: What a docstring says to keep a module or function over the limit (issue 14): "Long because <the reason>".
REASON = "Long because"


def _long_functions(tree, prefix=""):
    """(qualified name, lines, docstring) of every function and method in tree, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):  # a class may be long, its methods may not
                yield name, node.end_lineno - node.lineno + 1, ast.get_docstring(node) or ""
            yield from _long_functions(node, f"{name}.")


def oversized(files=None):
    """Every module over MAX_MODULE_LINES and 'module.function' over MAX_FUNCTION_LINES whose docstring gives no
    REASON."""
    found = set()
    for path in files or helpers_files():
        here, text = module_name(path), path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        if len(text.splitlines()) > MAX_MODULE_LINES and REASON not in (ast.get_docstring(tree) or ""):
            found.add(here)
        found |= {f"{here}.{name}" for name, lines, doc in _long_functions(tree)
                  if lines > MAX_FUNCTION_LINES and REASON not in doc}
    return found


def test_no_module_or_function_is_too_long_without_a_reason():
    found = oversized()
    assert not found, (f"over {MAX_MODULE_LINES} lines per module or {MAX_FUNCTION_LINES} per function: split "
                       f"{sorted(found)}, or say why in its docstring ('{REASON} ...')")


def test_the_size_rule_finds_a_long_function_and_accepts_a_reason(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    probe = tmp_path / "probe.py"
    probe.write_text(f"def long():\n{body}\n\ndef reasoned():\n    \"\"\"{REASON} it is a table.\"\"\"\n{body}"
                     f"\n\ndef short():\n    return 1\n", encoding="utf-8")
    assert oversized([probe]) == {"probe.long"}
    probe.write_text("\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
    assert oversized([probe]) == {"probe"}


def test_helpers_import_at_the_top_of_each_module():
    """No import in mid-file (issue 14: plots had some): ruff's E402 would say so, unless a noqa hides it."""
    hidden = [str(path.relative_to(HELPERS_DIR)) for path in helpers_files()
              if "noqa: E402" in path.read_text(encoding="utf-8")]
    assert not hidden, f"move these modules' imports to the top instead of silencing E402: {hidden}"
