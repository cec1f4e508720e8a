"""The advisers' admin and the applicant's logged-in pages at 1 000 and 100 000 applications.

Run by ``make bench-admin`` (``DJANGO_SETTINGS_MODULE=config.settings.bench``, its own database):
generates 1 000 applications in assessment (cases, reviews, scores, and for every fourth an award
with its grant and letter), times each page through Django's test client as a logged-in person
(no network, no server: what the page costs in Python and SQL), then does the same at 100 000.
Prints one table: the median of ``BENCH_ADMIN_RUNS`` requests per page at each size, their ratio
and the number of queries per page. On a busy machine the milliseconds move; the ratios of the
medians and the query counts are what to compare.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications.models import Application, Membership  # noqa: E402
from awards import roles  # noqa: E402
from awards.demo.bench_cases import (  # noqa: E402
    CASE_SLUG_PREFIX,
    create_bench_cases,
    remove_bench_awards,
)
from calls.models import Call, Criterion  # noqa: E402

RUNS = int(os.environ.get("BENCH_ADMIN_RUNS", "15"))
SIZES = [int(n) for n in os.environ.get("BENCH_ADMIN_SIZES", "1000,100000").split(",")]
TARGETS = {"application list": 1.3, "reviews list": 1.3, "case page": 1.3}


def _staff(username: str, group: str) -> User:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", "is_staff": True}
    )
    user.groups.add(Group.objects.get(name=group))
    # Production settings require a second factor for staff: an authenticator app is set up.
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}}
    )
    return user


def _generate(size: int, adviser: User, reviewers: list[User]) -> dict:
    started = time.perf_counter()
    rows = create_bench_cases(applications=size, reviewers=reviewers, adviser=adviser)
    # A draft on an open call for the applicant's section pages.
    first = rows[0]
    member = Membership.objects.filter(organisation=first.organisation).select_related("user")[0]
    now = timezone.now()
    open_call = Call.objects.create(
        scheme=first.call.scheme,
        slug=f"{CASE_SLUG_PREFIX}open",
        title="Saksbenk: åpen utlysning",
        number=9999,
        summary="Åpen utlysning for ytelsestester.",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        budget=3_000_000,
        max_amount_per_project=3_000_000,
        is_published=True,
    )
    Criterion.objects.create(call=open_call, name="Relevans", weight=100)
    draft = Application.objects.create(
        call=open_call,
        organisation=first.organisation,
        title="Kompetanse for industrien",
        status=Application.Status.DRAFT,
        created_by=member.user,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
    print(f"{size} applications generated in {time.perf_counter() - started:.1f} s", flush=True)
    return {"call": first.call, "case": first, "member": member.user, "draft": draft}


def _pages(data: dict) -> list[tuple[str, str, str]]:
    """(page, who, URL)."""
    applications = reverse("admin:applications_application_changelist")
    return [
        ("application list", "adviser", applications),
        (
            "application list, one call",
            "adviser",
            f"{applications}?call__id__exact={data['call'].pk}",
        ),
        ("application list, submitted", "adviser", f"{applications}?status__exact=submitted"),
        ("reviews list", "adviser", reverse("admin:awards_reviewassignment_changelist")),
        ("case page", "adviser", reverse("admin:awards_case", args=[data["case"].pk])),
        ("ranking board", "adviser", reverse("admin:calls_call_ranking", args=[data["call"].pk])),
        ("grants list", "adviser", reverse("admin:awards_grant_changelist")),
        ("letters list", "adviser", reverse("admin:awards_letter_changelist")),
        ("/my/", "applicant", reverse("applications:dashboard")),
        (
            "section page (project)",
            "applicant",
            reverse("applications:project", args=[data["draft"].pk]),
        ),
    ]


def _timed(log: list):
    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append(((time.perf_counter() - started) * 1000, sql))

    return wrapper


def _measure(clients: dict, pages) -> dict[str, tuple[float, int]]:
    results = {}
    for page, who, url in pages:
        client = clients[who]
        response = client.get(url)  # warm: imports, templates, the connection
        if response.status_code != 200:
            raise SystemExit(f"{page}: {url} answered {response.status_code}")
        sql = []
        with connection.execute_wrapper(_timed(sql)):
            client.get(url)
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        results[page] = (statistics.median(timings), len(sql))
        if os.environ.get("BENCH_ADMIN_SQL"):
            for took, statement in sorted(sql, reverse=True)[:3]:
                print(f"  {page}: {took:.1f} ms {statement[:300]}")
    return results


def main() -> None:
    roles.sync_roles()
    remove_bench_awards()  # the published set of `make bench` would blur the small size
    adviser = _staff("benk-radgiver", roles.ADVISER)
    reviewers = [_staff(f"benk-fagvurderer-{n}", roles.PARTNER_REVIEWER) for n in range(4)]
    by_size = {}
    for size in SIZES:
        data = _generate(size, adviser, reviewers)
        clients = {"adviser": Client(), "applicant": Client()}
        clients["adviser"].force_login(adviser)
        clients["applicant"].force_login(data["member"])
        by_size[size] = _measure(clients, _pages(data))
    small, large = SIZES[0], SIZES[-1]
    load = " ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"\nmedian of {RUNS} requests per page, load average {load}")
    print(
        f"{'page':32} {'t(' + str(small) + ') ms':>12} {'t(' + str(large) + ') ms':>14} "
        f"{'ratio':>6} {'target':>7} {'queries':>9}"
    )
    for page in by_size[small]:
        (t_small, q_small), (t_large, q_large) = by_size[small][page], by_size[large][page]
        target = f"≤ {TARGETS[page]}" if page in TARGETS else ""
        queries = f"{q_small}" if q_small == q_large else f"{q_small}→{q_large}"
        print(
            f"{page:32} {t_small:12.1f} {t_large:14.1f} {t_large / t_small:6.2f} {target:>7} "
            f"{queries:>9}"
        )


if __name__ == "__main__":
    main()
