"""What later stages do when an offer letter is sent, without letters importing them.

``offer_sent`` holds callbacks, each called as ``callback(award=..., sent_at=..., by=...)``
inside the transaction that sends the letter; ``AwardsConfig.ready()`` fills it (the follow-up
makes the grant there).
"""

from __future__ import annotations

from collections.abc import Callable

offer_sent: list[Callable[..., object]] = []


def offer_sent_register(callback: Callable[..., object]) -> None:
    if callback not in offer_sent:  # ready() may run twice
        offer_sent.append(callback)
