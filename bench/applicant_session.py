"""Print an applicant's session cookie and the id of their draft, for wrk's logged-in pages.

An organisation administrator with a draft application on an open call: ``bench/run.sh``
measures ``/my/`` and the draft's project section with this cookie. Idempotent (its own slug,
organisation number and username), and untouched by ``generate_bench_data``. Run as
``python bench/applicant_session.py`` on the bench database; prints ``COOKIE|DRAFT_ID``.
"""

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from applications.models import Application, Membership, Organisation  # noqa: E402
from applications.orgnr import orgnr_from_sequence  # noqa: E402
from bench.visitor_session import session_cookie  # noqa: E402
from calls.models import Call, Criterion, Scheme  # noqa: E402

SLUG = "benk-soker-apen"


def main() -> None:
    now = timezone.now()
    scheme = Scheme.objects.order_by("pk").first()
    call, _ = Call.objects.update_or_create(
        slug=SLUG,
        defaults={
            "scheme": scheme,
            "title": "Benk: åpen utlysning for søkerens sider",
            "number": 9_998,
            "summary": "Åpen utlysning for ytelsestester av søkerens sider.",
            "opens_at": now - dt.timedelta(days=1),
            "closes_at": now + dt.timedelta(days=30),
            "budget": 3_000_000,
            "max_amount_per_project": 3_000_000,
            "is_published": True,
        },
    )
    Criterion.objects.get_or_create(call=call, name="Relevans", defaults={"weight": 100})
    organisation, _ = Organisation.objects.get_or_create(
        orgnr=orgnr_from_sequence(1, base=91_000_000),
        defaults={"name": "Benk søker næringsmiljø", "kind": Organisation.Kind.CLUSTER},
    )
    user, _ = get_user_model().objects.get_or_create(
        username="benk-soker",
        defaults={"email": "benk-soker@utlysning.invalid", "first_name": "Benk"},
    )
    Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": Membership.Role.ADMIN}
    )
    draft, _ = Application.objects.get_or_create(
        call=call,
        organisation=organisation,
        defaults={
            "title": "Kompetanse for industrien",
            "status": Application.Status.DRAFT,
            "created_by": user,
        },
    )
    print(f"{session_cookie(user)}|{draft.pk}")


if __name__ == "__main__":
    main()
