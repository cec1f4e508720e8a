"""Guards over the layout: lower apps do not reach up, and modules stay small enough to read."""

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

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
    for path in sorted((BASE_DIR / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _templates(app: str):
    yield from sorted((BASE_DIR / "templates" / app).rglob("*.html"))
    yield from sorted((BASE_DIR / "templates" / app).rglob("*.txt"))


def _hits(path: Path, patterns) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), 1)
        for pattern in patterns
        if re.search(pattern, line)
    ]


@pytest.mark.parametrize("app", sorted(HIGHER))
def test_a_lower_app_imports_no_higher_one(app):
    patterns = [
        rf"^\s*(from|import)\s+{higher}\b|\bimport_module\(\s*[\"']{higher}\b"
        for higher in HIGHER[app]
    ]
    assert [hit for path in _code(app) for hit in _hits(path, patterns)] == []


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
        BASE_DIR / "applications/outcomes.py",
        BASE_DIR / "applications/applying/submission.py",
    }
    hits = [
        hit
        for app in ("calls", "applications", "awards")
        for path in _code(app)
        if path not in allowed
        for hit in _hits(path, [writes])
    ]
    assert hits == []


# awards is being split into packages; it joins this list when that lands.
SMALL_MODULES = ("calls", "applications", "config", "tests")


def test_no_python_module_is_over_400_lines():
    long = [
        f"{path.relative_to(BASE_DIR)}: {lines} lines"
        for folder in SMALL_MODULES
        for path in sorted((BASE_DIR / folder).rglob("*.py"))
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert long == []
