"""Each rule of the services that start and edit a draft, and a test that breaks it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.applying import services
from applications.applying.completeness import application_problems
from applications.models import Membership
from tests.factories import (
    CallFactory,
    CostLineFactory,
    DraftFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


def _editor(application, role=Membership.Role.EDITOR):
    return MembershipFactory(organisation=application.organisation, role=role).user


def _open_call(**kwargs):
    now = timezone.now()
    return CallFactory(
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30), **kwargs
    )


def test_starting_twice_on_a_call_that_allows_one_is_refused():
    membership = MembershipFactory()
    call = _open_call()
    services.application_start(call=call, organisation=membership.organisation, by=membership.user)
    with pytest.raises(ValidationError, match="allerede en søknad"):
        services.application_start(
            call=call, organisation=membership.organisation, by=membership.user
        )


def test_the_database_also_holds_one_application_per_organisation_and_call():
    application = DraftFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftFactory(
            call=application.call, organisation=application.organisation, one_per_organisation=True
        )


def test_a_call_can_allow_several_applications_per_organisation():
    membership = MembershipFactory()
    call = _open_call(allows_multiple_applications=True)
    for _ in range(2):
        services.application_start(
            call=call, organisation=membership.organisation, by=membership.user
        )
    assert call.applications.count() == 2


def test_a_closed_call_cannot_be_started():
    membership = MembershipFactory()
    with pytest.raises(ValidationError, match="ikke åpen"):
        services.application_start(
            call=CallFactory(), organisation=membership.organisation, by=membership.user
        )


def test_a_reader_cannot_start_or_edit():
    application = DraftFactory()
    reader = _editor(application, Membership.Role.READER)
    with pytest.raises(PermissionDenied):
        services.application_start(
            call=application.call, organisation=application.organisation, by=reader
        )
    with pytest.raises(PermissionDenied):
        services.application_save_project(
            application=application, version=0, values={"title": "x"}, by=reader
        )


def test_saving_records_who_and_when_and_bumps_the_version():
    application = DraftFactory()
    user = _editor(application)
    saved = services.application_save_project(
        application=application, version=0, values={"title": " Ny tittel "}, by=user
    )
    assert saved.title == "Ny tittel"
    assert saved.last_saved_by == user
    assert saved.section_version("project") == 1


def test_a_save_based_on_an_old_version_is_refused_not_overwritten():
    application = DraftFactory()
    first, second = _editor(application), _editor(application)
    services.application_save_project(
        application=application, version=0, values={"title": "Første"}, by=first
    )
    with pytest.raises(services.EditConflict, match=first.email):
        services.application_save_project(
            application=application, version=0, values={"title": "Andre"}, by=second
        )
    application.refresh_from_db()
    assert application.title == "Første"


def test_project_cannot_end_before_it_starts():
    application = DraftFactory()
    with pytest.raises(ValidationError):
        services.application_save_project(
            application=application,
            version=0,
            values={"project_start": dt.date(2027, 1, 1), "project_end": dt.date(2026, 1, 1)},
            by=_editor(application),
        )


def test_budget_keeps_requested_amount_in_sync_with_the_financing_plan():
    application = DraftFactory()
    services.application_save_budget(
        application=application,
        version=0,
        cost_lines=[{"year": 2026, "personnel": 2_000_000}],
        financing={"requested_amount": 1_200_000, "own_contribution": 800_000},
        by=_editor(application),
    )
    application.refresh_from_db()
    assert application.requested_amount == 1_200_000
    assert application.cost_lines.get().total == 2_000_000
    assert not [p for p in application_problems(application=application) if p.section == "budget"]


def test_a_year_twice_in_the_cost_plan_is_refused():
    application = DraftFactory()
    with pytest.raises(ValidationError, match="én gang"):
        services.application_save_budget(
            application=application,
            version=0,
            cost_lines=[{"year": 2026}, {"year": 2026}],
            financing={},
            by=_editor(application),
        )


def test_cost_lines_cannot_be_negative_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        CostLineFactory(personnel=-1)


def test_changing_a_partner_based_on_an_old_version_is_refused():
    partner = PartnerFactory(name="Første navn")
    application = partner.application
    first, second = _editor(application), _editor(application)
    values = {"name": "Endret", "role": partner.role, "municipality": partner.municipality}
    services.partner_save(
        application=application, partner=partner, values=values, version=0, by=first
    )
    with pytest.raises(services.EditConflict):
        services.partner_save(
            application=application,
            partner=partner,
            values={**values, "name": "Overskrevet"},
            version=0,
            by=second,
        )
    partner.refresh_from_db()
    assert partner.name == "Endret"


def test_a_percent_sign_in_a_name_does_not_break_the_message():
    membership = MembershipFactory(organisation=OrganisationFactory(name="100% Klynge"))
    call = _open_call()
    services.application_start(call=call, organisation=membership.organisation, by=membership.user)
    with pytest.raises(ValidationError) as caught:
        services.application_start(
            call=call, organisation=membership.organisation, by=membership.user
        )
    assert "100% Klynge har allerede en søknad" in caught.value.messages[0]


def test_an_upload_that_cannot_be_saved_leaves_no_file_behind(settings, monkeypatch):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.models import Attachment

    application = DraftFactory()
    user = _editor(application)
    before = {p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()}

    def refuse(self, *args, **kwargs):
        raise ValidationError("refused")

    monkeypatch.setattr(Attachment, "full_clean", refuse)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    with pytest.raises(ValidationError):
        services.attachment_add(application=application, uploaded=upload, by=user)
    after = {p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()}
    assert after == before
    assert not Attachment.objects.exists()
