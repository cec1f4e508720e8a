"""The offer on /my/grants/: every member reads it, only an administrator answers it, strangers
and staff learn nothing through /my/, a late answer gets a clear message."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Grant
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
CONFIRM = {"conditions_confirmed": "on", "period_confirmed": "on"}


def _url(grant, action=""):
    return f"/my/grants/{grant.pk}/{action + '/' if action else ''}"


def test_the_administrator_sees_the_offer_and_accepts_it(client, offered, org_admin):
    client.force_login(org_admin)
    page = client.get(_url(offered)).content.decode()
    assert "Samarbeidsavtale med fagskolen" in page
    assert "Ta imot tilskuddet" in page
    assert f'action="{_url(offered, "accept")}"' in page
    response = client.post(_url(offered, "accept"), CONFIRM, follow=True)
    assert response.redirect_chain[-1][0] == _url(offered)
    assert "Dere har tatt imot tilskuddet." in response.content.decode()
    offered.refresh_from_db()
    assert offered.state == Grant.State.ACCEPTED


def test_the_dashboard_links_the_offer(client, offered, org_admin):
    client.force_login(org_admin)
    page = client.get("/my/").content.decode()
    assert f'href="{_url(offered)}"' in page
    assert "Svar på tilbudet" in page


def test_accepting_without_the_confirmations_says_what_is_missing(client, offered, org_admin):
    client.force_login(org_admin)
    response = client.post(_url(offered, "accept"), {"conditions_confirmed": "on"})
    assert response.status_code == 400
    assert "Bekreft prosjektperioden." in response.content.decode()
    offered.refresh_from_db()
    assert offered.state == Grant.State.OFFERED


def test_declining_needs_a_reason(client, offered, org_admin):
    client.force_login(org_admin)
    response = client.post(_url(offered, "decline"), {"reason": ""})
    assert response.status_code == 400
    assert "Skriv hvorfor dere takker nei." in response.content.decode()
    client.post(_url(offered, "decline"), {"reason": "Fikk ikke lærere."})
    offered.refresh_from_db()
    assert offered.state == Grant.State.DECLINED
    assert "Fikk ikke lærere." in client.get(_url(offered)).content.decode()


def test_after_the_deadline_accepting_is_refused_with_a_message(client, offered, org_admin):
    Grant.objects.filter(pk=offered.pk).update(
        offered_at=timezone.now() - dt.timedelta(weeks=5),
        accept_by=timezone.now() - dt.timedelta(minutes=1),
    )
    client.force_login(org_admin)
    page = client.get(_url(offered)).content.decode()
    assert "Svarfristen er ute" in page
    assert 'action="' + _url(offered, "accept") not in page
    response = client.post(_url(offered, "accept"), CONFIRM)
    assert response.status_code == 400
    assert "Svarfristen gikk ut" in response.content.decode()
    offered.refresh_from_db()
    assert offered.state == Grant.State.OFFERED


@pytest.mark.parametrize("who", ["org_editor", "org_reader"])
def test_an_editor_or_reader_reads_but_cannot_answer(client, offered, who, request):
    client.force_login(request.getfixturevalue(who))
    page = client.get(_url(offered)).content.decode()
    assert "Samarbeidsavtale med fagskolen" in page
    assert 'action="' + _url(offered, "accept") not in page
    assert 'action="' + _url(offered, "decline") not in page
    assert "Bare en administrator" in page
    assert client.post(_url(offered, "accept"), CONFIRM).status_code == 403
    assert client.post(_url(offered, "decline"), {"reason": "Nei"}).status_code == 403
    offered.refresh_from_db()
    assert offered.state == Grant.State.OFFERED


def test_strangers_staff_and_anonymous_learn_nothing(client, offered, adviser):
    assert client.get(_url(offered)).status_code == 302
    assert client.post(_url(offered, "accept"), CONFIRM).status_code == 302
    other_admin = MembershipFactory(role="admin").user
    for user in (other_admin, adviser, UserFactory(username="nobody")):
        client.force_login(user)
        assert client.get(_url(offered)).status_code == 404
        assert client.post(_url(offered, "accept"), CONFIRM).status_code == 404
        assert client.post(_url(offered, "decline"), {"reason": "x"}).status_code == 404
    offered.refresh_from_db()
    assert offered.state == Grant.State.OFFERED


def test_the_case_page_and_the_grant_admin_show_the_state(client, offered, adviser, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    client.force_login(adviser)
    application = offered.award.application
    case_page = client.get(reverse("admin:awards_case", args=[application.pk]))
    assert case_page.status_code == 200
    assert "Tilsagn" in case_page.content.decode()
    assert reverse("admin:awards_grant_change", args=[offered.pk]) in case_page.content.decode()
    assert client.get(f"/admin/awards/grant/{offered.pk}/change/").status_code == 200
    assert client.post("/admin/awards/grant/add/", {}).status_code == 403


def test_the_board_shows_what_a_declined_offer_released(
    client, offered, org_admin, adviser, settings
):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    from awards.followup import services

    call = offered.award.application.call
    client.force_login(adviser)
    board = reverse("admin:calls_call_ranking", args=[call.pk])
    assert "Frigjort" not in client.get(board).content.decode()
    services.grant_decline(grant=offered, by=org_admin, reason="Fikk ikke lærere.")
    page = client.get(board).content.decode()
    assert "Frigjort" in page
    assert "1\u00a0500\u00a0000\u00a0kr" in page.split("released-total")[1][:80]


def test_the_call_admin_sets_the_weeks_to_accept(client, offered, adviser, settings):
    from django.core.exceptions import ValidationError

    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    call = offered.award.application.call
    client.force_login(adviser)
    page = client.get(reverse("admin:calls_call_change", args=[call.pk])).content.decode()
    assert 'name="acceptance_weeks"' in page
    assert "Svarfrist for tilsagn (uker)" in page
    call.acceptance_weeks = 0
    with pytest.raises(ValidationError, match="acceptance_weeks"):
        call.full_clean()
