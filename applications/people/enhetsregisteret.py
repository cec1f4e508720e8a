"""Looking organisations up in Enhetsregisteret, the Central Coordinating Register for Legal
Entities (Brønnøysundregistrene's open API, ``/enhetsregisteret/api/enheter/{orgnr}``).

``entity_lookup`` never raises on the network or on what comes back: a register that does not
answer in time, or answers with something that is not its JSON, gives ``UNAVAILABLE`` and the
caller lets the person go on (the organisation is marked unverified and checked again later).
Answers the register did give (found, not found, deleted, bankrupt) are kept a day in the cache.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DEFAULT_URL = "https://data.brreg.no/enhetsregisteret/api/"
TIMEOUT_SECONDS = 2.5
CACHE_SECONDS = 24 * 60 * 60


class RegisterStatus(models.TextChoices):
    FOUND = "found", _("Funnet i Enhetsregisteret")
    NOT_FOUND = "not_found", _("Finnes ikke i Enhetsregisteret")
    DELETED = "deleted", _("Slettet i Enhetsregisteret")
    BANKRUPT = "bankrupt", _("Konkurs")
    UNAVAILABLE = "unavailable", _("Ikke sjekket: registeret svarte ikke")


@dataclass(frozen=True)
class RegisterEntry:
    """What the register said about one organisation number."""

    orgnr: str
    status: str
    name: str = ""
    form_code: str = ""
    form_name: str = ""
    address: str = ""
    municipality_number: str = ""
    municipality_name: str = ""
    nace_code: str = ""
    nace_name: str = ""
    deleted_on: str = ""
    winding_up: bool = False

    @property
    def answered(self) -> bool:
        return self.status != RegisterStatus.UNAVAILABLE

    @property
    def refusal(self) -> str | None:
        """Why an organisation with this answer cannot register or take part, or ``None``."""
        if self.status == RegisterStatus.NOT_FOUND:
            return _(
                "Organisasjonsnummeret %(orgnr)s finnes ikke i Enhetsregisteret. Sjekk at du "
                "har skrevet det riktig."
            ) % {"orgnr": self.orgnr}
        if self.status == RegisterStatus.DELETED:
            return _(
                "%(name)s (%(orgnr)s) er slettet i Enhetsregisteret og kan ikke søke eller "
                "være partner."
            ) % {"name": self.name or self.orgnr, "orgnr": self.orgnr}
        if self.status == RegisterStatus.BANKRUPT:
            return _(
                "%(name)s (%(orgnr)s) er konkurs ifølge Enhetsregisteret og kan ikke søke eller "
                "være partner."
            ) % {"name": self.name or self.orgnr, "orgnr": self.orgnr}
        return None


def _base_url() -> str:
    url = getattr(settings, "UTLYSNING_BRREG_URL", "") or DEFAULT_URL
    return url if url.endswith("/") else url + "/"


def _cache_key(base: str, orgnr: str) -> str:
    digest = hashlib.sha256(base.encode()).hexdigest()[:12]
    return f"brreg:{digest}:{orgnr}"


def entity_lookup(orgnr: str, *, use_cache: bool = True) -> RegisterEntry:
    """The register's answer for a valid, normalised organisation number."""
    if not (len(orgnr) == 9 and orgnr.isascii() and orgnr.isdigit()):
        return RegisterEntry(orgnr=orgnr, status=RegisterStatus.NOT_FOUND)  # never in a URL
    base = _base_url()
    key = _cache_key(base, orgnr)
    if use_cache and (stored := cache.get(key)) is not None:
        return RegisterEntry(**stored)
    entry = _fetch(base, orgnr)
    if entry.answered:
        cache.set(key, dataclasses.asdict(entry), CACHE_SECONDS)
    return entry


def _fetch(base: str, orgnr: str) -> RegisterEntry:
    if not base.startswith(("https://", "http://")):
        logger.warning("UTLYSNING_BRREG_URL is not an http(s) address")
        return RegisterEntry(orgnr=orgnr, status=RegisterStatus.UNAVAILABLE)
    url = f"{base}enheter/{orgnr}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(1_000_000)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return RegisterEntry(orgnr=orgnr, status=RegisterStatus.NOT_FOUND)
        if error.code == 410:
            return _parse(orgnr, _read_json(error), gone=True)
        logger.warning("Enhetsregisteret answered %s for %s", error.code, orgnr)
        return RegisterEntry(orgnr=orgnr, status=RegisterStatus.UNAVAILABLE)
    except (OSError, ValueError) as error:  # timeouts, refused connections, bad URLs
        logger.warning("Enhetsregisteret did not answer for %s: %s", orgnr, error)
        return RegisterEntry(orgnr=orgnr, status=RegisterStatus.UNAVAILABLE)
    try:
        data = json.loads(body)
    except ValueError:
        logger.warning("Enhetsregisteret sent something that is not JSON for %s", orgnr)
        return RegisterEntry(orgnr=orgnr, status=RegisterStatus.UNAVAILABLE)
    return _parse(orgnr, data)


def _read_json(error: urllib.error.HTTPError) -> object:
    try:
        return json.loads(error.read(1_000_000))
    except (OSError, ValueError):
        return {}


def _text(value) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int) else ""


def _parse(orgnr: str, data, *, gone: bool = False) -> RegisterEntry:
    if not isinstance(data, dict):
        if gone:
            return RegisterEntry(orgnr=orgnr, status=RegisterStatus.DELETED)
        return RegisterEntry(orgnr=orgnr, status=RegisterStatus.UNAVAILABLE)
    if not gone and _text(data.get("organisasjonsnummer")) != orgnr:
        logger.warning("Enhetsregisteret answered for another number than %s", orgnr)
        return RegisterEntry(orgnr=orgnr, status=RegisterStatus.UNAVAILABLE)
    form = data.get("organisasjonsform") if isinstance(data.get("organisasjonsform"), dict) else {}
    nace = data.get("naeringskode1") if isinstance(data.get("naeringskode1"), dict) else {}
    address = data.get("forretningsadresse")
    if not isinstance(address, dict):
        address = data.get("postadresse") if isinstance(data.get("postadresse"), dict) else {}
    lines = address.get("adresse") if isinstance(address.get("adresse"), list) else []
    place = " ".join(
        filter(None, [_text(address.get("postnummer")), _text(address.get("poststed"))])
    )
    deleted_on = _text(data.get("slettedato"))
    if deleted_on:
        try:
            dt.date.fromisoformat(deleted_on)
        except ValueError:
            deleted_on = ""
    number = _text(address.get("kommunenummer"))
    if gone or deleted_on:
        status = RegisterStatus.DELETED
    elif data.get("konkurs") is True:
        status = RegisterStatus.BANKRUPT
    else:
        status = RegisterStatus.FOUND
    return RegisterEntry(
        orgnr=orgnr,
        status=status,
        name=_text(data.get("navn"))[:200],
        form_code=_text(form.get("kode"))[:10],
        form_name=_text(form.get("beskrivelse"))[:100],
        address=", ".join(filter(None, [*map(_text, lines), place]))[:300],
        municipality_number=number if len(number) == 4 and number.isdigit() else "",
        municipality_name=_text(address.get("kommune"))[:100],
        nace_code=_text(nace.get("kode"))[:10],
        nace_name=_text(nace.get("beskrivelse"))[:200],
        deleted_on=deleted_on,
        winding_up=data.get("underAvvikling") is True
        or data.get("underTvangsavviklingEllerTvangsopplosning") is True,
    )
