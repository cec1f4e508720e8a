"""Two at once, each in its own transaction and connection: one answer, one lapse."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from awards.followup import services
from awards.models import Grant
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except ValidationError as error:
            results[index] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    return results


def test_two_workers_lapse_an_offer_once(offered):
    after = offered.accept_by + dt.timedelta(minutes=1)
    results = _together(
        lambda: services.grants_lapse_due(now=after), lambda: services.grants_lapse_due(now=after)
    )
    assert sorted(results) == ["0 offers lapsed", "1 offers lapsed"]
    assert Grant.objects.get(pk=offered.pk).state == Grant.State.LAPSED
    assert len([m for m in mail.outbox if "falt bort" in m.subject]) == 1


def test_two_administrators_answering_at_once_give_one_answer(offered):
    organisation = offered.award.application.organisation
    one, two = (MembershipFactory(organisation=organisation, role="admin").user for _ in (1, 2))
    results = _together(
        lambda: (
            services.grant_accept(
                grant=offered, by=one, conditions_confirmed=True, period_confirmed=True
            ).state
        ),
        lambda: services.grant_decline(grant=offered, by=two, reason="Nei takk").state,
    )
    answered = [r for r in results if r in ("accepted", "declined")]
    refused = [r for r in results if r not in ("accepted", "declined")]
    assert len(answered) == 1
    assert "ikke lenger åpent" in refused[0]
    assert Grant.objects.get(pk=offered.pk).state == answered[0]
