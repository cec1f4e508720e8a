"""Plans as PostgreSQL makes them at scale: fresh statistics for the tables a test filled, and
the plan of a queryset."""

from __future__ import annotations

from django.db import connection


def analyze(*models) -> None:
    """Statistics for these models' tables only: a bare ANALYZE also walks every other table
    and the catalogues the whole server shares, which other test databases are writing to."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())
