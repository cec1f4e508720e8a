"""Relations read inside their parent's query come back as ``prefetch_related`` gives them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from applications.models import Application, Attachment, Partner
from awards.models import ReviewAssignment, Score
from calls.inline_rows import Inline, with_inline_rows
from tests.factories import (
    AttachmentFactory,
    CriterionFactory,
    PartnerFactory,
    ReviewAssignmentFactory,
    UserFactory,
    complete_draft,
)

pytestmark = pytest.mark.django_db


def _values(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


@pytest.fixture
def application():
    application = complete_draft()
    # A partner with no municipality, and an attachment with the person who uploaded it.
    PartnerFactory(application=application, municipality=None, name="Uten kommune", order=9)
    AttachmentFactory(application=application, uploaded_by=UserFactory(), name="budsjett.pdf")
    return application


def test_the_rows_their_related_objects_and_order_are_those_of_a_prefetch(application):
    prefetched = Application.objects.prefetch_related(
        Prefetch("partners", queryset=Partner.objects.select_related("municipality")),
        Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
        "cost_lines",
    ).get(pk=application.pk)
    with CaptureQueriesContext(connection) as queries:
        inlined = with_inline_rows(
            Application.objects.all(),
            Inline("partners", related=("municipality",)),
            Inline("attachments", related=("uploaded_by",)),
            Inline("cost_lines"),
        ).get(pk=application.pk)
        partners = list(inlined.partners.all())
        attachments = list(inlined.attachments.all())
        cost_lines = list(inlined.cost_lines.all())
        municipalities = [partner.municipality for partner in partners]
        uploaders = [attachment.uploaded_by for attachment in attachments]
        parents = {row.application for row in [*partners, *attachments, *cost_lines]}
    assert len(queries) == 1
    assert [_values(p) for p in partners] == [_values(p) for p in prefetched.partners.all()]
    assert len(partners) == 3 and partners[-1].name == "Uten kommune"
    assert municipalities[-1] is None
    assert [_values(m) for m in municipalities[:2]] == [
        _values(p.municipality) for p in list(prefetched.partners.all())[:2]
    ]
    assert [_values(a) for a in attachments] == [_values(a) for a in prefetched.attachments.all()]
    assert uploaders[0] is None and uploaders[1].username
    assert _values(uploaders[1]) == _values(list(prefetched.attachments.all())[1].uploaded_by)
    assert [_values(c) for c in cost_lines] == [_values(c) for c in prefetched.cost_lines.all()]
    assert parents == {inlined}
    # Values keep their types: an aware timestamp, a file, integers.
    assert isinstance(attachments[0].uploaded_at, dt.datetime)
    assert attachments[0].uploaded_at.tzinfo is not None
    assert attachments[0].file.read() == prefetched.attachments.all()[0].file.read()
    # The instances are saved rows: saving one updates it.
    partners[0].name = "Nytt navn"
    partners[0].save(update_fields=["name"])
    assert Partner.objects.get(pk=partners[0].pk).name == "Nytt navn"


def test_rows_of_rows_come_in_the_same_query_and_an_empty_relation_is_empty(application):
    criteria = [CriterionFactory(call=application.call, order=n) for n in (2, 1)]
    assignment = ReviewAssignmentFactory(application=application)
    ReviewAssignmentFactory(application=application)  # no scores yet
    for criterion, score in zip(criteria, (4, 6), strict=True):
        Score.objects.create(assignment=assignment, criterion=criterion, score=score)
    with CaptureQueriesContext(connection) as queries:
        inlined = with_inline_rows(
            Application.objects.filter(pk=application.pk),
            Inline(
                "review_assignments",
                related=("reviewer",),
                inlines=(Inline("scores"),),
                queryset=ReviewAssignment.objects.order_by("-pk"),
            ),
            Inline("indicator_targets"),
        ).first()
        assignments = list(inlined.review_assignments.all())
        scores = [[score.score for score in a.scores.all()] for a in assignments]
        reviewers = [a.reviewer.username for a in assignments]
        targets = list(inlined.indicator_targets.all())
    assert len(queries) == 1
    assert [a.pk for a in assignments] == sorted((a.pk for a in assignments), reverse=True)
    # Scores in their model's ordering (by the criterion's order): 6 for order 1, then 4.
    assert scores == [[], [6, 4]]
    assert reviewers == [a.reviewer.username for a in ReviewAssignment.objects.order_by("-pk")]
    assert targets == []


@pytest.mark.parametrize(
    "queryset",
    [
        Partner.objects.select_related("municipality"),
        Partner.objects.prefetch_related("municipality"),
        Partner.objects.only("name"),
        Partner.objects.values("name"),
    ],
    ids=["select_related", "prefetch_related", "only", "values"],
)
def test_a_queryset_that_asks_for_more_than_filter_and_order_is_refused(queryset):
    # Whole rows are read: a select_related or only() would otherwise be quietly left out.
    with pytest.raises(ValueError, match="related="):
        with_inline_rows(Application.objects.all(), Inline("partners", queryset=queryset))
