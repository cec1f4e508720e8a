"""The rules of an appeal: who may lodge it, in time or late with a reason, one open per
decision, the acknowledgement, the case handler (not the decision-maker, impartial), reversing
through the decision service, forwarding with the case documents, the appeal body's outcome."""

import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Membership
from awards import roles
from awards.appeals import services
from awards.appeals.bundle import bundle_context
from awards.appeals.models import Appeal
from awards.decisions import services as decision_services
from awards.dialogue.models import InternalNote, Message
from awards.models import Decision, Letter
from tests.factories import ApplicationFactory, MembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _lodge(letter, by, **kwargs):
    return services.appeal_lodge(letter=letter, by=by, grounds="Vurderingen er feil.", **kwargs)


@pytest.fixture
def appeal(rejected, admin_member, committed):
    with committed():
        return _lodge(rejected, admin_member)


@pytest.fixture
def reviewing(appeal, handler, adviser):
    services.appeal_assign_handler(appeal=appeal, handler=handler, by=adviser)
    return services.appeal_declare(appeal=appeal, impartial=True, by=handler)


# --- Lodging ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Membership.Role.ADMIN, Membership.Role.EDITOR])
def test_an_administrator_or_editor_lodges_an_appeal(rejected, role):
    member = MembershipFactory(organisation=rejected.application.organisation, role=role).user
    appeal = _lodge(rejected, member)
    assert appeal.state == Appeal.State.RECEIVED
    assert appeal.decision_id == rejected.decision_id
    assert appeal.organisation_id == rejected.application.organisation_id
    assert appeal.lodged_by == member
    assert not appeal.late
    assert appeal.deadline.astimezone(timezone.get_current_timezone()).date() == (
        rejected.appeal_deadline
    )
    assert appeal.history.first().history_user == member


def test_a_reader_may_not_appeal(rejected, reader):
    with pytest.raises(PermissionDenied):
        _lodge(rejected, reader)
    assert not Appeal.objects.exists()


def test_another_organisation_may_not_appeal(rejected, outsider):
    with pytest.raises(PermissionDenied):
        _lodge(rejected, outsider)


def test_a_reviewer_or_adviser_may_not_appeal_for_the_organisation(rejected, reviewer, adviser):
    for person in (reviewer, adviser):
        with pytest.raises(PermissionDenied):
            _lodge(rejected, person)


def test_an_invitation_cannot_be_appealed(rejected, admin_member):
    Letter.objects.filter(pk=rejected.pk).update(kind="invitation")
    rejected.refresh_from_db()
    with pytest.raises(ValidationError, match="ikke et vedtak"):
        _lodge(rejected, admin_member)


def test_empty_grounds_are_refused(rejected, admin_member):
    with pytest.raises(ValidationError) as error:
        services.appeal_lodge(letter=rejected, by=admin_member, grounds="   ")
    assert error.value.message_dict["grounds"] == ["Skriv hva dere klager på, og hvorfor."]


def test_a_late_appeal_needs_a_reason(rejected, admin_member):
    after = rejected.delivered_at + dt.timedelta(weeks=4)
    with pytest.raises(ValidationError) as error:
        _lodge(rejected, admin_member, now=after)
    assert "Skriv hvorfor klagen kommer for sent" in error.value.message_dict["late_reason"][0]
    assert not Appeal.objects.exists()


def test_a_late_appeal_with_a_reason_is_taken_and_marked_late(rejected, admin_member):
    after = rejected.delivered_at + dt.timedelta(weeks=4)
    appeal = _lodge(rejected, admin_member, now=after, late_reason="Daglig leder var syk.")
    assert appeal.late
    assert appeal.late_reason == "Daglig leder var syk."


def test_an_appeal_in_time_drops_a_late_reason(rejected, admin_member):
    appeal = _lodge(rejected, admin_member, late_reason="Unødvendig")
    assert not appeal.late
    assert appeal.late_reason == ""


def test_one_open_appeal_per_decision(appeal, rejected, editor):
    with pytest.raises(ValidationError, match="allerede en åpen klage"):
        _lodge(rejected, editor)
    assert Appeal.objects.count() == 1


def test_the_database_holds_one_open_appeal_per_decision(appeal):
    twin = Appeal(
        application=appeal.application,
        organisation=appeal.organisation,
        decision=appeal.decision,
        letter=appeal.letter,
        grounds="Igjen",
        lodged_by=appeal.lodged_by,
        lodged_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_new_appeal_can_follow_a_closed_one(appeal, rejected, editor):
    Appeal.objects.filter(pk=appeal.pk).update(state="closed", closed_at=timezone.now())
    assert _lodge(rejected, editor).pk != appeal.pk


def test_the_acknowledgement_letter_goes_out_at_once(appeal, rejected):
    receipt = Letter.objects.get(kind="appeal_receipt")
    assert receipt.application_id == rejected.application_id
    assert receipt.appeal_deadline is None
    assert "Vi har mottatt klagen deres" in receipt.subject
    assert "Kommunal- og distriktsdepartementet" in receipt.body
    assert receipt.delivery_status == Letter.Delivery.SENT
    subjects = [message.subject for message in mail.outbox]
    assert any("Vi har mottatt klagen deres" in subject for subject in subjects)
    assert any("Ny klage på vedtaket" in subject for subject in subjects)


def test_the_attachment_is_kept_in_the_private_storage(rejected, admin_member):
    upload = SimpleUploadedFile("vedlegg.pdf", PDF, content_type="application/pdf")
    appeal = _lodge(rejected, admin_member, uploaded=upload)
    assert appeal.attachment_name == "vedlegg.pdf"
    assert appeal.attachment.name.startswith(f"appeals/{rejected.application_id}/")
    with appeal.attachment.open("rb") as handle:
        assert handle.read() == PDF


def test_a_file_that_is_not_a_document_is_refused(rejected, admin_member):
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValidationError):
        _lodge(rejected, admin_member, uploaded=upload)
    assert not Appeal.objects.exists()


# --- The case handler and impartiality --------------------------------------------------------


def test_the_adviser_who_decided_may_not_handle_the_appeal(appeal, adviser):
    with pytest.raises(ValidationError) as error:
        services.appeal_assign_handler(appeal=appeal, handler=adviser, by=adviser)
    assert "fattet vedtaket som er påklaget" in error.value.message_dict["handler"][0]


def test_a_partner_reviewer_may_not_handle_an_appeal(appeal, adviser, reviewer):
    with pytest.raises(ValidationError, match="kan ikke avgjøre saker"):
        services.appeal_assign_handler(appeal=appeal, handler=reviewer, by=adviser)


def test_only_an_adviser_assigns_the_handler(appeal, reviewer, handler, admin_member):
    for person in (reviewer, admin_member):
        with pytest.raises(PermissionDenied):
            services.appeal_assign_handler(appeal=appeal, handler=handler, by=person)


def test_a_handler_who_acts_for_the_applicant_is_blocked(appeal, adviser, handler):
    MembershipFactory(organisation=appeal.organisation, user=handler)
    with pytest.raises(ValidationError, match="inhabil i saken"):
        services.appeal_assign_handler(appeal=appeal, handler=handler, by=adviser)


def test_assigning_a_handler_puts_the_appeal_under_review(appeal, adviser, handler):
    appeal = services.appeal_assign_handler(appeal=appeal, handler=handler, by=adviser)
    assert appeal.state == Appeal.State.UNDER_REVIEW
    assert appeal.case_handler == handler
    assert appeal.handler_declared_at is None


def test_only_the_handler_declares(appeal, adviser, handler):
    services.appeal_assign_handler(appeal=appeal, handler=handler, by=adviser)
    with pytest.raises(PermissionDenied):
        services.appeal_declare(appeal=appeal, impartial=True, by=adviser)


def test_a_handler_who_declares_a_conflict_leaves_the_appeal_with_the_reason_kept(
    appeal, adviser, handler
):
    services.appeal_assign_handler(appeal=appeal, handler=handler, by=adviser)
    with pytest.raises(ValidationError):
        services.appeal_declare(appeal=appeal, impartial=False, reason="", by=handler)
    appeal = services.appeal_declare(
        appeal=appeal, impartial=False, reason="Søsteren min leder klyngen.", by=handler
    )
    assert appeal.case_handler is None
    assert appeal.state == Appeal.State.RECEIVED
    assert "Søsteren min leder klyngen." in appeal.conflict_reason


def test_the_handler_must_declare_before_reviewing(appeal, adviser, handler):
    services.appeal_assign_handler(appeal=appeal, handler=handler, by=adviser)
    with pytest.raises(ValidationError, match="Erklær habilitet"):
        services.appeal_forward(appeal=appeal, by=handler, comment="Står.")


def test_only_the_handler_reviews(reviewing, adviser):
    with pytest.raises(PermissionDenied):
        services.appeal_forward(appeal=reviewing, by=adviser, comment="Står.")


def test_a_decision_maker_who_acts_for_the_applicant_is_blocked(adviser, eligible):
    MembershipFactory(organisation=eligible.organisation, user=adviser)
    with pytest.raises(ValidationError, match="inhabil i saken"):
        decision_services.decision_make(
            application=eligible, outcome="reject", rejection_reason="low_score", by=adviser
        )
    assert not Decision.objects.filter(application=eligible).exists()


# --- Reverse, forward, the appeal body --------------------------------------------------------


def test_reversing_makes_a_new_decision_and_sends_its_letter(reviewing, handler, committed):
    with committed():
        appeal = services.appeal_reverse(
            appeal=reviewing,
            by=handler,
            reason="Vurderingen av relevans var for streng.",
            outcome="award",
            amount=1_000_000,
            payout_deadline=dt.date(2028, 6, 30),
        )
    assert appeal.state == Appeal.State.REVERSED
    assert appeal.closed_at is not None
    decision = Decision.objects.get(application=appeal.application)
    assert decision.outcome == "award"
    assert decision.decided_by == handler
    assert "Omgjort etter klage" in decision.change_reason
    offer = Letter.objects.get(kind="offer")
    assert offer.appeal_deadline is not None  # the new decision can be appealed in turn
    assert decision.letter_sent_at is not None


def test_a_reversal_stays_within_the_budget(reviewing, handler, adviser):
    other = ApplicationFactory(call=reviewing.application.call, status="awarded")
    Decision.objects.create(
        application=other,
        outcome="award",
        amount=4_500_000,
        decided_by=adviser,
        decided_at=timezone.now(),
    )
    with pytest.raises(ValidationError) as error:
        services.appeal_reverse(
            appeal=reviewing,
            by=handler,
            reason="Omgjøres.",
            outcome="award",
            amount=1_000_000,
            payout_deadline=dt.date(2028, 6, 30),
        )
    assert "går over rammen" in str(error.value)
    reviewing.refresh_from_db()
    assert reviewing.state == Appeal.State.UNDER_REVIEW
    assert Decision.objects.get(application=reviewing.application).outcome == "reject"


def test_a_reversal_that_changes_nothing_is_refused(reviewing, handler):
    decision = reviewing.decision
    with pytest.raises(ValidationError, match="likt det som er påklaget"):
        services.appeal_reverse(
            appeal=reviewing,
            by=handler,
            reason="Omgjøres.",
            outcome="reject",
            rejection_reason=decision.rejection_reason,
            rejection_text=decision.rejection_text,
        )


def test_a_reversal_needs_a_reason(reviewing, handler):
    with pytest.raises(ValidationError):
        services.appeal_reverse(
            appeal=reviewing, by=handler, reason=" ", outcome="award", amount=1_000_000
        )


def test_forwarding_bundles_the_case_documents_without_internal_notes(
    reviewing, handler, adviser, admin_member, committed
):
    application = reviewing.application
    Message.objects.create(application=application, author=admin_member, text="Spørsmål fra oss")
    InternalNote.objects.create(application=application, author=adviser, text="HEMMELIG NOTAT")
    context = bundle_context(reviewing)
    assert [m.text for m in context["thread"]] == ["Spørsmål fra oss"]
    assert "notes" not in context
    with committed():
        appeal = services.appeal_forward(appeal=reviewing, by=handler, comment="Vedtaket står.")
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.UPHELD_FORWARDED
    assert appeal.bundle_pdf and appeal.bundle_zip
    with appeal.bundle_pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with appeal.bundle_zip.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert "saksdokumenter.pdf" in names
    assert any(name.startswith("brev/") and name.endswith("-rejection.pdf") for name in names)
    assert any(name.endswith("-appeal_receipt.pdf") for name in names)


def test_the_bundle_html_holds_the_appeal_the_decision_and_the_messages_not_the_notes(
    reviewing, adviser, admin_member
):
    from django.template.loader import render_to_string

    application = reviewing.application
    Message.objects.create(application=application, author=admin_member, text="Spørsmål fra oss")
    InternalNote.objects.create(application=application, author=adviser, text="HEMMELIG NOTAT")
    html = render_to_string("awards/appeals/bundle.html", bundle_context(reviewing))
    assert "Vurderingen er feil." in html
    assert "Spørsmål fra oss" in html
    assert "Avslag" in html
    assert application.title in html
    assert "HEMMELIG NOTAT" not in html


def test_the_appeal_bodys_outcome_is_recorded_and_the_final_letter_sent(
    reviewing, handler, adviser, committed
):
    with committed():
        services.appeal_forward(appeal=reviewing, by=handler, comment="Vedtaket står.")
    with pytest.raises(ValidationError):
        services.appeal_record_outcome(appeal=reviewing, outcome="maybe", text="x", by=adviser)
    with committed():
        appeal = services.appeal_record_outcome(
            appeal=reviewing, outcome="upheld", text="Departementet er enig.", by=adviser
        )
    assert appeal.state == Appeal.State.CLOSED
    assert appeal.body_outcome == "upheld"
    final = Letter.objects.get(kind="appeal_final")
    assert "Vedtaket er opprettholdt" in final.body
    assert "Departementet er enig." in final.body


def test_the_outcome_waits_for_the_forwarding(reviewing, adviser):
    with pytest.raises(ValidationError, match="kan ikke endres slik nå"):
        services.appeal_record_outcome(appeal=reviewing, outcome="upheld", text="x", by=adviser)


def test_a_provisional_answer_is_a_letter_with_the_expected_date(appeal, adviser, committed):
    with pytest.raises(ValidationError):
        services.appeal_provisional_answer(
            appeal=appeal, expected_by=timezone.localdate(), by=adviser
        )
    expected = timezone.localdate() + dt.timedelta(days=40)
    with committed():
        services.appeal_provisional_answer(appeal=appeal, expected_by=expected, by=adviser)
    appeal.refresh_from_db()
    assert appeal.provisional_sent_at is not None
    letter = Letter.objects.get(kind="appeal_provisional")
    assert "forvaltningsloven § 11 a" in letter.body


def test_a_partner_reviewer_sends_no_provisional_answer(appeal):
    reviewer = StaffFactory(group=roles.PARTNER_REVIEWER)
    with pytest.raises(PermissionDenied):
        services.appeal_provisional_answer(
            appeal=appeal, expected_by=timezone.localdate() + dt.timedelta(days=9), by=reviewer
        )
