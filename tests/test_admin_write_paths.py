"""No admin change form writes what a service owns, whoever posts it.

For every model in the admin and every staff role, the change form is fetched, posted back with
each service-owned field changed (one at a time, then all together, also fields the form does not
show), and the database must hold what it held. Add a model to the admin and this test asks
which of its fields the services own.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone

from applications.orgnr import orgnr_from_sequence
from tests.admin_forms import change_form_data
from tests.admin_world import ROLES, build_world

pytestmark = pytest.mark.django_db

ALL = "__all__"

# What the services own, per model in the admin. ALL: every field (the model is written only by
# its services). An empty list: nothing — the admin is where people keep it (texts, reference
# data, the call's settings, which have rules of their own in test_call_edit_guards), or it is
# a third-party model for user accounts that the Administrator role manages by design.
SERVICE_OWNED: dict[str, list[str] | str] = {
    "auth.group": [],
    "auth.user": [],
    "account.emailaddress": [],
    "mfa.authenticator": [],
    "calls.scheme": [],
    "calls.county": [],
    "calls.municipality": [],
    "calls.call": [],
    # orgnr: checked and fixed at registration; confirmation: organisation_confirm
    "applications.organisation": ["orgnr", "confirmation_pending", "confirmed_at", "confirmed_by"],
    "applications.membership": [],  # the Administrator role's work
    "applications.accessrequest": ALL,  # access_request_create / access_request_decide
    "applications.invitation": ALL,  # invitation_create / invitation_accept
    "applications.application": ALL,  # the applicant's services and the assessment's
    "awards.reviewassignment": ALL,  # assignment_create, assignment_declare, scores_save
    "awards.score": ALL,  # scores_save
    "awards.decision": ALL,  # decision_make, letter_send
    "awards.letter": ALL,  # letter_send
    "awards.lettertemplate": [],
    "awards.case": ALL,  # case_check_eligibility, case_assign_owner, proposed_amount_set
    "awards.award": ALL,  # decision_make, results_publish, award_unpublish
    "awards.message": ALL,  # message_post, message_share
    "awards.internalnote": ALL,  # note_add
    "awards.grant": ALL,  # grant_offer, grant_accept, grant_decline, grant_lapse, closeout
    "awards.grantcondition": ALL,  # condition_* in followup/payments (read-only admin)
    "awards.payoutrequest": ALL,  # payout_* in followup/payments (read-only admin)
    "awards.report": ALL,  # report_* in followup/reports (read-only admin)
    "awards.changerequest": ALL,  # change_request_* in followup/changes (read-only admin)
    "awards.appeal": ALL,  # appeal_* in awards/appeals (read-only admin)
}
# Posted as well, though no such field exists (any more): the award's amount is the decision's.
EXTRA_HOSTILE = {"awards.award": {"amount": ["9000000"]}}

# Admin actions, each of which calls its service (or Django's delete, refused where it would
# remove what a service owns). A new action must be looked at and added here.
REVIEWED_ACTIONS = {
    "delete_selected",
    "mark_eligible",  # case_check_eligibility
    "confirm_organisations",  # organisation_confirm
    "assign_reviewers",  # assignment_create, case_assign_owner
    "send_letters",  # letter_send
    "unpublish",  # award_unpublish
    "make_verified",  # allauth's, for e-mail addresses: superusers only
    # The follow-up: each calls its service in awards/followup/.
    "extend_deadline",  # closeout.payout_deadline_extend
    "cancel_grants",  # closeout.grant_cancel
    "close_grants",  # closeout.grant_close
    "close_cancel_rest",  # closeout.grant_close(cancel_remainder=True)
    "repay",  # closeout.repayment_claim_register
    "approve_evidence",  # payments condition_approve
    "reject_evidence",  # payments condition_reject
    "check_requests",  # payments payout_check
    "approve_requests",  # payments payout_approve, changes change_request_approve
    "reject_requests",  # changes change_request_reject
    "return_requests",  # payments payout_return
    "mark_paid",  # payments payout_mark_paid
    "export_csv",  # reads only
    "export_xlsx",  # reads only
}


def _owned(model) -> list[models.Field]:
    owned = SERVICE_OWNED[model._meta.label_lower]
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not getattr(f, "auto_now", False)
    ]
    if owned == ALL:
        return fields
    return [f for f in fields if f.name in owned]


def _snapshot(obj, fields) -> dict:
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fields}


def _moment(value) -> dt.datetime:
    return timezone.localtime(value or timezone.now()) + dt.timedelta(days=1, minutes=7)


def _hostile(field, value, world) -> dict[str, list[str]]:
    """Form data that would set ``field`` to something else than ``value``, if it could."""
    name = field.name
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        other = world.spares.get(related._meta.label_lower) or (
            related._default_manager.exclude(pk=value).first()
        )
        return {name: [str(other.pk)]} if other is not None else {}
    if field.choices:
        others = [choice for choice, _label in field.flatchoices if choice != value]
        return {name: [str(others[0])]} if others else {}
    if isinstance(field, models.BooleanField):
        return {name: [] if value else ["on"]}
    if isinstance(field, models.DateTimeField):
        moment = _moment(value)
        return {
            name: [moment.isoformat()],
            f"{name}_0": [moment.date().isoformat()],
            f"{name}_1": [moment.time().replace(microsecond=0).isoformat()],
        }
    if isinstance(field, models.DateField):
        return {name: [((value or timezone.localdate()) + dt.timedelta(days=1)).isoformat()]}
    if isinstance(field, models.IntegerField):
        return {name: [str((value or 0) + 1)]}
    if isinstance(field, models.EmailField):
        return {name: ["hostile@example.org"]}
    if name == "orgnr":
        return {name: [orgnr_from_sequence(777, base=93_000_000)]}
    if isinstance(field, models.CharField | models.TextField):
        text = (value or "") + "x"
        if field.max_length and len(text) > field.max_length:
            text = text[: field.max_length - 1] + ("y" if text[-2:-1] != "y" else "z")
        return {name: [text]}
    return {}


def _post(client, url, data):
    payload = {key: values for key, values in data.items() if values}
    response = client.post(url, {**payload, "_save": "Lagre"})
    assert response.status_code < 500
    return response


@pytest.fixture
def world():
    return build_world()


def test_every_model_in_the_admin_is_classified():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(SERVICE_OWNED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(SERVICE_OWNED))
def test_a_hostile_change_form_post_moves_nothing_a_service_owns(client, world, label, role):
    obj = world.objects[label]
    model = type(obj)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    client.force_login(world.people[role])
    page = client.get(url)
    assert page.status_code in {200, 302, 403, 404}
    form = change_form_data(page.content.decode()) if page.status_code == 200 else {}
    owned = _owned(model)
    before = _snapshot(obj, owned)

    _post(client, url, form)  # the form as shown: still nothing moves
    assert _snapshot(obj, owned) == before

    everything = {**form, **EXTRA_HOSTILE.get(label, {})}
    for field in owned:
        hostile = _hostile(field, before[field.attname], world)
        everything.update(hostile)
        _post(client, url, {**form, **hostile})
        assert _snapshot(obj, owned) == before, f"{label}.{field.name} moved for {role}"
    _post(client, url, everything)
    assert _snapshot(obj, owned) == before, f"{label} moved for {role}"


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_action_is_one_that_goes_through_a_service(rf, world, role):
    request = rf.get("/admin/")
    request.user = world.people[role]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        actions = set(model_admin.get_actions(request))
        assert actions <= REVIEWED_ACTIONS, (model._meta.label, actions - REVIEWED_ACTIONS)
