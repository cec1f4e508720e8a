"""What the public sees of a grant: the paid amount on the award's page, and the actual dates
and payouts in the 360Giving export and the CSV."""

import pytest
from django.utils import timezone

from awards.followup.payments import closeout
from awards.models import Award
from awards.public import cache as public_cache
from awards.public.exports import export_regenerate
from tests.awards.public.test_open_data import _csv, _json, _validator

from .conftest import pay, request_payout

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def kr(amount: int) -> str:
    return f"{amount:,}".replace(",", NBSP) + f"{NBSP}kr"


@pytest.fixture
def published(accepted):
    award = Award.objects.get(pk=accepted.award_id)
    award.is_published = True
    award.save()
    return accepted


def _page(client, grant) -> str:
    response = client.get(f"/awards/{grant.award_id}/")
    assert response.status_code == 200
    return response.content.decode()


def _paid(page: str) -> str:
    return page.split('id="paid-total"')[1][:120]


def test_the_award_page_shows_the_state_and_what_is_paid(
    client, committed, published, org_admin, checker, approver
):
    page = _page(client, published)
    assert "Pågår" in page
    assert kr(0) in _paid(page)
    with committed():
        pay(request_payout(published, by=org_admin), checker=checker, approver=approver)
    page = _page(client, published)
    assert kr(450_000) in _paid(page)
    assert f"av {kr(1_500_000)}" in _paid(page)


def test_an_offer_not_yet_accepted_shows_no_paid_amount(client, offered):
    award = Award.objects.get(pk=offered.award_id)
    award.is_published = True
    award.save()
    page = _page(client, offered)
    assert "Tilbud sendt" in page
    assert 'id="paid-total"' not in page


def test_an_unpublished_award_shows_nothing(client, accepted, org_admin, checker, approver):
    pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    assert client.get(f"/awards/{accepted.award_id}/").status_code == 404
    assert _json(client)["grants"] == []


def test_a_payout_marked_paid_makes_the_cached_page_stale(
    client, committed, published, org_admin, checker, approver
):
    assert kr(0) in _paid(_page(client, published))  # now cached
    version = public_cache.public_data_version()
    payout = request_payout(published, by=org_admin)
    with committed():
        pay(payout, checker=checker, approver=approver)
    assert public_cache.public_data_version() != version
    assert kr(450_000) in _paid(_page(client, published))


def test_closing_the_grant_makes_the_cached_page_stale(
    client, committed, published, org_admin, checker, approver
):
    pay(request_payout(published, by=org_admin), checker=checker, approver=approver)
    assert "Pågår" in _page(client, published)
    version = public_cache.public_data_version()
    with committed():
        closeout.grant_close(grant=published, by=checker, cancel_remainder=True)
    assert public_cache.public_data_version() != version
    page = _page(client, published)
    assert "Gjennomført" in page and "Pågår" not in page
    assert kr(450_000) in _paid(page)


def test_a_payout_on_an_unpublished_award_does_not_touch_the_cache(
    committed, accepted, org_admin, checker, approver
):
    version = public_cache.public_data_version()
    with committed():
        pay(request_payout(accepted, by=org_admin), checker=checker, approver=approver)
    assert public_cache.public_data_version() == version


def test_the_export_has_actual_dates_and_payouts_and_stays_valid(
    client, published, org_admin, checker, approver
):
    (grant,) = _json(client)["grants"]
    today = timezone.localdate().isoformat()
    assert grant["actualDates"] == [{"startDate": today}]
    assert grant["amountDisbursed"] == 0
    assert grant["disbursementTransaction"] == []

    pay(request_payout(published, by=org_admin), checker=checker, approver=approver)
    closeout.grant_close(grant=published, by=checker, cancel_remainder=True)
    package = _json(client)
    errors = sorted(_validator().iter_errors(package), key=str)
    assert errors == [], "\n".join(e.message for e in errors[:5])
    (grant,) = package["grants"]
    assert grant["actualDates"] == [{"startDate": today, "endDate": today}]
    assert grant["amountDisbursed"] == 450_000
    (payout,) = grant["disbursementTransaction"]
    assert payout["transactionDate"] == today
    assert (payout["value"], payout["currency"]) == (450_000, "NOK")
    assert payout["id"].startswith(grant["id"] + "-payout-")

    (row,) = _csv(client)
    assert row["Actual Dates:Start Date"] == row["Actual Dates:End Date"] == today
    assert row["Amount Disbursed"] == "450000"
    assert row["Disbursement Dates"] == today


def test_an_offer_not_taken_has_no_actual_dates(client, offered, org_admin):
    from awards.followup import services

    award = Award.objects.get(pk=offered.award_id)
    award.is_published = True
    award.save()
    services.grant_decline(grant=offered, by=org_admin, reason="Fikk ikke lærere.")
    (grant,) = _json(client)["grants"]
    assert "actualDates" not in grant and "amountDisbursed" not in grant
    (row,) = _csv(client)
    assert row["Actual Dates:Start Date"] == row["Amount Disbursed"] == ""


@pytest.mark.parametrize("format", ["csv", "json"])
def test_the_stored_export_with_payouts_matches_the_stream(
    client, published, org_admin, checker, approver, format, settings
):
    settings.SITE_URL = "http://testserver"
    pay(request_payout(published, by=org_admin), checker=checker, approver=approver)
    row = export_regenerate(format=format)
    from applications.applying.storage import private_storage

    with private_storage().open(row.name, "rb") as handle:
        stored = handle.read()
    row.delete()
    response = client.get(f"/awards/export.{format}")
    assert b"".join(response.streaming_content) == stored
    assert b"450000" in stored


def test_the_award_page_still_takes_few_queries_with_a_grant(
    client, published, org_admin, checker, approver, django_assert_max_num_queries
):
    pay(request_payout(published, by=org_admin), checker=checker, approver=approver)
    # The data version, the award, its call, its organisation, its partners and the approved
    # reports, as before: the paid amount is summed inside the award's query.
    with django_assert_max_num_queries(6) as queries:
        _page(client, published)
    (paid,) = [q["sql"] for q in queries.captured_queries if "instalment" in q["sql"]]
    assert paid.startswith('SELECT "awards_award"."id"')
