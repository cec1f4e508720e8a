"""The demo has one case with a short message thread, loaded once."""

import pytest

from applications.models import Application
from awards.demo.load import load_demo
from awards.dialogue.models import InternalNote, Message

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_thread_with_a_question_an_answer_and_a_note():
    load_demo()
    load_demo()
    application = Application.objects.get(title="Prosessoperatører for grønn industri på Helgeland")
    thread = list(Message.objects.filter(application=application).order_by("created_at"))
    assert [m.from_adviser for m in thread] == [True, False]
    assert [m.author.username for m in thread] == ["radgiver", "soker"]
    assert Message.objects.count() == 2
    assert InternalNote.objects.filter(application=application).count() == 1
