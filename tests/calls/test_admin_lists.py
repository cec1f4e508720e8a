"""Big admin lists count up to a cap, never the whole table, and say so when there are more."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from applications.models import Application
from calls import admin_lists
from config.backends import OneQueryModelBackend
from tests.factories import ApplicationFactory, CallFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/applications/application/"


@pytest.fixture
def adviser():
    from awards import roles

    return StaffFactory(group=roles.ADVISER)


def test_the_paginator_counts_and_sums_within_the_cap(monkeypatch):
    monkeypatch.setattr(admin_lists, "COUNT_CAP", 5)
    call = CallFactory()
    for amount in (100, 200, 300):
        ApplicationFactory(call=call, requested_amount=amount)
    paginator = admin_lists.CappedCountPaginator(
        Application.objects.filter(call=call), 2, totals={"requested": "requested_amount"}
    )
    assert paginator.count == 3
    assert not paginator.capped
    assert paginator.total("requested") == 600
    assert paginator.num_pages == 2


def test_beyond_the_cap_the_count_stops_and_no_partial_sum_is_shown(monkeypatch):
    monkeypatch.setattr(admin_lists, "COUNT_CAP", 2)
    call = CallFactory()
    for _n in range(4):
        ApplicationFactory(call=call, requested_amount=100)
    paginator = admin_lists.CappedCountPaginator(
        Application.objects.filter(call=call), 100, totals={"requested": "requested_amount"}
    )
    assert paginator.count == 3  # the cap and one more: enough to know there are more
    assert paginator.capped
    assert paginator.total("requested") is None


def test_the_application_list_says_more_than_the_cap_and_why_the_sum_is_missing(
    client, adviser, monkeypatch
):
    monkeypatch.setattr(admin_lists, "COUNT_CAP", 2)
    call = CallFactory()
    for _n in range(3):
        ApplicationFactory(call=call, requested_amount=100)
    client.force_login(adviser)
    html = client.get(LIST).content.decode()
    assert "Mer enn 2 søknader" in html
    assert "Summen av søkt beløp vises når utvalget har høyst 2 søknader" in html
    html = client.get(LIST + "?status__exact=draft").content.decode()
    assert "Søkt til sammen i utvalget: 0\u00a0kr" in html


def test_one_query_permissions_are_django_s(django_assert_num_queries):
    from awards import roles

    staff = StaffFactory(group=roles.ADVISER)
    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    plain = UserFactory()
    superuser = UserFactory(is_superuser=True)
    inactive = StaffFactory(group=roles.ADVISER, is_active=False)
    for user in (staff, plain, superuser, inactive):
        expected = ModelBackend().get_all_permissions(type(user).objects.get(pk=user.pk))
        fresh = type(user).objects.get(pk=user.pk)
        with django_assert_num_queries(0 if not user.is_active else 1):
            assert OneQueryModelBackend().get_all_permissions(fresh) == expected
        assert OneQueryModelBackend().get_all_permissions(fresh) == expected  # kept
    assert "auth.view_user" in OneQueryModelBackend().get_all_permissions(staff)
