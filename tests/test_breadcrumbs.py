"""Breadcrumbs end with the page you are on, marked aria-current="page", not linked to itself."""

import re

import pytest

from applications.models import Membership
from tests.factories import AwardFactory, CallFactory, MembershipFactory, complete_draft

pytestmark = pytest.mark.django_db


def _breadcrumbs(html: str) -> str:
    return re.search(r'<nav aria-label="Brødsmulesti".*?</nav>', html, re.S).group(0)


def _last_item(crumbs: str) -> str:
    return re.findall(r"<li>.*?</li>", crumbs, re.S)[-1]


@pytest.fixture
def editor(client):
    application = complete_draft(title="Automasjon på Helgeland")
    membership = MembershipFactory(
        organisation=application.organisation, role=Membership.Role.EDITOR
    )
    client.force_login(membership.user)
    client.application = application
    return client


def test_the_task_list_is_the_current_item_and_no_link_to_itself(editor):
    url = f"/my/applications/{editor.application.pk}/"
    crumbs = _breadcrumbs(editor.get(url).content.decode())
    assert f'href="{url}"' not in crumbs
    assert _last_item(crumbs) == '<li><span aria-current="page">Automasjon på Helgeland</span></li>'


@pytest.mark.parametrize(
    "section, name",
    [
        ("project", "Prosjekt"),
        ("partners", "Partnere"),
        ("budget", "Budsjett"),
        ("attachments", "Vedlegg"),
        ("summary", "Se over og send"),
    ],
)
def test_a_section_links_to_the_task_list_and_names_itself(editor, section, name):
    pk = editor.application.pk
    crumbs = _breadcrumbs(editor.get(f"/my/applications/{pk}/{section}/").content.decode())
    assert f'href="/my/applications/{pk}/"' in crumbs
    assert f'href="/my/applications/{pk}/{section}/"' not in crumbs
    assert _last_item(crumbs) == f'<li><span aria-current="page">{name}</span></li>'


def test_the_public_call_and_award_pages_end_with_themselves(client):
    call = CallFactory(title="Kompetanse i nord", is_published=True)
    crumbs = _breadcrumbs(client.get(f"/calls/{call.slug}/").content.decode())
    assert '<span aria-current="page">Kompetanse i nord</span>' in crumbs
    award = AwardFactory()
    crumbs = _breadcrumbs(client.get(f"/awards/{award.pk}/").content.decode())
    assert f'<span aria-current="page">{award.application.title}</span>' in crumbs
