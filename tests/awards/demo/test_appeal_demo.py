"""The demo has one appeal under review, with its case handler declared impartial, loaded once."""

import pytest

from awards.appeals.models import Appeal
from awards.demo.load import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_appeal_under_review(client, settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    load_demo()
    load_demo()
    appeal = Appeal.objects.get()
    assert appeal.state == Appeal.State.UNDER_REVIEW
    assert appeal.case_handler.username == "radgiver"
    assert appeal.handler_declared_at is not None
    assert appeal.letter.kind == "offer"
    assert not appeal.late
    client.force_login(appeal.case_handler)
    html = client.get(f"/admin/awards/appeal/{appeal.pk}/handle/").content.decode()
    assert "Omgjør vedtaket" in html
    assert "Oppretthold og send klageinstansen" in html
