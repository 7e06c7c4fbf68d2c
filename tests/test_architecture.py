"""The layout docs/architecture.md describes, checked on the code: the modules of `extract/`
import each other without a cycle, the pure text stages (clean, parse) import nothing that
does I/O, and the import graph the page shows is the code's."""
import ast
from collections import defaultdict
from pathlib import Path

from extract.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "extract"
ARCHITECTURE = PROJECT_ROOT / "docs" / "architecture.md"
# What the pure stages may use of the rest of the package: the records they pass on, the
# genre's grammar, and where jieba keeps its cache.
PURE = {"extract.clean", "extract.parse"}
PURE_MAY_IMPORT = {"extract.grammar", "extract.records", "extract.settings"}
IO_LIBRARIES = {"duckdb", "pandas", "httpx", "sqlalchemy", "subprocess", "airflow", "great_expectations"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> tuple[set[str], set[str]]:
    """(modules of the package, top-level outside libraries) that a module imports anywhere in it."""
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            found = [name for name in names if name in modules] or [node.module]
        elif isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        else:
            continue
        for name in found:
            (inside if name.split(".")[0] == "extract" else outside).add(name if name in modules else name.split(".")[0])
    return inside, outside


def _unit(module: str) -> str:
    """A stage package (extract.parse) or a top-level module (extract.audit)."""
    return ".".join(module.split(".")[:2])


def _unit_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = defaultdict(set)
    for module, path in modules.items():
        for imported in _imports(path, modules)[0]:
            if _unit(imported) != _unit(module) and imported != "extract":
                graph[_unit(module)].add(_unit(imported))
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done, path = set(), []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if found := visit(target):
                return found
        path.pop()
        done.add(node)
        return None

    return next((found for node in sorted(graph) if (found := visit(node))), None)


def graph_lines() -> list[str]:
    """The graph as the architecture page writes it: `parse → grammar, records, settings`."""
    return [f"{_short(unit)} → {', '.join(sorted(_short(target) for target in targets))}"
            for unit, targets in sorted(_unit_graph().items()) if unit != "extract.__main__"]


def _short(unit: str) -> str:
    return unit.removeprefix("extract.")


def test_the_packages_and_modules_of_extract_import_each_other_without_a_cycle():
    assert _cycle(_unit_graph()) is None


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_clean_and_parse_are_pure():
    modules = _modules()
    for module, path in modules.items():
        if _unit(module) in PURE:
            inside, outside = _imports(path, modules)
            assert {_unit(name) for name in inside} <= PURE_MAY_IMPORT | {_unit(module)}, (module, inside)
            assert not outside & IO_LIBRARIES, (module, outside & IO_LIBRARIES)


def test_the_architecture_page_shows_the_import_graph_of_the_code():
    page = ARCHITECTURE.read_text(encoding="utf-8")
    shown = page.split("<!-- import graph -->", 2)[1].strip().strip("`").strip().splitlines()
    assert [line.strip() for line in shown] == graph_lines()
