import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.people.selectors import organisations_left_alone, organisations_to_hand_over
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_which_organisations_need_a_handover_or_would_be_left_alone():
    me = UserFactory()
    shared, alone, co_admin = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    MembershipFactory(user=me, organisation=shared, role="admin")
    MembershipFactory(organisation=shared, role="editor")
    MembershipFactory(organisation=shared, role="reader")
    MembershipFactory(user=me, organisation=alone, role="admin")
    MembershipFactory(user=me, organisation=co_admin, role="admin")
    MembershipFactory(organisation=co_admin, role="admin")
    assert organisations_to_hand_over(user=me) == [shared]
    assert organisations_left_alone(user=me) == [alone]


def test_each_answer_is_one_query_however_many_organisations():
    me = UserFactory()
    for _ in range(5):
        membership = MembershipFactory(user=me, role="admin")
        MembershipFactory(organisation=membership.organisation)
    with CaptureQueriesContext(connection) as queries:
        organisations_to_hand_over(user=me)
        organisations_left_alone(user=me)
    assert len(queries) == 2
