"""Sign-off before submission: a call can require an administrator to confirm and send."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.applying import submission
from applications.models import Application, Membership
from calls.formatting import person_name
from tests.factories import MembershipFactory, UserFactory, complete_draft

pytestmark = pytest.mark.django_db


def _signoff_draft():
    application = complete_draft()
    application.call.requires_signoff = True
    application.call.save(update_fields=["requires_signoff"])
    return application


def _member(application, role):
    return MembershipFactory(organisation=application.organisation, role=role).user


def test_an_editor_cannot_send_when_the_call_requires_sign_off():
    application = _signoff_draft()
    editor = _member(application, Membership.Role.EDITOR)
    with pytest.raises(ValidationError, match="krever at en administrator") as error:
        submission.application_submit(application=application, by=editor, confirmed=True)
    assert error.value.code == "signoff_required"
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.reference is None


def test_an_administrator_must_confirm_before_sending():
    application = _signoff_draft()
    admin = _member(application, Membership.Role.ADMIN)
    with pytest.raises(ValidationError, match="står bak søknaden") as error:
        submission.application_submit(application=application, by=admin)
    assert error.value.code == "not_confirmed"
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_an_editor_asks_and_an_administrator_sends_and_the_receipt_names_both(committed):
    application = _signoff_draft()
    editor = _member(application, Membership.Role.EDITOR)
    admin = _member(application, Membership.Role.ADMIN)
    other_admin = _member(application, Membership.Role.ADMIN)
    reader = _member(application, Membership.Role.READER)
    with committed():
        submission.application_request_signoff(application=application, by=editor)
    request_mail = mail.outbox[-1]
    assert sorted(request_mail.to) == sorted([admin.email, other_admin.email])
    assert reader.email not in request_mail.to
    assert "ikke sendt ennå" in request_mail.body
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.signoff_requested_by == editor

    with committed():
        submission.application_submit(application=application, by=admin, confirmed=True)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_by == admin
    receipt = mail.outbox[-1]
    assert f"Gjort klar av: {person_name(editor)}" in receipt.body
    assert f"Bekreftet og sendt av: {person_name(admin)}" in receipt.body


def test_the_deadline_applies_to_the_sending_not_to_the_request():
    application = _signoff_draft()
    editor = _member(application, Membership.Role.EDITOR)
    admin = _member(application, Membership.Role.ADMIN)
    call = application.call
    submission.application_request_signoff(
        application=application, by=editor, now=call.closes_at - dt.timedelta(minutes=5)
    )
    with pytest.raises(ValidationError, match="Fristen gikk ut"):
        submission.application_submit(
            application=application, by=admin, confirmed=True, now=call.closes_at
        )
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_asking_for_sign_off_after_the_deadline_or_when_incomplete_is_refused():
    application = _signoff_draft()
    editor = _member(application, Membership.Role.EDITOR)
    with pytest.raises(ValidationError, match="Fristen gikk ut"):
        submission.application_request_signoff(
            application=application, by=editor, now=application.call.closes_at
        )
    application.description = ""
    application.save(update_fields=["description"])
    with pytest.raises(ValidationError):
        submission.application_request_signoff(application=application, by=editor)
    application.refresh_from_db()
    assert application.signoff_requested_at is None


def test_a_reader_or_an_outsider_cannot_ask_for_sign_off():
    application = _signoff_draft()
    _member(application, Membership.Role.ADMIN)
    reader = _member(application, Membership.Role.READER)
    with pytest.raises(PermissionDenied):
        submission.application_request_signoff(application=application, by=reader)
    with pytest.raises(PermissionDenied):
        submission.application_request_signoff(application=application, by=UserFactory())
    outsider_admin = MembershipFactory(role=Membership.Role.ADMIN).user
    with pytest.raises(PermissionDenied):
        submission.application_submit(application=application, by=outsider_admin, confirmed=True)


def test_no_active_administrator_means_a_clear_message():
    application = _signoff_draft()
    editor = _member(application, Membership.Role.EDITOR)
    gone = _member(application, Membership.Role.ADMIN)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="ingen aktiv administrator"):
        submission.application_request_signoff(application=application, by=editor)


def test_a_call_without_sign_off_needs_no_request_and_sends_as_before():
    application = complete_draft()
    editor = _member(application, Membership.Role.EDITOR)
    with pytest.raises(ValidationError, match="krever ikke bekreftelse"):
        submission.application_request_signoff(application=application, by=editor)
    submission.application_submit(application=application, by=editor)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_withdrawing_clears_the_sign_off_so_sending_again_needs_a_new_one():
    application = _signoff_draft()
    editor = _member(application, Membership.Role.EDITOR)
    admin = _member(application, Membership.Role.ADMIN)
    submission.application_request_signoff(application=application, by=editor)
    submission.application_submit(application=application, by=admin, confirmed=True)
    submission.application_withdraw(application=application, by=editor)
    application.refresh_from_db()
    assert application.signoff_requested_by is None
    assert application.signoff_requested_at is None


def test_the_summary_page_offers_each_role_its_own_button(client):
    application = _signoff_draft()
    editor = _member(application, Membership.Role.EDITOR)
    admin = _member(application, Membership.Role.ADMIN)
    url = reverse("applications:summary", kwargs={"pk": application.pk})
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert reverse("applications:request_signoff", kwargs={"pk": application.pk}) in page
    assert reverse("applications:submit", kwargs={"pk": application.pk}) not in page
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert reverse("applications:submit", kwargs={"pk": application.pk}) in page
    assert 'name="confirm"' in page


def test_the_views_keep_the_draft_and_say_why(client):
    application = _signoff_draft()
    admin = _member(application, Membership.Role.ADMIN)
    client.force_login(admin)
    response = client.post(
        reverse("applications:submit", kwargs={"pk": application.pk}), follow=True
    )
    assert "står bak søknaden" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    response = client.post(
        reverse("applications:submit", kwargs={"pk": application.pk}),
        {"confirm": "on"},
    )
    assert response.url == reverse("applications:receipt", kwargs={"pk": application.pk})
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at <= timezone.now()
