"""The content core's import graph: no cycles, nothing hidden in functions, no MkDocs.

Read from the source with ``ast`` (nothing is imported), so a cycle that only
shows at run time, or an import tucked into a function to dodge one, is found
too. The checks run on a copy with a deliberately introduced cycle, a hidden
import and a MkDocs import as well, so they are known to be able to fail.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PACKAGE = ROOT / "hooks" / "studykit"
FORBIDDEN = ("mkdocs", "material", "mkdocs_static_i18n")


def module_name(path: Path, package_dir: Path) -> str:
    parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package_dir: Path) -> dict[str, Path]:
    return {module_name(p, package_dir): p for p in sorted(package_dir.rglob("*.py"))}


def _imports(path: Path, name: str, known: set[str]) -> list[tuple[ast.stmt, list[str], bool]]:
    """(node, imported module names, at module level?) for every import statement of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            in_function.update(id(inner) for inner in ast.walk(node) if inner is not node)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # "from . import datafile" imports a module; "from .x import name" imports from x.
            targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in known else source for a in node.names]
        else:
            continue
        found.append((node, targets, id(node) not in in_function))
    return found


def import_graph(package_dir: Path) -> tuple[dict[str, set[str]], list[str], list[str]]:
    """(edges between the package's modules, function-level imports, imports of MkDocs/Material)."""
    mods = modules(package_dir)
    known = set(mods)
    edges: dict[str, set[str]] = {name: set() for name in mods}
    hidden, forbidden = [], []
    for name, path in mods.items():
        for node, targets, top_level in _imports(path, name, known):
            where = f"{path.relative_to(package_dir.parent)}:{node.lineno}"
            if not top_level:
                hidden.append(f"{where}: {', '.join(targets)}")
            for target in targets:
                if target.split(".")[0] in FORBIDDEN:
                    forbidden.append(f"{where}: {target}")
                # Importing a.b.c runs a/__init__ and a/b/__init__ too.
                parts = target.split(".")
                for i in range(1, len(parts) + 1):
                    prefix = ".".join(parts[:i])
                    if prefix in known and prefix != name:
                        edges[name].add(prefix)
    return edges, hidden, forbidden


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), plus self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in edges.get(node, ()):
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _package_init_edges(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Drop the edge from a package's modules to their own __init__: Python runs it first,
    but an __init__ that imports nothing back cannot close a cycle through it."""
    return {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in edges.items()}


def test_the_content_core_has_no_import_cycle():
    edges, _, _ = import_graph(PACKAGE)
    assert len(edges) > 30, "the walk found the package's modules"
    assert cycles(_package_init_edges(edges)) == []


def test_no_import_hides_inside_a_function():
    _, hidden, _ = import_graph(PACKAGE)
    assert hidden == [], "import at the top of the module (a hidden import usually hides a cycle)"


def test_the_content_core_never_imports_mkdocs():
    _, _, forbidden = import_graph(PACKAGE)
    assert forbidden == []


def test_the_checks_fail_on_a_cycle_a_hidden_import_and_mkdocs(tmp_path):
    copy = tmp_path / "studykit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    edges, hidden, forbidden = import_graph(copy)
    assert (cycles(_package_init_edges(edges)), hidden, forbidden) == ([], [], [])
    # The old cycle: the kernel imports the registry, which imports every renderer.
    kernel = copy / "render" / "kernel.py"
    kernel.write_text(kernel.read_text(encoding="utf-8") + "\nfrom .markers import RENDERERS  # noqa\n", encoding="utf-8")
    # glossary -> timeline, hidden in a function (timeline already imports the glossary).
    glossary = copy / "load" / "glossary.py"
    glossary.write_text(glossary.read_text(encoding="utf-8")
                        + "\n\ndef _late():\n    from .timeline import load_timeline\n    return load_timeline\n",
                        encoding="utf-8")
    (copy / "text" / "normalize.py").write_text("import mkdocs.plugins\n", encoding="utf-8")
    edges, hidden, forbidden = import_graph(copy)
    found = cycles(_package_init_edges(edges))
    assert any({"studykit.render.kernel", "studykit.render.markers"} <= set(c) for c in found), found
    assert any({"studykit.load.glossary", "studykit.load.timeline"} <= set(c) for c in found), found
    assert hidden == ["studykit/load/glossary.py:" + hidden[0].split(":")[1] + ": studykit.load.timeline"]
    assert forbidden == ["studykit/text/normalize.py:1: mkdocs.plugins"]
