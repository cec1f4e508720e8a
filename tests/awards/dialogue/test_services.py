"""The rules of the dialogue: who writes, what a message may hold, notices, unread counts."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application
from awards.dialogue import services
from awards.dialogue.models import MESSAGE_MAX_LENGTH, InternalNote, Message, ThreadRead
from awards.dialogue.selectors import (
    thread_messages,
    unread_in_prefetched,
    unread_in_thread,
)
from awards.hooks import prefetch_messages

pytestmark = pytest.mark.django_db


def unread_for_applicant(*, user, organisation_id: int) -> dict[int, int]:
    """What /my/ counts: per application of the organisation, the advisers' messages ``user``
    has not read, from the messages and reads prefetched on the page's applications."""
    applications = list(Application.objects.filter(organisation_id=organisation_id))
    prefetch_messages(applications)
    counts = {a.pk: unread_in_prefetched(application=a, user=user) for a in applications}
    return {pk: n for pk, n in counts.items() if n}


def unread_for_adviser(*, user, application) -> int:
    """What the case page counts: the applicant's messages in the thread since ``user`` read it."""
    thread = list(thread_messages(user=user, application=application))
    read_at = (
        ThreadRead.objects.filter(user=user, application=application)
        .values_list("read_at", flat=True)
        .first()
    )
    return unread_in_thread(thread, read_at=read_at, from_adviser=False)


PDF = b"%PDF-1.4\n%%EOF\n"


def test_an_editor_writes_and_the_message_keeps_who_and_when(application, editor):
    message = services.message_post(application=application, by=editor, text="  Hei  ")
    assert (message.author, message.from_adviser, message.text) == (editor, False, "Hei")
    assert message.created_at is not None
    assert message.history.get().history_user == editor


def test_an_administrator_of_the_organisation_writes(application, admin_member):
    services.message_post(application=application, by=admin_member, text="Hei")
    assert Message.objects.filter(author=admin_member).exists()


def test_a_reader_may_not_write(application, reader):
    with pytest.raises(PermissionDenied):
        services.message_post(application=application, by=reader, text="Hei")


def test_a_member_of_another_organisation_may_not_write(application, outsider):
    with pytest.raises(PermissionDenied):
        services.message_post(application=application, by=outsider, text="Hei")


def test_a_partner_reviewer_may_not_write(application, reviewer):
    with pytest.raises(PermissionDenied):
        services.message_post(application=application, by=reviewer, text="Hei")


def test_an_adviser_writes_as_innovasjon_norge(application, adviser):
    message = services.message_post(application=application, by=adviser, text="Mangler budsjett")
    assert message.from_adviser is True


def test_an_empty_message_is_refused(application, editor):
    with pytest.raises(ValidationError, match="Skriv en melding."):
        services.message_post(application=application, by=editor, text="   ")


def test_a_message_over_the_limit_is_refused_with_its_length(application, editor):
    text = "x" * (MESSAGE_MAX_LENGTH + 1)
    with pytest.raises(ValidationError) as error:
        services.message_post(application=application, by=editor, text=text)
    assert error.value.messages == [
        f"Meldingen kan være høyst {MESSAGE_MAX_LENGTH} tegn lang. "
        f"Den er {MESSAGE_MAX_LENGTH + 1} tegn nå."
    ]


def test_a_message_at_the_limit_is_taken(application, editor):
    text = "x" * MESSAGE_MAX_LENGTH
    assert services.message_post(application=application, by=editor, text=text).text == text


@pytest.mark.parametrize("status", [Application.Status.DRAFT, Application.Status.WITHDRAWN])
def test_no_messages_on_an_application_not_sent(application, editor, status):
    application.status = status
    application.save()
    with pytest.raises(ValidationError, match="sendt inn"):
        services.message_post(application=application, by=editor, text="Hei")


def test_an_attachment_is_kept_privately_with_a_safe_name(application, editor):
    upload = SimpleUploadedFile("../Budsjett v2.pdf", PDF)
    message = services.message_post(
        application=application, by=editor, text="Vedlagt", uploaded=upload
    )
    assert message.attachment_name == "Budsjett v2.pdf"
    assert message.attachment_content_type == "application/pdf"
    assert message.attachment.name.startswith(f"dialogue/{application.pk}/")
    assert message.attachment.read() == PDF


def test_an_attachment_that_is_not_an_allowed_kind_is_refused(application, editor):
    upload = SimpleUploadedFile("virus.pdf", b"MZ not a pdf")
    with pytest.raises(ValidationError, match="ikke en PDF-"):
        services.message_post(application=application, by=editor, text="Hei", uploaded=upload)
    assert not Message.objects.exists()


def test_an_attachment_over_the_calls_limit_is_refused(application, editor):
    application.call.max_attachment_mb = 1
    application.call.save()
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="for stor"):
        services.message_post(application=application, by=editor, text="Hei", uploaded=upload)


def test_an_advisers_message_tells_the_organisations_members_without_the_text(
    application, adviser, editor, reader, outsider, committed
):
    with committed():
        services.message_post(application=application, by=adviser, text="Hemmelig innhold")
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert sorted(notice.to) == ["editor@org.no", "reader@org.no"]
    assert "Hemmelig innhold" not in notice.body + notice.subject
    assert f"/my/messages/{application.pk}/" in notice.body
    assert "UTL-2026-1-0042" in notice.subject


def test_an_applicants_message_tells_the_case_owner_only(
    application, editor, case_owner, adviser, committed
):
    with committed():
        services.message_post(application=application, by=editor, text="Hemmelig innhold")
    assert [m.to for m in mail.outbox] == [["owner@in.no"]]
    assert "Hemmelig innhold" not in mail.outbox[0].body
    assert f"/admin/applications/application/{application.pk}/assessment/" in mail.outbox[0].body


def test_without_a_case_owner_every_adviser_is_told(application, editor, adviser, committed):
    with committed():
        services.message_post(application=application, by=editor, text="Hei")
    assert "adviser@in.no" in mail.outbox[0].to


def test_a_rolled_back_message_sends_nothing(application, editor, committed):
    with committed(), pytest.raises(ValidationError):
        services.message_post(application=application, by=editor, text="")
    assert mail.outbox == []


def test_unread_counts_follow_each_person(application, adviser, editor, admin_member):
    services.message_post(application=application, by=adviser, text="Én")
    services.message_post(application=application, by=adviser, text="To")
    assert unread_for_applicant(user=editor, organisation_id=application.organisation_id) == {
        application.pk: 2
    }
    services.thread_mark_read(application=application, user=editor)
    assert unread_for_applicant(user=editor, organisation_id=application.organisation_id) == {}
    # A colleague has not read it.
    assert unread_for_applicant(user=admin_member, organisation_id=application.organisation_id) == {
        application.pk: 2
    }


def test_ones_own_messages_are_not_unread(application, adviser, editor):
    services.message_post(application=application, by=editor, text="Spørsmål")
    assert unread_for_applicant(user=editor, organisation_id=application.organisation_id) == {}
    assert unread_for_adviser(user=adviser, application=application) == 1
    services.message_post(application=application, by=adviser, text="Svar")
    assert unread_for_adviser(user=adviser, application=application) == 0


def test_a_message_after_reading_is_unread_again(application, adviser, editor):
    services.message_post(application=application, by=adviser, text="Én")
    services.thread_mark_read(application=application, user=editor)
    message = services.message_post(application=application, by=adviser, text="To")
    Message.objects.filter(pk=message.pk).update(
        created_at=message.created_at + dt.timedelta(seconds=1)
    )
    assert unread_for_applicant(user=editor, organisation_id=application.organisation_id) == {
        application.pk: 1
    }


def test_a_reviewer_sees_only_shared_messages(application, adviser, editor, reviewer):
    first = services.message_post(application=application, by=editor, text="Én")
    services.message_post(application=application, by=editor, text="To")
    assert list(thread_messages(user=reviewer, application=application)) == []
    services.message_share(message=first, shared=True, by=adviser)
    assert list(thread_messages(user=reviewer, application=application)) == [first]
    assert first.history.first().history_change_reason == "Delt med fagvurderere"


def test_only_an_adviser_shares_a_message(application, editor, reviewer):
    message = services.message_post(application=application, by=editor, text="Én")
    for person in (editor, reviewer):
        with pytest.raises(PermissionDenied):
            services.message_share(message=message, shared=True, by=person)


def test_a_reviewer_not_on_the_case_sees_nothing(application, editor, adviser):
    from awards import roles
    from tests.factories import StaffFactory

    message = services.message_post(application=application, by=editor, text="Én")
    services.message_share(message=message, shared=True, by=adviser)
    stranger = StaffFactory(group=roles.PARTNER_REVIEWER)
    assert thread_messages(user=stranger, application=application) is None


def test_an_adviser_adds_an_internal_note(application, adviser):
    note = services.note_add(application=application, by=adviser, text="Ring søkeren")
    assert (note.author, note.text) == (adviser, "Ring søkeren")
    assert note.history.get().history_user == adviser


@pytest.mark.parametrize("who", ["editor", "admin_member", "reviewer"])
def test_nobody_but_an_adviser_adds_a_note(application, who, request):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.note_add(application=application, by=person, text="Hei")
    assert not InternalNote.objects.exists()


def test_marking_a_thread_read_again_moves_the_one_read_forward(application, editor):
    services.thread_mark_read(application=application, user=editor)
    first = ThreadRead.objects.get(application=application, user=editor).read_at
    services.thread_mark_read(application=application, user=editor)
    reads = list(ThreadRead.objects.filter(application=application, user=editor))
    assert len(reads) == 1
    assert reads[0].read_at >= first
