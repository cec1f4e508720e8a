import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.serializers import serialize

from applications.models import Application, Membership, Organisation, Partner
from awards.demo.load import APPLICANT, AWARDS_2015, CALL_2015, OPEN_CALL_SLUG, load_demo
from awards.models import Award, LetterTemplate
from calls.models import Call, County, Criterion, Municipality, Scheme

pytestmark = pytest.mark.django_db

# The ten lines of the 2015 press release, copied as published.
PRESS_RELEASE_LIST = """
Arena Innovasjon Torskefisk: Prosjekt Industriell utvikling gjennom kompetansebygging
IKT Telemark: Prosjekt Industriell datasenterkompetanse
IT-forum Sogn og Fjordane: Prosjekt Næringsretta IT-utdanning i Sogn og Fjordane
Kongsbergregionen: Prosjekt Smart automasjon og produksjon for fremtidig norsk industri
Kunnskapsparken Helgeland: Prosjekt Kompetanse for grønt skifte i industrien på Helgeland
Legasea: Prosjekt Et marint drømmeløft - kompetansesprang innen prosessteknologi
Maritim forening Sogn og Fjordane: Prosjekt Etablera tilbod om samansett kompetanse retta mot havrommet og havromsteknologi
Molde Kunnskapspark: Prosjekt Etterutdanningsprogram i innovasjon med fokus på Industrielt Internett
TotAl gruppen: Prosjekt Avansert -og automatisert utdanning for framtidsretting av norsk vareproduserende/mekanisk industri med utgangspunkt i Industri 4.0
VinterTroms AS: Prosjekt Arctic Tourism Competence - Utvikling og organisering av et tilrettelagt utdannings- og kompetanseutviklingprogram for reiselivet i Nord-Norge
""".strip().splitlines()


def _snapshot():
    models = [
        Scheme,
        Call,
        Criterion,
        County,
        Municipality,
        Organisation,
        Application,
        Partner,
        Membership,
        Award,
        LetterTemplate,
    ]
    data = {model.__name__: serialize("python", model.objects.order_by("pk")) for model in models}
    for rows in data.values():
        for row in rows:
            row["fields"].pop("updated_at", None)
    users = list(get_user_model().objects.order_by("pk").values("username", "email", "is_staff"))
    users.append(sorted(Group.objects.values_list("name", "user__username")))
    return data, users


def test_loading_twice_leaves_the_same_data():
    load_demo()
    first = _snapshot()
    load_demo()
    assert _snapshot() == first


def test_the_ten_awards_of_the_press_release_are_published():
    load_demo()
    call = Call.objects.get(slug="kompetanseutvikling-2015-3")
    awards = Award.objects.published().filter(application__call=call)
    assert awards.count() == 10
    listed = {(a.application.organisation.name, a.application.title) for a in awards}
    assert listed == {(name, title) for name, title, *_ in AWARDS_2015}
    total = sum(a.amount for a in awards)
    assert 16_500_000 <= total <= 17_000_000
    assert all(a.is_illustrative for a in awards)


def test_names_and_titles_match_the_press_release_character_for_character():
    load_demo()
    published = Award.objects.published().select_related("application__organisation")
    lines = sorted(
        f"{a.application.organisation.name}: Prosjekt {a.application.title}" for a in published
    )
    assert lines == sorted(PRESS_RELEASE_LIST)


def test_the_2015_call_is_closed_with_its_deadline_and_contact():
    load_demo()
    call = Call.objects.get(slug="kompetanseutvikling-2015-3")
    assert call.status == Call.Status.CLOSED
    assert call.stage == Call.Stage.SKETCH
    assert call.closes_at == dt.datetime(2015, 6, 1, 10, 0, tzinfo=dt.UTC)  # 12:00 in Oslo
    assert call.budget == 20_000_000
    assert (call.contact_name, call.contact_phone) == ("Espen Warland", "913 71 729")


def test_one_call_is_open_now():
    load_demo()
    assert Call.objects.get(slug=OPEN_CALL_SLUG).status == Call.Status.OPEN


def test_each_call_has_the_counties_of_its_deadline():
    load_demo()
    call_2015 = Call.objects.get(slug=CALL_2015["slug"])
    numbers_2015 = set(
        County.objects.valid_on(call_2015.deadline_day).values_list("number", flat=True)
    )
    assert len(numbers_2015) == 19
    assert "13" not in numbers_2015
    open_call = Call.objects.get(slug=OPEN_CALL_SLUG)
    assert County.objects.valid_on(open_call.deadline_day).count() == 15
    counties_2015 = Organisation.objects.filter(applications__call=call_2015).values_list(
        "county__number", flat=True
    )
    assert set(counties_2015) <= numbers_2015


def test_the_partners_are_in_municipalities_valid_on_their_calls_deadline():
    load_demo()
    for partner in Partner.objects.exclude(municipality=None).select_related(
        "application__call", "municipality"
    ):
        day = partner.application.call.deadline_day
        assert Municipality.objects.valid_on(day).filter(pk=partner.municipality_id).exists()


def test_demo_accounts_can_log_in(client):
    load_demo()
    user = get_user_model().objects.get(email=APPLICANT.email)
    assert user.check_password(APPLICANT.password)
    adviser = get_user_model().objects.get(username="radgiver")
    assert client.login(username=adviser.username, password="demo-radgiver-2026")
    assert client.get("/admin/").status_code == 200


def test_command_prints_the_accounts(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert APPLICANT.email in out
    assert APPLICANT.password in out


def test_the_call_to_assess_holds_a_dozen_applications_asking_for_more_than_its_budget():
    from awards.demo.assessment import ASSESSMENT_CALL_SLUG

    load_demo()
    call = Call.objects.get(slug=ASSESSMENT_CALL_SLUG)
    applications = Application.objects.filter(call=call, status=Application.Status.SUBMITTED)
    assert applications.count() == 12
    assert sum(a.requested_amount for a in applications) > call.budget
    assert call.status == Call.Status.CLOSED
    assert applications.filter(outside_district_area=True).count() >= 2
    reviewer = get_user_model().objects.get(email="fylke@utlysning.example")
    own = reviewer.memberships.get().organisation
    assert applications.filter(organisation=own).count() == 1


def test_the_demo_applicant_acts_for_one_organisation():
    load_demo()
    user = get_user_model().objects.get(email=APPLICANT.email)
    assert user.memberships.count() == 1
