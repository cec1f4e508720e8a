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
