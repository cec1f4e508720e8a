"""The public award page shows the grant's state and, once a report is approved, the reported
outcomes against the targets; /statistics/ sums approved final reports per year and per call
and counts grants per state; approving a report makes the cached pages stale."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from awards.followup.reports import services
from awards.models import Award, Grant
from awards.public.cache import public_data_changed

from .conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(accepted):
    Award.objects.filter(pk=accepted.award_id).update(is_published=True)
    return accepted


def _approved(report, *, org_admin, adviser):
    report = services.report_submit(report=fill(report, by=org_admin), by=org_admin)
    return services.report_approve(report=report, by=adviser)


def test_the_award_page_shows_in_progress_and_no_figures_before_approval(client, published):
    page = client.get(f"/awards/{published.award_id}/").content.decode()
    assert "Oppfølging" in page
    assert "Pågår" in page
    assert "Studiepoeng" not in page


def test_an_approved_final_report_shows_its_outcomes_and_completes_the_project(
    client, published, final, org_admin, adviser, committed
):
    url = f"/awards/{published.award_id}/"
    assert "Pågår" in client.get(url).content.decode()  # now cached
    with committed():
        _approved(final, org_admin=org_admin, adviser=adviser)
    page = client.get(url).content.decode()
    assert "Gjennomført" in page
    assert "Studiepoeng" in page
    assert ">50</td>" in page  # credits reported
    assert ">5</td>" in page  # credits targeted


def test_a_submitted_but_unapproved_report_stays_private(client, published, final, org_admin):
    services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    cache.clear()
    page = client.get(f"/awards/{published.award_id}/").content.decode()
    assert "Studiepoeng" not in page


def test_statistics_sum_approved_final_reports_and_count_states(
    client, published, final, progress, org_admin, adviser
):
    _approved(progress, org_admin=org_admin, adviser=adviser)  # progress reports do not count
    page = client.get("/statistics/").content.decode()
    assert "Ingen godkjente sluttrapporter ennå." in page
    assert "Pågår" in page
    _approved(final, org_admin=org_admin, adviser=adviser)
    cache.clear()
    page = client.get("/statistics/").content.decode()
    call = published.award.application.call
    assert "Resultater per år" in page
    assert (
        f'<th scope="row">{call.closes_at.year}</th><td>Studiepoeng</td><td class="num">50</td>'
        in page
    )
    assert f'<th scope="row">{call.title}</th><td>Studiepoeng</td>' in page
    assert "Gjennomført" in page


def test_an_unpublished_award_adds_nothing_to_the_statistics(
    client, accepted, final, org_admin, adviser
):
    _approved(final, org_admin=org_admin, adviser=adviser)
    page = client.get("/statistics/").content.decode()
    assert "Ingen godkjente sluttrapporter ennå." in page


def test_the_statistics_count_each_grant_in_its_state_as_it_changes(client, published):
    public_data_changed()  # the fixture published with update(), which sends no signals
    assert "<dt>Pågår</dt><dd>1 prosjekt</dd>" in client.get("/statistics/").content.decode()
    published.state = Grant.State.CANCELLED
    published.cancelled_at = timezone.now()
    published.cancel_reason = "Prosjektet ble ikke gjennomført."
    published.save()
    cache.clear()
    page = client.get("/statistics/").content.decode()
    assert "<dt>Ikke gjennomført</dt><dd>1 prosjekt</dd>" in page
    assert "<dt>Pågår</dt>" not in page
