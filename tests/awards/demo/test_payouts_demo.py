"""The demo's 2015 grants: accepted, most paid in part, two paid in full and closed; the demo
applicant's grant in the open call can ask for its advance once accepted."""

import pytest

from awards.demo.load import load_demo
from awards.models import Grant, Instalment, PayoutRequest
from tests import deciding

pytestmark = pytest.mark.django_db


def test_the_2015_grants_are_paid_in_part_and_two_in_full():
    load_demo()
    grants = Grant.objects.filter(award__application__call__slug__contains="2015")
    assert grants.count() == 10
    assert grants.filter(state=Grant.State.CLOSED).count() == 2
    # The other eight are under way; three of them have their final report approved (the
    # reports' demo), so they wait for the last share.
    under_way = (Grant.State.IN_PROGRESS, Grant.State.FINAL_REPORT)
    assert grants.filter(state__in=under_way).count() == 8
    for grant in grants:
        paid = sum(i.paid_amount for i in grant.instalments.all())
        assert 0 < paid <= grant.award.amount
    assert PayoutRequest.objects.filter(state="paid").count() == 1 * 5 + 2 * 3 + 3 * 2
    load_demo()  # a second run adds nothing
    assert Instalment.objects.count() == 30


def test_the_demo_applicant_asks_for_the_advance_once_the_offer_is_accepted():
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.models import Application
    from awards.assessment import services as assessment_services
    from awards.followup import services as followup_services
    from awards.followup.payments import services
    from awards.letters import services as letter_services

    load_demo()
    users = get_user_model().objects
    adviser, applicant = users.get(username="radgiver"), users.get(username="soker")
    application = Application.objects.get(title="Prosessoperatører for grønn industri på Helgeland")
    assessment_services.case_check_eligibility(application=application, eligible=True, by=adviser)
    deciding.decision_make(
        application=application,
        outcome="award",
        amount=1_000_000,
        payout_deadline=dt.date(2029, 12, 31),
        by=adviser,
    )
    letter_services.letter_send(application=application, by=adviser)
    grant = Grant.objects.get(award__application=application)
    followup_services.grant_accept(
        grant=grant, by=applicant, conditions_confirmed=True, period_confirmed=True
    )
    pdf = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    payout = services.payout_draft_save(
        grant=grant,
        by=applicant,
        costs={},
        status_text="Oppstart",
        declaration=True,
        accounts=pdf,
    )
    assert services.payout_submit(payout=payout, by=applicant).state == "submitted"
