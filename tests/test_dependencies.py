"""The lock files: production gets its own, without the embedded database or the dev tools."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BASE_DIR = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (BASE_DIR / "requirements" / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            package, _, version = line.partition("==")
            pins[canonicalize_name(package)] = version
    return pins


def _names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_the_production_lock_pins_every_runtime_dependency_and_nothing_for_development():
    base = _pins("base.lock")
    assert _names(PYPROJECT["dependencies"]) <= base.keys()
    extras = PYPROJECT["optional-dependencies"]
    assert base.keys().isdisjoint(_names(extras["embedded"]) | _names(extras["dev"]))
    assert "pgserver" not in base


def test_the_dev_lock_holds_production_at_the_same_versions_plus_the_extras():
    base, dev = _pins("base.lock"), _pins("dev.lock")
    assert {name: dev.get(name) for name in base} == base
    extras = PYPROJECT["optional-dependencies"]
    assert _names(extras["embedded"]) | _names(extras["dev"]) <= dev.keys()


def test_production_settings_never_import_pgserver():
    code = (
        "import sys; sys.modules['pgserver'] = None\n"  # any import of pgserver now fails
        "import django; django.setup()\n"
        "from django.conf import settings; print(settings.DATABASES['default']['HOST'])\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x7!q2w#e4r%t6y&u8i*o0p(a1s)d3f_g5h+j7k=l9z-x1c2v3b4n5m6Q7W8E9R",
        "DJANGO_ALLOWED_HOSTS": "utlysning.example.org",
        "DATABASE_URL": "postgres://utlysning:secret@db.example.org:5432/utlysning",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "db.example.org"
