"""The Administrator role manages accounts and role groups, never privileges."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from awards import roles
from tests.admin_forms import change_form_data
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return StaffFactory(username="the-administrator", group=roles.ADMINISTRATOR)


def _hostile_post(client, user, **changes):
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = change_form_data(page.content.decode())
    data.update(changes)
    payload = {key: value for key, value in data.items() if value}
    response = client.post(url, {**payload, "_save": "Lagre"})
    assert response.status_code < 500
    return response


def test_an_administrator_cannot_make_anyone_superuser_or_grant_permissions(client, administrator):
    client.force_login(administrator)
    other = StaffFactory(username="colleague")
    secret = Group.objects.create(name="Hemmelig")
    secret.permissions.add(Permission.objects.get(codename="change_application"))
    permission = Permission.objects.get(codename="delete_user")
    adviser = Group.objects.get(name=roles.ADVISER)
    for user in (administrator, other):
        _hostile_post(
            client,
            user,
            is_superuser=["on"],
            is_staff=["on"],
            user_permissions=[str(permission.pk)],
            groups=[str(secret.pk), str(adviser.pk)],
        )
        user.refresh_from_db()
        assert not user.is_superuser
        assert not user.user_permissions.exists()
        assert not user.groups.filter(pk=secret.pk).exists()
    # The role groups are theirs to give.
    _hostile_post(client, other, groups=[str(adviser.pk)])
    assert other.groups.filter(pk=adviser.pk).exists()


def test_an_administrator_keeps_groups_they_cannot_see_on_others(client, administrator):
    client.force_login(administrator)
    secret = Group.objects.create(name="Hemmelig")
    other = StaffFactory(username="colleague")
    other.groups.add(secret)
    adviser = Group.objects.get(name=roles.ADVISER)
    _hostile_post(client, other, groups=[str(adviser.pk)])
    assert set(other.groups.values_list("name", flat=True)) == {"Hemmelig", roles.ADVISER}


def test_an_administrator_cannot_change_a_superuser(client, administrator):
    client.force_login(administrator)
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    url = reverse("admin:auth_user_change", args=[boss.pk])
    response = client.post(url, {"username": "boss", "email": "me@example.org", "_save": "Lagre"})
    assert response.status_code in {302, 403}
    password = reverse("admin:auth_user_password_change", args=[boss.pk])
    response = client.post(password, {"password1": "Tr0ub4dor&3x!", "password2": "Tr0ub4dor&3x!"})
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.is_staff and boss.is_superuser
    assert boss.email != "me@example.org"
    assert not boss.check_password("Tr0ub4dor&3x!")


def test_an_administrator_cannot_give_a_group_permissions(client, administrator):
    client.force_login(administrator)
    group = Group.objects.get(name=roles.ADMINISTRATOR)
    before = set(group.permissions.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[group.pk])
    every = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    response = client.post(url, {"name": group.name, "permissions": every, "_save": "Lagre"})
    assert response.status_code < 500
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_a_superuser_still_grants_anything(client):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(boss)
    other = StaffFactory(username="colleague")
    _hostile_post(client, other, is_superuser=["on"])
    other.refresh_from_db()
    assert other.is_superuser
