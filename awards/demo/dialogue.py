"""Demo data for the dialogue: one short thread on the demo applicant's application in the
assessment call, the adviser asking and the applicant answering, and one internal note.

Written straight to the tables (no e-mail notices for demo people) and only once: a thread that
already has messages is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from applications.models import Application
from awards.dialogue.models import InternalNote, Message, ThreadRead

THREAD = [
    (
        "radgiver",
        True,
        "Takk for søknaden. Kan dere si litt mer om hvordan bedriftene i klyngen deltar i "
        "finansieringen?",
    ),
    (
        "soker",
        False,
        "Bedriftene bidrar med arbeidstid for 24 operatører og 300 000 kr i kontanter. "
        "Intensjonsavtalene ligger ved søknaden.",
    ),
]
NOTE = "Egenfinansieringen ser ryddig ut. Avventer fylkets vurdering."


def load_dialogue_demo(*, application: Application, now: dt.datetime) -> None:
    if Message.objects.filter(application=application).exists():
        return
    users = get_user_model().objects.in_bulk(["radgiver", "soker"], field_name="username")
    for minutes, (username, from_adviser, text) in enumerate(THREAD):
        author = users[username]
        written = now - dt.timedelta(hours=2) + dt.timedelta(minutes=30 * minutes)
        message = Message.objects.create(
            application=application, author=author, from_adviser=from_adviser, text=text
        )
        Message.objects.filter(pk=message.pk).update(created_at=written)
        ThreadRead.objects.update_or_create(
            application=application, user=author, defaults={"read_at": written}
        )
    InternalNote.objects.create(application=application, author=users["radgiver"], text=NOTE)
