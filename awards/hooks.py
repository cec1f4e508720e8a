"""What awards shows and decides on the pages of the apps below it.

``calls`` and ``applications`` never import awards; they open places and rules
(``calls/hooks.py``, ``applications/hooks.py``) that this module fills. ``AwardsConfig.ready()``
calls ``register()``.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects

from applications import hooks as application_hooks
from calls import hooks as call_hooks

from .permissions import staff_may_read_applications


def register() -> None:
    call_hooks.home_page.register(
        key="awards.who_got_support", template="awards/includes/home_awards.html"
    )
    call_hooks.call_page.register(
        key="awards.call_awards",
        template="awards/includes/call_awards_link.html",
        context=call_awards_context,
    )
    application_hooks.my_application.register(
        key="awards.decision_letters",
        template="awards/includes/decision_link.html",
        prepare=prefetch_letters,
    )
    application_hooks.my_application.register(
        key="awards.grant", template="awards/includes/grant_link.html", prepare=prefetch_grants
    )
    application_hooks.staff_readers.register(
        key="awards.assessment", predicate=staff_may_read_applications
    )
    application_hooks.personal_data.register(key="awards.letters", callback=letters_received)
    application_hooks.account_forget.register(key="awards.letters", callback=forget_recipient)


def call_awards_context(*, call) -> dict | None:
    """A link to the call's published awards, if it has any."""
    count = call.applications.filter(award__is_published=True).count()
    return {"awards_count": count} if count else None


def prefetch_letters(applications) -> None:
    """The /my/ list links each application's decision letters: fetch them in one query."""
    prefetch_related_objects(list(applications), "letters")


def prefetch_grants(applications) -> None:
    """The /my/ list links each offer to answer: set ``offer_grant`` on every application."""
    from .followup.models import Grant

    applications = list(applications)
    grants = Grant.objects.filter(award__application__in=applications).select_related("award")
    by_application = {grant.award.application_id: grant for grant in grants}
    for application in applications:
        application.offer_grant = by_application.get(application.pk)


def letters_received(*, user) -> tuple[str, list[dict]]:
    from .letters.services import letters_export

    return "letters_received", letters_export(user=user)


def forget_recipient(*, user) -> None:
    from .letters.services import letters_forget_recipient

    letters_forget_recipient(email=user.email)
