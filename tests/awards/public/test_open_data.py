import csv
import datetime as dt
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from awards.demo.bench import create_bench_awards
from awards.demo.load import load_demo
from tests.factories import AwardFactory, CountyFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")
SCHEMA_DIR = Path(__file__).parent / "schema"


def _validator() -> Draft202012Validator:
    grant = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text(encoding="utf-8"))
    package = json.loads(
        (SCHEMA_DIR / "360-giving-package-schema.json").read_text(encoding="utf-8")
    )
    registry = Registry().with_resource(
        grant["$id"], Resource(contents=grant, specification=DRAFT202012)
    )
    return Draft202012Validator(
        package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _body(response) -> bytes:
    assert response.streaming, "exports are streamed"
    return b"".join(response.streaming_content)


def _json(client, url="/awards/export.json"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(_body(response))


def _csv(client, url="/awards/export.csv"):
    response = client.get(url)
    assert response.status_code == 200
    raw = _body(response)
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for spreadsheets"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_json_export_is_a_valid_360giving_package(client):
    load_demo()
    package = _json(client)
    errors = sorted(_validator().iter_errors(package), key=str)
    assert errors == [], "\n".join(e.message for e in errors[:5])
    assert len(package["grants"]) == 10


def test_the_validator_rejects_a_broken_grant(client):
    load_demo()
    package = _json(client)
    del package["grants"][0]["recipientOrganization"]
    package["grants"][1]["currency"] = "nok"
    assert len(list(_validator().iter_errors(package))) == 2


def test_grant_fields_follow_the_standard(client, settings):
    settings.OPEN_DATA_GRANT_PREFIX = "360G-innovasjonnorge"
    county = CountyFactory(number="18", name="Nordland")
    award = AwardFactory(
        amount=1_800_000,
        application__requested_amount=2_000_000,
        application__title="Kompetanse for grønt skifte",
        application__summary="Tilbod på nynorsk, skrive av søkjaren.",
        application__organisation__name="Kunnskapsparken Helgeland",
        application__organisation__orgnr="986399445",
        application__organisation__county=county,
        decided_at=dt.datetime(2015, 11, 20, 12, tzinfo=OSLO),
        project_starts_on=dt.date(2016, 1, 1),
        project_ends_on=dt.date(2017, 12, 31),
    )
    (grant,) = _json(client)["grants"]
    call = award.application.call
    assert grant["id"] == f"360G-innovasjonnorge-{award.pk}"
    assert grant["title"] == "Kompetanse for grønt skifte"
    assert grant["description"] == "Tilbod på nynorsk, skrive av søkjaren."
    assert grant["currency"] == "NOK"
    assert grant["amountAwarded"] == 1_800_000
    assert grant["amountAppliedFor"] == 2_000_000
    assert grant["awardDate"] == "2015-11-20"
    assert grant["plannedDates"] == [
        {"startDate": "2016-01-01", "endDate": "2017-12-31", "duration": 24}
    ]
    assert grant["recipientOrganization"][0]["id"] == "NO-BRC-986399445"
    assert grant["recipientOrganization"][0]["name"] == "Kunnskapsparken Helgeland"
    assert grant["fundingOrganization"] == [{"id": "NO-BRC-986399445", "name": "Innovasjon Norge"}]
    assert grant["grantProgramme"][0]["code"] == call.slug
    assert grant["grantProgramme"][0]["title"] == call.title
    assert grant["grantProgramme"][0]["url"].endswith(f"/calls/{call.slug}/")
    assert grant["fromOpenCall"] == "Yes"
    assert grant["beneficiaryLocation"] == [
        {"name": "Nordland", "geoCode": "NO-18", "countryCode": "NO"}
    ]


def test_funder_comes_from_settings(client, settings):
    settings.FUNDING_ORGANISATION_NAME = "Et annet fond"
    settings.FUNDING_ORGANISATION_ORGNR = "974760673"
    AwardFactory()
    (grant,) = _json(client)["grants"]
    assert grant["fundingOrganization"] == [{"id": "NO-BRC-974760673", "name": "Et annet fond"}]


def test_exports_take_the_filters_of_the_list_and_match_it(client):
    nordland = CountyFactory(number="18", name="Nordland")
    AwardFactory.create_batch(3, application__organisation__county=nordland)
    AwardFactory.create_batch(2, application__organisation__county=CountyFactory(number="19"))
    AwardFactory(is_published=False, application__organisation__county=nordland)
    html = client.get("/awards/?county=18").content.decode()
    listed = {int(part.split('"')[0]) for part in html.split('<tr id="award-')[1:]}
    grants = _json(client, "/awards/export.json?county=18")["grants"]
    rows = _csv(client, "/awards/export.csv?county=18")
    assert {int(g["id"].rsplit("-", 1)[1]) for g in grants} == listed
    assert [r["Identifier"] for r in rows] == [g["id"] for g in grants]
    assert len(listed) == 3


def test_csv_keeps_norwegian_letters_and_matches_the_json(client):
    load_demo()
    rows = _csv(client)
    grants = _json(client)["grants"]
    assert len(rows) == len(grants) == 10
    names = {row["Recipient Org:Name"] for row in rows}
    assert "Maritim forening Sogn og Fjordane" in names
    titles = {row["Title"] for row in rows}
    assert "Et marint drømmeløft - kompetansesprang innen prosessteknologi" in titles
    by_id = {g["id"]: g for g in grants}
    for row in rows:
        grant = by_id[row["Identifier"]]
        assert int(row["Amount Awarded"]) == grant["amountAwarded"]
        assert row["Beneficiary Location:Name"] == grant["beneficiaryLocation"][0]["name"]
        assert row["Currency"] == "NOK"


def test_csv_is_offered_as_a_download(client):
    AwardFactory()
    response = client.get("/awards/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tildelinger.csv"'


def test_unpublished_awards_are_not_exported(client):
    AwardFactory(is_published=False, application__title="Hemmelig prosjekt")
    AwardFactory(application__title="Offentlig prosjekt")
    assert [g["title"] for g in _json(client)["grants"]] == ["Offentlig prosjekt"]
    assert [r["Title"] for r in _csv(client)] == ["Offentlig prosjekt"]


def test_an_empty_selection_is_still_well_formed(client):
    assert _json(client, "/awards/export.json?county=99")["grants"] == []
    assert _csv(client, "/awards/export.csv?county=99") == []


def test_large_export_arrives_in_many_pieces(client):
    create_bench_awards(awards=450)
    response = client.get("/awards/export.json")
    pieces = list(response.streaming_content)
    assert len(pieces) >= 4  # head, three batches of grants, tail: never one big string
    package = json.loads(b"".join(pieces))
    assert len(package["grants"]) == 450
    assert len({g["id"] for g in package["grants"]}) == 450


def test_award_date_is_the_norwegian_date(client):
    AwardFactory(decided_at=dt.datetime(2016, 1, 1, 0, 30, tzinfo=OSLO))
    (grant,) = _json(client)["grants"]
    assert grant["awardDate"] == "2016-01-01"
    assert grant["dateModified"].endswith("Z")
