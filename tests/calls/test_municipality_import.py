import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from calls.models import Municipality
from calls.services import municipalities_import
from tests.factories import CountyFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 1, 1)


@pytest.fixture
def counties():
    return [
        CountyFactory(number="18", name="Nordland", valid_from=dt.date(2024, 1, 1)),
        CountyFactory(number="03", name="Oslo", valid_from=dt.date(2024, 1, 1)),
    ]


def test_a_file_with_semicolons_and_a_bom_creates_the_municipalities(counties):
    text = "\ufeffKommunenummer;Navn;Fylkesnummer;Sone\n1804;Bodø;18;III\n301;Oslo;03;I\n"
    result = municipalities_import(text=text, valid_from=DAY)
    assert (result.created, result.updated) == (2, 0)
    bodo = Municipality.objects.get(number="1804", valid_from=DAY)
    assert (bodo.name, bodo.county.name, bodo.district_policy_zone) == ("Bodø", "Nordland", "III")
    assert bodo.in_district_policy_area
    assert not Municipality.objects.get(number="0301").in_district_policy_area


def test_importing_again_updates_instead_of_duplicating(counties):
    municipalities_import(text="number,name,county,zone\n1804,Bodø,18,III\n", valid_from=DAY)
    result = municipalities_import(
        text="number,name,county,zone\n1804,Bodø,18,IV\n", valid_from=DAY
    )
    assert (result.created, result.updated) == (0, 1)
    assert Municipality.objects.get(number="1804").district_policy_zone == "IV"


def test_a_new_period_keeps_the_old_one(counties):
    old = MunicipalityFactory(number="1804", county=counties[0], valid_from=dt.date(2024, 1, 1))
    municipalities_import(text="number,name,county,zone\n1804,Bodø,18,II\n", valid_from=DAY)
    assert Municipality.objects.filter(number="1804").count() == 2
    old.refresh_from_db()
    assert old.district_policy_zone == "III"


def test_a_bad_line_saves_nothing_and_names_the_line(counties):
    text = "number,name,county,zone\n1804,Bodø,18,III\n18x4,,99,V\n"
    with pytest.raises(ValidationError) as error:
        municipalities_import(text=text, valid_from=DAY)
    message = " ".join(error.value.messages)
    assert "Linje 3" in message
    assert "fire sifre" in message
    assert "navnet mangler" in message
    assert "fylke 99" in message
    assert "sonen" in message
    assert not Municipality.objects.exists()


@pytest.mark.parametrize("text", ["", "a,b\n1,2\n", "number,name\n1804,Bodø\n"])
def test_a_file_without_the_columns_is_refused(counties, text):
    with pytest.raises(ValidationError):
        municipalities_import(text=text, valid_from=DAY)


def _adviser(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_an_adviser_imports_from_the_admin(client, counties, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    client.force_login(_adviser("add_municipality", "change_municipality", "view_municipality"))
    page = client.get("/admin/calls/municipality/")
    assert "/admin/calls/municipality/import/" in page.content.decode()
    upload = SimpleUploadedFile(
        "soner.csv", "kommunenummer;navn;fylke;sone\n1804;Bodø;18;III\n".encode()
    )
    response = client.post(
        "/admin/calls/municipality/import/", {"file": upload, "valid_from": "2026-01-01"}
    )
    assert response.status_code == 302
    assert Municipality.objects.filter(number="1804", valid_from=DAY).exists()


def test_the_admin_shows_the_errors_and_keeps_nothing(client, counties, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    client.force_login(_adviser("add_municipality", "change_municipality", "view_municipality"))
    upload = SimpleUploadedFile(
        "soner.csv", b"kommunenummer;navn;fylke;sone\n1804;Bod\xf8;18;III\n"
    )
    response = client.post(
        "/admin/calls/municipality/import/", {"file": upload, "valid_from": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()
    assert not Municipality.objects.exists()


def test_staff_without_the_rights_cannot_import(client, counties, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    client.force_login(_adviser("view_municipality"))
    assert client.get("/admin/calls/municipality/import/").status_code == 403
