"""The case page offers case owners and reviewers from one read of the staff."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from awards import roles
from awards.admin.forms import AssignReviewerForm, CaseOwnerForm
from awards.permissions import staff_by_permission, users_with_permission
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    direct = StaffFactory(username="direkte")
    direct.user_permissions.add(
        Permission.objects.get(content_type__app_label="awards", codename="score_application")
    )
    return {
        "adviser": StaffFactory(username="radgiver", group=roles.ADVISER),
        "reviewer": StaffFactory(username="fagvurderer", group=roles.PARTNER_REVIEWER),
        "direct": direct,
        "superuser": StaffFactory(username="super", is_superuser=True),
        "inactive": StaffFactory(username="sluttet", group=roles.ADVISER, is_active=False),
        "not staff": UserFactory(username="soker"),
        "no role": StaffFactory(username="uten-rolle"),
    }


def test_each_permission_gets_the_people_that_users_with_permission_gives(staff):
    codenames = ("manage_assessment", "score_application")
    read = staff_by_permission(*codenames)
    for codename in codenames:
        assert read[codename] == list(users_with_permission(codename))
    names = {codename: {u.username for u in people} for codename, people in read.items()}
    assert {"radgiver", "super"} <= names["manage_assessment"]
    assert {"fagvurderer", "direkte", "super"} <= names["score_application"]
    for left_out in ("sluttet", "soker", "uten-rolle"):
        assert all(left_out not in people for people in names.values())


def test_the_forms_show_the_people_read_and_still_check_a_choice_against_the_permission(staff):
    read = staff_by_permission("manage_assessment", "score_application")
    owner = CaseOwnerForm(people=read["manage_assessment"])
    shown = [value for value, _label in owner.fields["owner"].choices]
    assert shown == ["", *(person.pk for person in read["manage_assessment"])]
    # A posted form is checked against the permission, whatever was offered.
    posted = AssignReviewerForm(
        {"reviewer": staff["no role"].pk, "role": "siva"}, people=read["score_application"]
    )
    assert not posted.is_valid()
    assert "reviewer" in posted.errors
