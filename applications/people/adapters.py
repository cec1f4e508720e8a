"""What allauth says to people, where its own words leave them stuck."""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils.translation import gettext_lazy as _


class MFAAdapter(DefaultMFAAdapter):
    # allauth says only "Feil kode" for a code that is wrong, has just expired or was already
    # used (a code counts once); say what to do next.
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "Koden stemmer ikke. En kode fra autentiseringsappen gjelder bare i rundt 30 sekunder "
            "og kan brukes én gang: vent til appen viser en ny kode, og skriv den inn. Stemmer "
            "det fortsatt ikke, sjekk at klokka på telefonen er stilt automatisk, eller bruk en "
            "av gjenopprettingskodene."
        ),
    }
