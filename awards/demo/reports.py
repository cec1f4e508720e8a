"""Follow-up in the demo's 2015 call, after the press release: a few projects have their final
reports approved, with the study and EVU offers they got running. Every figure is illustrative,
and the reports say so."""

from __future__ import annotations

import datetime as dt

from awards.followup.models import Grant
from awards.followup.reports.models import Report, ReportFigure
from calls.models import Call

from .load import AWARD_DATE_2015, CALL_2015

# (project title, offers, study places, participants from firms, firms, credits)
REPORTED_2015 = [
    ("Industriell utvikling gjennom kompetansebygging", 2, 40, 35, 14, 30),
    ("Industriell datasenterkompetanse", 1, 25, 22, 9, 15),
    ("Næringsretta IT-utdanning i Sogn og Fjordane", 1, 30, 27, 11, 20),
]
CODES = ("offers", "places", "participants", "firms", "credits")
ILLUSTRATIVE = "Illustrerende eksempel i demodata: tallene er ikke rapportert av prosjektet. "


def load_report_demo() -> None:
    """Accepted grants with an approved final report for the projects above (those the demo
    has); a grant under way moves to its final report, a closed one stays closed."""
    call = Call.objects.filter(slug=CALL_2015["slug"]).first()
    if call is None:
        return
    indicators = {i.code: i for i in call.indicators.all()}
    offered = AWARD_DATE_2015
    for title, *figures in REPORTED_2015:
        application = call.applications.filter(title=title, award__isnull=False).first()
        if application is None:
            continue
        grant, _created = Grant.objects.get_or_create(
            award=application.award,
            defaults={
                "state": Grant.State.FINAL_REPORT,
                "offered_at": offered,
                "accept_by": offered + dt.timedelta(weeks=4),
                "accepted_at": offered + dt.timedelta(weeks=2),
            },
        )
        approved = dt.datetime(2017, 9, 15, 12, 0, tzinfo=offered.tzinfo)
        if grant.state in (Grant.State.ACCEPTED, Grant.State.IN_PROGRESS):
            # Its final report is approved: the last share may be paid (a closed grant stays).
            grant.state, grant.final_report_approved_at = Grant.State.FINAL_REPORT, approved
            grant.save(update_fields=["state", "final_report_approved_at", "updated_at"])
        report, _created = Report.objects.update_or_create(
            grant=grant,
            kind=Report.Kind.FINAL,
            defaults={
                "due_on": dt.date(2017, 8, 31),
                "status": Report.Status.APPROVED,
                "status_text": ILLUSTRATIVE
                + "Prosjektet er gjennomført, og studie- og EVU-tilbudet er i drift.",
                "learned": ILLUSTRATIVE
                + "Bedriftene ville ha samlinger, med nettstøtte mellom samlingene.",
                "submitted_at": approved - dt.timedelta(days=14),
                "approved_at": approved,
            },
        )
        for code, actual in zip(CODES, figures, strict=True):
            if code in indicators:
                ReportFigure.objects.update_or_create(
                    report=report, indicator=indicators[code], defaults={"actual": actual}
                )
