"""An adviser decides from the ranking board: everything above the line in one confirmed step,
after a refusal that decided nothing; and the case page shows only the chosen outcome's fields."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from applications.models import Application
from awards.assessment import services as assessment_services
from awards.decisions.ranking import call_ranking
from awards.demo.load import load_demo
from awards.models import Decision, DecisionDeclaration
from calls.models import Call
from tests.e2e.axe import assert_accessible
from tests.e2e.test_adviser_flow import _log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_adviser_awards_everything_above_the_line_from_the_board(live_server, browser):
    load_demo()
    call = Call.objects.get(
        pk=Application.objects.get(
            title="Prosessoperatører for grønn industri på Helgeland"
        ).call_id
    )
    adviser_user = get_user_model().objects.get(username="radgiver")
    above = [row.application for row in call_ranking(call=call).to_award]
    assert len(above) >= 2
    unchecked = above[-1]
    for application in above[:-1]:
        assessment_services.case_check_eligibility(
            application=application, eligible=True, by=adviser_user
        )
    base = live_server.url

    adviser = browser.new_context(locale="en-GB", timezone_id="Europe/Oslo").new_page()
    adviser.set_default_timeout(15_000)
    _log_in(
        adviser,
        base,
        email="radgiver@utlysning.example",
        password="demo-radgiver-2026",
        next_url=f"/admin/calls/call/{call.pk}/ranking/",
        totp_user="radgiver",
    )
    count = len(above)
    adviser.get_by_role(
        "link", name=f"Innvilg {count} søknader over streken med foreslått beløp"
    ).click()
    expect(adviser.locator("h1")).to_contain_text("Innvilg alt over streken")
    expect(adviser.locator("#bulk-award tbody tr")).to_have_count(count)
    expect(adviser.locator("#bulk-budget")).to_contain_text("kr")
    assert_accessible(adviser)

    # Without the declaration of impartiality nothing is decided.
    adviser.get_by_role("button", name=f"Innvilg {count} søknader").click()
    expect(adviser.locator("#bulk-award-errors")).to_contain_text("Bekreft at du er habil")
    assert not Decision.objects.filter(application__call=call).exists()

    # One application above the line has not been through the formal check: nothing is decided.
    adviser.get_by_label("Jeg er habil i alle disse sakene").check()
    adviser.get_by_role("button", name=f"Innvilg {count} søknader").click()
    errors = adviser.locator("#bulk-award-errors")
    expect(errors).to_contain_text("Ingen vedtak er fattet")
    expect(errors).to_contain_text(unchecked.title)
    assert_accessible(adviser)
    assert not Decision.objects.filter(application__call=call).exists()

    # The adviser checks it on its case page, where the decision shows one outcome at a time.
    adviser.locator("#bulk-award").get_by_role("link", name=unchecked.title).click()
    expect(adviser.locator("#case-position")).to_contain_text(
        f"av {len(call_ranking(call=call).rows)}"
    )
    adviser.get_by_label("Oppfyller de formelle kravene").check()
    adviser.get_by_role("button", name="Lagre formell kontroll").click()
    expect(adviser.locator(".messagelist")).to_contain_text("formelle kontrollen er lagret")
    amount = adviser.get_by_label("Tildelt beløp (kr)")
    reason = adviser.get_by_label("Avslagsgrunn")
    expect(amount).to_be_hidden()
    expect(reason).to_be_hidden()
    adviser.get_by_label("Avslag", exact=True).check()
    expect(reason).to_be_visible()
    expect(amount).to_be_hidden()
    adviser.get_by_label("Tilsagn").check()
    expect(amount).to_be_visible()
    expect(reason).to_be_hidden()
    assert_accessible(adviser)
    # An amount over what was asked for is refused beside the amount, not only at the top.
    adviser.get_by_label("Jeg er habil i denne saken").check()
    amount.fill(f"{unchecked.requested_amount + 1}")
    adviser.get_by_role("button", name="Lagre vedtak").click()
    expect(adviser.locator("#id_amount_error")).to_contain_text("større enn søkt beløp")
    expect(adviser.get_by_label("Tildelt beløp (kr)")).to_have_attribute(
        "aria-describedby", re.compile("id_amount_error")
    )
    expect(adviser.locator("#decision-errors")).to_be_focused()
    assert_accessible(adviser)
    assert not Decision.objects.filter(application=unchecked).exists()

    # Back on the board, the whole list is awarded in one step.
    adviser.goto(f"{base}/admin/calls/call/{call.pk}/ranking/award/")
    adviser.get_by_label("Frist for utbetaling (for alle tilsagnene)").fill("2028-12-31")
    adviser.get_by_label("Jeg er habil i alle disse sakene").check()
    adviser.get_by_role("button", name=f"Innvilg {count} søknader").click()
    expect(adviser).to_have_url(re.compile(rf"/admin/calls/call/{call.pk}/ranking/$"))
    expect(adviser.locator(".messagelist")).to_contain_text(
        f"{count} søknader er innvilget med foreslått beløp"
    )
    expect(adviser.locator("#ranking-award-link")).to_have_count(0)
    decisions = Decision.objects.filter(application__call=call)
    assert {d.application_id for d in decisions} == {a.pk for a in above}
    assert all(
        d.outcome == Decision.Outcome.AWARD and d.decided_by == adviser_user for d in decisions
    )
    # The one declaration is recorded for each application it covered.
    assert set(
        DecisionDeclaration.objects.filter(user=adviser_user, impartial=True).values_list(
            "application_id", flat=True
        )
    ) >= {a.pk for a in above}
    assert_accessible(adviser)
