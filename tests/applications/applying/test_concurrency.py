"""Twenty simultaneous submits of one application give exactly one submission."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from applications.applying import services, submission
from applications.models import Application, Membership
from tests.factories import MembershipFactory, complete_draft


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_submits_give_exactly_one_submission():
    application = complete_draft()
    user = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.EDITOR
    ).user
    start = threading.Barrier(20)
    outcomes = []
    lock = threading.Lock()

    def submit():
        try:
            start.wait()
            submission.application_submit(
                application=Application.objects.get(pk=application.pk), by=user
            )
            result = "submitted"
        except ValidationError as error:
            result = error.code if hasattr(error, "code") else "refused"
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            result = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes.count("submitted") == 1, outcomes
    assert set(outcomes) == {"submitted", "already_submitted"}, outcomes
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.reference.endswith("-001")
    assert Application.history.filter(id=application.pk, status="submitted").count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_of_different_applications_get_distinct_sequences():
    first = complete_draft()
    others = [complete_draft(call=first.call) for _ in range(5)]
    drafts = [first, *others]
    users = [
        MembershipFactory(organisation=a.organisation, role=Membership.Role.EDITOR).user
        for a in drafts
    ]
    start = threading.Barrier(len(drafts))
    errors = []

    def submit(application, user):
        try:
            start.wait()
            submission.application_submit(application=application, by=user)
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=pair) for pair in zip(drafts, users, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    sequences = sorted(
        Application.objects.filter(call=first.call).values_list("sequence", flat=True)
    )
    assert sequences == [1, 2, 3, 4, 5, 6]


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_starts_give_one_application_per_organisation():
    import datetime as dt

    from django.utils import timezone

    from tests.factories import CallFactory

    now = timezone.now()
    call = CallFactory(opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=9))
    membership = MembershipFactory(role=Membership.Role.EDITOR)
    start = threading.Barrier(10)
    outcomes = []

    def begin():
        try:
            start.wait()
            services.application_start(
                call=call, organisation=membership.organisation, by=membership.user
            )
            outcomes.append("started")
        except ValidationError as error:
            outcomes.append(error.code)
        except Exception as error:  # noqa: BLE001
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=begin) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("started") == 1, outcomes
    assert set(outcomes) == {"started", "exists"}, outcomes
    assert Application.objects.filter(call=call).count() == 1
