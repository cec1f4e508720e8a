"""The award list's own tables, kept up to date when what the public sees changes.

``PublishedAward`` holds one row per published award with the list's sort keys and filters, and
``PublishedAwardTotals`` the counts and sums per call, year and county. Both are derived: they are
rewritten per call from the domain tables, in the same transaction as the change (the public data
signals in ``awards.public.cache`` say which calls a change touches), so the list never shows an
award the domain tables no longer publish. A full rewrite (``call_ids=None``) is for bulk writes,
edits of schemes and counties, and the migration that made the tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connection

from applications.models import Application, Organisation
from awards.decisions.models import Award, Decision
from awards.followup.models import Grant
from awards.followup.reports.models import Report
from calls.models import Call, County, Scheme

from .models import AwardListFacets, ClosedCallFigures, PublishedAward, PublishedAwardTotals

_LISTING = PublishedAward._meta.db_table
_TOTALS = PublishedAwardTotals._meta.db_table
_FIGURES = ClosedCallFigures._meta.db_table
_FACETS = AwardListFacets._meta.db_table
FACETS_ROW = 1
EMPTY_FACETS = {
    "years": [],
    "schemes": [],
    "calls": [],
    "counties": [],
    "totals": [],
    "grant_states": [],
}
# Refreshes take turns (a transaction-level lock): the facets are then written from every
# committed refresh, and two refreshes of one call never insert the same rows.
_REFRESH_LOCK = 7_314_001

# Every published award as a listing row; "{calls}" narrows it to some calls.
_INSERT_ROWS = f"""
INSERT INTO {_LISTING} (award_id, call_id, call_closes_at, scheme_code, year, county_id,
                        county_number, organisation_name, title, county_name, amount,
                        is_illustrative)
SELECT award.id, call.id, call.closes_at, scheme.code,
       EXTRACT(YEAR FROM award.decided_at AT TIME ZONE %s)::int, organisation.county_id,
       COALESCE(county.number, ''), organisation.name, application.title,
       COALESCE(county.name, ''), COALESCE(decision.amount, 0), award.is_illustrative
FROM {Award._meta.db_table} award
JOIN {Application._meta.db_table} application ON application.id = award.application_id
JOIN {Call._meta.db_table} call ON call.id = application.call_id
JOIN {Scheme._meta.db_table} scheme ON scheme.id = call.scheme_id
JOIN {Organisation._meta.db_table} organisation ON organisation.id = application.organisation_id
LEFT JOIN {County._meta.db_table} county ON county.id = organisation.county_id
LEFT JOIN {Decision._meta.db_table} decision ON decision.application_id = application.id
WHERE award.is_published {{calls}}
"""  # noqa: S608

_INSERT_TOTALS = f"""
INSERT INTO {_TOTALS} (call_id, year, county_id, count, total, illustrative)
SELECT call_id, year, county_id, COUNT(*), SUM(amount), COUNT(*) FILTER (WHERE is_illustrative)
FROM {_LISTING} {{where}}
GROUP BY call_id, year, county_id
"""  # noqa: S608


# The filters' values, the calls and each call's totals, as one JSON document made from the
# totals table (a few rows per call) in the transaction that changed them.
_WRITE_FACETS = f"""
INSERT INTO {_FACETS} (id, document)
SELECT %s, json_build_object(
  'years', (SELECT COALESCE(json_agg(y.year ORDER BY y.year DESC), '[]')
            FROM (SELECT DISTINCT year FROM {_TOTALS}) y),
  'schemes', (SELECT COALESCE(json_agg(json_build_array(s.code, s.name) ORDER BY s.name), '[]')
              FROM {Scheme._meta.db_table} s
              WHERE s.id IN (SELECT c.scheme_id FROM {Call._meta.db_table} c
                             WHERE c.id IN (SELECT call_id FROM {_TOTALS}))),
  'calls', (SELECT COALESCE(json_agg(json_build_array(c.id, c.slug, c.title, c.closes_at)
                                     ORDER BY c.closes_at DESC, c.id), '[]')
            FROM {Call._meta.db_table} c WHERE c.id IN (SELECT call_id FROM {_TOTALS})),
  'counties', (SELECT COALESCE(json_agg(json_build_array(k.number, k.name)
                                        ORDER BY k.name, k.number), '[]')
               FROM {County._meta.db_table} k
               WHERE k.id IN (SELECT county_id FROM {_TOTALS})),
  'totals', (SELECT COALESCE(json_agg(json_build_array(t.call_id, t.count, t.total,
                                                       t.illustrative)
                                      ORDER BY c.closes_at DESC, c.id), '[]')
             FROM (SELECT call_id, SUM(count) AS count, SUM(total) AS total,
                          SUM(illustrative) AS illustrative
                   FROM {_TOTALS} GROUP BY call_id) t
             JOIN {Call._meta.db_table} c ON c.id = t.call_id),
  'grant_states', (SELECT COALESCE(json_agg(json_build_array(g.state, g.reported, g.n)), '[]')
                   FROM (SELECT gr.state,
                                EXISTS (SELECT 1 FROM {Report._meta.db_table} r
                                        WHERE r.grant_id = gr.id AND r.kind = %s
                                          AND r.status = %s) AS reported,
                                COUNT(*) AS n
                         FROM {Grant._meta.db_table} gr
                         JOIN {Award._meta.db_table} a ON a.id = gr.award_id AND a.is_published
                         GROUP BY 1, 2) g)
)::jsonb
ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document
"""  # noqa: S608
_FACETS_PARAMS = [FACETS_ROW, Report.Kind.FINAL, Report.Status.APPROVED]


def published_awards_refresh(*, call_ids: Iterable[int] | None) -> None:
    """Rewrite the listing rows and totals of these calls (``None``: of every call), and let
    the statistics count their applications again."""
    if call_ids is None:
        where, narrow, params = "", "", []
    else:
        ids = sorted({int(pk) for pk in call_ids if pk is not None})
        if not ids:
            return
        where, narrow, params = "WHERE call_id = ANY(%s)", "AND call.id = ANY(%s)", [ids]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REFRESH_LOCK])
        cursor.execute(f"DELETE FROM {_FIGURES} {where}", params)  # noqa: S608
        cursor.execute(f"DELETE FROM {_TOTALS} {where}", params)  # noqa: S608
        cursor.execute(f"DELETE FROM {_LISTING} {where}", params)  # noqa: S608
        cursor.execute(_INSERT_ROWS.format(calls=narrow), [settings.TIME_ZONE, *params])
        cursor.execute(_INSERT_TOTALS.format(where=where), params)
        cursor.execute(_WRITE_FACETS, _FACETS_PARAMS)


def award_facets_refresh() -> None:
    """Rewrite the facets alone: after a change to the follow-up of a published award (a
    grant's state, an approved report), which the grants' counts on the statistics show."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REFRESH_LOCK])
        cursor.execute(_WRITE_FACETS, _FACETS_PARAMS)


def calls_of_awards(**lookup) -> list[int]:
    """The calls of the published awards matching ``lookup`` (for an organisation's edit)."""
    return list(
        Award.objects.published()
        .filter(**lookup)
        .order_by()
        .values_list("application__call_id", flat=True)
        .distinct()
    )
