"""Each rule of the applicant services, and a test that breaks it."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.applying import services, submission
from applications.applying.completeness import application_problems, application_section_statuses
from applications.models import AccessRequest, Application, Invitation, Membership, Partner
from applications.people import services as people_services
from calls.models import Call, Municipality
from tests.factories import (
    CallFactory,
    CostLineFactory,
    DraftFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnerFactory,
    UserFactory,
    complete_draft,
    invited_sketch,
)

pytestmark = pytest.mark.django_db


def _editor(application, role=Membership.Role.EDITOR):
    return MembershipFactory(organisation=application.organisation, role=role).user


def _open_call(**kwargs):
    now = timezone.now()
    return CallFactory(
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30), **kwargs
    )


# Organisations and people ---------------------------------------------------------------------


def test_registering_an_organisation_makes_the_person_its_administrator():
    user = UserFactory()
    organisation, request = people_services.organisation_register(
        user=user, orgnr="NO 974 760 673 MVA", name="Klyngen", kind="cluster"
    )
    assert request is None
    assert organisation.orgnr == "974760673"
    assert Membership.objects.get(user=user, organisation=organisation).role == "admin"


def test_a_bad_organisation_number_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError, match="kontrollsifferet stemmer ikke"):
        people_services.organisation_register(
            user=UserFactory(), orgnr="974 760 674", name="X", kind="cluster"
        )


def test_registering_an_existing_number_asks_the_administrators_instead_of_duplicating():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    newcomer = UserFactory()
    organisation, request = people_services.organisation_register(
        user=newcomer, orgnr=admin.organisation.orgnr, name="Kopi", kind="cluster"
    )
    assert organisation is None
    assert request.status == AccessRequest.Status.PENDING
    assert request.organisation == admin.organisation
    assert admin.organisation.memberships.count() == 1
    assert mail.outbox[-1].to == [admin.user.email]


def test_an_administrator_approves_an_access_request():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    newcomer = UserFactory()
    _org, request = people_services.organisation_register(
        user=newcomer, orgnr=admin.organisation.orgnr, name="Kopi", kind="cluster"
    )
    people_services.access_request_decide(access_request=request, by=admin.user, approve=True)
    assert Membership.objects.get(user=newcomer, organisation=admin.organisation).role == "editor"
    assert mail.outbox[-1].to == [newcomer.email]
    assert "Du har fått tilgang" in mail.outbox[-1].body


def test_an_editor_cannot_decide_an_access_request():
    editor = MembershipFactory(role=Membership.Role.EDITOR)
    _org, request = people_services.organisation_register(
        user=UserFactory(), orgnr=editor.organisation.orgnr, name="Kopi", kind="cluster"
    )
    with pytest.raises(PermissionDenied):
        people_services.access_request_decide(access_request=request, by=editor.user, approve=True)


def test_a_declined_request_gives_no_access():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    newcomer = UserFactory()
    _org, request = people_services.organisation_register(
        user=newcomer, orgnr=admin.organisation.orgnr, name="Kopi", kind="cluster"
    )
    people_services.access_request_decide(access_request=request, by=admin.user, approve=False)
    assert not Membership.objects.filter(user=newcomer).exists()


def _invite(admin, email="kollega@example.org", role=Membership.Role.EDITOR):
    return people_services.invitation_create(
        organisation=admin.organisation,
        email=email,
        role=role,
        by=admin.user,
        link_for=lambda token: f"https://example.org/my/invitations/{token}/",
    )


def test_an_invitation_stores_only_a_hash_of_the_token_and_mails_the_link():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    invitation, token = _invite(admin)
    assert token not in invitation.token_hash
    assert invitation.token_hash == people_services.invitation_token_hash(token)
    assert token in mail.outbox[-1].body
    assert invitation.expires_at - invitation.created_at >= dt.timedelta(days=14) - dt.timedelta(
        seconds=5
    )


def test_an_invitation_gives_the_role_and_works_only_once():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    _invitation, token = _invite(admin, role=Membership.Role.READER)
    colleague = UserFactory(email="kollega@example.org")
    membership = people_services.invitation_accept(token=token, user=colleague)
    assert membership.role == Membership.Role.READER
    with pytest.raises(ValidationError, match="allerede brukt"):
        people_services.invitation_accept(token=token, user=colleague)


def test_an_expired_invitation_is_refused():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    invitation, token = _invite(admin)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="utløpt"):
        people_services.invitation_accept(
            token=token, user=UserFactory(email="kollega@example.org")
        )


def test_an_invitation_is_for_the_address_it_was_sent_to():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    _invitation, token = _invite(admin)
    with pytest.raises(ValidationError, match="kollega@example.org"):
        people_services.invitation_accept(
            token=token, user=UserFactory(email="noen.andre@example.org")
        )


def test_only_administrators_invite():
    editor = MembershipFactory(role=Membership.Role.EDITOR)
    with pytest.raises(PermissionDenied):
        _invite(editor)


def test_the_last_administrator_cannot_be_demoted():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    with pytest.raises(ValidationError, match="minst én administrator"):
        people_services.membership_change_role(membership=admin, role="editor", by=admin.user)


def test_the_last_administrator_cannot_leave():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    with pytest.raises(ValidationError, match="siste administratoren"):
        people_services.membership_remove(membership=admin, by=admin.user)


def test_an_administrator_changes_roles_and_removes_people():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    other = MembershipFactory(organisation=admin.organisation, role=Membership.Role.READER)
    people_services.membership_change_role(membership=other, role="admin", by=admin.user)
    people_services.membership_change_role(membership=admin, role="editor", by=other.user)
    people_services.membership_remove(membership=admin, by=other.user)
    assert list(admin.organisation.memberships.values_list("role", flat=True)) == ["admin"]


def test_deleting_an_account_keeps_the_organisations_applications():
    application = complete_draft()
    user = _editor(application, Membership.Role.ADMIN)
    submission.application_submit(application=application, by=user)
    orphaned = people_services.user_delete(user=user)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_by is None
    assert orphaned == [application.organisation]


def test_the_last_administrator_of_a_shared_organisation_must_hand_over_before_deleting():
    admin = MembershipFactory(role=Membership.Role.ADMIN)
    MembershipFactory(organisation=admin.organisation, role=Membership.Role.EDITOR)
    with pytest.raises(ValidationError, match="administratorrollen"):
        people_services.user_delete(user=admin.user)
    assert Membership.objects.filter(pk=admin.pk).exists()


# Applications ---------------------------------------------------------------------------------


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


def _budget_messages(application):
    return [
        p.message for p in application_problems(application=application) if p.section == "budget"
    ]


def test_an_unbalanced_budget_is_a_problem():
    application = complete_draft()
    application.private_funding = 1
    application.save()
    assert any("må være lik kostnadsplanen" in m for m in _budget_messages(application))


def test_asking_for_more_than_the_call_allows_is_a_problem():
    application = complete_draft()
    application.requested_amount = application.call.max_amount_per_project + 1
    application.save()
    assert any("høyst" in m for m in _budget_messages(application))


def test_too_small_own_contribution_is_a_problem():
    application = complete_draft()  # costs 1 500 000, the call asks for 30 %
    application.own_contribution = 449_999
    application.private_funding = 1
    application.save()
    assert any("minst 30 %" in m for m in _budget_messages(application))


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


def test_sections_are_not_started_started_or_complete():
    application = DraftFactory(title="", summary="")
    assert {s.status for s in application_section_statuses(application=application)} == {
        "not_started"
    }
    PartnerFactory(application=application, role=Partner.Role.PARTICIPATING_FIRM)
    statuses = {s.key: s.status for s in application_section_statuses(application=application)}
    assert statuses["partners"] == "in_progress"
    complete = complete_draft()
    assert {s.status for s in application_section_statuses(application=complete)} == {"complete"}


# Submit, withdraw, two stages -------------------------------------------------------------------


def test_submitting_gives_a_reference_from_scheme_year_call_and_sequence():
    application = complete_draft()
    user = _editor(application)
    submitted = submission.application_submit(application=application, by=user)
    year = timezone.localtime(application.call.closes_at).year
    assert submitted.reference == f"KRN-{year}-{application.call.number}-001"
    assert submitted.status == Application.Status.SUBMITTED
    assert submitted.submitted_by == user
    assert submitted.reference in mail.outbox[-1].subject
    assert user.email in mail.outbox[-1].to


def test_the_sequence_counts_per_call():
    first = complete_draft()
    second = complete_draft(call=first.call)
    submission.application_submit(application=first, by=_editor(first))
    submission.application_submit(application=second, by=_editor(second))
    second.refresh_from_db()
    assert second.reference.endswith("-002")


def test_an_incomplete_application_cannot_be_submitted():
    application = DraftFactory()
    with pytest.raises(ValidationError, match="Beskriv prosjektet"):
        submission.application_submit(application=application, by=_editor(application))
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_submitting_twice_is_refused():
    application = complete_draft()
    user = _editor(application)
    submission.application_submit(application=application, by=user)
    with pytest.raises(ValidationError, match="allerede sendt"):
        submission.application_submit(application=application, by=user)


def test_a_submitted_application_is_read_only():
    application = complete_draft()
    user = _editor(application)
    submission.application_submit(application=application, by=user)
    with pytest.raises(ValidationError, match="kan ikke endres"):
        services.application_save_project(
            application=application, version=1, values={"title": "Endret"}, by=user
        )


def test_without_a_firm_in_the_district_area_the_application_is_flagged():
    application = complete_draft()
    application.partners.filter(role=Partner.Role.PARTICIPATING_FIRM).update(
        municipality=MunicipalityFactory(district_policy_zone=Municipality.Zone.I)
    )
    submitted = submission.application_submit(application=application, by=_editor(application))
    assert submitted.outside_district_area is True


def test_with_a_firm_in_the_district_area_it_is_not_flagged():
    application = complete_draft()
    submitted = submission.application_submit(application=application, by=_editor(application))
    assert submitted.outside_district_area is False


def test_withdraw_then_submit_again_keeps_the_reference():
    application = complete_draft()
    user = _editor(application)
    reference = submission.application_submit(application=application, by=user).reference
    withdrawn = submission.application_withdraw(application=application, by=user)
    assert withdrawn.status == Application.Status.WITHDRAWN
    again = submission.application_submit(application=application, by=user)
    assert again.status == Application.Status.SUBMITTED
    assert again.reference == reference


def test_a_draft_cannot_be_withdrawn():
    application = complete_draft()
    with pytest.raises(ValidationError):
        submission.application_withdraw(application=application, by=_editor(application))


def test_an_invited_sketch_becomes_a_prefilled_application_on_the_linked_call():
    sketch_call = CallFactory(stage=Call.Stage.SKETCH)
    sketch = invited_sketch(call=sketch_call)
    full_call = _open_call(sketch_call=sketch_call)
    user = _editor(sketch)
    application = submission.application_from_sketch(sketch=sketch, by=user)
    assert application.call == full_call
    assert application.sketch == sketch
    assert application.title == sketch.title
    assert application.partners.count() == 2
    assert application.cost_lines.count() == 1
    assert submission.application_from_sketch(sketch=sketch, by=user) == application


def test_a_sketch_that_was_not_invited_cannot_become_an_application():
    sketch_call = CallFactory(stage=Call.Stage.SKETCH)
    sketch = complete_draft(call=sketch_call, status=Application.Status.SUBMITTED)
    _open_call(sketch_call=sketch_call)
    with pytest.raises(ValidationError, match="invitert"):
        submission.application_from_sketch(sketch=sketch, by=_editor(sketch))


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
