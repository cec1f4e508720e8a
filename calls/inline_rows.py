"""One-to-many relations read inside their parent's query.

``prefetch_related`` reads each relation with a query of its own: a page that shows an
application with its partners, cost lines, attachments and indicator targets runs five queries.
``with_inline_rows`` reads them as JSON arrays beside the parent's columns instead (one
``ARRAY(SELECT to_jsonb(row) …)`` per relation) and puts the rows where
``prefetch_related`` would have put them, so ``application.partners.all()`` runs no query and
the templates and code that read it do not change.

Each value travels as JSON and is read back with its field's ``to_python``: exact for the
integers, text, dates, times and files the project's models hold (a decimal would come back
through a float).

Each relation may bring its rows' forward relations (``related``, as ``select_related`` would)
and relations of its own (``inlines``). Rows come in the related model's default ordering, or
in the ordering of the ``queryset`` given.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Expression, F, JSONField, OuterRef, QuerySet
from django.db.models.query import ModelIterable

# Annotations that carry a relation's rows start with this; the iterable takes them off again.
_PREFIX = "_inline_rows__"


@dataclass(frozen=True)
class Inline:
    """A one-to-many relation of the parent, by its accessor (``partners``)."""

    accessor: str
    related: tuple[str, ...] = ()  # forward relations of each row, one level (``municipality``)
    inlines: tuple[Inline, ...] = ()  # one-to-many relations of each row
    queryset: QuerySet | None = None  # filter and order the rows; default: the model's manager


def with_inline_rows(queryset: QuerySet, *inlines: Inline) -> QuerySet:
    """``queryset`` with each of ``inlines`` read in the same query, as a prefetch would."""
    queryset = queryset.annotate(
        **{f"{_PREFIX}{inline.accessor}": _InlineRows(queryset.model, inline) for inline in inlines}
    )
    queryset._iterable_class = _InlineRowsIterable
    return queryset


class _InlineRows(ArraySubquery):
    """The rows of one relation as an array of JSON objects; remembers what it was asked for."""

    def __init__(self, model, inline: Inline):
        self.inline = inline
        super().__init__(_rows_queryset(model, inline))


def _relation(model, accessor: str) -> models.ForeignObjectRel:
    for relation in model._meta.related_objects:
        if relation.accessor_name == accessor:
            return relation
    raise ValueError(f"{model.__name__} has no one-to-many relation {accessor!r}")


def _rows_queryset(model, inline: Inline) -> QuerySet:
    relation = _relation(model, inline.accessor)
    fk = relation.field
    rows = inline.queryset if inline.queryset is not None else relation.related_model.objects.all()
    query = rows.query
    if (
        query.select_related
        or rows._prefetch_related_lookups
        or query.annotations
        or rows._fields is not None
        or query.deferred_loading != (frozenset(), True)
    ):
        # Whole rows are read: what such a queryset asks for would be quietly left out.
        raise ValueError(
            f"{inline.accessor}: the queryset may only filter and order the rows; name forward "
            "relations in related= and the rows' own relations in inlines="
        )
    # Every row has the same parent: ordering by it would only join the parent's table.
    ordering = [
        term
        for term in (query.order_by or rows.model._meta.ordering)
        if not (isinstance(term, str) and term.lstrip("-") in {fk.name, fk.attname})
    ]
    rows = rows.filter(**{fk.name: OuterRef("pk")}).order_by(*ordering)
    inlines = {child.accessor: _InlineRows(rows.model, child) for child in inline.inlines}
    return rows.values(json=_RowJSON(inline.related, inlines))


class _RowJSON(Expression):
    """The row of the query's own table as JSON (``to_jsonb``, keyed by column), with the rows
    of its forward relations (``related``) and its own relations (``inlines``) as keys beside
    the columns. A whole row is one expression, however many columns it has."""

    output_field = JSONField()

    def __init__(self, related: tuple[str, ...], inlines: dict[str, Expression]):
        super().__init__()
        self.related = related
        self.inlines = inlines
        self.aliases: dict[str, str] = {}  # "" for the row itself, then each relation's join

    def get_source_expressions(self):
        return list(self.inlines.values())

    def set_source_expressions(self, expressions):
        self.inlines = dict(zip(self.inlines, expressions, strict=True))

    def resolve_expression(self, query=None, *args, **kwargs):
        resolved = super().resolve_expression(query, *args, **kwargs)
        if self.aliases:
            # Resolved in its own query already; now the subquery is resolved in its parent's.
            return resolved
        resolved.aliases = {"": query.get_initial_alias()}
        for name in self.related:
            target = query.model._meta.get_field(name).related_model
            # A column other than the key makes the join (the key is on this row already); a
            # nullable relation joins LEFT, and a missing row comes back as null.
            column = next(f for f in target._meta.concrete_fields if not f.primary_key)
            resolved.aliases[name] = F(f"{name}__{column.name}").resolve_expression(query).alias
        return resolved

    def relabeled_clone(self, change_map):
        # A subquery's tables are renamed (U0, U1, …) when it goes inside its parent.
        clone = super().relabeled_clone(change_map)
        clone.aliases = {name: change_map.get(alias, alias) for name, alias in self.aliases.items()}
        return clone

    def as_sql(self, compiler, connection):
        row = f"to_jsonb({compiler.quote_name_unless_alias(self.aliases[''])})"
        keys, params = [], []
        for name in self.related:
            keys.append(f"%s, to_jsonb({compiler.quote_name_unless_alias(self.aliases[name])})")
            params.append(name)
        for name, expression in self.inlines.items():
            sql, inner = compiler.compile(expression)
            keys.append(f"%s, {sql}")
            params.extend([name, *inner])
        if not keys:
            return row, params
        return f"({row} || jsonb_build_object({', '.join(keys)}))", params


def _instance(model, row: dict, db: str):
    fields = model._meta.concrete_fields
    values = [field.to_python(row[field.column]) for field in fields]
    return model.from_db(db, [field.attname for field in fields], values)


def _attach(parent, inline: Inline, rows: list[dict] | None, db: str) -> None:
    relation = _relation(type(parent), inline.accessor)
    fk = relation.field
    children = []
    for row in rows or []:
        child = _instance(relation.related_model, row, db)
        fk.set_cached_value(child, parent)
        for name in inline.related:
            field = relation.related_model._meta.get_field(name)
            target = row[name]
            field.set_cached_value(
                child, _instance(field.related_model, target, db) if target is not None else None
            )
        for grandchild in inline.inlines:
            _attach(child, grandchild, row[grandchild.accessor], db)
        children.append(child)
    manager = getattr(parent, inline.accessor)
    queryset = manager.get_queryset()
    queryset._result_cache = children
    queryset._prefetch_done = True
    if not hasattr(parent, "_prefetched_objects_cache"):
        parent._prefetched_objects_cache = {}
    parent._prefetched_objects_cache[relation.cache_name] = queryset


class _InlineRowsIterable(ModelIterable):
    """Model instances whose inline relations are unpacked into their prefetch caches."""

    def __iter__(self):
        query = self.queryset.query
        inlines = {
            name: expression.inline
            for name, expression in query.annotations.items()
            if isinstance(expression, _InlineRows)
        }
        db = self.queryset.db
        for obj in super().__iter__():
            for name, inline in inlines.items():
                _attach(obj, inline, obj.__dict__.pop(name, None), db)
            yield obj
