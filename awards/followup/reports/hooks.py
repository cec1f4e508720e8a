"""Doors the reports open: what happens when a final report is approved.

Each callable takes ``(report, *, by)`` and runs after the approval has committed, in the order
registered (the payouts' close-out registers itself here)."""

from __future__ import annotations

from collections.abc import Callable

on_final_report_approved: list[Callable[..., None]] = []
