"""Demo data for the assessment: a call whose deadline has just passed, a dozen submitted
applications asking for more than the budget, a partner reviewer from a county council, and the
role groups and authenticator apps of the demo staff.

Idempotent like the rest of the demo: everything is found by a natural key (slug, reference,
organisation number, user name) and set to the values below. The call's dates are set when it is
first created and kept afterwards.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from applications.models import Application, Membership, Organisation, Partner
from applications.orgnr import orgnr_from_sequence
from awards.demo.dialogue import load_dialogue_demo
from awards.letters.models import LetterTemplate
from awards.letters.texts import DEFAULT_TEXTS
from awards.roles import ADVISER, PARTNER_REVIEWER, sync_roles
from calls.demo import criteria_upsert, upsert
from calls.models import Call, County, Municipality, Scheme

OSLO = ZoneInfo("Europe/Oslo")
ASSESSMENT_CALL_SLUG = "kompetanseutvikling-vurdering"
ORGNR_BASE = 93_000_000

REVIEWER = {
    "role": "Fagvurderer (Nordland fylkeskommune)",
    "username": "fylke",
    "email": "fylke@utlysning.example",
    "password": "demo-fylke-2026",
}
# Known authenticator-app secrets for the demo staff (base32). Add them to an authenticator app,
# or print the current codes with `manage.py demo_totp`. Demo only: never use these elsewhere.
DEMO_TOTP_SECRETS = {
    "radgiver": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "fylke": "KRUGS4ZANFZSA5DIMUQGM6LMNNSSA43F",
}

COUNTY_COUNCIL = ("Nordland fylkeskommune", 50, "18")

# The partners' municipalities, by number as numbered since 2024: the call closes now.
MUNICIPALITIES = ["1804", "1820", "1833", "1508", "0301", "3201", "5501"]

# (sequence, organisation, kind, county, title, requested, partner municipality, education partner)
APPLICATIONS = [
    (
        1,  # the demo applicant's organisation, see applications/demo.py
        "Helgeland Industriklynge (demo)",
        "cluster",
        "18",
        "Prosessoperatører for grønn industri på Helgeland",
        2_500_000,
        "1820",
        True,
    ),
    (
        3,
        "Arctic Cluster Team",
        "cluster",
        "55",
        "Etterutdanning i arktisk reiseliv",
        1_800_000,
        "5501",
        True,
    ),
    (
        4,
        "Blue Legasea Næringshage",
        "business_environment",
        "15",
        "Fagskoletilbud i marin prosessteknologi",
        3_000_000,
        "1508",
        True,
    ),
    (
        5,
        "Salten Havbruksnettverk",
        "business_environment",
        "18",
        "Havbruksoperatør med fagbrev – deltid for ansatte",
        2_200_000,
        "1804",
        True,
    ),
    (
        6,
        "Rana Digital",
        "cluster",
        "18",
        "Industriell digitalisering for små verksteder",
        1_500_000,
        "1833",
        True,
    ),
    (
        7,
        "Oslo Fintech Forum",
        "business_environment",
        "03",
        "Videreutdanning i regulatorisk teknologi",
        2_800_000,
        "0301",
        True,
    ),
    (
        8,
        "Møre Maritime Kompetanse",
        "cluster",
        "15",
        "Autonome fartøy – studietilbud for mannskap",
        2_900_000,
        "1508",
        True,
    ),
    (
        9,
        "Nordnorsk Reiselivsnettverk",
        "business_environment",
        "55",
        "Vertskap og språk for reiselivet i nord",
        900_000,
        "5501",
        True,
    ),
    (
        10,
        "Bærum Bygg og Anlegg",
        "business_environment",
        "32",
        "BIM-kurs for bygg og anlegg",
        1_200_000,
        "3201",
        False,
    ),
    (
        11,
        "Lofoten Sjømatforum",
        "business_environment",
        "18",
        "Kvalitetsledelse i sjømatindustrien",
        1_600_000,
        "1804",
        True,
    ),
    (
        12,
        "Finnmark Energiklynge",
        "cluster",
        "56",
        "Driftsteknikere for fornybar energi",
        2_400_000,
        "5501",
        False,
    ),
]
OWN_ORGANISATION_APPLICATION = (
    "Kompetanseløft for leverandørindustrien i Nordland",
    1_700_000,
    "1804",
)

CRITERIA = [
    ("Relevans for næringslivet", "Svarer tilbudet på bedriftenes behov?", 30),
    ("Samarbeid med utdanningsinstitusjoner", "Forpliktende samarbeid om tilbudet.", 25),
    ("Distriktseffekt", "Kompetansearbeidsplasser i virkeområdet.", 25),
    ("Gjennomføringsevne", "Realistisk plan, budsjett og organisering.", 20),
]


def load_assessment_call(scheme: Scheme, *, now: dt.datetime) -> Call:
    call = Call.objects.filter(slug=ASSESSMENT_CALL_SLUG).first()
    if call is None:
        today = timezone.localtime(now).date()
        closes = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(12, 0), tzinfo=OSLO)
        opens = closes - dt.timedelta(weeks=8)
        call = Call(slug=ASSESSMENT_CALL_SLUG, opens_at=opens.replace(hour=9), closes_at=closes)
    values = {
        "scheme": scheme,
        # The title stays true after the results are out: it becomes their public heading.
        "title": (
            "Kompetanseutvikling i regionale næringsmiljø "
            f"{timezone.localtime(call.closes_at, OSLO).year} – andre utlysning"
        ),
        "number": 2,
        "summary": (
            "Søknadsfristen har gått ut. Innovasjon Norge vurderer søknadene sammen med "
            "fylkeskommunene, Forskningsrådet og Siva."
        ),
        "description": "Ett trinn: fullstendig søknad innen fristen.",
        "budget": 10_000_000,
        "max_amount_per_project": 3_000_000,
        "min_own_contribution_percent": 30,
        "stage": Call.Stage.APPLICATION,
        "contact_name": "Espen Warland",
        "contact_phone": "913 71 729",
        "is_published": True,
    }
    for key, value in values.items():
        setattr(call, key, value)
    call.full_clean()
    call.save()
    criteria_upsert(call, CRITERIA)
    # The call's own letter texts, to edit in the admin; they start as the default texts.
    for kind in (LetterTemplate.Kind.OFFER, LetterTemplate.Kind.REJECTION):
        if not LetterTemplate.objects.filter(call=call, kind=kind).exists():
            subject, body = DEFAULT_TEXTS[kind]
            upsert(LetterTemplate, {"call": call, "kind": kind}, {"subject": subject, "body": body})
    return call


def load_municipalities(call: Call) -> dict[str, Municipality]:
    """The municipalities the demo partners are in, as they were on the call's deadline."""
    found = {
        m.number: m
        for m in Municipality.objects.valid_on(call.deadline_day).filter(number__in=MUNICIPALITIES)
    }
    missing = sorted(set(MUNICIPALITIES) - set(found))
    if missing:
        raise RuntimeError(f"Load the regions first (manage.py load_regions; missing {missing}).")
    return found


def _application(call, organisation, *, reference, title, requested, submitted_at):
    values = {
        "call": call,
        "organisation": organisation,
        "title": title,
        "summary": (
            f"{organisation.name} vil etablere «{title}» sammen med en utdanningsinstitusjon, "
            "for ansatte i bedriftene i næringsmiljøet."
        ),
        "requested_amount": requested,
        "submitted_at": submitted_at,
    }
    application = Application.objects.filter(reference=reference).first()
    if application is None:
        application = Application(reference=reference, status=Application.Status.SUBMITTED)
    for key, value in values.items():
        setattr(application, key, value)
    application.save()  # the status is the adviser's from here on and is left as it is
    return application


def _partners(application, *, municipality, education: bool, extra=()):
    partners = [("Deltakende bedrift AS", "", Partner.Role.PARTICIPATING_FIRM, municipality)]
    if education:
        partners.append(("Nord universitet", "", Partner.Role.EDUCATION_PROVIDER, None))
    partners.extend(extra)
    for order, (name, orgnr, role, place) in enumerate(partners, start=1):
        upsert(
            Partner,
            {"application": application, "order": order},
            {"name": name, "orgnr": orgnr, "role": role, "municipality": place},
        )


def load_assessment_applications(call, counties, municipalities) -> Organisation:
    year = timezone.localtime(call.closes_at).year
    submitted_at = call.closes_at - dt.timedelta(days=1)
    name, sequence, county = COUNTY_COUNCIL
    council = upsert(
        Organisation,
        {"orgnr": orgnr_from_sequence(sequence, base=ORGNR_BASE)},
        {"name": name, "kind": Organisation.Kind.OTHER, "county": counties[county]},
    )
    for seq, org_name, kind, county, title, requested, place, education in APPLICATIONS:
        organisation = upsert(
            Organisation,
            {"orgnr": orgnr_from_sequence(seq, base=ORGNR_BASE)},
            {"name": org_name, "kind": kind, "county": counties[county]},
        )
        application = _application(
            call,
            organisation,
            reference=f"KRN-{year}-{call.number}-{seq:03d}",
            title=title,
            requested=requested,
            submitted_at=submitted_at,
        )
        municipality = municipalities[place]
        _partners(application, municipality=municipality, education=education)
        outside = not municipality.in_district_policy_area
        if application.outside_district_area != outside:
            application.outside_district_area = outside
            application.save(update_fields=["outside_district_area"])
    title, requested, place = OWN_ORGANISATION_APPLICATION
    own = _application(
        call,
        council,
        reference=f"KRN-{year}-{call.number}-002",  # sequence 2 is free in APPLICATIONS
        title=title,
        requested=requested,
        submitted_at=submitted_at,
    )
    _partners(own, municipality=municipalities[place], education=True)
    return council


def _activate_totp(user, secret: str) -> None:
    Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(secret)}}
    )


def load_assessment_accounts(council: Organisation, applicant_organisation) -> None:
    if Group.objects.filter(name__in=[ADVISER, PARTNER_REVIEWER]).count() < 2:
        sync_roles()  # the migration made them; only a database emptied since lacks them
    user_model = get_user_model()
    reviewer = user_model.objects.filter(username=REVIEWER["username"]).first()
    if reviewer is None:
        reviewer = user_model(username=REVIEWER["username"])
    reviewer.email = REVIEWER["email"]
    reviewer.first_name, reviewer.last_name = "Frida", "Fylkesrådgiver"
    reviewer.is_staff = True
    reviewer.is_active = True
    reviewer.set_password(REVIEWER["password"])
    reviewer.save()
    reviewer.groups.set([Group.objects.get(name=PARTNER_REVIEWER)])
    EmailAddress.objects.update_or_create(
        user=reviewer, email=reviewer.email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.update_or_create(
        user=reviewer, organisation=council, defaults={"role": Membership.Role.READER}
    )
    adviser = user_model.objects.get(username="radgiver")
    if not adviser.first_name:
        adviser.first_name, adviser.last_name = "Rita", "Rådgiver"
        adviser.save(update_fields=["first_name", "last_name"])
    # The adviser's rights are the Adviser role's, so the demo shows what the role may do.
    adviser.groups.add(Group.objects.get(name=ADVISER))
    adviser.user_permissions.clear()
    applicant = user_model.objects.get(username="soker")
    Membership.objects.update_or_create(
        user=applicant, organisation=applicant_organisation, defaults={"role": "admin"}
    )
    for username, secret in DEMO_TOTP_SECRETS.items():
        _activate_totp(user_model.objects.get(username=username), secret)


def load_assessment_demo(*, scheme: Scheme, now: dt.datetime) -> Call:
    call = load_assessment_call(scheme, now=now)
    counties = {county.number: county for county in County.objects.valid_on(call.deadline_day)}
    municipalities = load_municipalities(call)
    council = load_assessment_applications(call, counties, municipalities)
    applicant_organisation = Organisation.objects.get(
        orgnr=orgnr_from_sequence(APPLICATIONS[0][0], base=ORGNR_BASE)
    )
    load_assessment_accounts(council, applicant_organisation)
    load_dialogue_demo(
        application=call.applications.filter(organisation=applicant_organisation).first(),
        now=now,
    )
    return call
