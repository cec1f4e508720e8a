"""Demo data for appeals: Molde Kunnskapspark appeals the amount of its 2015 award, and the
appeal is under review with the demo adviser as its case handler, declared impartial.

Written straight to the tables (no e-mails to demo people) and only once: an application that
already has an appeal is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from applications.models import Application, Membership
from awards.appeals.models import Appeal
from awards.letters.models import Letter
from awards.letters.texts import appeal_deadline_at, appeal_last_day

TITLE = "Etterutdanningsprogram i innovasjon med fokus på Industrielt Internett"
GROUNDS = (
    "Vi klager på beløpet i tilbudet. Vi søkte om et hovedprosjekt, men fikk et tilskudd på "
    "størrelse med et forprosjekt. Vurderingen av samarbeidet med Høgskolen i Molde tar ikke "
    "med intensjonsavtalen vi la ved søknaden."
)


def load_appeal_demo(*, letter_date: dt.datetime) -> None:
    application = (
        Application.objects.select_related("decision", "organisation").filter(title=TITLE).first()
    )
    if application is None or Appeal.objects.filter(application=application).exists():
        return
    users = get_user_model()
    adviser = users.objects.get(username="radgiver")
    contact, _created = users.objects.get_or_create(
        username="molde-kontakt",
        defaults={
            "email": "kontakt@moldekunnskapspark.example",
            "first_name": "Kari",
            "last_name": "Kontakt",
        },
    )
    if _created:
        contact.set_unusable_password()
        contact.save()
    Membership.objects.get_or_create(
        user=contact, organisation=application.organisation, defaults={"role": "admin"}
    )
    letter = Letter.objects.create(
        application=application,
        decision=application.decision,
        kind="offer",
        subject=f"Tilbud om tilskudd – {TITLE}",
        body=(
            f"Til {application.organisation.name}\n\nInnovasjon Norge tilbyr dere et tilskudd "
            "på inntil 500 000 kr.\n\nDere kan klage på vedtaket innen tre uker fra dagen "
            "varselet om dette brevet ble sendt dere på e-post."
        ),
        recipients=contact.email,
        appeal_deadline=appeal_last_day(notified_on=letter_date.date()),
        sent_at=letter_date,
        sent_by=adviser,
        delivery_status=Letter.Delivery.SENT,
        delivery_attempts=1,
        delivered_at=letter_date,
    )
    lodged = letter_date + dt.timedelta(days=10)
    Appeal.objects.create(
        application=application,
        organisation=application.organisation,
        decision=application.decision,
        letter=letter,
        grounds=GROUNDS,
        lodged_by=contact,
        lodged_at=lodged,
        deadline=appeal_deadline_at(notified_at=letter_date),
        state=Appeal.State.UNDER_REVIEW,
        case_handler=adviser,
        handler_declared_at=lodged + dt.timedelta(days=1),
    )
