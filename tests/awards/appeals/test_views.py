"""The appeal pages: on /my/ the role matrix, the late form, bad input kept; in the admin the
list and the handling page for advisers only."""

import datetime as dt

import pytest
from django.utils import timezone

from awards.appeals.models import Appeal
from awards.models import Decision, Letter

pytestmark = pytest.mark.django_db


def _lodge_url(letter):
    return f"/my/appeals/new/{letter.application_id}/"


def test_an_administrator_appeals_on_my(rejected, admin_member, client, committed):
    client.force_login(admin_member)
    page = client.get(_lodge_url(rejected))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Klage på vedtaket" in html
    assert "Kommunal- og distriktsdepartementet" in html
    assert 'name="late_reason"' not in html
    with committed():
        response = client.post(_lodge_url(rejected), {"grounds": "Karakterene er feil."})
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/my/appeals/{appeal.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Karakterene er feil." in detail
    assert "Vi har mottatt klagen deres" in detail  # the acknowledgement letter


def test_an_editor_appeals(rejected, editor, client):
    client.force_login(editor)
    response = client.post(_lodge_url(rejected), {"grounds": "Feil."})
    assert response.status_code == 302


def test_a_reader_is_refused_the_form_and_the_post(rejected, reader, client):
    client.force_login(reader)
    assert client.get(_lodge_url(rejected)).status_code == 403
    assert client.post(_lodge_url(rejected), {"grounds": "Feil."}).status_code == 403
    assert not Appeal.objects.exists()


def test_a_reader_reads_the_appeal_but_sees_no_link_to_appeal(
    rejected, admin_member, reader, client
):
    client.force_login(admin_member)
    client.post(_lodge_url(rejected), {"grounds": "Feil."})
    client.force_login(reader)
    appeal = Appeal.objects.get()
    assert client.get(f"/my/appeals/{appeal.pk}/").status_code == 200
    Appeal.objects.filter(pk=appeal.pk).update(state="closed", closed_at=timezone.now())
    html = client.get(rejected.get_absolute_url()).content.decode()
    assert "Klag på vedtaket" not in html


@pytest.mark.parametrize("who", ["outsider", "reviewer", "adviser"])
def test_strangers_get_nothing(rejected, admin_member, client, request, who):
    client.force_login(admin_member)
    client.post(_lodge_url(rejected), {"grounds": "Feil."})
    appeal = Appeal.objects.get()
    client.force_login(request.getfixturevalue(who))
    assert client.get(_lodge_url(rejected)).status_code == 404
    assert client.post(_lodge_url(rejected), {"grounds": "Feil."}).status_code == 404
    assert client.get(f"/my/appeals/{appeal.pk}/").status_code == 404
    assert Appeal.objects.count() == 1


def test_empty_grounds_get_a_message(rejected, admin_member, client):
    client.force_login(admin_member)
    response = client.post(_lodge_url(rejected), {"grounds": ""})
    assert response.status_code == 400
    assert "Skriv hva dere klager på, og hvorfor." in response.content.decode()


def test_after_the_deadline_the_form_asks_why_and_keeps_what_was_written(
    rejected, admin_member, client
):
    Letter.objects.filter(pk=rejected.pk).update(
        delivered_at=timezone.now() - dt.timedelta(weeks=4)
    )
    client.force_login(admin_member)
    html = client.get(_lodge_url(rejected)).content.decode()
    assert "Klagefristen er ute" in html
    assert 'name="late_reason"' in html
    response = client.post(_lodge_url(rejected), {"grounds": "Vi mener vurderingen er feil."})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv hvorfor klagen kommer for sent" in html
    assert "Vi mener vurderingen er feil." in html
    response = client.post(
        _lodge_url(rejected),
        {"grounds": "Vi mener vurderingen er feil.", "late_reason": "Brevet havnet i søppelpost."},
    )
    assert response.status_code == 302
    assert Appeal.objects.get().late


def test_a_second_appeal_is_not_offered_while_one_is_open(rejected, admin_member, editor, client):
    client.force_login(admin_member)
    client.post(_lodge_url(rejected), {"grounds": "Feil."})
    client.force_login(editor)
    html = client.get(_lodge_url(rejected)).content.decode()
    assert "Det er allerede en åpen klage på dette vedtaket." in html
    client.post(_lodge_url(rejected), {"grounds": "Igjen."})
    assert Appeal.objects.count() == 1


# --- The admin --------------------------------------------------------------------------------


@pytest.fixture
def appeal(rejected, admin_member, client):
    client.force_login(admin_member)
    client.post(_lodge_url(rejected), {"grounds": "Feil."})
    client.logout()
    return Appeal.objects.get()


def test_advisers_see_the_list_with_the_deadline_and_the_days(appeal, adviser, client):
    Appeal.objects.filter(pk=appeal.pk).update(lodged_at=timezone.now() - dt.timedelta(days=40))
    client.force_login(adviser)
    html = client.get("/admin/awards/appeal/").content.decode()
    assert appeal.application.title in html
    assert "40" in html
    assert "over en måned" in html


def test_partner_reviewers_and_applicants_get_no_appeal_pages(
    appeal, reviewer, admin_member, client
):
    client.force_login(reviewer)
    assert client.get("/admin/awards/appeal/").status_code == 403
    assert client.get(f"/admin/awards/appeal/{appeal.pk}/handle/").status_code == 403
    client.force_login(admin_member)
    assert client.get(f"/admin/awards/appeal/{appeal.pk}/handle/").status_code == 302


def test_the_handler_reverses_the_decision_on_the_handling_page(
    appeal, adviser, handler, client, committed
):
    url = f"/admin/awards/appeal/{appeal.pk}/handle/"
    client.force_login(adviser)
    refused = client.post(url, {"action": "handler", "handler-handler": adviser.pk})
    assert refused.status_code == 400
    assert "fattet vedtaket som er påklaget" in refused.content.decode()
    assert client.post(url, {"action": "handler", "handler-handler": handler.pk}).status_code == 302
    client.force_login(handler)
    assert client.post(url, {"action": "declare", "declare-impartial": "1"}).status_code == 302
    html = client.get(url).content.decode()
    assert "Omgjør vedtaket" in html
    with committed():
        response = client.post(
            url,
            {
                "action": "reverse",
                "reverse-reason": "Relevansen var undervurdert.",
                "decision-outcome": "award",
                "decision-amount": "1 000 000",
                "decision-payout_deadline": "2028-06-30",
            },
        )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.REVERSED
    assert Decision.objects.get(application=appeal.application).outcome == "award"
    assert Letter.objects.filter(application=appeal.application, kind="offer").exists()


def test_a_reversal_over_the_maximum_is_refused_beside_the_field(appeal, adviser, handler, client):
    url = f"/admin/awards/appeal/{appeal.pk}/handle/"
    client.force_login(adviser)
    client.post(url, {"action": "handler", "handler-handler": handler.pk})
    client.force_login(handler)
    client.post(url, {"action": "declare", "declare-impartial": "1"})
    response = client.post(
        url,
        {
            "action": "reverse",
            "reverse-reason": "Omgjøres.",
            "decision-outcome": "award",
            "decision-amount": "9 000 000",
        },
    )
    assert response.status_code == 400
    assert "større enn søkt beløp" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.UNDER_REVIEW


def test_an_unknown_action_is_refused(appeal, adviser, client):
    client.force_login(adviser)
    assert (
        client.post(f"/admin/awards/appeal/{appeal.pk}/handle/", {"action": "x"}).status_code == 404
    )


def test_the_case_documents_are_downloaded_by_advisers_only(
    appeal, adviser, handler, reviewer, client, committed
):
    from awards.appeals import services

    services.appeal_assign_handler(appeal=appeal, handler=handler, by=adviser)
    services.appeal_declare(appeal=appeal, impartial=True, by=handler)
    with committed():
        services.appeal_forward(appeal=appeal, by=handler, comment="Vedtaket står.")
    client.force_login(adviser)
    html = client.get(f"/admin/awards/appeal/{appeal.pk}/handle/").content.decode()
    assert "Klageinstansens avgjørelse" in html
    pdf = client.get(f"/admin/awards/appeal/{appeal.pk}/documents/pdf/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert client.get(f"/admin/awards/appeal/{appeal.pk}/documents/zip/").status_code == 200
    assert client.get(f"/admin/awards/appeal/{appeal.pk}/documents/other/").status_code == 404
    client.force_login(reviewer)
    assert client.get(f"/admin/awards/appeal/{appeal.pk}/documents/pdf/").status_code == 403
