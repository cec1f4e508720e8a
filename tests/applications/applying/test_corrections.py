"""Requests for more information after the deadline: each rule of reopening and sending in."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import hooks
from applications.applying import corrections, services, submission
from applications.models import Application, CorrectionRequest, Membership
from tests.factories import MembershipFactory, StaffFactory, UserFactory, complete_draft

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _sent():
    application = complete_draft()
    editor = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.EDITOR
    ).user
    submission.application_submit(application=application, by=editor)
    application.refresh_from_db()
    return application, editor


def _ask(application, sections=("project",), *, days=7, now=None, **kwargs):
    return corrections.correction_request(
        application=application,
        sections=list(sections),
        reason="Prosjektbeskrivelsen mangler læringsmål.",
        open_until=timezone.localdate() + dt.timedelta(days=days),
        by=kwargs.pop("by", None) or StaffFactory(),
        now=now,
        **kwargs,
    )


def _save_title(application, by, title="Ny tittel"):
    values = {name: getattr(application, name) for name in services.PROJECT_FIELDS}
    values["title"] = title
    return services.application_save_project(
        application=application,
        version=application.section_version("project"),
        values=values,
        by=by,
    )


def test_only_the_named_sections_open_and_the_reference_and_status_stay(committed):
    application, editor = _sent()
    reference = application.reference
    with committed():
        _ask(application, ["project"])
    assert "Mer informasjon trengs" in mail.outbox[-1].subject
    assert "læringsmål" not in mail.outbox[-1].body  # the reason is read after signing in
    _save_title(application, editor)
    application.refresh_from_db()
    assert application.title == "Ny tittel"
    assert application.reference == reference
    assert application.status == Application.Status.SUBMITTED
    with pytest.raises(ValidationError, match="kan ikke endres"):
        services.application_save_budget(
            application=application,
            version=application.section_version("budget"),
            cost_lines=[],
            financing={},
            by=editor,
        )


def test_nothing_opens_without_a_request_or_after_its_date():
    application, editor = _sent()
    with pytest.raises(ValidationError, match="kan ikke endres"):
        _save_title(application, editor)
    request = _ask(application, ["project"], days=1)
    request.open_until = timezone.now() - dt.timedelta(seconds=1)
    request.requested_at = request.open_until - dt.timedelta(days=1)
    request.save()
    with pytest.raises(ValidationError, match="kan ikke endres"):
        _save_title(application, editor)
    with pytest.raises(ValidationError, match="Fristen for å supplere gikk ut"):
        corrections.correction_submit(application=application, by=editor)


def test_the_date_counts_to_the_end_of_its_day_in_oslo():
    application, editor = _sent()
    day = timezone.localdate() + dt.timedelta(days=3)
    request = _ask(application, ["project"], days=3)
    local = timezone.localtime(request.open_until)
    assert local.date() == day
    assert (local.hour, local.minute, local.second) == (23, 59, 59)
    last_minute = request.open_until - dt.timedelta(seconds=30)
    corrections.correction_submit(application=application, by=editor, now=last_minute)


def test_a_reader_another_organisation_or_a_stranger_cannot_change_or_send_in():
    application, _editor = _sent()
    _ask(application, ["project", "attachments"])
    reader = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.READER
    ).user
    outsider = MembershipFactory(role=Membership.Role.ADMIN).user
    for person in (reader, outsider, UserFactory()):
        with pytest.raises(PermissionDenied):
            _save_title(application, person)
        with pytest.raises(PermissionDenied):
            corrections.correction_submit(application=application, by=person)


def test_sending_in_checks_the_reopened_sections_and_records_what_changed(committed):
    application, editor = _sent()
    adviser = StaffFactory(email="radgiver@example.org")
    told = []
    hooks.correction_answered.register(
        key="test.told", callback=lambda request: told.append(request)
    )
    try:
        with committed():
            _ask(application, ["project"], by=adviser)
        values = {name: getattr(application, name) for name in services.PROJECT_FIELDS}
        values["description"] = ""
        services.application_save_project(
            application=application,
            version=application.section_version("project"),
            values=values,
            by=editor,
        )
        with pytest.raises(ValidationError, match="Beskriv prosjektet"):
            corrections.correction_submit(application=application, by=editor)
        application.refresh_from_db()
        values["description"] = "Nå med læringsmål."
        services.application_save_project(
            application=application,
            version=application.section_version("project"),
            values=values,
            by=editor,
        )
        with committed():
            request = corrections.correction_submit(application=application, by=editor)
    finally:
        hooks.correction_answered.remove("test.told")
    assert told == [request]
    assert request.answered_by == editor
    changes = corrections.correction_changes(request)
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Prosjektbeskrivelse", "Beskrivelse.", "Nå med læringsmål.")
    ]
    # The adviser who asked is e-mailed a link to the case (the awards app fills the hook).
    assert mail.outbox[-1].to == ["radgiver@example.org"]
    assert f"/admin/applications/application/{application.pk}/assessment/" in mail.outbox[-1].body
    # Sent in, the sections are locked again.
    with pytest.raises(ValidationError, match="kan ikke endres"):
        _save_title(application, editor)


def test_a_sent_attachment_stays_but_a_new_one_can_be_added():
    application, editor = _sent()
    _ask(application, ["attachments"])
    sent = application.attachments.get()
    with pytest.raises(ValidationError, match="ble sendt med søknaden"):
        services.attachment_delete(attachment=sent, by=editor)
    added = services.attachment_add(
        application=application,
        uploaded=SimpleUploadedFile("larings-mal.pdf", PDF, "application/pdf"),
        by=editor,
    )
    services.attachment_delete(attachment=added, by=editor)
    assert application.attachments.filter(pk=sent.pk).exists()


def test_one_pending_request_at_a_time_and_an_expired_one_is_closed_by_the_next():
    application, _editor = _sent()
    first = _ask(application, ["project"])
    with pytest.raises(ValidationError, match="allerede bedt om mer informasjon"):
        _ask(application, ["budget"])
    first.open_until = timezone.now() - dt.timedelta(minutes=1)
    first.requested_at = first.open_until - dt.timedelta(days=2)
    first.save()
    second = _ask(application, ["budget"])
    first.refresh_from_db()
    assert first.closed_at is not None
    assert second.is_open()
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectionRequest.objects.create(
            application=application,
            sections=["project"],
            reason="x",
            open_until=timezone.now() + dt.timedelta(days=1),
            requested_by=second.requested_by,
            requested_at=timezone.now(),
        )


def test_a_request_needs_sections_a_reason_and_a_date_after_today():
    application, _editor = _sent()
    with pytest.raises(ValidationError) as error:
        corrections.correction_request(
            application=application,
            sections=[],
            reason="  ",
            open_until=timezone.localdate() - dt.timedelta(days=1),
            by=StaffFactory(),
        )
    assert set(error.value.message_dict) == {"sections", "reason", "open_until"}
    with pytest.raises(ValidationError, match="høyst 2000 tegn"):
        corrections.correction_request(
            application=application,
            sections=["project"],
            reason="x" * 2001,
            open_until=timezone.localdate() + dt.timedelta(days=1),
            by=StaffFactory(),
        )
    assert not CorrectionRequest.objects.exists()


def test_drafts_and_decided_applications_cannot_be_asked():
    draft = complete_draft()
    with pytest.raises(ValidationError, match="Bare en sendt søknad"):
        _ask(draft)
    application, _editor = _sent()
    Application.objects.filter(pk=application.pk).update(status=Application.Status.REJECTED)
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="Bare en sendt søknad"):
        _ask(application)
