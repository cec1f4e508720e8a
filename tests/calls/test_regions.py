"""The published regions: the data files, `load_regions`, and the zones of a call's deadline."""

import csv
import datetime as dt
from collections import defaultdict
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from applications.applying.forms import PartnerForm
from applications.applying.selectors import application_has_district_firm
from calls.models import County, Municipality
from calls.regions import DATA_DIR, regions_load
from calls.services import municipalities_import
from tests.factories import CallFactory, DraftFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def regions():
    regions_load()


def _write(directory, name, header, rows):
    lines = [";".join(header), *(";".join(row) for row in rows)]
    (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def bodo_data(tmp_path):
    """One municipality in zone III in the 2014 map and outside the area (I) from 2022."""
    _write(
        tmp_path,
        "counties.csv",
        ["fylkesnummer", "navn", "gyldig_fra", "gyldig_til"],
        [["18", "Nordland", "2014-01-01", ""]],
    )
    _write(
        tmp_path,
        "municipalities.csv",
        ["kommunenummer", "navn", "fylkesnummer", "gyldig_fra", "gyldig_til"],
        [["1804", "Bodø", "18", "2014-01-01", ""]],
    )
    _write(
        tmp_path,
        "district_policy_zones.csv",
        ["kommunenummer", "sone", "gyldig_fra", "gyldig_til"],
        [["1804", "III", "2014-01-01", "2021-12-31"], ["1804", "I", "2022-01-01", ""]],
    )
    return tmp_path


def _call(year: int):
    return CallFactory(
        opens_at=dt.datetime(year, 3, 2, 9, 0, tzinfo=OSLO),
        closes_at=dt.datetime(year, 6, 1, 12, 0, tzinfo=OSLO),
    )


# The data files


def _csv(name):
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_every_municipalitys_county_is_the_first_two_digits_of_its_number():
    for row in _csv("municipalities.csv"):
        assert row["fylkesnummer"] == row["kommunenummer"][:2], row


def test_no_number_has_two_periods_on_one_day():
    for name in ("counties.csv", "municipalities.csv", "district_policy_zones.csv"):
        periods = defaultdict(list)
        for row in _csv(name):
            number = row.get("kommunenummer") or row["fylkesnummer"]
            periods[number].append((row["gyldig_fra"], row["gyldig_til"] or "9999-12-31"))
        for number, spans in periods.items():
            spans.sort()
            for (_start, end), (next_start, _next_end) in zip(spans, spans[1:], strict=False):
                assert end < next_start, (name, number, spans)


def test_the_data_folder_names_its_sources_and_licences():
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for words in ("SSB", "Klass", "104", "131", "Kartverket", "NLOD", "CC BY 4.0"):
        assert words in text
    assert "Kommunal- og distriktsdepartementet" in text


# Loading


@pytest.mark.parametrize(
    ("day", "counties", "municipalities"),
    [
        (dt.date(2015, 6, 1), 19, 428),
        (dt.date(2017, 6, 1), 19, 426),
        (dt.date(2018, 6, 1), 18, 422),
        (dt.date(2019, 12, 31), 18, 422),
        (dt.date(2022, 6, 1), 11, 356),
        (dt.date(2024, 1, 1), 15, 357),
        (dt.date(2026, 12, 1), 15, 357),
    ],
)
def test_the_divisions_valid_on_a_day(regions, day, counties, municipalities):
    assert County.objects.valid_on(day).count() == counties
    valid = Municipality.objects.valid_on(day)
    assert valid.count() == municipalities
    assert valid.values("number").distinct().count() == municipalities
    for number, county_number in valid.values_list("number", "county__number"):
        assert county_number == number[:2]


def test_the_counties_of_2024_by_number(regions):
    assert dict(County.objects.valid_on(dt.date(2024, 1, 1)).values_list("number", "name")) == {
        "03": "Oslo",
        "11": "Rogaland",
        "15": "Møre og Romsdal",
        "18": "Nordland",
        "31": "Østfold",
        "32": "Akershus",
        "33": "Buskerud",
        "34": "Innlandet",
        "39": "Vestfold",
        "40": "Telemark",
        "42": "Agder",
        "46": "Vestland",
        "50": "Trøndelag",
        "55": "Troms",
        "56": "Finnmark",
    }


def test_finnmark_and_nord_troms_are_the_action_zone_in_both_maps(regions):
    for day in (dt.date(2015, 6, 1), dt.date(2026, 6, 1)):
        zone_iv = Municipality.objects.valid_on(day).filter(district_policy_zone="IV")
        assert zone_iv.count() == 19 + 7 if day.year == 2015 else 18 + 7
        assert (
            not Municipality.objects.valid_on(day)
            .filter(number="0301")
            .get()
            .in_district_policy_area
        )


def test_loading_again_changes_nothing():
    regions_load()
    again = regions_load()
    assert again.counts["counties"]["created"] == again.counts["counties"]["updated"] == 0
    assert again.counts["municipalities"]["created"] == 0
    assert again.counts["municipalities"]["updated"] == 0


def test_the_command_reports_what_changed():
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert "counties: 33 created" in out.getvalue()
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert "counties: 0 created, 0 updated, 33 unchanged" in out.getvalue()


def test_a_new_name_in_the_files_updates_the_row_an_application_points_at(bodo_data):
    regions_load(directory=bodo_data)
    partner = PartnerFactory(municipality=Municipality.objects.get(valid_from="2014-01-01"))
    text = (bodo_data / "municipalities.csv").read_text(encoding="utf-8")
    (bodo_data / "municipalities.csv").write_text(text.replace("Bodø", "Bodø – Bådåddjo"))
    result = regions_load(directory=bodo_data)
    assert result.counts["municipalities"]["updated"] == 2
    partner.municipality.refresh_from_db()
    assert partner.municipality.name == "Bodø – Bådåddjo"


def test_rows_the_files_do_not_name_are_kept_and_a_later_import_wins(bodo_data):
    regions_load(directory=bodo_data)
    municipalities_import(
        text="kommunenummer;navn;fylkesnummer;sone\n1804;Bodø;18;II\n",
        valid_from=dt.date(2026, 1, 1),
    )
    result = regions_load(directory=bodo_data)
    assert result.kept == 1
    assert result.counts["municipalities"]["updated"] == 0
    current = Municipality.objects.valid_on(dt.date(2026, 6, 1)).get()
    assert (current.valid_from, current.district_policy_zone) == (dt.date(2026, 1, 1), "II")
    before = Municipality.objects.valid_on(dt.date(2025, 6, 1)).get()
    assert (before.valid_from, before.valid_to) == (dt.date(2022, 1, 1), dt.date(2025, 12, 31))


def test_a_gap_in_the_zones_is_refused_and_nothing_is_saved(bodo_data):
    _write(
        bodo_data,
        "district_policy_zones.csv",
        ["kommunenummer", "sone", "gyldig_fra", "gyldig_til"],
        [["1804", "III", "2014-01-01", "2020-12-31"], ["1804", "I", "2022-01-01", ""]],
    )
    with pytest.raises(ValidationError, match="no zone for 1804 Bodø on 2021-01-01"):
        regions_load(directory=bodo_data)
    assert not County.objects.exists()


def test_a_municipality_outside_its_numbers_county_is_refused(bodo_data):
    _write(
        bodo_data,
        "municipalities.csv",
        ["kommunenummer", "navn", "fylkesnummer", "gyldig_fra", "gyldig_til"],
        [["1804", "Bodø", "19", "2014-01-01", ""]],
    )
    with pytest.raises(CommandError, match="first two digits"):
        call_command("load_regions", directory=bodo_data, stdout=StringIO())


# The call's deadline decides


def test_the_zone_of_the_calls_deadline_decides_the_district_check(bodo_data):
    regions_load(directory=bodo_data)
    results = {}
    for year in (2015, 2026):
        call = _call(year)
        place = Municipality.objects.valid_on(call.deadline_day).get()
        application = DraftFactory(call=call)
        PartnerFactory(application=application, municipality=place)
        results[year] = application_has_district_firm(application=application)
    assert results == {2015: True, 2026: False}


def test_a_municipality_chosen_from_another_days_list_gets_the_zone_of_the_deadline(bodo_data):
    regions_load(directory=bodo_data)
    old_row = Municipality.objects.get(valid_from="2014-01-01")
    assert old_row.in_district_policy_area
    application = DraftFactory(call=_call(2026))
    PartnerFactory(application=application, municipality=old_row)
    assert not application_has_district_firm(application=application)


def test_the_deadline_day_is_the_norwegian_date():
    call = CallFactory(
        opens_at=dt.datetime(2023, 11, 1, 9, 0, tzinfo=OSLO),
        closes_at=dt.datetime(2023, 12, 31, 23, 30, tzinfo=OSLO),
    )
    assert call.deadline_day == dt.date(2023, 12, 31)


def test_the_partner_form_offers_the_municipalities_of_the_calls_deadline(regions):
    choices = {}
    for year in (2015, 2026):
        queryset = PartnerForm(call=_call(year)).fields["municipality"].queryset
        choices[year] = set(queryset.values_list("number", "name"))
    assert len(choices[2015]) == 428
    assert len(choices[2026]) == 357
    assert ("0219", "Bærum") in choices[2015]
    assert ("3201", "Bærum") in choices[2026]
    assert ("1624", "Rissa") in choices[2015]
    assert ("5054", "Indre Fosen") in choices[2026]
    assert ("0219", "Bærum") not in choices[2026]


# The admin


def test_the_admin_lists_the_municipalities_valid_today_or_the_ended_ones(
    client, bodo_data, settings
):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    regions_load(directory=bodo_data)
    adviser = UserFactory(is_staff=True)
    adviser.user_permissions.set(Permission.objects.filter(codename="view_municipality"))
    client.force_login(adviser)
    shown = {}
    for value in ("today", "ended", "later"):
        page = client.get("/admin/calls/municipality/", {"gyldig": value})
        assert page.status_code == 200
        shown[value] = [m.valid_from for m in page.context["cl"].result_list]
    assert shown == {"today": [dt.date(2022, 1, 1)], "ended": [dt.date(2014, 1, 1)], "later": []}
    assert "Gyldig i dag" in page.content.decode()
