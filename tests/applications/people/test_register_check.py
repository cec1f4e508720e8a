"""Organisations are checked again in Enhetsregisteret by a scheduled job: unverified ones
every run, verified ones after a month, with what changed kept for the advisers."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Organisation
from applications.people.enhetsregisteret import RegisterStatus
from applications.people.register_check import organisation_register_recheck
from calls.schedule import JOBS, job_run
from tests import brreg as answers
from tests.factories import OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_an_unverified_organisation_is_verified_when_the_register_answers(brreg):
    organisation = OrganisationFactory(
        orgnr=answers.FOUND, name="Klyngen", register_status=RegisterStatus.UNAVAILABLE
    )
    assert organisation_register_recheck() == "1 checked, 0 changed, 0 unanswered"
    organisation.refresh_from_db()
    assert organisation.register_status == RegisterStatus.FOUND
    assert organisation.register_name == "Havromsklyngen Helgeland AS"
    assert organisation.register_checked_at is not None
    assert organisation.register_changes == ""  # the first answer is no change
    assert organisation.history.first().history_change_reason == "Sjekket i Enhetsregisteret"


def test_a_register_that_still_does_not_answer_leaves_it_unverified(brreg):
    organisation = OrganisationFactory(
        orgnr=answers.GARBAGE, register_status=RegisterStatus.UNAVAILABLE
    )
    assert organisation_register_recheck() == "0 checked, 0 changed, 1 unanswered"
    organisation.refresh_from_db()
    assert organisation.register_status == RegisterStatus.UNAVAILABLE


def test_a_name_change_and_a_bankruptcy_at_the_recheck_are_shown_as_changes(brreg):
    now = timezone.now()
    organisation = OrganisationFactory(
        orgnr=answers.FOUND,
        register_status=RegisterStatus.FOUND,
        register_name="Gamle Klyngen AS",
        register_form="AS Aksjeselskap",
        register_address="Havnegata 1, 8800 SANDNESSJØEN",
        register_municipality_number="1820",
        register_nace="72.190 Annen forskning og utviklingsarbeid",
        register_checked_at=now - dt.timedelta(days=31),
    )
    brreg.answer(answers.FOUND, "Nye Klyngen AS", konkurs=True)
    assert organisation_register_recheck(now=now) == "1 checked, 1 changed, 0 unanswered"
    organisation.refresh_from_db()
    assert organisation.register_status == RegisterStatus.BANKRUPT
    assert "navn i registeret: Gamle Klyngen AS → Nye Klyngen AS" in organisation.register_changes
    assert "Funnet i Enhetsregisteret → Konkurs" in organisation.register_changes
    assert "forretningsadresse" not in organisation.register_changes  # only what changed


def test_a_verified_organisation_is_not_asked_about_again_within_a_month(brreg):
    OrganisationFactory(
        orgnr=answers.FOUND,
        register_status=RegisterStatus.FOUND,
        register_checked_at=timezone.now() - dt.timedelta(days=5),
    )
    assert organisation_register_recheck() == "0 checked, 0 changed, 0 unanswered"
    assert brreg.requests == []


def test_a_verified_organisation_stays_verified_when_the_register_is_down(brreg):
    organisation = OrganisationFactory(
        orgnr=answers.SLOW,
        register_status=RegisterStatus.FOUND,
        register_name="Treg AS",
        register_checked_at=timezone.now() - dt.timedelta(days=40),
    )
    organisation_register_recheck()
    organisation.refresh_from_db()
    assert (organisation.register_status, organisation.register_name) == (
        RegisterStatus.FOUND,
        "Treg AS",
    )


def test_the_recheck_is_a_scheduled_job_that_runs_once_per_period(brreg):
    OrganisationFactory(orgnr=answers.FOUND, register_status=RegisterStatus.UNAVAILABLE)
    assert JOBS["organisation_register_recheck"].every == dt.timedelta(hours=1)
    assert job_run(name="organisation_register_recheck") == "1 checked, 0 changed, 0 unanswered"
    assert job_run(name="organisation_register_recheck") is None  # not due again yet
    assert Organisation.objects.get().register_status == RegisterStatus.FOUND


def test_advisers_see_the_register_answer_and_the_changes_read_only(client, brreg):
    organisation = OrganisationFactory(
        orgnr=answers.FOUND,
        register_status=RegisterStatus.FOUND,
        register_name="Nye Klyngen AS",
        register_changes="navn i registeret: Gamle Klyngen AS → Nye Klyngen AS",
        register_checked_at=timezone.now(),
    )
    client.force_login(StaffFactory(is_superuser=True))
    html = client.get(f"/admin/applications/organisation/{organisation.pk}/change/").content
    html = html.decode()
    assert "Gamle Klyngen AS → Nye Klyngen AS" in html
    assert "Sist sjekket i Enhetsregisteret" in html
    assert 'name="register_name"' not in html  # read-only
    listing = client.get("/admin/applications/organisation/").content.decode()
    assert "Funnet i Enhetsregisteret" in listing


def test_a_register_that_is_down_stops_the_run_at_the_first_organisation(brreg):
    OrganisationFactory(orgnr=answers.GARBAGE, register_status=RegisterStatus.UNAVAILABLE)
    OrganisationFactory(orgnr=answers.FOUND, register_status=RegisterStatus.UNAVAILABLE)
    assert organisation_register_recheck() == "0 checked, 0 changed, 1 unanswered"
    assert len(brreg.requests) == 1
