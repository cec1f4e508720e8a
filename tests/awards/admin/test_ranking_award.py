"""The confirmation page of awarding everything above the funding line from the ranking board."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission

from applications.models import Application
from awards.models import Decision
from tests.awards.conftest import make_eligible
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _url(call):
    return f"/admin/calls/call/{call.pk}/ranking/award/"


def _board(call):
    return [
        make_eligible(call, requested_amount=2_000_000, reference=f"A-{n}", title=f"Prosjekt {n}")
        for n in (1, 2, 3)
    ]


def _plan(html: str) -> str:
    return re.search(r'name="plan" value="([^"]*)"', html).group(1)


def test_the_page_lists_what_will_be_decided_with_the_totals(client, adviser, call):
    first, second, third = _board(call)
    client.force_login(adviser)
    html = client.get(_url(call)).content.decode()
    assert "Prosjekt 1" in html and "Prosjekt 2" in html
    assert "Prosjekt 3" not in html  # below the line
    assert re.search(r'id="bulk-now">4\s000\s000\s*kr<', html)
    assert re.search(r'id="bulk-left">1\s000\s000\s*kr<', html)
    assert "Innvilg 2 søknader" in html
    assert not Decision.objects.exists()  # looking decides nothing


def test_confirming_awards_what_was_listed(client, adviser, call):
    first, second, third = _board(call)
    client.force_login(adviser)
    plan = _plan(client.get(_url(call)).content.decode())
    response = client.post(
        _url(call), {"plan": plan, "payout_deadline": "2028-12-31", "impartial": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/calls/call/{call.pk}/ranking/"
    assert set(Decision.objects.values_list("application_id", "amount")) == {
        (first.pk, 2_000_000),
        (second.pk, 2_000_000),
    }
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("2 søknader er innvilget" in m for m in messages)


def test_a_refusal_is_shown_and_decides_nothing(client, adviser, call):
    first, *_ = _board(call)
    client.force_login(adviser)
    plan = _plan(client.get(_url(call)).content.decode())
    # Someone sets the case aside between looking and confirming.
    first.case.delete()
    response = client.post(_url(call), {"plan": plan, "impartial": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ingen vedtak er fattet" in html
    assert "Prosjekt 1" in html and "formelle kravene" in html
    assert not Decision.objects.exists()


def test_a_changed_board_is_shown_again(client, adviser, call):
    _board(call)
    client.force_login(adviser)
    response = client.post(_url(call), {"plan": "1:100"})
    assert "Rangeringen er endret" in response.content.decode()
    assert not Decision.objects.exists()


def test_before_the_deadline_the_page_says_so_and_offers_no_button(client, adviser, call):
    first, second, _third = _board(call)
    client.force_login(adviser)
    plan = f"{first.pk}:2000000,{second.pk}:2000000"
    with time_machine.travel(call.closes_at - dt.timedelta(hours=1), tick=False):
        html = client.get(_url(call)).content.decode()
        response = client.post(_url(call), {"plan": plan})
    assert "venter til fristen har gått ut" in html
    assert "Innvilg 2 søknader" not in html
    assert "venter til fristen har gått ut" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_ranking_board_links_to_it_for_those_who_decide(client, adviser, call):
    _board(call)
    client.force_login(adviser)
    html = client.get(f"/admin/calls/call/{call.pk}/ranking/").content.decode()
    assert f'href="{_url(call)}"' in html
    assert "Innvilg 2 søknader over streken" in html


def test_an_adviser_without_the_right_to_decide_is_refused(client, call):
    _board(call)
    assistant = StaffFactory()
    assistant.user_permissions.add(Permission.objects.get(codename="manage_assessment"))
    client.force_login(assistant)
    assert (
        f'href="{_url(call)}"'
        not in client.get(f"/admin/calls/call/{call.pk}/ranking/").content.decode()
    )
    assert client.get(_url(call)).status_code == 403
    assert client.post(_url(call), {"plan": ""}).status_code == 403
    assert not Decision.objects.exists()


def test_a_partner_reviewer_is_refused(client, reviewer, call):
    _board(call)
    client.force_login(reviewer)
    assert client.get(_url(call)).status_code == 403
    assert client.post(_url(call), {"plan": ""}).status_code == 403
    assert not Decision.objects.exists()
    assert Application.objects.filter(status=Application.Status.UNDER_REVIEW).count() == 3
