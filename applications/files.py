"""Check uploaded files by their content, not their name, and give them safe names."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word (DOCX)",
)
XLSX = FileKind(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"
)
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument (ODT)")
ALLOWED = {kind.extension: kind for kind in (PDF, DOCX, XLSX, ODT)}

_OOXML_MAIN = {
    "wordprocessingml.document.main+xml": DOCX,
    "spreadsheetml.sheet.main+xml": XLSX,
}


def detect_kind(uploaded) -> FileKind | None:
    """What the bytes say the file is (PDF, DOCX, XLSX, ODT), or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                if archive.getinfo("mimetype").file_size > 200:
                    return None
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return ODT if mimetype == ODT.content_type else None
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > 1_000_000:
                    return None
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for marker, kind in _OOXML_MAIN.items():
                    if marker in types:
                        return kind
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, OSError):
        return None
    finally:
        uploaded.seek(0)
    return None


def sanitise_filename(name: str, *, extension: str) -> str:
    """A display name without paths, control characters or odd symbols, ending in .extension."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = unicodedata.normalize("NFC", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if ch.isalnum() or ch in " -_().")
    stem = re.sub(r"\s+", " ", stem).strip(" .-_")[:100]
    return f"{stem or 'vedlegg'}.{extension}"


def check_upload(uploaded, *, max_mb: int) -> FileKind:
    """Raise ValidationError unless the file is an allowed kind within the size limit."""
    if uploaded.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("Filen er for stor (%(size)s MB). Største tillatte størrelse er %(max)s MB."),
            code="too_large",
            params={"size": f"{uploaded.size / 1024 / 1024:.1f}".replace(".", ","), "max": max_mb},
        )
    if uploaded.size == 0:
        raise ValidationError(_("Filen er tom."), code="empty")
    kind = detect_kind(uploaded)
    extension = (
        str(uploaded.name or "").rsplit(".", 1)[-1].lower() if "." in str(uploaded.name) else ""
    )
    if kind is None:
        raise ValidationError(
            _(
                "Filen er ikke en PDF-, DOCX-, XLSX- eller ODT-fil. Lagre den i et av disse "
                "formatene og prøv igjen."
            ),
            code="type",
        )
    if extension != kind.extension:
        raise ValidationError(
            _(
                "Filnavnet slutter på .%(extension)s, men innholdet er %(kind)s. "
                "Gi filen riktig filendelse."
            ),
            code="extension",
            params={"extension": extension or "?", "kind": kind.label},
        )
    return kind
