"""The import structure: data flows one way (media -> signals -> engines -> refine ->
windowing -> pipeline -> tasks -> sources -> shells), no layer imports a higher one, and no module
imports itself back through others (imports inside functions included)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "vidmark"
#: lowest first; a unit may import its own layer and the ones before it
LAYERS = [
    {"errors", "timecode", "model"},
    {"media"},
    {"signals"},
    {"segment"},
    {"engines"},
    {"refine"},
    {"windowing"},
    {"stage_cache"},
    {"pipeline"},
    {"tasks"},
    {"sources"},
    {"archive", "batch", "service", "cli"},
]


def _module(path: Path) -> str:
    return ".".join(("vidmark", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """The vidmark modules a file imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vidmark"):
            found |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("vidmark")}
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in files and m != name} for name, path in files.items()}


def _unit(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def _layer(module: str) -> int | None:
    return next((i for i, units in enumerate(LAYERS) if _unit(module) in units), None)


def test_no_layer_imports_a_higher_one():
    upward = [f"{a} -> {b}" for a, targets in _graph().items() for b in targets
              if _layer(a) is not None and _layer(b) is not None and _layer(b) > _layer(a)]
    assert upward == []


def test_engines_do_not_import_refine_and_windowing_is_the_only_splitter():
    graph = _graph()
    assert [f"{a} -> {b}" for a, t in graph.items() for b in t if _unit(a) == "engines" and _unit(b) == "refine"] == []
    splitters = [name for name, path in ((_module(p), p) for p in PACKAGE.rglob("*.py"))
                 if "def plan_windows(" in path.read_text(encoding="utf-8") or "class Window(" in path.read_text(encoding="utf-8")]
    assert sorted(splitters) == ["vidmark.engines.base", "vidmark.windowing"]


def test_no_import_cycles_between_modules():
    graph = {name: {t for t in targets if t != "vidmark"} for name, targets in _graph().items() if name != "vidmark"}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if _parent_package(node, target):
                continue
            if state.get(target) == 1:
                cycles.append([*trail[trail.index(target):], target] if target in trail else [node, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def _parent_package(module: str, target: str) -> bool:
    """A package's __init__ re-exporting its own submodules is not a cycle."""
    return module.startswith(target + ".") or target.startswith(module + ".")
