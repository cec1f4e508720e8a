"""Published awards as open data: the 360Giving Data Standard (1.4.3) in JSON, and a CSV with the
standard's column titles. Both are produced row by row, so memory stays flat whatever the size."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.urls import reverse

from awards.spreadsheets import csv_safe

NLOD_URL = "https://data.norge.no/nlod/no/2.0"
CHUNK_SIZE = 500  # rows fetched per round trip from the server-side cursor
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


@lru_cache(maxsize=4096)
def _call_path(slug: str) -> str:
    return reverse("calls:detail", kwargs={"slug": slug})


def _months(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + 1 if end.day >= start.day else months


def grant(row: dict, publisher: Publisher) -> dict:
    """One award (a row from ``award_export_rows``) as a 360Giving grant."""
    data = {
        "id": f"{publisher.grant_prefix}-{row['pk']}",
        "title": row["title"],
        "description": row["summary"] or row["title"],
        "currency": "NOK",
        "amountAwarded": row["amount"],
        "amountAppliedFor": row["requested_amount"],
        "awardDate": row["award_date"],
        "recipientOrganization": [
            {
                "id": org_id(row["orgnr"]),
                "name": row["organisation_name"],
                "companyNumber": row["orgnr"],
            }
        ],
        "fundingOrganization": [{"id": publisher.funder_id, "name": publisher.funder_name}],
        "grantProgramme": [
            {
                "code": row["call_slug"],
                "title": row["call_title"],
                "url": publisher.base_url + _call_path(row["call_slug"]),
            }
        ],
        "fromOpenCall": "Yes",
        "beneficiaryLocation": [
            {
                "name": row["county_name"],
                "geoCode": f"NO-{row['county_number']}",
                "countryCode": "NO",
            }
            if row["county_number"]
            else {"countryCode": "NO"}
        ],
        "dateModified": row["modified"],
    }
    starts, ends = row["project_starts_on"], row["project_ends_on"]
    if starts and ends:
        data["plannedDates"] = [
            {
                "startDate": starts.isoformat(),
                "endDate": ends.isoformat(),
                "duration": _months(starts, ends),
            }
        ]
    data.update(_follow_up(row, data["id"]))
    return data


# Grants that ended without the project: no actual dates, nothing disbursed.
_NOT_TAKEN = ("offered", "declined", "lapsed")


def _follow_up(row: dict, grant_id: str) -> dict:
    """What the grant adds once the offer is accepted: the actual dates (from the acceptance or
    the first payout, to the close or the cancellation) and what has been paid, and when."""
    payouts = row.get("payouts") or []
    if row.get("grant_state") in (None, *_NOT_TAKEN) and not payouts:
        return {}
    data = {}
    started = [day for day in [row.get("grant_accepted"), *(p["date"] for p in payouts)] if day]
    if started:
        actual = {"startDate": min(started)}
        ended = row.get("grant_closed") or row.get("grant_cancelled")
        if ended:
            actual["endDate"] = ended
        data["actualDates"] = [actual]
    return data | {
        "amountDisbursed": sum(p["value"] for p in payouts),
        "disbursementTransaction": [
            {
                "id": f"{grant_id}-payout-{p['id']}",
                "transactionDate": p["date"],
                "value": p["value"],
                "currency": "NOK",
            }
            for p in payouts
        ],
    }


def _batched(rows: Iterable[dict]) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == ROWS_PER_WRITE:
            yield batch
            batch = []
    if batch:
        yield batch


def stream_json(rows: Iterable[dict], publisher: Publisher) -> Iterator[str]:
    """A 360Giving package, {"grants": [...], ...}, written a batch of grants at a time."""
    head = {
        "license": NLOD_URL,
        "publisher": {"identifier": publisher.funder_id, "name": publisher.funder_name},
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "grants": ['
    encode = json.JSONEncoder(ensure_ascii=False).encode
    separator = "\n"
    for batch in _batched(rows):
        yield separator + ",\n".join(encode(grant(row, publisher)) for row in batch)
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
    "Actual Dates:Start Date",
    "Actual Dates:End Date",
    "Amount Disbursed",
    "Disbursement Dates",
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
    actual = (data.get("actualDates") or [{}])[0]
    payouts = data.get("disbursementTransaction") or []
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
        actual.get("startDate", ""),
        actual.get("endDate", ""),
        data.get("amountDisbursed", ""),
        "; ".join(p["transactionDate"] for p in payouts),
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


def stream_csv(rows: Iterable[dict], publisher: Publisher) -> Iterator[str]:
    """UTF-8 with a byte order mark, so spreadsheets show æ, ø and å as written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    for batch in _batched(rows):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(
            [csv_safe(value) for value in csv_row(grant(row, publisher))] for row in batch
        )
        yield buffer.getvalue()
