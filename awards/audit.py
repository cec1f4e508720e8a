"""Who changed what: every service saves through here so history records the person and reason.

django-simple-history reads ``_history_user`` and ``_change_reason`` from the instance when it
writes the history row.
"""

from __future__ import annotations


def attribute(obj, *, by, reason: str = ""):
    """Mark the next history row of ``obj`` as made by ``by`` (with ``reason`` if given)."""
    obj._history_user = by
    if reason:
        obj._change_reason = reason
    return obj


def save(obj, *, by, reason: str = "", clean: bool = True):
    """Validate (unless ``clean`` is off) and save ``obj``, recording who did it and why."""
    attribute(obj, by=by, reason=reason)
    if clean:
        obj.full_clean()
    obj.save()
    return obj
