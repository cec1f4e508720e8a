"""What allauth says to people, where its own words leave them stuck, and how its e-mails
leave (through the one door for e-mail, as a background task)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext_lazy as _

from calls.mail import email_later


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render as allauth does (in the request, with its language and site), then queue."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, kind in getattr(message, "alternatives", [])
                if kind == "text/html"
            ),
            None,
        )
        body = message.body
        if message.content_subtype == "html":  # allauth's message without a plain-text part
            html, body = message.body, ""
        email_later(
            subject=message.subject,
            body=body,
            html=html,
            to=message.to,
            reply_to=message.reply_to,
            headers=message.extra_headers,
            from_email=message.from_email,
        )


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
