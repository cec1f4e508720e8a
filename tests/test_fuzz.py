"""Garbage posted to every admin action, list filter and applicant form never gives a 500.

Seeded and bounded (a few hundred requests) so it runs in seconds and fails the same way twice.
Every admin action of every registered ModelAdmin is posted with unusable selections and, where it
shows a form of its own, with garbage in each of that form's fields; every list filter and date
hierarchy parameter gets garbage; every form on the applicant's pages under /my/ is posted back
with its fields replaced by garbage, one at a time and all together.
"""

from __future__ import annotations

import random

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from applications.models import Membership, Organisation
from applications.people.services import invitation_create
from awards import roles
from tests.admin_forms import page_forms
from tests.admin_world import build_world
from tests.factories import DraftFactory, MembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db

SEED = 20261201
GARBAGE = [
    "abc",
    "-1",
    "0",
    "99999",
    "999999999999999999999999",
    "1e309",
    "NaN",
    "",
    " ",
    "1,5",
    "2026-13-45",
    "\x00",
    "a\nb\r\nc",
    "' OR 1=1 --",
    "<script>x</script>",
    "ø" * 300,
    "x" * 5000,
    "[1]",
    "None",
]
ADMIN_ROLES = ["adviser", "superuser"]


def _garbage(rng: random.Random) -> str:
    return rng.choice(GARBAGE)


def _assert_no_500(response, what):
    assert response.status_code < 500, what


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _filter_parameters(model_admin, user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return names


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_garbage_in_admin_actions_and_list_filters_never_gives_a_500(client, role):
    world = build_world()
    user = world.people[role]
    client.force_login(user)
    rng = random.Random(f"{SEED}-{role}")
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda m: m[0]._meta.label):
        if not model_admin.has_view_or_change_permission(request):
            continue
        url = _changelist(model)
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        for parameter in _filter_parameters(model_admin, user):
            for _ in range(2):
                value = _garbage(rng)
                _assert_no_500(client.get(url, {parameter: value}), (url, parameter, value))
        for action in model_admin.get_actions(request):
            for selected in (["abc"], ["-1", "x"], [_garbage(rng)], ["999999999999999999999"]):
                data = {"action": action, "_selected_action": selected, "index": "0"}
                _assert_no_500(client.post(url, data), (url, action, selected))
            if first is None:
                continue
            # The action's own form, if it shows one, gets garbage in each field.
            shown = client.post(url, {"action": action, "_selected_action": [str(first)]})
            _assert_no_500(shown, (url, action))
            # An export answers with its file, not a page with a form.
            if shown.status_code != 200 or "text/html" not in shown.get("Content-Type", ""):
                continue
            for form in page_forms(shown.content.decode()):
                fields = [name for name in form["data"] if name != "csrfmiddlewaretoken"]
                if "action" not in form["data"]:
                    continue
                for name in [*fields, None]:
                    data = dict(form["data"])
                    targets = fields if name is None else [name]
                    for target in targets:
                        if target not in ("action", "_selected_action"):
                            data[target] = [_garbage(rng)]
                    data["_selected_action"] = [rng.choice([str(first), _garbage(rng)])]
                    _assert_no_500(client.post(url, data), (url, action, name))


def _applicant_pages(draft, organisation, token) -> list[str]:
    return [
        "/my/",
        "/my/organisation/choose/",
        "/my/organisations/new/",
        f"/my/organisations/{organisation.pk}/people/",
        f"/my/invitations/{token}/",
        f"/my/calls/{draft.call.slug}/start/",
        f"/my/applications/{draft.pk}/",
        f"/my/applications/{draft.pk}/project/",
        f"/my/applications/{draft.pk}/partners/",
        f"/my/applications/{draft.pk}/budget/",
        f"/my/applications/{draft.pk}/attachments/",
        f"/my/applications/{draft.pk}/summary/",
        "/my/delete-account/",
    ]


@pytest.mark.parametrize("who", ["applicant", "adviser"])
def test_garbage_in_every_applicant_form_never_gives_a_500(client, who):
    draft = DraftFactory()
    Organisation.objects.filter(pk=draft.organisation_id).update(name="Klynge\nmed linjeskift")
    membership = MembershipFactory(organisation=draft.organisation, role=Membership.Role.ADMIN)
    _invitation, token = invitation_create(
        organisation=draft.organisation,
        email="ny@example.org",
        role=Membership.Role.EDITOR,
        by=membership.user,
        link_for=lambda token: f"/my/invitations/{token}/",
    )
    user = membership.user if who == "applicant" else StaffFactory(group=roles.ADVISER)
    client.force_login(user)
    rng = random.Random(f"{SEED}-{who}")
    for page in _applicant_pages(draft, draft.organisation, token):
        response = client.get(page)
        _assert_no_500(response, page)
        if response.status_code != 200:
            continue
        for form in page_forms(response.content.decode()):
            action = form["action"] or page
            if "delete-account" in action or "logout" in action:
                continue
            fields = [name for name in form["data"] if name != "csrfmiddlewaretoken"]
            for name in [*fields, None]:
                data = dict(form["data"])
                for target in fields if name is None else [name]:
                    data[target] = [_garbage(rng)]
                _assert_no_500(client.post(action, data), (action, name, data))
