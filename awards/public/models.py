"""What the public pages are built from beyond the domain models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicDataVersion(models.Model):
    """One row whose number changes whenever data shown on public pages changes.

    Cached public pages carry the number in their cache key, so a change anywhere (in any
    process) makes every cached page stale at once. Kept in the database, not in the cache, so it
    is shared by every worker whatever cache backend is configured.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("versjon av offentlige data")
        verbose_name_plural = _("versjoner av offentlige data")

    def __str__(self) -> str:
        return str(self.version)


class OpenDataExport(models.Model):
    """The current stored file of one full (unfiltered) open-data export.

    Written by the task in ``awards.public.exports`` after the public data change; the export
    view serves the file only while ``data_version`` equals the current public data version.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    format = models.CharField(_("format"), max_length=8, choices=Format.choices, unique=True)
    # Where the file is in the private storage; empty until one has been made.
    name = models.CharField(_("filnavn"), max_length=255, blank=True)
    size = models.BigIntegerField(_("størrelse (byte)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    data_version = models.BigIntegerField(_("dataversjon"), null=True, blank=True)
    generated_at = models.DateTimeField(_("generert"), null=True, blank=True)

    class Meta:
        verbose_name = _("lagret eksport av åpne data")
        verbose_name_plural = _("lagrede eksporter av åpne data")

    def __str__(self) -> str:
        return self.format
