"""Helpers for tests that run the database queue with a real ``manage.py db_worker`` process,
and the decided application they most often hand it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

from tests import deciding
from tests.factories import ApplicationFactory, CaseFactory, MembershipFactory, UserFactory
from tests.scale.nodes import database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"


def run_worker_until_empty(**environment: str) -> None:
    """One worker on the test database, as production runs it, until the queue is empty;
    ``environment`` adds variables (a mail folder, a files folder)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "UTLYSNING_TASKS_BACKEND": DATABASE_QUEUE,
        **environment,
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def file_mail(folder: Path) -> dict[str, str]:
    """The variables that make the worker write its e-mails as files into ``folder``."""
    return {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(folder),
    }


def mail_in(folder: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()))


def decided_award(*, by, title: str, recipient: str, amount: int):
    """An application under review with a case, one member to write to, and an award decided
    by ``by``: ready for its letter."""
    application = ApplicationFactory(status="under_review", title=title)
    CaseFactory(application=application)
    MembershipFactory(organisation=application.organisation, user=UserFactory(email=recipient))
    deciding.decision_make(
        application=application,
        outcome="award",
        amount=amount,
        payout_deadline=dt.date(2028, 6, 30),
        by=by,
    )
    return application
