"""The admin speaks bokmål all through.

LANGUAGE_CODE is "nb" and Django ships an nb catalogue, but that catalogue was last brought up to
date in 2020: texts added to Django since then (the pluralised error note, the facet counts, the
sidebar filter, weekday names of the calendar…) came out in English. locale/nb fills the gaps.
"""

from pathlib import Path

import django
import polib
import pytest

from awards import roles
from tests.factories import SchemeFactory, StaffFactory

DJANGO = Path(django.__file__).parent
OURS = Path(__file__).resolve().parent.parent / "locale/nb/LC_MESSAGES"
PACKAGES = {"django": ["contrib/admin", "contrib/auth", "conf"], "djangojs": ["contrib/admin"]}


def _key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_text_of_the_admin_and_of_django_has_a_bokmaal_translation(domain):
    """Django's English catalogues list every text; each is translated by Django's nb or ours."""
    catalogues = [DJANGO / p / f"locale/nb/LC_MESSAGES/{domain}.po" for p in PACKAGES[domain]]
    translated = {
        _key(entry)
        for path in [*catalogues, OURS / f"{domain}.po"]
        for entry in polib.pofile(str(path)).translated_entries()
    }
    missing = [
        entry.msgid
        for package in PACKAGES[domain]
        for entry in polib.pofile(str(DJANGO / package / f"locale/en/LC_MESSAGES/{domain}.po"))
        if _key(entry) not in translated
    ]
    assert missing == []


def test_the_bokmaal_catalogues_are_compiled(tmp_path):
    for po in OURS.glob("*.po"):
        compiled = tmp_path / po.with_suffix(".mo").name
        polib.pofile(str(po)).save_as_mofile(str(compiled))
        assert compiled.read_bytes() == po.with_suffix(".mo").read_bytes(), "run `make messages`"


@pytest.mark.django_db
def test_the_admin_pages_advisers_use_have_no_english_left(client):
    client.force_login(StaffFactory(group=roles.ADVISER, is_superuser=True))
    SchemeFactory()

    form = client.post("/admin/calls/scheme/add/", {}).content.decode()
    assert "Rett opp feilene nedenfor." in form
    assert "Please correct" not in form

    listing = client.get("/admin/calls/call/").content.decode()
    assert "Vis antall" in listing and "Show counts" not in listing
    assert 'placeholder="Skriv for å filtrere …"' in listing
    assert "Start typing to filter" not in listing

    script = client.get("/admin/jsi18n/").content.decode()
    assert '"mandag"' in script
