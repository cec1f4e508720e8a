"""An accepted grant of 1 500 000 kr on a budget of 3 000 000 kr (the grant pays half of the
costs), its organisation's people, a case handler and two approvers."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import roles
from awards.followup import services as followup_services
from awards.followup.payments import services
from awards.models import Grant
from tests.factories import CostLineFactory, StaffFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="regnskap.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def accepted(offered, org_admin):
    application = offered.award.application
    application.cost_lines.all().delete()
    CostLineFactory(
        application=application, year=2026, personnel=1_000_000, purchased_services=0, other=500_000
    )
    CostLineFactory(
        application=application, year=2027, personnel=1_000_000, purchased_services=0, other=500_000
    )
    followup_services.grant_accept(
        grant=offered, by=org_admin, conditions_confirmed=True, period_confirmed=True
    )
    return Grant.objects.get(pk=offered.pk)


@pytest.fixture
def checker(adviser):
    return adviser


def _approver(username):
    user = StaffFactory(username=username, group=roles.ADVISER)
    user.groups.add(Group.objects.get(name=roles.PAYOUT_APPROVER))
    return user


@pytest.fixture
def approver():
    return _approver("approver")


@pytest.fixture
def second_approver():
    return _approver("approver-2")


def request_payout(grant, *, by, personnel=0, other=0, last=False, text="Godt i gang."):
    """A sent request for the grant's next instalment."""
    payout = services.payout_draft_save(
        grant=grant,
        by=by,
        costs={"personnel": personnel, "other": other},
        status_text=text,
        declaration=True,
        accounts=pdf(),
        confirmation=pdf("revisor.pdf") if last else None,
    )
    return services.payout_submit(payout=payout, by=by)


def pay(payout, *, checker, approver, amount=None):
    """Check, approve and pay a sent request."""
    payout = services.payout_check(payout=payout, by=checker)
    payout = services.payout_approve(payout=payout, by=approver, amount=amount)
    return services.payout_mark_paid(payout=payout, by=checker)
