"""The thread on /my/ and on the case page, as each person: an access matrix that tries to break
it, the unread markers, and internal notes that never reach the applicant."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.dialogue import services
from awards.dialogue.models import InternalNote, Message

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _thread(application):
    return reverse("dialogue:thread", args=[application.pk])


def _case(application):
    return reverse("admin:awards_case", args=[application.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin_member", 200),
        ("editor", 200),
        ("reader", 200),
        ("outsider", 404),
        ("adviser", 404),
        ("reviewer", 404),
    ],
)
def test_who_opens_the_thread_on_my_pages(client, application, who, status, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_thread(application)).status_code == status


def test_a_reader_reads_but_gets_no_form_and_cannot_post(client, application, reader, adviser):
    services.message_post(application=application, by=adviser, text="Til dere")
    client.force_login(reader)
    page = client.get(_thread(application)).content.decode()
    assert "Til dere" in page
    assert 'name="text"' not in page
    assert client.post(_thread(application), {"text": "Jeg skriver"}).status_code == 404
    assert not Message.objects.filter(author=reader).exists()


def test_another_organisations_member_cannot_post(client, application, outsider):
    client.force_login(outsider)
    assert client.post(_thread(application), {"text": "Hei"}).status_code == 404
    assert not Message.objects.exists()


def test_an_editor_posts_with_a_file_and_sees_it(client, application, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("budsjett.pdf", PDF)
    response = client.post(
        _thread(application), {"text": "Her er budsjettet", "attachment": upload}
    )
    assert response.status_code == 302
    message = Message.objects.get()
    page = client.get(_thread(application)).content.decode()
    assert "Her er budsjettet" in page and "budsjett.pdf" in page
    download = client.get(reverse("dialogue:attachment", args=[message.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_too_long_message_shows_the_limit_beside_the_form(client, application, editor):
    client.force_login(editor)
    response = client.post(_thread(application), {"text": "x" * 5001})
    assert response.status_code == 200
    assert "Meldingen kan være høyst 5000 tegn lang." in response.content.decode()
    assert not Message.objects.exists()


def test_a_wrong_file_is_refused_beside_the_form(client, application, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("x.pdf", b"not a pdf")
    response = client.post(_thread(application), {"text": "Hei", "attachment": upload})
    assert "ikke en PDF-" in response.content.decode()
    assert not Message.objects.exists()


def test_the_file_is_refused_to_strangers_and_to_reviewers_until_shared(
    client, application, editor, outsider, reviewer, adviser
):
    message = services.message_post(
        application=application,
        by=editor,
        text="Vedlagt",
        uploaded=SimpleUploadedFile("a.pdf", PDF),
    )
    url = reverse("dialogue:attachment", args=[message.pk])
    for person in (outsider, reviewer):
        client.force_login(person)
        assert client.get(url).status_code == 404
    services.message_share(message=message, shared=True, by=adviser)
    assert client.get(url).status_code == 200  # the reviewer, now shared


def test_the_dashboard_counts_unread_messages_and_marks_the_application(
    client, application, adviser, editor
):
    services.message_post(application=application, by=adviser, text="Én")
    services.message_post(application=application, by=adviser, text="To")
    client.force_login(editor)
    page = client.get(reverse("applications:dashboard")).content.decode()
    assert "Du har 2 nye meldinger fra Innovasjon Norge" in page
    assert 'data-testid="unread-marker">2 nye' in page
    client.get(_thread(application))  # reading marks it read
    page = client.get(reverse("applications:dashboard")).content.decode()
    assert "nye meldinger fra Innovasjon Norge" not in page
    assert "unread-marker" not in page
    assert _thread(application) in page  # the link to the thread stays


def test_the_case_page_shows_the_thread_notes_and_new_count(client, application, adviser, editor):
    services.message_post(application=application, by=editor, text="Spørsmål fra søker")
    services.note_add(application=application, by=adviser, text="Internt: sjekk budsjett")
    client.force_login(adviser)
    page = client.get(_case(application)).content.decode()
    assert "Spørsmål fra søker" in page and "Internt: sjekk budsjett" in page
    assert 'data-testid="case-unread">1 ny' in page
    page = client.get(_case(application)).content.decode()
    assert "case-unread" not in page


def test_an_adviser_writes_shares_and_notes_from_the_case_page(client, application, adviser):
    client.force_login(adviser)
    response = client.post(
        reverse("admin:awards_case_message", args=[application.pk]), {"text": "Send budsjett"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#dialogue")
    message = Message.objects.get()
    assert message.from_adviser
    client.post(reverse("admin:awards_message_share", args=[message.pk]), {"shared": "1"})
    message.refresh_from_db()
    assert message.shared_with_reviewers
    client.post(reverse("admin:awards_case_note", args=[application.pk]), {"note": "Notat"})
    assert InternalNote.objects.get().text == "Notat"


def test_an_empty_note_is_refused_with_its_message(client, application, adviser):
    client.force_login(adviser)
    response = client.post(
        reverse("admin:awards_case_note", args=[application.pk]), {"note": ""}, follow=True
    )
    assert "Skriv et notat." in response.content.decode()
    assert not InternalNote.objects.exists()


def test_a_refused_message_on_the_case_page_keeps_what_the_adviser_wrote(
    client, application, adviser
):
    client.force_login(adviser)
    text = "Vi trenger det signerte budsjettet. " * 200  # over the 5 000 characters
    response = client.post(
        reverse("admin:awards_case_message", args=[application.pk]), {"text": text}, follow=True
    )
    html = response.content.decode()
    assert "5000" in html.replace("\xa0", "").replace(" ", "")  # the limit is named
    assert text.strip()[:200] in html, "the typed text is in the form again"
    assert not Message.objects.exists()
    assert text.strip()[:200] not in client.get(_case(application)).content.decode(), "once"


@pytest.mark.parametrize(
    "name", ["admin:awards_case_message", "admin:awards_case_note", "admin:awards_message_share"]
)
def test_a_reviewer_cannot_use_the_advisers_actions(client, application, editor, reviewer, name):
    message = services.message_post(application=application, by=editor, text="Hei")
    client.force_login(reviewer)
    pk = message.pk if name.endswith("share") else application.pk
    response = client.post(reverse(name, args=[pk]), {"text": "x", "note": "x", "shared": "1"})
    assert response.status_code == 403
    message.refresh_from_db()
    assert (Message.objects.count(), message.shared_with_reviewers) == (1, False)
    assert not InternalNote.objects.exists()


def test_an_applicant_never_reaches_a_note(client, application, adviser, editor):
    services.note_add(application=application, by=adviser, text="Kun for rådgivere")
    client.force_login(editor)
    for url in (
        _thread(application),
        reverse("applications:dashboard"),
        reverse("applications:my_data"),
    ):
        assert "Kun for rådgivere" not in client.get(url).content.decode()
    assert client.get(_case(application)).status_code in (302, 403)
    note_admin = "/admin/awards/internalnote/"
    assert client.get(note_admin).status_code in (302, 404)


def test_the_data_download_holds_ones_messages_but_no_notes(client, application, adviser, editor):
    services.message_post(application=application, by=editor, text="Mitt spørsmål")
    services.note_add(application=application, by=adviser, text="Kun for rådgivere")
    client.force_login(editor)
    data = client.get(reverse("applications:my_data")).json()
    assert [m["text"] for m in data["messages_written"]] == ["Mitt spørsmål"]
    assert "Kun for rådgivere" not in str(data)


def test_the_application_list_marks_unread_messages_for_advisers(
    client, application, adviser, editor
):
    services.message_post(application=application, by=editor, text="Hei")
    client.force_login(adviser)
    url = reverse("admin:applications_application_changelist")
    response = client.get(url + "?uleste=1")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [application]
    services.thread_mark_read(application=application, user=adviser)
    assert list(client.get(url + "?uleste=1").context["cl"].result_list) == []


def test_the_reviewer_page_shows_only_shared_messages_and_never_notes(
    client, application, adviser, editor, reviewer
):
    from awards.assessment.models import ReviewAssignment

    shared = services.message_post(application=application, by=editor, text="Delt melding")
    services.message_post(application=application, by=editor, text="Ikke delt melding")
    services.message_share(message=shared, shared=True, by=adviser)
    services.note_add(application=application, by=adviser, text="Kun for rådgivere")
    assignment = ReviewAssignment.objects.get(reviewer=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("admin:awards_review", args=[assignment.pk])).content.decode()
    assert "Delt melding" in page
    assert "Ikke delt melding" not in page
    assert "Kun for rådgivere" not in page
    assert client.get(_case(application)).status_code == 403


def test_an_adviser_without_two_factor_login_gets_no_file(client, application, editor, settings):
    from awards import roles
    from tests.factories import StaffFactory

    message = services.message_post(
        application=application,
        by=editor,
        text="Vedlagt",
        uploaded=SimpleUploadedFile("a.pdf", PDF),
    )
    settings.UTLYSNING_STAFF_MFA_REQUIRED = True
    client.force_login(StaffFactory(group=roles.ADVISER))
    assert client.get(reverse("dialogue:attachment", args=[message.pk])).status_code == 404


def test_the_dashboards_queries_do_not_grow_with_threads(client, application, adviser, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ApplicationFactory

    services.message_post(application=application, by=adviser, text="Én")
    client.force_login(editor)
    url = reverse("applications:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        other = ApplicationFactory(organisation=application.organisation, call=application.call)
        services.message_post(application=other, by=adviser, text="Mer")
    with CaptureQueriesContext(connection) as four:
        page = client.get(url).content.decode()
    assert "Du har 4 nye meldinger fra Innovasjon Norge" in page
    assert len(four) == len(one)
