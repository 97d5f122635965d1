"""The four layers, lowest first: reading (bytes -> text), parsing (text -> structure), analysis (search),
the archive (Django). Importing a layer loads no module of a layer above it, and no Django below the archive."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

LAYERS = {
    "reports.reading": ("django", "reports.parsing", "reports.search", "reports.models"),
    "reports.parsing": ("django", "reports.search", "reports.models"),
    "reports.search": ("django", "reports.models"),
    "reports.copying": ("django", "reports.models", "reports.search"),
    "reports.vocabulary": ("django", "reports.models"),
    "reports.preparing": ("django", "reports.models"),
}


@pytest.mark.parametrize(("layer", "above"), LAYERS.items())
def test_a_layer_loads_nothing_above_it(layer, above):
    code = f"import json, sys, {layer}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout)
    assert [m for m in loaded if m.startswith(above)] == []


def test_reading_a_file_loads_no_django_either():
    code = (
        "import sys; from reports.reading import read_document, DEFAULT_LIMITS;"
        "text = '白杨镇工作总结，一、工作成效。全镇上下团结一心，各项工作取得明显成效。';"
        "read_document(text.encode(), limits=DEFAULT_LIMITS);"
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- the archive layer: its import graph, read from the source ---------------------------------------------

ROOT = Path(__file__).resolve().parents[1]

# Imports inside functions, and why each is there rather than at the top. Nothing else may import late.
LATE_IMPORTS = {
    "reports.apps": "ready() connects signal handlers once the models are loaded, as Django asks",
    "reports.services.copy_processes": "a spawned process sets Django up before it may import the archive",
    "reports.reading.pdf": "the web process never reads a PDF: PDFium loads in the worker alone",
    "reports.reading.ocr": "the OCR engine and its models (a second to load) load on the first scan",
}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def archive_modules() -> dict[str, Path]:
    return {module_name(path): path for path in (ROOT / "reports").rglob("*.py") if "migrations" not in path.parts}


MODULES = set(archive_modules())


def imports_of(path: Path, name: str) -> tuple[set[str], set[str]]:
    """(modules of the archive imported at the top, those imported inside a function) by one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top, late = set(), set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found = {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            # 'from reports.reading import ocr' imports the module ocr; 'from reports.models import Report', models
            found = {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
        else:
            continue
        found = {f for f in found if f.startswith("reports")}
        (top if node.col_offset == 0 else late).update(found)
    return top, late


def test_the_archive_s_modules_import_each_other_without_a_circle():
    modules = archive_modules()
    graph = {
        name: {m for m in imports_of(path, name)[0] if m in modules and m != name} for name, path in modules.items()
    }
    seen: dict[str, int] = {}  # 1: on the path being walked, 2: done

    def walk(name: str, path: list[str]) -> None:
        seen[name] = 1
        for other in graph[name]:
            assert seen.get(other) != 1, f"import circle: {' -> '.join([*path, name, other])}"
            if other not in seen:
                walk(other, [*path, name])
        seen[name] = 2

    for name in sorted(graph):
        if name not in seen:
            walk(name, [])


def test_no_module_imports_late_but_for_a_stated_reason():
    late = {name: sorted(imports_of(path, name)[1]) for name, path in archive_modules().items()}
    assert {name: found for name, found in late.items() if found and name not in LATE_IMPORTS} == {}


def test_only_the_worker_imports_the_tasks_and_services_ask_for_work_by_name():
    """Tasks call services; a service that imported a task would close a circle (jobs.py defers by name)."""
    importers = {
        name
        for name, path in archive_modules().items()
        if any(m == "reports.tasks" or m.startswith("reports.tasks.") for m in set().union(*imports_of(path, name)))
    }
    assert importers == {"reports.management.commands.worker"}


def _importers_of(prefix: str) -> dict[str, set[str]]:
    """Each archive module, with the modules under `prefix` it imports (at the top or late)."""
    found = {}
    for name, path in archive_modules().items():
        hits = {m for m in set().union(*imports_of(path, name)) if m == prefix or m.startswith(prefix + ".")}
        if hits:
            found[name] = hits
    return found


@pytest.mark.parametrize(
    ("role", "never"),
    [
        ("reports.selectors", ("reports.services", "reports.views", "reports.tasks", "reports.admin")),
        ("reports.services", ("reports.views", "reports.tasks", "reports.admin")),
        ("reports.db", ("reports.services", "reports.selectors", "reports.views", "reports.tasks")),
        ("reports.views", ("reports.tasks",)),
    ],
)
def test_each_role_imports_only_the_roles_below_it(role, never):
    """Views call services and selectors; services read through selectors; selectors read; db is plumbing."""
    offenders = {
        name: sorted(hit for prefix in never for hit in _importers_of(prefix).get(name, ()))
        for name in archive_modules()
        if name == role or name.startswith(role + ".")
    }
    assert {name: hits for name, hits in offenders.items() if hits} == {}


DJANGO_S_FILES = {"__init__", "apps", "models", "admin", "urls", "middleware", "forms", "filters", "tasks", "jobs"}
ROLE_FOLDERS = {
    *("services", "selectors", "views", "db"),
    *("reading", "parsing", "search", "copying", "vocabulary", "preparing"),
}


def test_the_archive_s_root_holds_django_s_files_and_the_role_folders():
    root = ROOT / "reports"
    modules = {path.stem for path in root.glob("*.py")}
    folders = {p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert modules <= DJANGO_S_FILES, modules - DJANGO_S_FILES
    assert folders - {"management", "migrations", "templatetags"} == ROLE_FOLDERS


def test_the_spawned_copy_processes_load_no_django_when_imported():
    """A copy process is spawned (a fresh interpreter) and sets Django up itself, after its arguments arrive."""
    code = "import json, sys, reports.services.copy_processes; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
