"""Demo data: the 2015 third call of "Kompetanseutvikling i regionale næringsmiljø" with the ten
awards from Innovasjon Norge's press release, one call open now, and accounts to try the flows
with. The counties and municipalities are the published ones (`calls/data/regions/`): each call's
organisations and partners are in those valid on its deadline.

Loading is idempotent: every object is found by a natural key and updated to the values below, so
running it twice leaves the same data. The open call's dates are set when it is first created,
relative to that day, and kept afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from applications.demo import load_applicant_demo
from applications.models import Application, Organisation
from applications.orgnr import orgnr_from_sequence
from awards.decisions.models import Award, Decision
from calls.demo import criteria_upsert, upsert
from calls.models import Call, County, Scheme
from calls.regions import regions_load
from calls.reporting import ReportSchedule, indicators_add_scheme_defaults

OSLO = ZoneInfo("Europe/Oslo")

SCHEME = {
    "code": "KRN",
    "name": "Kompetanseutvikling i regionale næringsmiljø",
    "owner": "Kommunal- og moderniseringsdepartementet",
    "administrator": "Innovasjon Norge",
    "annual_budget": 20_000_000,
    "description": (
        "Ordningen er opprettet og finansiert av Kommunal- og moderniseringsdepartementet, og skal "
        "bidra til kompetansearbeidsplasser over hele landet og tettere samarbeid mellom næring "
        "og utdanningsinstitusjoner. Årlig settes det av inntil 20 millioner kroner til "
        "ordningen, som administreres av Innovasjon Norge i samarbeid med fylkeskommunene, "
        "Forskningsrådet og Siva."
    ),
}


CRITERIA = [
    (
        "Relevans for næringslivet",
        "Hvor godt kompetansetilbudet svarer på behovene til bedriftene i næringsmiljøet.",
        30,
    ),
    (
        "Samarbeid med utdanningsinstitusjoner",
        "Forpliktende samarbeid med universitet, høyskole eller fagskole om tilbudet.",
        25,
    ),
    (
        "Distriktseffekt",
        "Bidrag til kompetansearbeidsplasser i det distriktspolitiske virkeområdet.",
        25,
    ),
    (
        "Gjennomføringsevne",
        "Realistisk plan, budsjett og organisering for å etablere tilbudet.",
        20,
    ),
]

CALL_2015 = {
    "slug": "kompetanseutvikling-2015-3",
    "title": "Kompetanseutvikling i regionale næringsmiljø 2015 – tredje utlysning",
    "number": 3,
    "summary": (
        "Regionale næringsmiljø og klynger kan søke om støtte til å utvikle næringsrelevant "
        "kompetanse for bedrifter og ansatte i det distriktspolitiske virkeområdet, i samarbeid "
        "med universiteter, høyskoler og fagskoler."
    ),
    "description": (
        "Kompetanseutvikling i regionale næringsmiljø skal bidra til kompetansearbeidsplasser over "
        "hele landet og tettere samarbeid mellom næring og utdanningsinstitusjoner. Målet er å "
        "sikre næringslivet i distriktene riktig kompetanse.\n\n"
        "Tjenesten er ikke en del av klyngeprogrammet, men er bygget opp etter samme modell. "
        "Klynger kan søke under forutsetning av at de utvikler kompetanse for bedrifter og ansatte "
        "i det distriktspolitiske virkeområdet. Klynger kan også delta som utviklingspartner i "
        "andres prosjekter.\n\n"
        "Utlysningen er en åpen konkurranse i to trinn: først en prosjektskisse, deretter søknad "
        "fra dem som blir invitert."
    ),
    "opens_at": dt.datetime(2015, 3, 2, 9, 0, tzinfo=OSLO),
    "closes_at": dt.datetime(2015, 6, 1, 12, 0, tzinfo=OSLO),
    "budget": 20_000_000,
    "max_amount_per_project": 3_000_000,
    "min_own_contribution_percent": 0,
    "stage": Call.Stage.SKETCH,
    "contact_name": "Espen Warland",
    "contact_email": "",
    "contact_phone": "913 71 729",
    "is_published": True,
}
AWARD_DATE_2015 = dt.datetime(2015, 11, 20, 12, 0, tzinfo=OSLO)

# The ten awards of the press release: organisation and project title exactly as published; the
# amounts are illustrative (the release gives only the total, close to NOK 17 million).
AWARDS_2015 = [
    (
        "Arena Innovasjon Torskefisk",
        "Industriell utvikling gjennom kompetansebygging",
        "20",
        Organisation.Kind.CLUSTER,
        2_000_000,
    ),
    (
        "IKT Telemark",
        "Industriell datasenterkompetanse",
        "08",
        Organisation.Kind.CLUSTER,
        1_500_000,
    ),
    (
        "IT-forum Sogn og Fjordane",
        "Næringsretta IT-utdanning i Sogn og Fjordane",
        "14",
        Organisation.Kind.BUSINESS_ENVIRONMENT,
        1_200_000,
    ),
    (
        "Kongsbergregionen",
        "Smart automasjon og produksjon for fremtidig norsk industri",
        "06",
        Organisation.Kind.BUSINESS_ENVIRONMENT,
        2_500_000,
    ),
    (
        "Kunnskapsparken Helgeland",
        "Kompetanse for grønt skifte i industrien på Helgeland",
        "18",
        Organisation.Kind.BUSINESS_ENVIRONMENT,
        1_800_000,
    ),
    (
        "Legasea",
        "Et marint drømmeløft - kompetansesprang innen prosessteknologi",
        "15",
        Organisation.Kind.CLUSTER,
        2_200_000,
    ),
    (
        "Maritim forening Sogn og Fjordane",
        "Etablera tilbod om samansett kompetanse retta mot havrommet og havromsteknologi",
        "14",
        Organisation.Kind.BUSINESS_ENVIRONMENT,
        1_300_000,
    ),
    (
        "Molde Kunnskapspark",
        "Etterutdanningsprogram i innovasjon med fokus på Industrielt Internett",
        "15",
        Organisation.Kind.BUSINESS_ENVIRONMENT,
        500_000,
    ),
    (
        "TotAl gruppen",
        "Avansert -og automatisert utdanning for framtidsretting av norsk "
        "vareproduserende/mekanisk industri med utgangspunkt i Industri 4.0",
        "05",
        Organisation.Kind.CLUSTER,
        2_100_000,
    ),
    (
        "VinterTroms AS",
        "Arctic Tourism Competence - Utvikling og organisering av et tilrettelagt utdannings- og "
        "kompetanseutviklingprogram for reiselivet i Nord-Norge",
        "19",
        Organisation.Kind.COMPANY,
        1_800_000,
    ),
]

OPEN_CALL_SLUG = "kompetanseutvikling-ny-utlysning"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    email: str
    password: str
    is_staff: bool
    first_name: str = ""
    last_name: str = ""


ADVISER = DemoAccount(
    role="Rådgiver (Innovasjon Norge)",
    username="radgiver",
    email="radgiver@utlysning.example",
    password="demo-radgiver-2026",
    is_staff=True,
    first_name="Rita",
    last_name="Rådgiver",
)
APPLICANT = DemoAccount(
    role="Søker (klyngeleder)",
    username="soker",
    email="soker@utlysning.example",
    password="demo-soker-2026",
    is_staff=False,
    first_name="Siri",
    last_name="Søker",
)
DEMO_ACCOUNTS = [ADVISER, APPLICANT]


def load_regions() -> None:
    """The published counties, municipalities and zones (`calls/data/regions/`)."""
    regions_load()


def counties_on(day: dt.date) -> dict[str, County]:
    """The counties valid on a day, by number."""
    return {county.number: county for county in County.objects.valid_on(day)}


def load_scheme() -> Scheme:
    return upsert(
        Scheme, {"code": SCHEME["code"]}, {k: v for k, v in SCHEME.items() if k != "code"}
    )


def load_criteria(call: Call) -> None:
    """The call's criteria, and what its grants report: the schedule and the five indicators."""
    criteria_upsert(call, CRITERIA)
    ReportSchedule.objects.get_or_create(call=call)
    indicators_add_scheme_defaults(call=call)


def load_call_2015(scheme: Scheme) -> Call:
    call = upsert(Call, {"slug": CALL_2015["slug"]}, {**CALL_2015, "scheme": scheme})
    counties = counties_on(call.deadline_day)  # the 19 counties of 2015
    load_criteria(call)
    for sequence, (org_name, title, county, kind, amount) in enumerate(AWARDS_2015, start=1):
        organisation = upsert(
            Organisation,
            {"orgnr": orgnr_from_sequence(sequence)},
            {"name": org_name, "kind": kind, "county": counties[county]},
        )
        application = upsert(
            Application,
            {"reference": f"{scheme.code}-2015-{call.number}-{sequence:03d}"},
            {
                "call": call,
                "organisation": organisation,
                "title": title,
                "requested_amount": amount,
                "status": Application.Status.AWARDED,
                "submitted_at": call.closes_at - dt.timedelta(days=2),
            },
        )
        # The amount is the decision's. These were announced in 2015: the letter counts as sent.
        upsert(
            Decision,
            {"application": application},
            {
                "outcome": Decision.Outcome.AWARD,
                "amount": amount,
                "decided_at": AWARD_DATE_2015,
                "letter_sent_at": AWARD_DATE_2015,
            },
        )
        upsert(
            Award,
            {"application": application},
            {
                "decided_at": AWARD_DATE_2015,
                "is_published": True,
                "is_illustrative": True,
            },
        )
    return call


def load_open_call(scheme: Scheme, *, now: dt.datetime) -> Call:
    call = Call.objects.filter(slug=OPEN_CALL_SLUG).first()
    if call is None:
        today = timezone.localtime(now).date()
        opens = dt.datetime.combine(today - dt.timedelta(days=7), dt.time(9, 0), tzinfo=OSLO)
        closes = dt.datetime.combine(today + dt.timedelta(weeks=6), dt.time(12, 0), tzinfo=OSLO)
        call = Call(slug=OPEN_CALL_SLUG, opens_at=opens, closes_at=closes)
    year = timezone.localtime(call.opens_at).year
    values = {
        "scheme": scheme,
        "title": f"Kompetanseutvikling i regionale næringsmiljø {year}",
        "number": 1,
        "summary": (
            "Næringsmiljø og klynger i distriktene kan søke om inntil 3 millioner kroner til å "
            "utvikle studietilbud og etter- og videreutdanning sammen med universiteter, "
            "høyskoler og fagskoler."
        ),
        "description": CALL_2015["description"].replace(
            "Utlysningen er en åpen konkurranse i to trinn: først en prosjektskisse, deretter "
            "søknad fra dem som blir invitert.",
            "Denne utlysningen har ett trinn: send en fullstendig søknad innen fristen. "
            "Søknaden kan lagres underveis og sendes når den er klar.",
        ),
        "budget": 20_000_000,
        "max_amount_per_project": 3_000_000,
        "min_own_contribution_percent": 30,
        "stage": Call.Stage.APPLICATION,
        "contact_name": "Espen Warland",
        "contact_email": "",
        "contact_phone": "913 71 729",
        "is_published": True,
    }
    for key, value in values.items():
        setattr(call, key, value)
    call.full_clean()
    call.save()
    load_criteria(call)
    return call


def load_accounts() -> None:
    user_model = get_user_model()
    adviser_permissions = Permission.objects.filter(
        content_type__app_label__in=["calls", "applications", "awards"]
    )
    for account in DEMO_ACCOUNTS:
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            user = user_model(username=account.username)
        user.email = account.email
        if not user.get_full_name():  # a name the person chose is kept
            user.first_name, user.last_name = account.first_name, account.last_name
        user.is_staff = account.is_staff
        user.is_active = True
        user.set_password(account.password)
        user.save()
        if account.is_staff:
            user.user_permissions.set(adviser_permissions)
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )


@transaction.atomic
def load_demo(*, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    load_regions()
    scheme = load_scheme()
    call_2015 = load_call_2015(scheme)
    load_open_call(scheme, now=now)
    load_accounts()
    load_applicant_demo()
    # The assessment demo: a call just closed, a partner reviewer, role groups, TOTP secrets.
    from awards.demo.assessment import load_assessment_demo

    load_assessment_demo(scheme=scheme, now=now)
    from awards.demo.appeals import load_appeal_demo

    load_appeal_demo(letter_date=AWARD_DATE_2015)
    from awards.demo.payouts import load_payouts_2015

    load_payouts_2015(call_2015)
    # Follow-up in 2015: a few final reports approved, with the offers they got running.
    from awards.demo.reports import load_report_demo

    load_report_demo()
