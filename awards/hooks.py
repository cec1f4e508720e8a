"""What awards shows and decides on the pages of the apps below it.

``calls`` and ``applications`` never import awards; they open places and rules
(``calls/hooks.py``, ``applications/hooks.py``) that this module fills. ``AwardsConfig.ready()``
calls ``register()``.
"""

from __future__ import annotations

from django.db.models import F, Prefetch, prefetch_related_objects

from applications import hooks as application_hooks
from calls import hooks as call_hooks

from .dialogue.corrections import correction_answered_notify
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
        key="awards.messages",
        template="awards/includes/messages_link.html",
        context=messages_link_context,
        prepare=prefetch_messages,
    )
    application_hooks.dashboard.register(
        key="awards.unread_messages",
        template="awards/includes/unread_messages_panel.html",
        context=unread_messages_context,
    )
    application_hooks.my_application.register(
        key="awards.case_documents",
        template="awards/includes/case_documents_link.html",
        context=case_documents_link_context,
    )
    application_hooks.my_application.register(
        key="awards.grant", template="awards/includes/grant_link.html", prepare=prefetch_grants
    )
    application_hooks.staff_readers.register(
        key="awards.assessment", predicate=staff_may_read_applications
    )
    application_hooks.correction_answered.register(
        key="awards.corrections", callback=correction_answered_notify
    )
    application_hooks.personal_data.register(key="awards.letters", callback=letters_received)
    application_hooks.personal_data.register(key="awards.messages", callback=messages_written)
    application_hooks.account_forget.register(key="awards.letters", callback=forget_recipient)


def call_awards_context(*, call) -> dict | None:
    """A link to the call's published awards, if it has any."""
    count = call.applications.filter(award__is_published=True).count()
    return {"awards_count": count} if count else None


# The letters that carry a decision; appeal letters and answers to change requests are read
# where they belong (the appeal, the grant).
DECISION_LETTER_KINDS = ("offer", "rejection", "invitation")


def prefetch_letters(applications) -> None:
    """The /my/ list links each application's decision letters: fetch them in one query."""
    from .letters.models import Letter

    # The link needs the letter's key; the newest sent comes first (the model's order).
    decision_letters = Letter.objects.filter(kind__in=DECISION_LETTER_KINDS).only(
        "pk", "application_id", "sent_at"
    )
    prefetch_related_objects(list(applications), Prefetch("letters", queryset=decision_letters))


def prefetch_messages(applications) -> None:
    """The /my/ list marks unread messages per application: fetch messages and reads at once."""
    from .dialogue.models import Message, ThreadRead

    # Ordered by time only: the models' order starts with the application, whose own order
    # would join the applications table into both queries.
    prefetch_related_objects(
        list(applications),
        Prefetch(
            "dialogue_messages",
            queryset=Message.objects.only(
                "pk", "application_id", "created_at", "from_adviser"
            ).order_by("created_at", "pk"),
        ),
        Prefetch("dialogue_reads", queryset=ThreadRead.objects.order_by("read_at", "pk")),
    )


def messages_link_context(*, application, user) -> dict | None:
    """A link to the thread once the application is sent, with how many messages are new."""
    from .dialogue.selectors import unread_in_prefetched

    if application.status == application.Status.DRAFT:
        return None
    return {"unread": unread_in_prefetched(application=application, user=user)}


def case_documents_link_context(*, application, user) -> dict | None:
    """A link to the case documents once the application has been sent."""
    return {} if application.submitted_at else None


def unread_messages_context(*, membership, user, applications=()) -> dict | None:
    """A panel on /my/ naming the applications with messages the person has not read.

    Counted from the messages and reads ``prefetch_messages`` put on the page's applications
    (every application of the organisation), so the panel costs no query of its own."""
    from .dialogue.selectors import unread_in_prefetched

    if membership is None:
        return None
    counts = [(a, unread_in_prefetched(application=a, user=user)) for a in applications]
    rows = sorted(((a, n) for a, n in counts if n), key=lambda row: (row[0].title, row[0].pk))
    if not rows:
        return None
    return {"unread_rows": rows, "unread_total": sum(n for _a, n in rows)}


def prefetch_grants(applications) -> None:
    """The /my/ list links each offer to answer: set ``offer_grant`` on every application."""
    from .followup.models import Grant

    applications = list(applications)
    grants = (
        Grant.objects.filter(award__application__in=applications)
        .only("pk", "state")
        .annotate(application_id=F("award__application_id"))
        .order_by()
    )
    by_application = {grant.application_id: grant for grant in grants}
    for application in applications:
        application.offer_grant = by_application.get(application.pk)


def letters_received(*, user) -> tuple[str, list[dict]]:
    from .letters.services import letters_export

    return "letters_received", letters_export(user=user)


def messages_written(*, user) -> tuple[str, list[dict]]:
    from .dialogue.selectors import messages_written_export

    return "messages_written", messages_written_export(user=user)


def forget_recipient(*, user) -> None:
    from .letters.services import letters_forget_recipient

    letters_forget_recipient(email=user.email)
