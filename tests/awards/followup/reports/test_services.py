"""The report services: made from the schedule on acceptance, written by administrators and
editors only, sent when nothing is missing, approved or sent back by an adviser; the hook runs
once after an approved final report, and never when the approval fails."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from awards.followup.reports import hooks, services
from awards.models import Grant, Report, ReportReturn
from calls.reporting import ReportSchedule

from .conftest import ENDS, STARTS, fill, pdf

pytestmark = pytest.mark.django_db


def test_accepting_makes_a_progress_report_halfway_and_a_final_report_after_the_end(accepted):
    reports = {r.kind: r for r in accepted.reports.all()}
    assert reports["progress"].due_on == STARTS + (ENDS - STARTS) / 2
    assert reports["final"].due_on == ENDS + dt.timedelta(days=60)
    assert {r.status for r in reports.values()} == {Report.Status.DRAFT}


def test_making_the_reports_again_adds_none(accepted, org_admin):
    assert services.reports_create(grant=accepted, by=org_admin) == []
    assert accepted.reports.count() == 2


def test_a_schedule_with_a_date_and_no_schedule_at_all(accepted, org_admin):
    accepted.reports.all().delete()
    ReportSchedule.objects.filter(call=accepted.award.application.call).update(
        progress="on_date", progress_on=dt.date(2027, 1, 15), final_days_after_end=30
    )
    services.reports_create(grant=accepted, by=org_admin)
    dates = dict(accepted.reports.values_list("kind", "due_on"))
    assert dates == {"progress": dt.date(2027, 1, 15), "final": ENDS + dt.timedelta(days=30)}
    accepted.reports.all().delete()
    ReportSchedule.objects.filter(call=accepted.award.application.call).update(progress="none")
    services.reports_create(grant=accepted, by=org_admin)
    assert list(accepted.reports.values_list("kind", flat=True)) == ["final"]


def test_an_editor_writes_and_a_reader_or_stranger_may_not(final, org_editor, org_reader):
    from tests.factories import UserFactory

    services.report_save_text(report=final, by=org_editor, field="status_text", text="I rute.")
    final.refresh_from_db()
    assert final.status_text == "I rute."
    for person in (org_reader, UserFactory(username="fremmed")):
        with pytest.raises(PermissionDenied):
            services.report_save_text(report=final, by=person, field="learned", text="x")
        with pytest.raises(PermissionDenied):
            services.report_submit(report=final, by=person)


def test_sending_an_empty_report_lists_every_problem(final, org_admin):
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=final, by=org_admin)
    assert error.value.messages[0] == "Skriv status i prosjektet."
    assert "Oppgi oppnådd tall for «Studiepoeng»." in error.value.messages
    assert error.value.messages[-1] == "Skriv hva dere har lært."
    assert len(error.value.messages) == 7
    final.refresh_from_db()
    assert final.status == Report.Status.DRAFT


def test_negative_figures_and_other_calls_indicators_are_refused(final, org_admin):
    indicator = final.grant.award.application.call.indicators.first()
    with pytest.raises(ValidationError, match="negative"):
        services.report_save_figures(report=final, by=org_admin, figures={indicator.pk: -1})
    with pytest.raises(ValidationError, match="hører ikke til"):
        services.report_save_figures(report=final, by=org_admin, figures={999_999: 1})


def test_a_save_from_an_old_version_is_refused(final, org_admin, org_editor):
    opened = final.version
    services.report_save_text(report=final, by=org_admin, field="learned", text="Først.")
    with pytest.raises(ValidationError, match="Noen andre har lagret"):
        services.report_save_text(
            report=final, by=org_editor, field="learned", text="Sist.", version=opened
        )


def test_sending_the_final_report_moves_the_grant_to_final_report(final, org_admin):
    report = services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    assert report.status == Report.Status.SUBMITTED
    assert report.submitted_by == org_admin
    report.grant.refresh_from_db()
    assert report.grant.state == Grant.State.FINAL_REPORT
    assert report.grant.history.first().history_change_reason == "Sluttrapporten er sendt."
    with pytest.raises(ValidationError, match="kan ikke endres nå"):
        services.report_save_text(report=report, by=org_admin, field="learned", text="x")


def test_sending_a_progress_report_leaves_the_grant_as_it_is(progress, org_admin):
    services.report_submit(report=fill(progress, by=org_admin), by=org_admin)
    progress.grant.refresh_from_db()
    assert progress.grant.state == Grant.State.ACCEPTED


def test_only_a_sent_report_is_approved_and_only_by_an_adviser(final, org_admin, adviser):
    with pytest.raises(ValidationError, match="Bare en sendt rapport"):
        services.report_approve(report=final, by=adviser)
    report = services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, by=org_admin)
    report = services.report_approve(report=report, by=adviser)
    assert report.status == Report.Status.APPROVED
    assert report.approved_by == adviser


def test_an_approved_final_report_calls_each_hook_once_after_the_commit(
    final, org_admin, adviser, committed, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        hooks, "on_final_report_approved", [lambda report, *, by: calls.append((report.pk, by))]
    )
    report = services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    with committed():
        services.report_approve(report=report, by=adviser)
        assert calls == []  # not before the commit
    assert calls == [(final.pk, adviser)]


def test_a_failed_approval_or_a_progress_report_calls_no_hook(
    final, progress, org_admin, adviser, committed, monkeypatch
):
    calls = []
    monkeypatch.setattr(hooks, "on_final_report_approved", [lambda report, *, by: calls.append(1)])
    with committed(), pytest.raises(ValidationError):
        services.report_approve(report=final, by=adviser)  # still a draft
    report = services.report_submit(report=fill(progress, by=org_admin), by=org_admin)
    with committed():
        services.report_approve(report=report, by=adviser)
    assert calls == []


def test_sending_back_needs_a_comment_and_keeps_the_version_sent_back(final, org_admin, adviser):
    report = services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    with pytest.raises(ValidationError, match="Skriv hva organisasjonen må rette"):
        services.report_return(report=report, by=adviser, comment="  ")
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, by=org_admin, comment="Selv?")
    report = services.report_return(report=report, by=adviser, comment="Mangler studiepoeng.")
    assert report.status == Report.Status.RETURNED
    kept = ReportReturn.objects.get(report=report)
    assert kept.comment == "Mangler studiepoeng."
    assert kept.snapshot["status_text"] == "Går bra."
    assert [f["actual"] for f in kept.snapshot["figures"]] == [10, 20, 30, 40, 50]
    assert [f["target"] for f in kept.snapshot["figures"]] == [1, 2, 3, 4, 5]
    # It opens for editing again; the kept version does not change with it.
    services.report_save_text(report=report, by=org_admin, field="status_text", text="Rettet.")
    report = services.report_submit(report=report, by=org_admin)
    assert report.status == Report.Status.SUBMITTED
    kept.refresh_from_db()
    assert kept.snapshot["status_text"] == "Går bra."


def test_files_are_checked_kept_private_and_removed_only_while_editable(final, org_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment = services.report_attach(report=final, by=org_admin, uploaded=pdf())
    assert attachment.name == "deltakere.pdf"
    assert attachment.file.name.startswith(f"reports/{final.pk}/")
    with pytest.raises(ValidationError):
        services.report_attach(
            report=final, by=org_admin, uploaded=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")
        )
    services.report_detach(attachment=attachment, by=org_admin)
    assert final.attachments.count() == 0


def test_the_case_owner_hears_of_a_sent_report_and_the_organisation_of_one_sent_back(
    final, org_admin, org_reader, adviser, committed
):
    from django.core import mail

    mail.outbox.clear()
    with committed():
        report = services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    [sent] = mail.outbox
    assert sent.to == [adviser.email]
    assert f"/admin/awards/report/{final.pk}/change/" in sent.body
    with committed():
        services.report_return(report=report, by=adviser, comment="Hemmelig kommentar.")
    returned = mail.outbox[-1]
    assert returned.to == ["leder@skole.no"]  # administrators and editors, not readers
    assert "sendt tilbake" in returned.subject
    assert "Hemmelig kommentar." not in returned.body
    assert f"/my/reports/{final.pk}/" in returned.body


def test_a_cancelled_grants_report_can_no_longer_be_written_or_sent(final, org_admin):
    fill(final, by=org_admin)
    Grant.objects.filter(pk=final.grant_id).update(
        state=Grant.State.CANCELLED,
        cancelled_at=timezone.now(),
        cancel_reason="Prosjektet stoppet.",
    )
    with pytest.raises(ValidationError, match="Tilsagnet er avsluttet"):
        services.report_save_text(report=final, by=org_admin, field="learned", text="x")
    with pytest.raises(ValidationError, match="Tilsagnet er avsluttet"):
        services.report_submit(report=final, by=org_admin)


def test_an_approved_final_report_is_recorded_on_the_grant_for_its_last_payout(
    final, org_admin, adviser, committed
):
    """The payouts' close-out is registered on the hook: the last instalment may then be paid."""
    report = services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    with committed():
        services.report_approve(report=report, by=adviser)
    grant = report.grant
    grant.refresh_from_db()
    assert grant.final_report_approved_at is not None
    assert grant.state == grant.State.FINAL_REPORT
