"""What allauth says to people, where its own words leave them stuck, how its e-mails leave
(through the one door for e-mail, as a background task), and what an ID-porten login keeps."""

from __future__ import annotations

import logging

import requests
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_username
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from calls.mail import email_later

from . import idporten
from .names import single_line, split_full_name

logger = logging.getLogger(__name__)


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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """ID-porten logins (applications/people/idporten.py): the national identity number is
    dropped before anything is kept, the name is the one ID-porten gives, and every failure ends
    on the login page with a message."""

    def populate_user(self, request, sociallogin, data):
        # Called as the login arrives, before the account is saved, updated or put in the
        # session for the sign-up form: the claims not kept never reach the database.
        sociallogin.account.extra_data = idporten.kept_claims(sociallogin.account.extra_data)
        user = super().populate_user(request, sociallogin, data)
        user_username(user, "")  # a username the provider chose is not ours: sign-up makes one
        parts = (data.get("first_name"), data.get("last_name"))
        # Clipped to what the name fields hold; the person can change it on /my/name/.
        full_name = single_line(data.get("name") or " ".join(filter(None, parts)))[:150]
        user.first_name, user.last_name = split_full_name(full_name) if full_name else ("", "")
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        if form is None and not user.get_full_name().strip():
            # People see each other by name: a new account without one asks for it first (the
            # sign-up form asks for it itself).
            sociallogin.state["next"] = reverse("applications:account_name")
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        if error == AuthError.CANCELLED:
            message = idporten.CANCELLED
        elif isinstance(exception, requests.RequestException):
            logger.warning("ID-porten did not answer during a login", exc_info=exception)
            message = idporten.UNAVAILABLE
        else:
            logger.warning("An ID-porten login failed: %s", error, exc_info=exception)
            message = idporten.FAILED
        raise ImmediateHttpResponse(idporten.back_to_login(request, message))
