"""The package layout's rules: no import circles, and each layer imports only what is below it.

Read from the source (every import statement, at module level or inside a function), so a
circle hidden behind a function-level import is found as surely as one at the top.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("careers", "delivery", "applications", "pagecache", "home", "cms")
# The task module runs the sender's delivery function and the sender enqueues the task.
ALLOWED_CYCLES = [{"delivery.sending", "delivery.tasks"}]


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an import names (a package's submodule if it is one), else None."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(), str(MODULES[module]))
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [f"{node.module}.{alias.name}" for alias in node.names] or [node.module]
        else:
            continue
        targets.update(resolved for name in names if (resolved := _resolve(name)))
    targets.discard(module)
    return targets


GRAPH = {module: _imports(module) for module in MODULES}


def _cycles() -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_is_read_from_the_source():
    # A broken reader would find no imports and so no circles: prove it sees known edges.
    assert "careers.blocks" in GRAPH["careers.models"]
    assert "careers.models" in GRAPH["careers.find.related"]


def test_there_is_no_import_circle():
    cycles = [sorted(cycle) for cycle in _cycles() if cycle not in ALLOWED_CYCLES]
    assert cycles == []


@pytest.mark.parametrize("forbidden", ["careers.api", "careers.find", "careers.pipeline"])
def test_the_model_layer_imports_no_api_find_or_pipeline_code(forbidden):
    model_layer = ["careers.models", "careers.blocks", "careers.taxonomy", "careers.validators"]
    offending = {
        (module, target)
        for module in model_layer
        for target in GRAPH[module]
        if target == forbidden or target.startswith(forbidden + ".")
    }
    assert offending == set()


def test_the_model_layer_uses_delivery_only_for_its_preview_mixin():
    delivery = {target for target in GRAPH["careers.models"] if target.startswith("delivery")}
    assert delivery <= {"delivery.preview"}


def test_delivery_imports_no_careers_code():
    # Delivery works for any page type; role pages plug into it (preview_api_representation).
    offending = {
        (module, target)
        for module, targets in GRAPH.items()
        if module.startswith("delivery")
        for target in targets
        if target.startswith("careers")
    }
    assert offending == set()


def test_facts_are_pure_python():
    for module, targets in GRAPH.items():
        if module.startswith("careers.facts"):
            assert all(target.startswith("careers.facts") for target in targets), module
            source = MODULES[module].read_text()
            assert "import django" not in source and "from django" not in source, module
            assert "wagtail" not in source, module
