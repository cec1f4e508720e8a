"""Every rule of payouts, each refusal with its message, and the history they leave."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.followup.payments import closeout, services
from awards.models import Grant, GrantCondition, Instalment, PayoutRequest
from tests.factories import MembershipFactory, StaffFactory, UserFactory

from .conftest import pay, pdf, request_payout

pytestmark = pytest.mark.django_db


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_accepting_makes_the_instalments_and_the_payout_deadline(accepted):
    instalments = list(accepted.instalments.order_by("order"))
    assert [(i.share_percent, i.amount, i.is_advance) for i in instalments] == [
        (30, 450_000, True),
        (50, 750_000, False),
        (20, 300_000, False),
    ]
    assert sum(i.amount for i in instalments) == accepted.award.amount
    assert accepted.payout_deadline == accepted.award.application.decision.payout_deadline


def test_no_payout_before_the_offer_is_accepted(offered, org_admin):
    with pytest.raises(ValidationError) as excinfo:
        services.payout_draft_save(
            grant=offered, by=org_admin, costs={}, status_text="", declaration=False
        )
    assert "må være akseptert" in _messages(excinfo)


def test_an_editor_asks_for_the_advance_and_a_reader_cannot(accepted, org_editor, org_reader):
    with pytest.raises(PermissionDenied):
        services.payout_draft_save(
            grant=accepted, by=org_reader, costs={}, status_text="", declaration=False
        )
    stranger = MembershipFactory(role="admin").user
    with pytest.raises(PermissionDenied):
        services.payout_draft_save(
            grant=accepted, by=stranger, costs={}, status_text="", declaration=False
        )
    payout = request_payout(accepted, by=org_editor)
    assert payout.state == PayoutRequest.State.SUBMITTED
    assert payout.instalment.order == 1


def test_sending_lists_everything_missing(accepted, org_admin):
    payout = services.payout_draft_save(
        grant=accepted, by=org_admin, costs={"personnel": 10}, status_text="", declaration=False
    )
    with pytest.raises(ValidationError) as excinfo:
        services.payout_submit(payout=payout, by=org_admin)
    text = _messages(excinfo)
    assert "Skriv kort hvordan prosjektet går." in text
    assert "Legg ved regnskapet" in text
    assert "Bekreft erklæringen" in text
    payout.refresh_from_db()
    assert (payout.state, payout.personnel) == ("draft", 10)  # the draft keeps what was typed


def test_a_gating_condition_holds_the_first_payout_until_it_is_approved(
    accepted, org_admin, checker
):
    condition = GrantCondition.objects.create(grant=accepted, text="Samarbeidsavtale")
    with pytest.raises(ValidationError) as excinfo:
        request_payout(accepted, by=org_admin)
    assert "Særvilkåret «Samarbeidsavtale» må være dokumentert og godkjent først." in _messages(
        excinfo
    )
    with pytest.raises(ValidationError) as excinfo:
        services.condition_approve(condition=condition, by=checker)
    assert "før organisasjonen har sendt dokumentasjon" in _messages(excinfo)
    services.condition_evidence_submit(condition=condition, by=org_admin, uploaded=pdf())
    with pytest.raises(ValidationError) as excinfo:
        services.condition_reject(condition=condition, by=checker, comment=" ")
    assert "Skriv hvorfor" in _messages(excinfo)
    services.condition_reject(condition=condition, by=checker, comment="Mangler signatur")
    condition.refresh_from_db()
    assert condition.status == "rejected"
    services.condition_evidence_submit(condition=condition, by=org_admin, uploaded=pdf())
    services.condition_approve(condition=condition, by=checker)
    assert request_payout(accepted, by=org_admin).state == "submitted"


def test_a_condition_before_the_final_payout_does_not_hold_the_first(accepted, org_admin):
    GrantCondition.objects.create(
        grant=accepted, text="Sluttrapport", gate=GrantCondition.Gate.FINAL_PAYOUT
    )
    assert request_payout(accepted, by=org_admin).state == "submitted"


def test_an_applicant_cannot_approve_evidence(accepted, org_admin):
    condition = GrantCondition.objects.create(grant=accepted, text="Avtale")
    with pytest.raises(PermissionDenied):
        services.condition_approve(condition=condition, by=org_admin)


def test_two_steps_by_two_people(accepted, org_admin, checker, approver):
    payout = request_payout(accepted, by=org_admin)
    with pytest.raises(ValidationError) as excinfo:
        services.payout_approve(payout=payout, by=approver)
    assert "status Sendt inn" in _messages(excinfo)  # the check comes first
    with pytest.raises(PermissionDenied):
        services.payout_check(payout=payout, by=UserFactory(is_staff=True))
    payout = services.payout_check(payout=payout, by=approver)  # an approver may check …
    with pytest.raises(ValidationError) as excinfo:
        services.payout_approve(payout=payout, by=approver)  # … but not approve their own check
    assert "Den som kontrollerte anmodningen kan ikke også godkjenne den." in _messages(excinfo)
    with pytest.raises(PermissionDenied):
        services.payout_approve(payout=payout, by=checker)  # a case handler lacks the right
    services.payout_return(payout=payout, by=checker, message="Feil kontonummer")
    payout = request_payout(accepted, by=org_admin)
    payout = services.payout_check(payout=payout, by=checker)
    payout = services.payout_approve(payout=payout, by=approver)
    assert (payout.state, payout.approved_amount) == ("approved", 450_000)


def test_the_database_refuses_one_person_in_both_steps(accepted, org_admin, approver):
    payout = request_payout(accepted, by=org_admin)
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutRequest.objects.filter(pk=payout.pk).update(
            state="approved",
            checked_at=now,
            checked_by=approver,
            approved_at=now,
            approved_by=approver,
            approved_amount=1,
        )


def test_the_database_refuses_paying_an_instalment_more_than_its_amount(accepted):
    instalment = accepted.instalments.get(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Instalment.objects.filter(pk=instalment.pk).update(
            paid_amount=instalment.amount + 1, paid_at=timezone.now()
        )


def test_progress_pays_only_the_share_of_documented_costs(accepted, org_admin, checker, approver):
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    accepted.refresh_from_db()
    assert accepted.state == Grant.State.IN_PROGRESS  # the first payout starts the project
    # 1 600 000 documented, half is 800 000, less the advance of 450 000: 350 000 of 750 000.
    payout = request_payout(accepted, by=org_admin, personnel=1_000_000, other=600_000)
    payout = services.payout_check(payout=payout, by=checker)
    with pytest.raises(ValidationError) as excinfo:
        services.payout_approve(payout=payout, by=approver, amount=350_001)
    assert "høyst 350000 kr" in _messages(excinfo)
    payout = services.payout_approve(payout=payout, by=approver)
    assert payout.approved_amount == 350_000
    services.payout_mark_paid(payout=payout, by=checker, amount=300_000)  # a partial payout
    instalment = payout.instalment
    instalment.refresh_from_db()
    assert (instalment.paid_amount, instalment.amount) == (300_000, 750_000)


def test_documented_costs_the_advance_already_covers_cannot_be_sent(
    accepted, org_admin, checker, approver
):
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    with pytest.raises(ValidationError) as excinfo:
        request_payout(accepted, by=org_admin, personnel=900_000)
    assert "gir ikke grunnlag for mer utbetaling" in _messages(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.payout_submit(
            payout=PayoutRequest.objects.get(grant=accepted, state="draft"), by=org_admin
        )


def test_paying_more_than_approved_is_refused(accepted, org_admin, checker, approver):
    payout = request_payout(accepted, by=org_admin)
    payout = services.payout_check(payout=payout, by=checker)
    payout = services.payout_approve(payout=payout, by=approver, amount=400_000)
    with pytest.raises(ValidationError) as excinfo:
        services.payout_mark_paid(payout=payout, by=checker, amount=400_001)
    assert "det godkjente beløpet (400000 kr)" in _messages(excinfo)


def _to_final(accepted, org_admin, checker, approver):
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    pay(
        request_payout(accepted, by=org_admin, personnel=2_000_000, other=400_000),
        checker=checker,
        approver=approver,
    )


def test_the_last_share_waits_for_the_final_report_and_an_auditor(
    accepted, org_admin, checker, approver
):
    _to_final(accepted, org_admin, checker, approver)
    with pytest.raises(ValidationError) as excinfo:
        request_payout(accepted, by=org_admin, personnel=2_000_000, other=800_000, last=True)
    assert "når sluttrapporten er godkjent" in _messages(excinfo)
    closeout.record_final_report_approved(grant=accepted, by=checker)
    draft = PayoutRequest.objects.get(grant=accepted, state="draft")
    draft.confirmation = None
    draft.save()
    with pytest.raises(ValidationError) as excinfo:
        services.payout_submit(payout=draft, by=org_admin)
    assert "bekreftelse fra revisor eller regnskapsfører" in _messages(excinfo)


def test_lower_costs_reduce_the_final_payout_and_closing_releases_the_rest(
    accepted, org_admin, checker, approver
):
    _to_final(accepted, org_admin, checker, approver)
    closeout.record_final_report_approved(grant=accepted, by=checker)
    # The project cost 2 800 000, not 3 000 000: half is 1 400 000, 1 200 000 is paid.
    payout = request_payout(accepted, by=org_admin, personnel=2_000_000, other=800_000, last=True)
    payout = pay(payout, checker=checker, approver=approver)
    assert payout.paid_amount == 200_000
    accepted.refresh_from_db()
    assert accepted.state == Grant.State.CLOSED  # report approved, last payout paid
    assert accepted.released_amount == 100_000


def test_no_request_after_the_payout_deadline(accepted, org_admin):
    payout = services.payout_draft_save(
        grant=accepted,
        by=org_admin,
        costs={},
        status_text="Ok",
        declaration=True,
        accounts=pdf(),
    )
    late = timezone.make_aware(
        dt.datetime.combine(accepted.payout_deadline + dt.timedelta(days=1), dt.time(9))
    )
    with pytest.raises(ValidationError) as excinfo:
        services.payout_submit(payout=payout, by=org_admin, now=late)
    assert "Fristen for å be om utbetaling gikk ut" in _messages(excinfo)


def test_the_payout_deadline_is_extended_once_with_a_reason_within_the_limit(
    accepted, checker, settings
):
    settings.UTLYSNING_PAYOUT_EXTENSION_MAX_MONTHS = 6
    first = accepted.payout_deadline
    with pytest.raises(ValidationError) as excinfo:
        closeout.payout_deadline_extend(
            grant=accepted, by=checker, new_deadline=first + dt.timedelta(days=30), reason=""
        )
    assert "Skriv hvorfor fristen forlenges." in _messages(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        closeout.payout_deadline_extend(grant=accepted, by=checker, new_deadline=first, reason="x")
    assert "må være etter dagens frist" in _messages(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        closeout.payout_deadline_extend(
            grant=accepted, by=checker, new_deadline=first + dt.timedelta(days=200), reason="x"
        )
    assert "kan ikke forlenges lenger enn til" in _messages(excinfo)
    closeout.payout_deadline_extend(
        grant=accepted, by=checker, new_deadline=first + dt.timedelta(days=60), reason="Sykdom"
    )
    accepted.refresh_from_db()
    assert (accepted.payout_deadline_extended_from, accepted.payout_deadline) == (
        first,
        first + dt.timedelta(days=60),
    )
    with pytest.raises(ValidationError) as excinfo:
        closeout.payout_deadline_extend(
            grant=accepted, by=checker, new_deadline=first + dt.timedelta(days=90), reason="x"
        )
    assert "allerede forlenget én gang" in _messages(excinfo)


def test_a_returned_request_reopens_and_history_keeps_the_sent_figures(
    accepted, org_admin, checker
):
    payout = request_payout(accepted, by=org_admin, personnel=123_000)
    with pytest.raises(ValidationError) as excinfo:
        services.payout_return(payout=payout, by=checker, message="")
    assert "Skriv hva organisasjonen må rette" in _messages(excinfo)
    services.payout_return(payout=payout, by=checker, message="Legg ved hovedbok")
    payout = services.payout_draft_save(
        grant=accepted,
        by=org_admin,
        costs={"personnel": 99_000},
        status_text="Rettet",
        declaration=True,
    )
    assert payout.state == "returned" and payout.personnel == 99_000
    sent = payout.history.filter(state="submitted").first()
    assert sent.personnel == 123_000
    assert services.payout_submit(payout=payout, by=org_admin).state == "submitted"


def test_cancel_needs_a_reason_and_releases_what_is_unpaid(accepted, org_admin, checker, approver):
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    with pytest.raises(ValidationError) as excinfo:
        closeout.grant_cancel(grant=accepted, by=checker, reason="")
    assert "Skriv hvorfor tilsagnet kanselleres." in _messages(excinfo)
    with pytest.raises(PermissionDenied):
        closeout.grant_cancel(grant=accepted, by=StaffFactory(), reason="Nei")
    grant = closeout.grant_cancel(grant=accepted, by=checker, reason="Prosjektet ble ikke noe av")
    assert (grant.state, grant.released_amount) == ("cancelled", 1_050_000)
    with pytest.raises(ValidationError) as excinfo:
        request_payout(grant, by=org_admin)
    assert "status Kansellert" in _messages(excinfo)


def test_a_repayment_claim_is_at_most_what_was_paid(accepted, org_admin, checker, approver):
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    with pytest.raises(ValidationError) as excinfo:
        closeout.repayment_claim_register(grant=accepted, by=checker, amount=450_001, reason="Feil")
    assert "(450000 kr)" in _messages(excinfo)
    with pytest.raises(ValidationError):
        closeout.repayment_claim_register(grant=accepted, by=checker, amount=1, reason=" ")
    claim = closeout.repayment_claim_register(
        grant=accepted, by=checker, amount=100_000, reason="Kostnader ikke godkjent"
    )
    assert claim.amount == 100_000


def test_close_is_refused_until_done_unless_the_rest_is_given_up(
    accepted, org_admin, checker, approver
):
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    with pytest.raises(ValidationError) as excinfo:
        closeout.grant_close(grant=accepted, by=checker)
    assert "når sluttrapporten er godkjent og siste utbetaling er gjort" in _messages(excinfo)
    grant = closeout.grant_close(grant=accepted, by=checker, cancel_remainder=True)
    assert (grant.state, grant.released_amount) == ("closed", 1_050_000)


def test_the_other_side_hears_of_each_step_by_email_without_the_figures(
    accepted, org_admin, checker, committed
):
    from django.core import mail

    with committed():
        payout = request_payout(accepted, by=org_admin, personnel=123_456)
    sent = [m for m in mail.outbox if "sendt inn" in m.subject]
    assert [m.to for m in sent] == [[checker.email]]  # the case owner
    with committed():
        services.payout_return(payout=payout, by=checker, message="Mangler bilag")
    back = [m for m in mail.outbox if "sendt tilbake" in m.subject][0]
    assert org_admin.email in back.to
    assert "Mangler bilag" not in back.body and "123" not in back.body
    assert f"/my/grants/{accepted.pk}/" in back.body


def test_nothing_is_paid_on_a_cancelled_grant(accepted, org_admin, checker, approver):
    payout = services.payout_check(payout=request_payout(accepted, by=org_admin), by=checker)
    payout = services.payout_approve(payout=payout, by=approver)
    closeout.grant_cancel(grant=accepted, by=checker, reason="Prosjektet er stanset")
    with pytest.raises(ValidationError) as excinfo:
        services.payout_mark_paid(payout=payout, by=checker)
    assert "status Kansellert; det utbetales ikke mer" in _messages(excinfo)


def test_the_final_report_approval_is_refused_on_a_grant_not_under_way(offered, checker):
    with pytest.raises(ValidationError) as excinfo:
        closeout.record_final_report_approved(offered, by=checker)
    assert "Sluttrapport kan ikke godkjennes" in _messages(excinfo)
