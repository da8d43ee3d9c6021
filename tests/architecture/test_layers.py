"""The layer rules, read from the source's imports (lazy imports inside functions included):

- routes and the web plumbing never touch the database session: they call services;
- services, models and the shared core never touch the request or build a response: they take and return values;
- services never import the web side;
- forms, report types and the journey engine reach the services only through one declared module,
  portal/forms/domain.py;
- no import cycles;
- no module over 300 lines, no function over 60 (split by responsibility first).

Each rule names the offending import (module, line, what it imports), and the tests at the end show the checker
catching a route that imports portal.db and a service that imports flask.request.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "portal"

WEB = ("portal.public", "portal.wards", "portal.reports", "portal.track", "portal.staff", "portal.cases")
WEB += ("portal.oversight", "portal.web", "portal.information_rights")
DATABASE = ("portal.db", "portal.db_writes")
RULES = ("portal.services", "portal.models", "portal.core", *DATABASE, "portal.sqlite", "portal.migrate")
FORMS = ("portal.forms", "portal.report_types", "portal.journeys")
FORMS_INTERFACE = "portal.forms.domain"
# What belongs to handling a request: a service or model that imports one of these has left its layer.
REQUEST_NAMES = frozenset(
    {"request", "session", "abort", "redirect", "render_template", "render_template_string", "make_response"}
    | {"flash", "url_for", "Response", "send_file", "jsonify", "current_user"}
)
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    line: int
    target: str  # the module imported (for "from X import y": X, and X.y when y is a module)
    names: tuple[str, ...] = ()

    def __str__(self) -> str:
        names = f" ({', '.join(self.names)})" if self.names else ""
        return f"{self.module}, line {self.line}: imports {self.target}{names}"


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def portal_sources() -> dict[str, str]:
    return {module_name(path): path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(module: str, source: str, is_package: bool = False) -> Iterator[Import]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            yield Import(module, node.lineno, base, tuple(alias.name for alias in node.names))


def within(module: str, packages: tuple[str, ...] | str) -> bool:
    packages = (packages,) if isinstance(packages, str) else packages
    return any(module == package or module.startswith(package + ".") for package in packages)


def layer_violations(sources: dict[str, str]) -> list[str]:
    found = []
    for module, source in sources.items():
        for imported in imports_of(module, source):
            target = imported.target
            if within(module, WEB) and within(target, DATABASE):
                found.append(f"a route or web module uses the database session directly: {imported}")
            if within(module, RULES) and target in ("flask", "flask_login", "werkzeug.wrappers"):
                request_names = sorted(REQUEST_NAMES & set(imported.names))
                if request_names:
                    found.append(f"a service, model or core module handles the request: {imported}")
            if within(module, RULES) and within(target, WEB):
                found.append(f"a service, model or core module imports the web side: {imported}")
            if within(module, FORMS) and module != FORMS_INTERFACE and within(target, "portal.services"):
                found.append(f"a form reaches a service other than through {FORMS_INTERFACE}: {imported}")
    return found


def graph(sources: dict[str, str]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {module: set() for module in sources}
    for module, source in sources.items():
        is_package = False
        for imported in imports_of(module, source, is_package):
            candidates = [imported.target, *(f"{imported.target}.{name}" for name in imported.names)]
            for candidate in candidates:
                while candidate and candidate not in sources:
                    candidate = candidate.rpartition(".")[0]
                # A package importing its own submodules is not a cycle; a module importing its package is an edge.
                if candidate and candidate != module and not candidate.startswith(module + "."):
                    edges[module].add(candidate)
    return edges


def cycles(sources: dict[str, str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    edges = graph(sources)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for following in sorted(edges[node]):
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in on_stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_layer_rules_hold():
    assert layer_violations(portal_sources()) == []


def test_there_are_no_import_cycles():
    assert cycles(portal_sources()) == []


def test_modules_and_functions_stay_small():
    too_big = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n") + 1
        if lines > MAX_MODULE_LINES:
            too_big.append(f"{path.relative_to(ROOT)}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_big.append(f"{path.relative_to(ROOT)}: {node.name}() is {length} lines")
    assert too_big == []


# ---- the checker catches what it must ------------------------------------------------------------------------


def test_a_route_that_imports_the_database_session_is_named():
    found = layer_violations({"portal.cases.routes": "from flask import request\nfrom portal.db import session\n"})
    assert found == [
        "a route or web module uses the database session directly: "
        "portal.cases.routes, line 2: imports portal.db (session)"
    ]


def test_a_service_that_imports_the_request_is_named():
    found = layer_violations({"portal.services.cases.queue": "def f():\n    from flask import current_app, request\n"})
    assert found == [
        "a service, model or core module handles the request: "
        "portal.services.cases.queue, line 2: imports flask (current_app, request)"
    ]


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"portal.forms.track": "from portal.services.cases import states\n"}, "a form reaches a service"),
        ({"portal.services.cases.queue": "from portal.cases import page\n"}, "imports the web side"),
    ],
)
def test_forms_and_services_keep_to_their_side(sources, expected):
    assert [finding for finding in layer_violations(sources) if expected in finding]


def test_an_import_cycle_is_found_even_through_a_lazy_import():
    sources = {
        "portal.a": "from portal import b\n",
        "portal.b": "def later():\n    from portal import a\n",
        "portal": "",
    }
    assert cycles(sources) == [["portal.a", "portal.b"]]
