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


class PublishedAward(models.Model):
    """One row per published award with what the public award list sorts and filters on.

    The award list's order runs over three tables (the call's deadline, the organisation's name,
    the award); here it is one index, so a page is an index range scan of fifty rows instead of a
    join and sort of every published award. Rows are rewritten per call by
    ``awards.public.listing`` in the same transaction as the change the public can see.
    """

    award = models.OneToOneField(
        "awards.Award", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    call = models.ForeignKey(
        "calls.Call", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    call_closes_at = models.DateTimeField()
    scheme_code = models.CharField(max_length=10)
    # The year of the decision in Norwegian time, as the year filter means it.
    year = models.PositiveSmallIntegerField()
    county = models.ForeignKey(
        "calls.County", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    county_number = models.CharField(max_length=2, blank=True)
    organisation_name = models.CharField(max_length=200)
    # What a row of the list shows besides the name and the amount, so a page reads this table only.
    title = models.CharField(max_length=300, blank=True)
    county_name = models.CharField(max_length=200, blank=True)
    amount = models.BigIntegerField(default=0)
    is_illustrative = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("publisert tildeling i listen")
        verbose_name_plural = _("publiserte tildelinger i listen")
        indexes = [
            models.Index(
                fields=["-call_closes_at", "call", "organisation_name", "award"],
                name="published_award_list_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.award_id)


class PublishedAwardTotals(models.Model):
    """Published awards counted and summed per call, year of decision and county.

    A few rows per call: the list's totals, its filter options and the statistics read these
    instead of adding up every published award on every request.
    """

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    county = models.ForeignKey(
        "calls.County", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    illustrative = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sum av publiserte tildelinger")
        verbose_name_plural = _("summer av publiserte tildelinger")

    def __str__(self) -> str:
        return f"{self.call_id} {self.year} {self.county_id}"


class AwardListFacets(models.Model):
    """One row: what the award list shows that no filter changes, as one JSON document.

    The years, schemes, calls and counties the filters offer, and each call's count and sum,
    written by ``awards.public.listing`` with the rows it describes, so a page reads one row
    instead of adding up the totals on every request.
    """

    document = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("oversikt over publiserte tildelinger")
        verbose_name_plural = _("oversikter over publiserte tildelinger")

    def __str__(self) -> str:
        return str(self.pk)


class ClosedCallFigures(models.Model):
    """How many applications a closed call received, counted once after its deadline.

    Nothing can be sent or withdrawn after the deadline, so the number stays; the statistics
    page counts a closed call the first time it shows it, and a change to the call or its
    published awards (``awards.public.listing``) removes the row so it is counted again.
    """

    call = models.OneToOneField(
        "calls.Call", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    received = models.PositiveIntegerField()
    counted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tall for en lukket utlysning")
        verbose_name_plural = _("tall for lukkede utlysninger")

    def __str__(self) -> str:
        return f"{self.call_id}: {self.received}"
