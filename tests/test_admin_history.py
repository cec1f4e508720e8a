"""History pages in the admin show, never write, and only to those who may see the object.

For every model in the admin that keeps history and every staff role: the history list, one old
version, and a posted revert of that version. Nothing may change, and what a role may not see is
refused.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from applications.models import Application
from awards.assessment import services as assessment_services
from awards.models import ReviewAssignment
from tests.admin_forms import change_form_data
from tests.admin_world import ROLES, build_world
from tests.factories import ApplicationFactory, ReviewAssignmentFactory, StaffFactory

pytestmark = pytest.mark.django_db

WITH_HISTORY = sorted(
    model._meta.label_lower
    for model in admin.site._registry
    if getattr(model._meta, "simple_history_manager_attribute", None)
)

# Whose history each role may read; for everything else it is refused (403 or 404).
MAY_READ = {
    "adviser": set(WITH_HISTORY),
    "superuser": set(WITH_HISTORY),
    "administrator": {"applications.organisation"},
    # Their own assignment (declared impartial) and the application it is for.
    "partner reviewer": {"awards.reviewassignment", "applications.application"},
}


def _urls(obj, version):
    prefix = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    return (
        reverse(f"{prefix}_history", args=[obj.pk]),
        reverse(f"{prefix}_simple_history", args=[obj.pk, version.history_id]),
    )


def _snapshot(obj) -> dict:
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {
        f.attname: getattr(fresh, f.attname)
        for f in type(obj)._meta.concrete_fields
        if not getattr(f, "auto_now", False)
    }


def _history(obj):
    manager = getattr(type(obj), obj._meta.simple_history_manager_attribute)
    return manager.filter(**{obj._meta.pk.attname: obj.pk})


@pytest.fixture
def world():
    return build_world()


def test_reverting_is_turned_off():
    assert settings.SIMPLE_HISTORY_REVERT_DISABLED is True


def test_every_admin_with_history_guards_it():
    from calls.admin_history import GuardedHistoryAdmin

    for label in WITH_HISTORY:
        model_admin = next(
            a for m, a in admin.site._registry.items() if m._meta.label_lower == label
        )
        assert isinstance(model_admin, GuardedHistoryAdmin), label


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", WITH_HISTORY)
def test_history_is_read_only_and_shown_only_to_those_who_may_see_it(client, world, label, role):
    obj = world.objects[label]
    versions = _history(obj).order_by("history_date", "history_id")
    assert versions.count() >= 1
    # The oldest version, or for an application the oldest after it was sent (drafts are
    # the applicant's: test_a_reviewer_sees_no_draft_nor_draft_versions).
    sent = (
        versions.exclude(status=Application.Status.DRAFT)
        if label.endswith("application")
        else versions
    )
    oldest = sent.first()
    history_url, version_url = _urls(obj, oldest)
    client.force_login(world.people[role])
    before = _snapshot(obj)

    listing, version = client.get(history_url), client.get(version_url)
    if label in MAY_READ[role]:
        assert listing.status_code == 200
        assert version.status_code == 200
    else:
        assert listing.status_code in {403, 404}
        assert version.status_code in {403, 404}

    # A revert of the oldest version, with the page's form or with the version's own values.
    form = change_form_data(version.content.decode()) if version.status_code == 200 else {}
    for data in (form, {**form, "_save": "Lagre"}):
        response = client.post(version_url, data)
        assert response.status_code in {403, 404, 405}
        assert _snapshot(obj) == before
    assert _history(obj).count() == versions.count()


def test_a_reviewer_sees_no_history_of_another_reviewers_assignment(client, world):
    other = StaffFactory(username="w-other-reviewer", group="Fagvurderer (partner)")
    application = world.objects["applications.application"]
    assignment = assessment_services.assignment_create(
        application=application, reviewer=other, role="siva", by=world.people["adviser"]
    )
    assessment_services.assignment_declare(assignment=assignment, impartial=True, by=other)
    client.force_login(world.people["partner reviewer"])
    history_url, version_url = _urls(assignment, _history(assignment).first())
    assert client.get(history_url).status_code == 404
    assert client.get(version_url).status_code == 404


def test_a_reviewer_sees_no_history_before_declaring_impartiality(client, world):
    reviewer = world.people["partner reviewer"]
    application = ApplicationFactory(call=world.objects["calls.call"])
    assignment = assessment_services.assignment_create(
        application=application, reviewer=reviewer, role="siva", by=world.people["adviser"]
    )
    client.force_login(reviewer)
    for url in _urls(assignment, _history(assignment).first()):
        assert client.get(url).status_code == 404
    for url in _urls(application, _history(application).first()):
        assert client.get(url).status_code == 404


def test_a_reviewer_sees_no_history_of_an_application_not_assigned_to_them(client, world):
    spare = world.spares["applications.application"]
    client.force_login(world.people["partner reviewer"])
    for url in _urls(spare, _history(spare).first()):
        assert client.get(url).status_code == 404


def test_a_reviewer_sees_no_draft_nor_draft_versions(client, world):
    reviewer = world.people["partner reviewer"]
    draft = ApplicationFactory(call=world.objects["calls.call"], status=Application.Status.DRAFT)
    ReviewAssignmentFactory(
        application=draft,
        reviewer=reviewer,
        impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
    )
    client.force_login(reviewer)
    for url in _urls(draft, _history(draft).first()):
        assert client.get(url).status_code == 404

    # The assigned application was a draft once: that version stays the applicant's.
    application = world.objects["applications.application"]
    draft_version = _history(application).filter(status=Application.Status.DRAFT).first()
    assert draft_version is not None
    history_url, version_url = _urls(application, draft_version)
    assert client.get(version_url).status_code == 404
    listing = client.get(history_url)
    assert listing.status_code == 200
    shown = {record.history_id for record in listing.context["page_obj"].object_list}
    assert draft_version.history_id not in shown and shown


def test_a_reviewer_cannot_reopen_a_submitted_review_through_its_history(client, world):
    """The oldest version has no declaration and no submission: reverting to it would let the
    reviewer score again after submitting."""
    assignment = world.objects["awards.reviewassignment"]
    _history_url, version_url = _urls(assignment, _history(assignment).earliest("history_date"))
    client.force_login(world.people["partner reviewer"])
    response = client.post(version_url, {"_save": "Lagre"})
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert assignment.impartiality == ReviewAssignment.Impartiality.IMPARTIAL


def test_a_reviewer_cannot_repoint_or_declare_through_the_assignment_change_form(client, world):
    assignment = world.objects["awards.reviewassignment"]
    fresh = ApplicationFactory(call=world.objects["calls.call"])
    pending = ReviewAssignmentFactory(application=fresh, reviewer=world.people["partner reviewer"])
    client.force_login(world.people["partner reviewer"])
    for target in (assignment, pending):
        url = reverse("admin:awards_reviewassignment_change", args=[target.pk])
        response = client.post(
            url,
            {
                "application": world.spares["applications.application"].pk,
                "reviewer": world.people["partner reviewer"].pk,
                "role": "siva",
                "impartiality": "impartial",
                "_save": "Lagre",
            },
        )
        assert response.status_code == 403
    pending.refresh_from_db()
    assignment.refresh_from_db()
    assert (pending.application_id, pending.impartiality) == (fresh.pk, "pending")
    assert assignment.application_id == world.objects["applications.application"].pk
