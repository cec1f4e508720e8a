"""Helpers the demo loaders of every app share."""

from __future__ import annotations


def upsert(model, lookup: dict, values: dict):
    """Find an object by its natural key (``lookup``), set ``values``, validate and save it.

    Demo loaders use it so that loading twice leaves the same data.
    """
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for key, value in values.items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    return obj


def criteria_upsert(call, criteria) -> None:
    """Give a call its assessment criteria: (name, description, weight) in order."""
    from .models import Criterion

    for order, (name, description, weight) in enumerate(criteria, start=1):
        upsert(
            Criterion,
            {"call": call, "name": name},
            {"description": description, "weight": weight, "order": order},
        )
