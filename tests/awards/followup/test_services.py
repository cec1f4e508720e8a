"""The grant's rules: made with the offer letter, answered once by an administrator in time,
lapsed by the job once, every change in the history with who did it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from awards.followup import services
from awards.followup.rules import accept_by_for
from awards.letters import services as letter_services
from awards.models import Grant, Letter
from calls.schedule import JOBS, job_run
from calls.templatetags.utlysning import longdate
from tests import deciding

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _accept(grant, user, **kwargs):
    values = {"conditions_confirmed": True, "period_confirmed": True, **kwargs}
    return services.grant_accept(grant=grant, by=user, **values)


def test_sending_the_offer_letter_makes_the_grant_with_the_calls_deadline(offered):
    letter = Letter.objects.get(application=offered.award.application)
    assert offered.state == Grant.State.OFFERED
    assert offered.offered_at == letter.sent_at
    last_day = letter.sent_at.astimezone(OSLO).date() + dt.timedelta(weeks=4)
    assert offered.accept_by.astimezone(OSLO).date() == last_day
    assert offered.accept_by.astimezone(OSLO).time() == dt.time(23, 59, 59, 999999)
    assert f"Dere må ta imot tilbudet på Min side innen {longdate(last_day)};" in letter.body


def test_the_call_sets_the_weeks(offered):
    call = offered.award.application.call
    call.acceptance_weeks = 2
    call.save()
    offered.delete()
    grant = services.grant_offer(
        award=offered.award, offered_at=dt.datetime(2026, 5, 4, 10, tzinfo=OSLO), by=None
    )
    assert grant.accept_by.astimezone(OSLO).date() == dt.date(2026, 5, 18)


def test_a_rejection_letter_makes_no_grant(adviser, application):
    from tests.factories import CaseFactory

    CaseFactory(application=application)
    deciding.decision_make(
        application=application, outcome="reject", rejection_reason="low_score", by=adviser
    )
    letter_services.letter_send(application=application, by=adviser)
    assert not Grant.objects.exists()


def test_the_deadline_is_the_end_of_the_day_in_oslo_across_summer_time():
    # Offered in winter time, the last day falls after the clocks go forward (29 March 2026).
    winter = accept_by_for(offered_on=dt.date(2026, 3, 10), weeks=4)
    assert winter == dt.datetime(2026, 4, 7, 23, 59, 59, 999999, tzinfo=OSLO)
    assert winter.utcoffset() == dt.timedelta(hours=2)
    # And back to winter time (25 October 2026).
    autumn = accept_by_for(offered_on=dt.date(2026, 10, 10), weeks=4)
    assert autumn.utcoffset() == dt.timedelta(hours=1)
    assert autumn.astimezone(dt.UTC) == dt.datetime(2026, 11, 7, 22, 59, 59, 999999, tzinfo=dt.UTC)


def test_an_administrator_accepts_in_the_last_minute(offered, org_admin, committed):
    last_minute = offered.accept_by - dt.timedelta(seconds=59)
    with committed():
        grant = _accept(offered, org_admin, now=last_minute)
    assert grant.state == Grant.State.ACCEPTED
    assert grant.accepted_at == last_minute
    assert grant.answered_by == org_admin
    record = grant.history.first()
    assert record.history_user == org_admin
    assert record.state == "accepted"
    [message] = [m for m in mail.outbox if "akseptert" in m.subject]
    assert "leder@skole.no" in message.to
    assert offered.award.application.case.case_owner.email in message.to


def test_accepting_after_the_deadline_is_refused(offered, org_admin):
    just_after = offered.accept_by + dt.timedelta(microseconds=1)
    with pytest.raises(ValidationError, match="Svarfristen gikk ut"):
        _accept(offered, org_admin, now=just_after)
    offered.refresh_from_db()
    assert offered.state == Grant.State.OFFERED


def test_accepting_needs_both_confirmations(offered, org_admin):
    with pytest.raises(ValidationError, match="Bekreft vilkårene og prosjektperioden"):
        _accept(offered, org_admin, period_confirmed=False)
    with pytest.raises(ValidationError, match="Bekreft vilkårene og prosjektperioden"):
        _accept(offered, org_admin, conditions_confirmed=False)


@pytest.mark.parametrize("who", ["org_editor", "org_reader", "adviser"])
def test_only_an_administrator_of_the_organisation_answers(offered, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="Bare en administrator"):
        _accept(offered, user)
    with pytest.raises(PermissionDenied, match="Bare en administrator"):
        services.grant_decline(grant=offered, by=user, reason="Nei")
    offered.refresh_from_db()
    assert offered.state == Grant.State.OFFERED


def test_an_administrator_of_another_organisation_cannot_answer(offered):
    from tests.factories import MembershipFactory

    stranger = MembershipFactory(role="admin").user
    with pytest.raises(PermissionDenied):
        _accept(offered, stranger)


def test_an_answer_is_given_once(offered, org_admin):
    _accept(offered, org_admin)
    with pytest.raises(ValidationError, match="ikke lenger åpent"):
        _accept(offered, org_admin)
    with pytest.raises(ValidationError, match="ikke lenger åpent"):
        services.grant_decline(grant=offered, by=org_admin, reason="Angrer")


def test_declining_needs_a_reason_and_is_recorded(offered, org_admin, committed):
    with pytest.raises(ValidationError, match="Skriv hvorfor"):
        services.grant_decline(grant=offered, by=org_admin, reason="   ")
    with committed():
        grant = services.grant_decline(grant=offered, by=org_admin, reason="Fikk ikke lærere.")
    assert grant.state == Grant.State.DECLINED
    assert grant.decline_reason == "Fikk ikke lærere."
    assert grant.history.first().history_user == org_admin
    [message] = [m for m in mail.outbox if "avslått" in m.subject]
    assert "Fikk ikke lærere." in message.body
    with pytest.raises(ValidationError, match="ikke lenger åpent"):
        _accept(grant, org_admin)


def test_the_job_lapses_offers_past_the_deadline_once(offered, org_admin, committed):
    before = offered.accept_by
    with committed():
        assert services.grants_lapse_due(now=before) == "0 offers lapsed"
    after = offered.accept_by + dt.timedelta(minutes=1)
    with committed():
        assert services.grants_lapse_due(now=after) == "1 offers lapsed"
        assert services.grants_lapse_due(now=after) == "0 offers lapsed"
    offered.refresh_from_db()
    assert offered.state == Grant.State.LAPSED
    assert offered.lapsed_at == after
    lapsed = [m for m in mail.outbox if "falt bort" in m.subject]
    assert len(lapsed) == 1
    assert "leder@skole.no" in lapsed[0].to
    assert offered.award.application.case.case_owner.email in lapsed[0].to
    with pytest.raises(ValidationError, match="ikke lenger åpent"):
        _accept(offered, org_admin, now=before)


def test_an_accepted_offer_never_lapses(offered, org_admin):
    _accept(offered, org_admin)
    assert services.grants_lapse_due(now=offered.accept_by + dt.timedelta(days=1)) == (
        "0 offers lapsed"
    )


def test_an_offer_found_long_past_its_deadline_lapses_quietly(offered, committed):
    with committed():
        services.grants_lapse_due(now=offered.accept_by + dt.timedelta(days=60))
    offered.refresh_from_db()
    assert offered.state == Grant.State.LAPSED
    assert not [m for m in mail.outbox if "falt bort" in m.subject]


def test_the_lapse_job_is_registered_and_runs_through_the_scheduler(offered):
    assert "grants_lapse" in JOBS
    assert job_run(name="grants_lapse", force=True) == "0 offers lapsed"


def test_a_new_offer_letter_renews_an_unanswered_deadline_but_not_an_answer(offered, org_admin):
    later = offered.offered_at + dt.timedelta(days=10)
    renewed = services.grant_offer(award=offered.award, offered_at=later, by=None)
    assert renewed.pk == offered.pk
    assert renewed.accept_by.astimezone(OSLO).date() == (
        later.astimezone(OSLO).date() + dt.timedelta(weeks=4)
    )
    _accept(renewed, org_admin)
    again = services.grant_offer(
        award=offered.award, offered_at=later + dt.timedelta(days=5), by=None
    )
    assert again.state == Grant.State.ACCEPTED
    assert again.accept_by == renewed.accept_by


def test_an_award_changed_to_a_rejection_takes_its_offer_with_it(offered, adviser):

    deciding.decision_make(
        application=offered.award.application,
        outcome="reject",
        rejection_reason="low_score",
        change_reason="Feil i vurderingen.",
        by=adviser,
    )
    assert not Grant.objects.filter(pk=offered.pk).exists()
    assert Grant.history.filter(id=offered.pk, history_type="-").exists()
