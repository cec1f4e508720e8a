"""Published awards as open data: the 360Giving Data Standard (1.4.3) in JSON, and a CSV with the
standard's column titles. Both are produced row by row, so memory stays flat whatever the size."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from .models import Award

NLOD_URL = "https://data.norge.no/nlod/no/2.0"
CHUNK_SIZE = 2000  # rows fetched per round trip from the server-side cursor
ROWS_PER_WRITE = 200  # rows joined into one piece of the streamed response


@dataclass(frozen=True)
class Publisher:
    """What every grant shares: the funder, the id prefix and the site's address."""

    grant_prefix: str
    funder_id: str
    funder_name: str
    base_url: str

    @classmethod
    def from_settings(cls, *, base_url: str) -> Publisher:
        return cls(
            grant_prefix=settings.OPEN_DATA_GRANT_PREFIX,
            funder_id=org_id(settings.FUNDING_ORGANISATION_ORGNR),
            funder_name=settings.FUNDING_ORGANISATION_NAME,
            base_url=base_url.rstrip("/"),
        )


def org_id(orgnr: str) -> str:
    """An org-id.guide identifier: Brønnøysundregistrene's list is NO-BRC."""
    return f"NO-BRC-{orgnr}"


def _months(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + 1 if end.day >= start.day else months


def grant(award: Award, publisher: Publisher) -> dict:
    """One award as a 360Giving grant."""
    application = award.application
    organisation = application.organisation
    call = application.call
    county = organisation.county
    data = {
        "id": f"{publisher.grant_prefix}-{award.pk}",
        "title": application.title,
        "description": application.summary or application.title,
        "currency": "NOK",
        "amountAwarded": award.amount,
        "amountAppliedFor": application.requested_amount,
        "awardDate": timezone.localtime(award.decided_at).date().isoformat(),
        "recipientOrganization": [
            {
                "id": org_id(organisation.orgnr),
                "name": organisation.name,
                "companyNumber": organisation.orgnr,
            }
        ],
        "fundingOrganization": [{"id": publisher.funder_id, "name": publisher.funder_name}],
        "grantProgramme": [
            {
                "code": call.slug,
                "title": call.title,
                "url": f"{publisher.base_url}{call.get_absolute_url()}",
            }
        ],
        "fromOpenCall": "Yes",
        "beneficiaryLocation": [
            {"name": county.name, "geoCode": f"NO-{county.number}", "countryCode": "NO"}
            if county
            else {"countryCode": "NO"}
        ],
        "dateModified": timezone.localtime(award.updated_at).isoformat(timespec="seconds"),
    }
    if award.project_starts_on and award.project_ends_on:
        data["plannedDates"] = [
            {
                "startDate": award.project_starts_on.isoformat(),
                "endDate": award.project_ends_on.isoformat(),
                "duration": _months(award.project_starts_on, award.project_ends_on),
            }
        ]
    return data


def _batched(awards: Iterable[Award]) -> Iterator[list[Award]]:
    batch: list[Award] = []
    for award in awards:
        batch.append(award)
        if len(batch) == ROWS_PER_WRITE:
            yield batch
            batch = []
    if batch:
        yield batch


def stream_json(awards: Iterable[Award], publisher: Publisher) -> Iterator[str]:
    """A 360Giving package, {"grants": [...], ...}, written a batch of grants at a time."""
    head = {
        "license": NLOD_URL,
        "publisher": {"identifier": publisher.funder_id, "name": publisher.funder_name},
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "grants": ['
    separator = "\n"
    for batch in _batched(awards):
        yield separator + ",\n".join(
            json.dumps(grant(award, publisher), ensure_ascii=False) for award in batch
        )
        separator = ",\n"
    yield "\n]}\n"


# The column titles of 360Giving's flattened (spreadsheet) form, so its tools read the file.
CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Amount Applied For",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Planned Dates:Duration (months)",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "Grant Programme:URL",
    "From An Open Call?",
    "Beneficiary Location:Name",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Country Code",
    "Last Modified",
]


def csv_row(data: dict) -> list:
    planned = (data.get("plannedDates") or [{}])[0]
    recipient = data["recipientOrganization"][0]
    funder = data["fundingOrganization"][0]
    programme = data["grantProgramme"][0]
    location = data["beneficiaryLocation"][0]
    return [
        data["id"],
        data["title"],
        data["description"],
        data["currency"],
        data["amountAwarded"],
        data["amountAppliedFor"],
        data["awardDate"],
        planned.get("startDate", ""),
        planned.get("endDate", ""),
        planned.get("duration", ""),
        recipient["id"],
        recipient["name"],
        recipient["companyNumber"],
        funder["id"],
        funder["name"],
        programme["code"],
        programme["title"],
        programme["url"],
        data["fromOpenCall"],
        location.get("name", ""),
        location.get("geoCode", ""),
        location["countryCode"],
        data["dateModified"],
    ]


def stream_csv(awards: Iterable[Award], publisher: Publisher) -> Iterator[str]:
    """UTF-8 with a byte order mark, so spreadsheets show æ, ø and å as written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for batch in _batched(awards):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(csv_row(grant(award, publisher)) for award in batch)
        yield buffer.getvalue()
