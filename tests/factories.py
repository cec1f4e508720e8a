"""factory_boy factories for every model, with valid defaults."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model

from applications.models import (
    AccessRequest,
    Application,
    Attachment,
    CostLine,
    Membership,
    Organisation,
    Partner,
)
from applications.orgnr import orgnr_from_sequence
from awards.models import Award, Case, ReviewAssignment
from calls.models import (
    Call,
    County,
    Criterion,
    Municipality,
    Scheme,
    call_next_free_number,
    call_year,
)

OSLO = ZoneInfo("Europe/Oslo")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ["code"]

    code = "KRN"
    name = "Kompetanseutvikling i regionale næringsmiljø"
    owner = "Kommunal- og moderniseringsdepartementet"
    administrator = "Innovasjon Norge"
    annual_budget = 20_000_000


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    scheme = factory.SubFactory(SchemeFactory)
    title = factory.Sequence(lambda n: f"Utlysning nummer {n}")
    slug = factory.Sequence(lambda n: f"utlysning-{n}")
    summary = "Støtte til kompetanseutvikling i regionale næringsmiljø."
    description = "Les mer om utlysningen her."
    opens_at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=OSLO)
    closes_at = dt.datetime(2026, 3, 2, 12, 0, tzinfo=OSLO)
    # The next number free in the scheme and year, as the admin suggests it.
    number = factory.LazyAttribute(
        lambda o: call_next_free_number(scheme_id=o.scheme.pk, year=call_year(o.closes_at))
    )
    budget = 20_000_000
    max_amount_per_project = 3_000_000
    min_own_contribution_percent = 30
    contact_name = "Espen Warland"
    contact_phone = "913 71 729"
    is_published = True


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Kriterium {n}")
    weight = 25
    order = factory.Sequence(int)


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ["number", "valid_from"]

    number = "18"
    name = "Nordland"
    valid_from = dt.date(2015, 1, 1)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    number = factory.Sequence(lambda n: f"{1800 + n % 100:04d}")
    name = factory.Sequence(lambda n: f"Kommune {n}")
    county = factory.SubFactory(CountyFactory)
    district_policy_zone = Municipality.Zone.III
    valid_from = dt.date(2015, 1, 1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Næringsmiljø {n}")
    orgnr = factory.Sequence(lambda n: orgnr_from_sequence(n, base=92_000_000))
    kind = Organisation.Kind.CLUSTER
    county = factory.SubFactory(CountyFactory)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Prosjekt {n}")
    summary = "Et kompetanseprosjekt."
    requested_amount = 1_000_000
    status = Application.Status.SUBMITTED


class AwardFactory(factory.django.DjangoModelFactory):
    """An award with its decision: ``amount`` is the decision's (awards keep no amount)."""

    class Meta:
        model = Award

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.AWARDED)
    amount = 1_000_000
    decided_at = dt.datetime(2026, 5, 1, 12, 0, tzinfo=OSLO)
    is_published = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from awards.models import Decision

        amount = kwargs.pop("amount")
        application = kwargs["application"]
        decided_at = kwargs["decided_at"]
        Decision.objects.update_or_create(
            application=application,
            defaults={
                "outcome": Decision.Outcome.AWARD,
                "amount": amount,
                "decided_at": decided_at,
                "letter_sent_at": decided_at if kwargs.get("is_published", True) else None,
            },
        )
        award = super()._create(model_class, *args, **kwargs)
        award.application = Application.objects.select_related("decision").get(pk=application.pk)
        return award


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.EDITOR


class DraftFactory(ApplicationFactory):
    """A draft on an open call (opened yesterday, closing in thirty days)."""

    call = factory.SubFactory(
        CallFactory,
        opens_at=factory.LazyFunction(lambda: dt.datetime.now(OSLO) - dt.timedelta(days=1)),
        closes_at=factory.LazyFunction(lambda: dt.datetime.now(OSLO) + dt.timedelta(days=30)),
    )
    status = Application.Status.DRAFT
    requested_amount = 0
    one_per_organisation = True


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    application = factory.SubFactory(DraftFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    role = Partner.Role.PARTICIPATING_FIRM
    municipality = factory.SubFactory(MunicipalityFactory)


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    application = factory.SubFactory(DraftFactory)
    year = 2026
    personnel = 1_000_000
    purchased_services = 500_000
    equipment = 0
    other = 0


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    application = factory.SubFactory(DraftFactory)
    name = "prosjektplan.pdf"
    content_type = "application/pdf"
    size = 20
    file = factory.django.FileField(filename="a.pdf", data=b"%PDF-1.4\n%%EOF\n")


class AccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessRequest

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


def complete_draft(**kwargs) -> Application:
    """A draft with every section filled in so that it can be sent."""
    values = {
        "title": "Kompetanse for industrien på Helgeland",
        "summary": "Et EVU-tilbud i automasjon.",
        "description": "Beskrivelse.",
        "project_start": dt.date(2026, 8, 1),
        "project_end": dt.date(2027, 12, 31),
        "target_group": "Operatører i industrien.",
        "planned_offer": "Fagskoletilbud i automasjon, 30 studiepoeng.",
        "expected_participants": 40,
        "requested_amount": 1_000_000,
        "own_contribution": 500_000,
    }
    application = DraftFactory(**{**values, **kwargs})
    CostLineFactory(application=application)
    PartnerFactory(application=application, role=Partner.Role.PARTICIPATING_FIRM)
    PartnerFactory(
        application=application, role=Partner.Role.EDUCATION_PROVIDER, name="Fagskolen i Nordland"
    )
    AttachmentFactory(application=application)
    return application


class StaffFactory(UserFactory):
    """A staff member in one of the role groups: StaffFactory(group=roles.ADVISER)."""

    class Meta:
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(Group.objects.get(name=extracted))


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    application = factory.SubFactory(ApplicationFactory)
    eligibility = Case.Eligibility.ELIGIBLE


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(StaffFactory)
    role = ReviewAssignment.Role.COUNTY_COUNCIL


def invited_sketch(**kwargs) -> Application:
    """A complete sketch invited to a full application, with its invitation letter sent."""
    from django.utils import timezone

    from awards.models import Decision, Letter

    sketch = complete_draft(status=Application.Status.INVITED, **kwargs)
    adviser = UserFactory(is_staff=True)
    now = timezone.now()
    decision = Decision.objects.create(
        application=sketch, outcome="invite", decided_by=adviser, decided_at=now
    )
    Letter.objects.create(
        application=sketch,
        decision=decision,
        kind="invitation",
        subject="Invitasjon til å sende søknad",
        body="Dere er invitert.",
        appeal_deadline=now.date(),
        sent_at=now,
        sent_by=adviser,
    )
    sketch.outcome_announced_at = now
    sketch.announced_status = sketch.status
    sketch.save(update_fields=["outcome_announced_at", "announced_status"])
    return sketch
