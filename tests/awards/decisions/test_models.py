import pytest
from django.db import IntegrityError, transaction

from tests.factories import AwardFactory

pytestmark = pytest.mark.django_db


def test_award_amount_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(amount=-1)


def test_one_award_per_application():
    award = AwardFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(application=award.application)
