"""Every admin page and every logged-in page runs at most ten queries, and as many with many rows
as with a few.

The pages are measured once for the module: first on the admin's world (one object of every
model), then again after about 150 more applications with cases, reviews, scores, awards,
grants, letters, messages, organisations and their members are added. Each page is then one
test. Everything is rolled back when the measurement ends.

They are counted as production runs them: staff must have a second factor (each staff person
here has an authenticator app), so every staff page also asks whether they do.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from applications.models import Application, IndicatorTarget
from awards.demo.bench_cases import create_bench_cases
from awards.models import Grant, ReviewAssignment
from calls.reporting import OutcomeIndicator
from tests.admin_world import build_world
from tests.factories import StaffFactory, complete_draft

# The database is set up only for modules that use it; each test itself reads no rows.
pytestmark = pytest.mark.django_db

BUDGET = 10
MANY = 150

# Every model the admin lists, by label; its list and its change page are measured.
LABELS = sorted(model._meta.label_lower for model in admin.site._registry)
ADMIN_PAGES = [f"{label} list" for label in LABELS] + [f"{label} change" for label in LABELS]
OTHER_PAGES = [
    "admin index",
    "application list, filtered by call",
    "application list, sorted by county",
    "reviews list, filtered by call",
    "case page",
    "ranking board",
    "review page",
    "my page",
    "task list",
    "section: project",
    "section: partners",
    "section: budget",
    "section: attachments",
    "summary",
    "grant",
    "messages",
    "letter",
]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def _urls(world, draft) -> dict[str, tuple[str, str]]:
    """Page name → (who opens it, URL)."""
    objects = world.objects
    application = objects["applications.application"]
    urls = {}
    for label in LABELS:
        app_label, model_name = label.split(".")
        urls[f"{label} list"] = ("adviser", reverse(f"admin:{app_label}_{model_name}_changelist"))
        urls[f"{label} change"] = (
            "adviser",
            reverse(f"admin:{app_label}_{model_name}_change", args=[objects[label].pk]),
        )
    call = application.call
    grant = Grant.objects.get(award__application=application)
    urls.update(
        {
            "admin index": ("adviser", reverse("admin:index")),
            "application list, filtered by call": (
                "adviser",
                reverse("admin:applications_application_changelist")
                + f"?call__id__exact={call.pk}",
            ),
            "application list, sorted by county": (
                "adviser",
                reverse("admin:applications_application_changelist") + "?o=4",
            ),
            "reviews list, filtered by call": (
                "adviser",
                reverse("admin:awards_reviewassignment_changelist")
                + f"?application__call__id__exact={call.pk}",
            ),
            "case page": ("adviser", reverse("admin:awards_case", args=[application.pk])),
            "ranking board": ("adviser", reverse("admin:calls_call_ranking", args=[call.pk])),
            "review page": (
                "partner reviewer",
                reverse("admin:awards_review", args=[objects["awards.reviewassignment"].pk]),
            ),
            "my page": ("applicant", reverse("applications:dashboard")),
            "task list": ("applicant", reverse("applications:task_list", args=[draft.pk])),
            "section: project": ("applicant", reverse("applications:project", args=[draft.pk])),
            "section: partners": ("applicant", reverse("applications:partners", args=[draft.pk])),
            "section: budget": ("applicant", reverse("applications:budget", args=[draft.pk])),
            "section: attachments": (
                "applicant",
                reverse("applications:attachments", args=[draft.pk]),
            ),
            "summary": ("applicant", reverse("applications:summary", args=[draft.pk])),
            "grant": ("applicant", reverse("grants:detail", args=[grant.pk])),
            "messages": ("applicant", reverse("dialogue:thread", args=[application.pk])),
            "letter": ("applicant", reverse("letters:detail", args=[objects["awards.letter"].pk])),
        }
    )
    return urls


def _more_of_everything(world, draft) -> None:
    """Many more rows in every table the pages read, the applicant's organisation included."""
    people = world.people
    reviewers = [people["partner reviewer"], StaffFactory(username="w-reviewer-2")]
    create_bench_cases(applications=MANY, reviewers=reviewers, adviser=people["adviser"])
    application = world.objects["applications.application"]
    # The applicant's own organisation gets many more applications on the same call too.
    Application.objects.bulk_create(
        Application(
            call=application.call,
            organisation=application.organisation,
            title=f"Eget prosjekt {n}",
            status=Application.Status.SUBMITTED,
            reference=f"EGEN-{n:04d}",
            sequence=1000 + n,
        )
        for n in range(40)
    )
    # The case page shows the measured application's indicator targets with their indicators.
    indicators = OutcomeIndicator.objects.bulk_create(
        OutcomeIndicator(call=application.call, code=f"maal-{n}", name=f"Mål {n}", order=50 + n)
        for n in range(5)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(application=application, indicator=indicator, target=10)
        for indicator in indicators
    )
    ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            application=other,
            reviewer=people["partner reviewer"],
            role=ReviewAssignment.Role.SIVA,
            impartiality=ReviewAssignment.Impartiality.IMPARTIAL,
        )
        for other in Application.objects.filter(organisation=application.organisation).exclude(
            review_assignments__reviewer=people["partner reviewer"]
        )
    )


def _with_second_factor(users) -> None:
    Authenticator.objects.bulk_create(
        Authenticator(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
        for user in users
        if user.is_staff
    )


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker) -> dict[str, tuple[int, int]]:
    """Page name → (queries with a few rows, queries with many)."""
    counts: dict[str, list[int]] = {}
    with django_db_blocker.unblock(), translation.override("nb"), transaction.atomic():
        world = build_world()
        _with_second_factor(world.people.values())
        with override_settings(UTLYSNING_STAFF_MFA_REQUIRED=True):
            applicant = world.objects["auth.user"]
            draft = complete_draft(organisation=world.objects["applications.organisation"])
            clients = {}
            for name, user in [*world.people.items(), ("applicant", applicant)]:
                clients[name] = Client()
                clients[name].force_login(user)
            urls = _urls(world, draft)
            for page, (who, url) in urls.items():
                # Models an adviser may not open (accounts, groups) are measured as a superuser.
                if who == "adviser" and clients[who].get(url).status_code == 403:
                    urls[page] = ("superuser", url)
            for _round in ("warm", "few"):
                cache.clear()
                for page, (who, url) in urls.items():
                    counts[page] = [_count(clients[who], url)]
            _more_of_everything(world, draft)
            cache.clear()
            for page, (who, url) in urls.items():
                counts[page].append(_count(clients[who], url))
        transaction.set_rollback(True)
    cache.clear()
    return {page: tuple(pair) for page, pair in counts.items()}


@pytest.mark.parametrize("page", ADMIN_PAGES + OTHER_PAGES)
def test_a_page_runs_a_bounded_number_of_queries_whatever_the_number_of_rows(measured, page):
    few, many = measured[page]
    assert few <= BUDGET, f"{page}: {few} queries"
    assert many == few, f"{page}: {few} queries with a few rows, {many} with many"
