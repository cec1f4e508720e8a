"""Change requests in the services: who may ask, one open request per grant, the rules per kind,
approval changing the grant's terms (history keeps the old ones) and the answer letter."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.followup.changes import rules, services
from awards.followup.payments import rules as payment_rules
from awards.followup.payments.closeout import grant_cancel
from awards.followup.payments.services import condition_approve
from awards.models import ChangeRequest, Grant, Letter, LetterTemplate
from calls.formatting import format_kroner
from tests.awards.followup.payments.conftest import pay, request_payout

from .conftest import ask, later

pytestmark = pytest.mark.django_db


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_an_editor_asks_for_a_longer_project_period(accepted, org_editor):
    change = ask(accepted, by=org_editor)
    assert (change.state, change.kind, change.new_project_end) == (
        "open",
        "project_period",
        dt.date(2028, 12, 31),
    )
    assert change.requested_by == org_editor
    assert change.history.first().history_user == org_editor


def test_a_reader_may_not_ask(accepted, org_reader):
    with pytest.raises(PermissionDenied):
        ask(accepted, by=org_reader)
    assert not ChangeRequest.objects.exists()


def test_staff_may_not_ask_for_the_organisation(accepted, adviser):
    with pytest.raises(PermissionDenied):
        ask(accepted, by=adviser)


def test_only_one_open_request_per_grant(accepted, org_admin):
    ask(accepted, by=org_admin)
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, kind="partners", partner_change="Ny fagskole inn.")
    assert "allerede en endringssøknad til behandling" in _messages(excinfo)
    assert ChangeRequest.objects.count() == 1


def test_the_database_holds_one_open_request_per_grant(accepted, org_admin):
    first = ask(accepted, by=org_admin)
    twin = ChangeRequest(
        grant=accepted, kind="partners", reason="Ny partner.", requested_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    assert first.pk


def test_a_new_request_may_follow_a_decided_one(accepted, org_admin, adviser):
    change = ask(accepted, by=org_admin)
    services.change_request_reject(change=change, by=adviser, comment="Ikke godt nok begrunnet.")
    assert ask(accepted, by=org_admin, new_project_end=dt.date(2028, 6, 30)).pk != change.pk


def test_no_request_before_the_offer_is_accepted(offered, org_admin):
    with pytest.raises(ValidationError) as excinfo:
        ask(offered, by=org_admin)
    assert "må være akseptert" in _messages(excinfo)


def test_no_request_on_a_cancelled_grant(accepted, org_admin, adviser):
    grant_cancel(grant=accepted, by=adviser, reason="Prosjektet ble lagt ned.")
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin)
    assert "status Kansellert" in _messages(excinfo)


def test_a_reason_is_needed(accepted, org_admin):
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, reason="   ")
    assert "Skriv hvorfor dere ber om endringen." in _messages(excinfo)


def test_the_new_project_end_must_be_after_today(accepted, org_admin):
    accepted.project_end = timezone.localdate() - dt.timedelta(days=30)
    accepted.save()
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, new_project_end=timezone.localdate())
    assert "må være etter i dag" in _messages(excinfo)


def test_the_new_project_end_must_be_after_the_current_end(accepted, org_admin):
    assert accepted.current_project_end == dt.date(2027, 12, 31)  # the application's
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, new_project_end=dt.date(2027, 12, 31))
    assert "etter dagens prosjektslutt (31. desember 2027)" in _messages(excinfo)


def test_a_project_period_request_needs_a_date(accepted, org_admin):
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, new_project_end=None)
    assert "Skriv den nye datoen for prosjektslutt." in _messages(excinfo)


def test_approval_moves_the_project_end_and_history_keeps_the_old(accepted, org_admin, adviser):
    change = ask(accepted, by=org_admin)
    services.change_request_approve(change=change, by=adviser, comment="Greit.")
    accepted.refresh_from_db()
    assert accepted.project_end == dt.date(2028, 12, 31)
    assert accepted.current_project_end == dt.date(2028, 12, 31)
    latest, before = accepted.history.all()[:2]
    assert (before.project_end, latest.project_end) == (None, dt.date(2028, 12, 31))
    assert latest.history_user == adviser
    assert "Endring godkjent" in latest.history_change_reason
    change.refresh_from_db()
    assert (change.state, change.decided_by, change.decision_comment) == (
        "approved",
        adviser,
        "Greit.",
    )


def test_approval_sends_a_letter_with_what_changed(
    accepted, org_admin, adviser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change = services.change_request_approve(change=ask(accepted, by=org_admin), by=adviser)
    letter = Letter.objects.get(pk=change.letter_id)
    assert letter.kind == "change_decision"
    assert letter.appeal_deadline is None
    assert "Svar på endringssøknad" in letter.subject
    assert "prosjektslutt flyttet til 31. desember 2028" in letter.body
    assert "Endringen er godkjent." in letter.body
    assert letter.delivery_status == Letter.Delivery.SENT
    sent = [message for message in mail.outbox if "Svar på endringssøknad" in message.subject]
    assert sent and "leder@skole.no" in sent[0].to


def test_the_call_s_own_template_is_used(accepted, org_admin, adviser):
    LetterTemplate.objects.create(
        call=accepted.award.application.call,
        kind="change_decision",
        subject="Endring – {{ prosjekt }}",
        body="Endringen ({{ endring }}) er {{ endringsutfall }}. {{ begrunnelse }}",
    )
    change = services.change_request_reject(
        change=ask(accepted, by=org_admin), by=adviser, comment="Ikke nå."
    )
    assert change.letter.subject.startswith("Endring – ")
    assert change.letter.body == (
        "Endringen (prosjektslutt flyttet til 31. desember 2028) er avslått. Ikke nå."
    )


def test_rejection_needs_a_comment_and_leaves_the_terms(accepted, org_admin, adviser):
    change = ask(accepted, by=org_admin)
    with pytest.raises(ValidationError) as excinfo:
        services.change_request_reject(change=change, by=adviser, comment=" ")
    assert "Skriv hvorfor endringen avslås" in _messages(excinfo)
    services.change_request_reject(change=change, by=adviser, comment="Prosjektet er forsinket.")
    accepted.refresh_from_db()
    assert accepted.project_end is None
    change.refresh_from_db()
    assert change.state == "rejected"
    assert "Prosjektet er forsinket." in change.letter.body
    assert "Endringen er avslått." in change.letter.body


def test_the_database_refuses_a_rejection_without_a_comment(accepted, org_admin):
    change = ask(accepted, by=org_admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeRequest.objects.filter(pk=change.pk).update(
            state="rejected", decided_at=timezone.now()
        )


def test_a_decided_request_cannot_be_decided_again(accepted, org_admin, adviser):
    change = services.change_request_approve(change=ask(accepted, by=org_admin), by=adviser)
    with pytest.raises(ValidationError) as excinfo:
        services.change_request_reject(change=change, by=adviser, comment="Likevel nei.")
    assert "allerede behandlet" in _messages(excinfo)


def test_only_staff_who_manage_grants_decide(accepted, org_admin, reviewer):
    change = ask(accepted, by=org_admin)
    for person in (org_admin, reviewer):
        with pytest.raises(PermissionDenied):
            services.change_request_approve(change=change, by=person)
        with pytest.raises(PermissionDenied):
            services.change_request_reject(change=change, by=person, comment="Nei.")
    change.refresh_from_db()
    assert change.state == "open"


def test_approval_checks_the_rules_again(accepted, org_admin, adviser):
    change = ask(accepted, by=org_admin)
    Grant.objects.filter(pk=accepted.pk).update(project_end=dt.date(2029, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.change_request_approve(change=change, by=adviser)
    assert "etter dagens prosjektslutt" in _messages(excinfo)


# The payout deadline


def test_a_new_payout_deadline_within_the_limit_is_approved_as_the_one_extension(
    accepted, org_admin, adviser
):
    old = accepted.payout_deadline
    new = old + dt.timedelta(days=90)
    change = ask(accepted, by=org_admin, kind="payout_deadline", new_payout_deadline=new)
    services.change_request_approve(change=change, by=adviser)
    accepted.refresh_from_db()
    assert (accepted.payout_deadline, accepted.payout_deadline_extended_from) == (new, old)
    assert accepted.payout_deadline_extension_reason == change.reason
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, kind="payout_deadline", new_payout_deadline=later(2000))
    assert "allerede forlenget én gang" in _messages(excinfo)


def test_a_payout_deadline_past_the_scheme_s_limit_is_refused(accepted, org_admin):
    limit = payment_rules.extension_limit(accepted)
    with pytest.raises(ValidationError) as excinfo:
        ask(
            accepted,
            by=org_admin,
            kind="payout_deadline",
            new_payout_deadline=limit + dt.timedelta(days=1),
        )
    assert "kan ikke settes senere enn" in _messages(excinfo)


def test_a_payout_deadline_must_be_later_than_today_s(accepted, org_admin):
    with pytest.raises(ValidationError) as excinfo:
        ask(
            accepted,
            by=org_admin,
            kind="payout_deadline",
            new_payout_deadline=accepted.payout_deadline,
        )
    assert "etter dagens frist" in _messages(excinfo)


# Budget lines


def _moves(*rows):
    return [{"from": source, "to": target, "amount": amount} for source, target, amount in rows]


def test_approved_moves_change_the_lines_and_keep_the_total(accepted, org_admin, adviser):
    moves = _moves(("personnel", "equipment", 300_000), ("other", "personnel", 100_000))
    change = ask(accepted, by=org_admin, kind="budget_lines", budget_moves=moves)
    change = services.change_request_approve(change=change, by=adviser)
    accepted.refresh_from_db()
    assert accepted.budget_lines == {
        "personnel": 1_800_000,
        "purchased_services": 0,
        "equipment": 300_000,
        "other": 900_000,
    }
    assert sum(rules.budget_lines(accepted).values()) == 3_000_000
    assert f"{format_kroner(300_000)} flyttet fra personalkostnader til utstyr" in (
        change.letter.body
    )


def test_a_line_cannot_go_below_zero(accepted, org_admin):
    moves = _moves(("equipment", "personnel", 1))
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, kind="budget_lines", budget_moves=moves)
    assert "Utstyr kan ikke bli lavere enn 0 kr" in _messages(excinfo)


def test_a_line_cannot_go_below_what_approved_payouts_documented(
    accepted, org_admin, checker, approver
):
    for condition in accepted.conditions.all():
        condition_approve(condition=condition, by=checker)
    pay(
        request_payout(accepted, by=org_admin, personnel=1_200_000),
        checker=checker,
        approver=approver,
    )
    too_much = _moves(("personnel", "other", 800_001))
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, kind="budget_lines", budget_moves=too_much)
    documented = format_kroner(1_200_000)
    assert f"godkjente anmodninger om utbetaling ({documented})" in _messages(excinfo)
    assert ask(
        accepted,
        by=org_admin,
        kind="budget_lines",
        budget_moves=_moves(("personnel", "other", 800_000)),
    ).pk


def test_a_move_must_go_between_two_lines_with_an_amount(accepted, org_admin):
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, kind="budget_lines", budget_moves=_moves(("other", "other", 0)))
    text = _messages(excinfo)
    assert "fra én budsjettpost til en annen" in text
    assert "helt antall kroner over 0" in text


def test_moves_need_known_lines_and_at_least_one_row(accepted, org_admin):
    with pytest.raises(ValidationError) as excinfo:
        ask(
            accepted, by=org_admin, kind="budget_lines", budget_moves=_moves(("reiser", "other", 5))
        )
    assert "Velg budsjettposter fra listen." in _messages(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, kind="budget_lines", budget_moves=[])
    assert "minst én flytting" in _messages(excinfo)


# Partners and project leader


def test_a_partner_change_needs_a_text_and_may_carry_an_attachment(accepted, org_admin):
    from .conftest import pdf

    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, kind="partners", partner_change=" ")
    assert "Beskriv endringen av partnere." in _messages(excinfo)
    change = ask(
        accepted,
        by=org_admin,
        kind="partners",
        partner_change="Fagskolen i Nord går ut.",
        uploaded=pdf("avtale.pdf"),
    )
    assert change.attachment_name == "avtale.pdf"
    assert change.attachment.read().startswith(b"%PDF")


def test_only_a_partner_change_takes_an_attachment(accepted, org_admin):
    from .conftest import pdf

    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, uploaded=pdf())
    assert "Vedlegg kan bare legges ved en endring av partnere." in _messages(excinfo)


def test_a_new_project_leader_needs_a_name_and_an_address(accepted, org_admin, adviser):
    with pytest.raises(ValidationError) as excinfo:
        ask(accepted, by=org_admin, kind="project_leader", new_leader_name="", new_leader_email="")
    text = _messages(excinfo)
    assert "navnet på den nye prosjektlederen" in text
    assert "e-postadressen til den nye prosjektlederen" in text
    change = ask(
        accepted,
        by=org_admin,
        kind="project_leader",
        new_leader_name="Kari Nordmann",
        new_leader_email="kari@skole.no",
    )
    services.change_request_approve(change=change, by=adviser)
    accepted.refresh_from_db()
    assert (accepted.project_leader_name, accepted.project_leader_email) == (
        "Kari Nordmann",
        "kari@skole.no",
    )


def test_values_of_another_kind_are_not_kept(accepted, org_admin):
    change = ask(accepted, by=org_admin, new_leader_name="Ola", new_payout_deadline=later(800))
    assert (change.new_leader_name, change.new_payout_deadline) == ("", None)
