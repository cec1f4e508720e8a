"""Places on the calls' pages that apps built on calls fill at start-up.

A lower app never imports a higher one. When one of its pages should show something a higher app
owns (a button to start an application, how many awards a call gave), it opens a place here and
renders whatever is registered there; the higher app registers a template, and if it needs one a
function that gives the template its context, from its ``AppConfig.ready()``.

``Registry`` and ``Slot`` are the mechanism; ``applications.hooks`` opens its places with them too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


class Registry:
    """Things registered under a key; registering a key again replaces it (ready() may rerun)."""

    def __init__(self, name: str, doc: str = ""):
        self.name = name
        self.doc = doc
        self._items: dict[str, Any] = {}

    def add(self, key: str, item: Any) -> None:
        self._items[key] = item

    def remove(self, key: str) -> None:
        self._items.pop(key, None)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._items.values()))

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[str]:
        return list(self._items)

    @contextmanager
    def replaced(self, items: dict[str, Any] | None = None):
        """For tests: only ``items`` are registered inside the block; the rest come back after."""
        saved = self._items
        self._items = dict(items or {})
        try:
            yield self
        finally:
            self._items = saved

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}: {', '.join(self._items) or 'empty'}>"


@dataclass(frozen=True)
class Extra:
    """A template to render in a slot.

    ``context(**values)`` gives what the template needs besides the slot's values, or ``None`` to
    leave the extra out this time. ``prepare(objects)`` runs once before a page renders the slot
    for many objects (one row each), to fetch what the template needs in one query.
    """

    template: str
    context: Callable[..., dict | None] | None = None
    prepare: Callable[[Sequence], None] | None = None


class Slot(Registry):
    """A place on a page that renders the extras registered for it, in the order registered."""

    def register(
        self,
        *,
        key: str,
        template: str,
        context: Callable[..., dict | None] | None = None,
        prepare: Callable[[Sequence], None] | None = None,
    ) -> None:
        self.add(key, Extra(template=template, context=context, prepare=prepare))

    def prepare(self, objects: Sequence) -> None:
        for extra in self:
            if extra.prepare is not None and objects:
                extra.prepare(objects)

    def render(self, *, request=None, **values) -> SafeString:
        parts = []
        for extra in self:
            more = extra.context(**values) if extra.context is not None else {}
            if more is None:
                continue
            parts.append(render_to_string(extra.template, {**values, **more}, request=request))
        return mark_safe("".join(parts))  # noqa: S308 - rendered templates, escaped by Django


call_actions = Slot(
    "calls.call_actions",
    "Under the facts of a published call's page: what one can do with it. Values: call.",
)
call_page = Slot(
    "calls.call_page",
    "After the contact section of a published call's page (not in the preview). Values: call.",
)
home_page = Slot("calls.home_page", "After the open and upcoming calls on the front page.")
