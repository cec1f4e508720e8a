"""The public data version changes with what the public can see, and with nothing else.

Every cached public page carries the version in its key, so a bump empties the cache for every
visitor: drafts, case work, scores and unpublished decisions must leave it alone; publishing,
unpublishing and editing a published call, award or scheme must change it.
"""

import datetime as dt

import pytest

from applications.applying.submission import application_submit, application_withdraw
from applications.models import Membership
from awards.decisions import services as decision_services
from awards.letters import services as letter_services
from awards.public.cache import public_data_version
from tests import deciding
from tests.awards.conftest import make_eligible
from tests.factories import (
    AwardFactory,
    CallFactory,
    MembershipFactory,
    ReviewAssignmentFactory,
    SchemeFactory,
    complete_draft,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(django_capture_on_commit_callbacks):
    """``with version() as changed: …`` runs the block as a commit would; ``changed()`` says
    whether the public data version moved."""

    class Watch:
        def __init__(self):
            self.before = public_data_version()
            self.callbacks = django_capture_on_commit_callbacks(execute=True)

        def __enter__(self):
            self.callbacks.__enter__()
            return self

        def __exit__(self, *exc):
            return self.callbacks.__exit__(*exc)

        def changed(self) -> bool:
            return public_data_version() != self.before

    return Watch


def test_sending_and_withdrawing_an_application_leave_the_version_alone(version):
    AwardFactory()  # something public exists
    draft = complete_draft()
    member = MembershipFactory(organisation=draft.organisation, role=Membership.Role.ADMIN).user
    with version() as watch:
        application_submit(application=draft, by=member)
    assert not watch.changed()
    with version() as watch:
        application_withdraw(application=draft, by=member)
    assert not watch.changed()


def test_case_work_scores_and_unpublished_decisions_leave_the_version_alone(version, adviser, call):
    AwardFactory()
    application = make_eligible(call, requested_amount=1_000_000)
    other = make_eligible(call)
    with version() as watch:
        case = other.case
        case.eligibility_reason = "Sjekket på nytt"
        case.save()
        ReviewAssignmentFactory(application=application, reviewer__username="fylket")
        deciding.decision_make(
            application=application,
            outcome="award",
            amount=800_000,
            payout_deadline=dt.date(2028, 6, 30),
            by=adviser,
        )
    assert not watch.changed(), "an award nobody can see yet is not public"


def test_publishing_and_unpublishing_results_change_the_version(version, adviser, call):
    application = make_eligible(call, requested_amount=1_000_000)
    deciding.decision_make(
        application=application,
        outcome="award",
        amount=800_000,
        payout_deadline=dt.date(2028, 6, 30),
        by=adviser,
    )
    letter_services.letter_send(application=application, by=adviser)
    with version() as watch:
        decision_services.results_publish(call=call, by=adviser)
    assert watch.changed()
    with version() as watch:
        decision_services.award_unpublish(
            award=application.award, reason="Feil i tittelen", by=adviser
        )
    assert watch.changed()


def test_editing_a_published_call_changes_the_version_an_unpublished_one_does_not(version):
    draft_call = CallFactory(is_published=False)
    with version() as watch:
        draft_call.title = "Utkast til utlysning"
        draft_call.save()
    assert not watch.changed()
    published = CallFactory(is_published=True)
    with version() as watch:
        published.title = "Ny tittel på utlysningen"
        published.save()
    assert watch.changed()
    with version() as watch:
        published.is_published = False  # taking it down is a public change too
        published.save()
    assert watch.changed()


def test_editing_a_published_award_or_a_scheme_changes_the_version(version):
    award = AwardFactory()
    with version() as watch:
        award.project_ends_on = dt.date(2029, 12, 31)
        award.save()
    assert watch.changed()
    scheme = SchemeFactory()
    with version() as watch:
        scheme.name = "Nytt navn på ordningen"
        scheme.save()
    assert watch.changed()


def test_editing_an_unpublished_award_leaves_the_version_alone(version):
    award = AwardFactory(is_published=False)
    with version() as watch:
        award.project_ends_on = dt.date(2029, 12, 31)
        award.save()
        award.application.title = "Endret før publisering"
        award.application.save()
    assert not watch.changed()
