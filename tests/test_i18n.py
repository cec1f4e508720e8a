import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
EN_PO = BASE_DIR / "locale/en/LC_MESSAGES/django.po"

pytestmark = pytest.mark.django_db


def test_bokmaal_is_the_default_whatever_the_browser_asks_for(client):
    response = client.get("/calls/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Content-Language"] == "nb"
    assert "Utlysninger" in response.content.decode()


def test_the_language_switcher_turns_the_site_into_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/calls/"})
    assert response.status_code == 302
    assert response["Location"] == "/calls/"
    html = client.get("/calls/").content.decode()
    assert '<html lang="en"' in html
    assert '<h1 class="ds-heading" data-size="xl">Calls</h1>' in html
    assert 'lang="nb">Norsk (bokmål)</button>' in html


def test_a_made_up_language_cookie_falls_back_to_bokmaal(client):
    client.cookies["utlysning_language"] = "xx"
    assert client.get("/").headers["Content-Language"] == "nb"


def test_every_text_has_an_english_translation():
    catalogue = polib.pofile(str(EN_PO))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    polib.pofile(str(EN_PO)).save_as_mofile(str(compiled))
    assert compiled.read_bytes() == EN_PO.with_suffix(".mo").read_bytes(), (
        "run `make messages` to compile the catalogue"
    )


def test_every_translatable_text_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages finds no text that the catalogue lacks (needs GNU gettext's xgettext).

    It extracts into a throwaway locale so the real catalogue is left as it is.
    """
    if subprocess.run(["which", "xgettext"], capture_output=True).returncode != 0:
        pytest.fail("GNU gettext (xgettext) is needed: apt-get install gettext")
    known = {entry.msgid for entry in polib.pofile(str(EN_PO))}
    result = subprocess.run(
        [
            str(BASE_DIR / ".venv/bin/python"),
            "manage.py",
            "makemessages",
            "--locale",
            "zz",
            "--keep-pot",
            "--ignore",
            ".venv/*",
            "--ignore",
            "static/*",
            "--ignore",
            "tests/*",
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    pot = BASE_DIR / "locale/django.pot"
    try:
        found = {entry.msgid for entry in polib.pofile(str(pot))}
    finally:
        pot.unlink(missing_ok=True)
        shutil.rmtree(BASE_DIR / "locale/zz", ignore_errors=True)
    assert sorted(found - known) == []
