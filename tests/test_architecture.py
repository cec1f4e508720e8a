"""The one-way rules of the code's layout, checked on every run.

- Only ``applications/outcomes.py`` (and submission itself) writes an application's status;
  ``applications/people`` comes before ``applications/applying`` and never imports it.

- ``calls`` ← ``applications`` ← ``awards``: a lower app never imports a higher one, and no ORM
  lookup, URL name or template of a lower app names a higher app's models or pages.
- Inside ``awards``, domain packages (a stage of the work) never import audience packages (the
  screens for one kind of user).
- No import cycles between the project's modules; no Python file over 400 lines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("calls", "applications", "awards")
RANK = {app: rank for rank, app in enumerate(APPS)}
DOMAIN_PACKAGES = ("assessment", "decisions", "letters", "followup", "appeals", "dialogue")
AUDIENCE_PACKAGES = ("admin", "public", "portal", "demo")
MAX_LINES = 400

# calls ← applications ← awards: what a lower app must never name of a higher one.
HIGHER = {"calls": ("applications", "awards"), "applications": ("awards",)}

# The relations awards adds to the models below it, as ORM lookups and attributes.
AWARDS_RELATIONS = r"(award|letters|decision|case|review_assignments|scores)"
AWARDS_NAMES = [
    rf"\b{AWARDS_RELATIONS}__",
    rf"\.{AWARDS_RELATIONS}\b(?!\()",
    rf"""(related|filter|exclude|annotate|values|order_by|Prefetch)\([^)]*["']{AWARDS_RELATIONS}["']""",
]


def _code(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _templates(app: str):
    yield from sorted((ROOT / "templates" / app).rglob("*.html"))
    yield from sorted((ROOT / "templates" / app).rglob("*.txt"))


def _hits(path: Path, patterns) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), 1)
        for pattern in patterns
        if re.search(pattern, line)
    ]


def _python_files(*folders: str) -> list[Path]:
    files = []
    for folder in folders:
        files += [
            path
            for path in (ROOT / folder).rglob("*.py")
            if "migrations" not in path.parts and "__pycache__" not in path.parts
        ]
    return sorted(files)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, *, top_level_only: bool = False) -> list[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.is_relative_to(ROOT) else ""
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names = []
    for node in nodes:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.append(module)
            # "from awards import services" imports the submodule awards.services
            names += [f"{module}.{alias.name}" for alias in node.names]
    return names


def _app_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in RANK else None


@pytest.mark.parametrize("app", APPS[:-1])
def test_lower_apps_never_import_higher_ones(app):
    offences = []
    for path in _python_files(app):
        for module in _imports(path):
            other = _app_of(module)
            if other is not None and RANK[other] > RANK[app]:
                offences.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offences == []


def test_domain_packages_never_import_audience_packages():
    offences = []
    for package in DOMAIN_PACKAGES:
        if not (ROOT / "awards" / package).is_dir():
            continue
        for path in _python_files(f"awards/{package}"):
            for module in _imports(path):
                parts = module.split(".")
                if parts[0] == "awards" and len(parts) > 1 and parts[1] in AUDIENCE_PACKAGES:
                    offences.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offences == []


def test_no_import_cycles():
    files = _python_files("config", *APPS)
    modules = {_module_name(path): path for path in files}
    graph = {
        name: {
            target
            for target in _imports(path, top_level_only=True)
            if target in modules and target != name and not target.endswith("__init__")
        }
        for name, path in modules.items()
    }
    # Importing a package's __init__ is no dependency on its modules; leave empty packages out.
    graph = {
        name: {t for t in targets if modules[t].name != "__init__.py"}
        for name, targets in graph.items()
    }
    cycles = _cycles(graph)
    assert cycles == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
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
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_python_file_is_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)} ({count})"
        for path in _python_files("config", *APPS, "tests")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []


def test_the_guard_sees_a_lower_app_reaching_up(tmp_path):
    """The import reader resolves relative and absolute imports, so a reach upward is seen."""
    sample = ROOT / "calls" / "__init__.py"
    assert _module_name(sample) == "calls"
    source = tmp_path / "sample.py"
    source.write_text("from awards.models import Award\nimport applications.models\n")
    assert "awards.models" in _imports(source)
    assert "applications.models" in _imports(source)
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


@pytest.mark.parametrize("app", sorted(HIGHER))
def test_a_lower_app_names_no_model_permission_or_url_of_a_higher_one(app):
    patterns = [rf"""["']{higher}[.:/]""" for higher in HIGHER[app]]
    if "awards" in HIGHER[app]:
        patterns += AWARDS_NAMES + [r"\bawards\.[a-z_]+\b"]
    hits = [hit for path in _code(app) for hit in _hits(path, patterns)]
    assert hits == []


@pytest.mark.parametrize("app", sorted(HIGHER))
def test_a_lower_apps_templates_link_and_include_nothing_of_a_higher_one(app):
    patterns = [rf"""{{%\s*(url|include|extends)\s+["']{higher}[:/]""" for higher in HIGHER[app]]
    if "awards" in HIGHER[app]:
        patterns += AWARDS_NAMES + [r"""{%\s*url\s+["']public:"""]
    hits = [hit for path in _templates(app) for hit in _hits(path, patterns)]
    assert hits == []


def test_people_comes_before_applying_and_imports_nothing_of_it():
    pattern = r"^\s*from\s+(\.\.applying|applications\.applying)\b"
    assert [hit for path in _code("applications/people") for hit in _hits(path, [pattern])] == []


def test_only_applications_write_an_applications_status():
    """After submission the assessment side moves an application on through outcomes.py."""
    writes = re.compile(r"\bapplication\.status\s*=(?!=)|\.update\([^)]*\bstatus=")
    allowed = {
        ROOT / "applications/outcomes.py",
        ROOT / "applications/applying/submission.py",
    }
    hits = [
        hit
        for app in ("calls", "applications", "awards")
        for path in _code(app)
        if path not in allowed
        for hit in _hits(path, [writes])
    ]
    assert hits == []
