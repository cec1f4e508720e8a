"""Telling the person what went wrong: a ValidationError's messages as flash messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, str(message))
