"""Every named URL, as each kind of person: the expected answer, one <h1> and a language.

The table below names what each person gets from each page. A URL added without a line here
fails the test, so a new page is always thought through for everyone who might open it. Admin
list pages are walked for every registered model as each staff role.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.models import Membership
from awards import roles
from awards.models import (
    Appeal,
    ChangeRequest,
    Grant,
    GrantCondition,
    Instalment,
    Letter,
    Message,
    PayoutRequest,
    Report,
    ReportAttachment,
)
from tests.factories import (
    AccessRequestFactory,
    AttachmentFactory,
    AwardFactory,
    MembershipFactory,
    StaffFactory,
    UserFactory,
    complete_draft,
    invited_sketch,
)
from tests.html import count_tags

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "outsider", "adviser", "reviewer"]
LOGIN = "login"  # a redirect to the login page

# The answer per role, in the order of ROLES. "own" objects belong to the member's organisation.
PUBLIC = (200, 200, 200, 200, 200)
MY_PAGE = (LOGIN, 200, 200, 200, 200)  # anyone logged in has their own page
OWN_ONLY = (LOGIN, 200, 404, 404, 404)  # the organisation's own things: strangers learn nothing
POST_ONLY = (LOGIN, 405, 405, 405, 405)  # actions answer GET with 405 before looking anything up
EXPECTED: dict[str, tuple] = {
    "calls:home": PUBLIC,
    "calls:list": PUBLIC,
    "calls:detail": PUBLIC,
    "awards:list": PUBLIC,
    "awards:detail": PUBLIC,
    "awards:export_csv": PUBLIC,
    "awards:export_json": PUBLIC,
    "public:statistics": PUBLIC,
    "public:data": PUBLIC,
    "public:calls_json": PUBLIC,
    "public:awards_feed": PUBLIC,
    "public:calls_feed": PUBLIC,
    "accessibility": PUBLIC,
    "healthz": PUBLIC,
    "favicon": PUBLIC,
    "set_language": (302, 302, 302, 302, 302),  # Django's view sends a GET back
    "applications:dashboard": MY_PAGE,
    "applications:choose_organisation": POST_ONLY,
    "applications:organisation_new": MY_PAGE,
    "applications:my_data": MY_PAGE,
    "applications:account_name": MY_PAGE,
    "applications:account_delete": MY_PAGE,
    "applications:invitation": MY_PAGE,  # an unknown token: a page that says so
    "applications:start": (LOGIN, 200, 200, 200, 200),
    "applications:people": OWN_ONLY,
    "applications:membership_update": POST_ONLY,
    "applications:access_request_decide": POST_ONLY,
    "applications:task_list": OWN_ONLY,
    "applications:project": OWN_ONLY,
    "applications:partners": OWN_ONLY,
    "applications:partner_edit": OWN_ONLY,
    "applications:partner_delete": POST_ONLY,
    "applications:budget": OWN_ONLY,
    "applications:attachments": OWN_ONLY,
    "applications:attachment_download": OWN_ONLY,  # a draft's file: not even advisers
    "applications:attachment_delete": POST_ONLY,
    "applications:summary": OWN_ONLY,
    "applications:submit": POST_ONLY,
    "applications:request_signoff": POST_ONLY,
    "applications:correction_submit": POST_ONLY,
    "applications:receipt": OWN_ONLY,
    "applications:withdraw": POST_ONLY,
    "applications:continue_sketch": POST_ONLY,
    "letters:detail": (LOGIN, 200, 404, 200, 404),  # advisers read the letters they sent
    "letters:pdf": (LOGIN, 200, 404, 200, 404),
    "dialogue:thread": OWN_ONLY,  # advisers write on the case page
    "case_documents:list": OWN_ONLY,  # advisers have the case page
    "dialogue:attachment": (LOGIN, 200, 404, 200, 404),  # reviewers: only if shared
    "legacy_letter": (301, 301, 301, 301, 301),
    "grants:detail": OWN_ONLY,  # advisers see grants in the admin, not through /my/
    "grants:accept": POST_ONLY,
    "grants:decline": POST_ONLY,
    "grants:payout_new": OWN_ONLY,  # an offer not yet accepted: the page says why not yet
    "grants:payout_file": OWN_ONLY,
    "grants:evidence": POST_ONLY,
    "grants:evidence_file": OWN_ONLY,
    "grants:change_new": OWN_ONLY,  # an offer not yet accepted: the page says why not yet
    "grants:change_file": OWN_ONLY,
    "reports:detail": OWN_ONLY,  # advisers read reports in the admin
    "reports:section": OWN_ONLY,
    "reports:attachments": OWN_ONLY,
    "reports:attachment_delete": POST_ONLY,
    "reports:file": OWN_ONLY,
    "reports:summary": OWN_ONLY,
    "reports:submit": POST_ONLY,
    "legacy_letter_pdf": (301, 301, 301, 301, 301),
    "appeals:lodge": OWN_ONLY,  # advisers handle appeals in the admin
    "appeals:detail": OWN_ONLY,
    "appeals:attachment": OWN_ONLY,
}


def _named_urls(resolver=None, namespace="") -> dict[str, list[str]]:
    """Every named URL outside the admin and allauth, with the names of its parameters."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            if inner.startswith("admin") or str(pattern.pattern).startswith("accounts/"):
                continue
            found.update(_named_urls(pattern, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = ":".join(part for part in (namespace, pattern.name) if part)
            found[name] = list(getattr(pattern.pattern, "converters", {}))
    return found


@pytest.fixture
def world(settings):
    settings.UTLYSNING_STAFF_MFA_REQUIRED = False
    draft = complete_draft()
    organisation = draft.organisation
    member = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    colleague = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR)
    sketch = invited_sketch(organisation=organisation, call__stage="sketch")
    sketch.reference, sketch.submitted_at = "UTL-2026-1-0001", sketch.created_at
    sketch.save(update_fields=["reference", "submitted_at"])
    award = AwardFactory()
    message = Message.objects.create(
        application=sketch,
        author=member,
        text="Vedlagt",
        attachment=ContentFile(b"%PDF-1.4\n%%EOF\n", name="m.pdf"),
        attachment_name="m.pdf",
        attachment_content_type="application/pdf",
    )
    offer = AwardFactory(application__organisation=organisation, is_published=False)
    grant = Grant.objects.create(
        award=offer, offered_at=offer.decided_at, accept_by=offer.decided_at + dt.timedelta(weeks=4)
    )
    offer_letter = Letter.objects.create(
        application=offer.application,
        decision=offer.application.decision,
        kind="offer",
        subject="Tilbud om tilskudd",
        body="Dere får tilskudd.",
        appeal_deadline=dt.date(2026, 5, 22),
        sent_at=offer.decided_at,
        sent_by=UserFactory(is_staff=True),
        delivered_at=offer.decided_at,
    )
    appeal = Appeal.objects.create(
        application=offer.application,
        organisation=organisation,
        decision=offer.application.decision,
        letter=offer_letter,
        grounds="Beløpet er for lavt.",
        lodged_by=member,
        lodged_at=offer.decided_at,
        attachment=ContentFile(b"%PDF-1.4\n%%EOF\n", name="k.pdf"),
        attachment_name="k.pdf",
        attachment_content_type="application/pdf",
    )
    instalment = Instalment.objects.create(
        grant=grant, order=1, label="Forskudd", share_percent=100, is_advance=True, amount=1
    )
    payout = PayoutRequest.objects.create(
        grant=grant,
        instalment=instalment,
        accounts=ContentFile(b"%PDF-1.4\n%%EOF\n", name="r.pdf"),
        accounts_name="r.pdf",
        accounts_content_type="application/pdf",
    )
    condition = GrantCondition.objects.create(
        grant=grant,
        text="Avtale",
        evidence=ContentFile(b"%PDF-1.4\n%%EOF\n", name="e.pdf"),
        evidence_name="e.pdf",
        evidence_content_type="application/pdf",
    )
    change = ChangeRequest.objects.create(
        grant=grant,
        kind="partners",
        reason="Ny partner.",
        partner_change="Fagskolen går inn.",
        requested_at=offer.decided_at,
        attachment=ContentFile(b"%PDF-1.4\n%%EOF\n", name="c.pdf"),
        attachment_name="c.pdf",
        attachment_content_type="application/pdf",
    )
    report = Report.objects.create(grant=grant, kind=Report.Kind.FINAL, due_on=dt.date(2027, 9, 1))
    report_file = ReportAttachment.objects.create(
        report=report,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="r.pdf"),
        name="r.pdf",
        content_type="application/pdf",
        size=15,
    )
    values = {
        "pk": draft.pk,
        "slug": draft.call.slug,
        "organisation_id": organisation.pk,
        "membership_id": colleague.pk,
        "request_id": AccessRequestFactory(organisation=organisation).pk,
        "token": "not-a-token",
        "partner_id": draft.partners.first().pk,
        "attachment_id": AttachmentFactory(application=draft).pk,
    }
    per_name = {
        "awards:detail": {"pk": award.pk},
        "appeals:lodge": {"application_pk": offer.application_id},
        "appeals:detail": {"pk": appeal.pk},
        "appeals:attachment": {"pk": appeal.pk},
        "grants:detail": {"pk": grant.pk},
        "grants:accept": {"pk": grant.pk},
        "grants:decline": {"pk": grant.pk},
        "grants:payout_new": {"pk": grant.pk},
        "grants:payout_file": {"pk": payout.pk, "field": "accounts"},
        "grants:evidence": {"pk": condition.pk},
        "grants:evidence_file": {"pk": condition.pk},
        "grants:change_new": {"pk": grant.pk},
        "grants:change_file": {"pk": change.pk},
        **{
            name: {"pk": report.pk}
            for name in (
                "reports:detail",
                "reports:attachments",
                "reports:summary",
                "reports:submit",
            )
        },
        "reports:section": {"pk": report.pk, "section": "figures"},
        "reports:attachment_delete": {"pk": report.pk, "attachment_pk": report_file.pk},
        "reports:file": {"pk": report_file.pk},
        "applications:continue_sketch": {"pk": sketch.pk},
        "applications:receipt": {"pk": sketch.pk},
        "dialogue:thread": {"pk": sketch.pk},
        "case_documents:list": {"pk": sketch.pk},
        "dialogue:attachment": {"pk": message.pk},
        "letters:detail": {"pk": Letter.objects.get(application=sketch).pk},
        "letters:pdf": {"pk": Letter.objects.get(application=sketch).pk},
        "legacy_letter": {"pk": Letter.objects.get(application=sketch).pk},
        "legacy_letter_pdf": {"pk": Letter.objects.get(application=sketch).pk},
    }
    people = {
        "anonymous": None,
        "member": member,
        "outsider": MembershipFactory().user,
        "adviser": StaffFactory(group=roles.ADVISER),
        "reviewer": StaffFactory(group=roles.PARTNER_REVIEWER),
    }
    return values, per_name, people


def _url(name: str, values: dict, per_name: dict) -> str:
    parameters = _named_urls()[name]
    kwargs = per_name.get(name) or {key: values[key] for key in parameters}
    return reverse(name, kwargs=kwargs or None)


def _answer(response) -> int | str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def _check_page(response, language="nb"):
    """An HTML page has one <h1>, one <main>, the site's landmarks and the person's language."""
    if response.status_code not in (200, 404) or "text/html" not in response.get(
        "Content-Type", ""
    ):
        return
    html = response.content.decode()
    url = response.wsgi_request.path
    assert count_tags(html, "h1") == 1, f"one <h1> on {url}"
    assert count_tags(html, "main") == 1, f"one <main> on {url}"
    if not url.startswith("/admin/"):
        for landmark in ("header", "footer", "nav"):
            assert count_tags(html, landmark) >= 1, f"<{landmark}> on {url}"
    assert f'<html lang="{language}"' in html, url


def test_every_named_url_is_in_the_table():
    assert sorted(set(_named_urls()) - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - set(_named_urls())) == []


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_person_as_expected(client, world, role):
    values, per_name, people = world
    if people[role] is not None:
        client.force_login(people[role])
    answers = {}
    for name in sorted(EXPECTED):
        url = _url(name, values, per_name)
        response = client.get(url)
        answers[name] = _answer(response)
        _check_page(response)
    expected = {name: EXPECTED[name][ROLES.index(role)] for name in EXPECTED}
    assert answers == expected


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_every_page_is_in_english_when_the_person_chose_it(client, world, role):
    values, per_name, people = world
    if people[role] is not None:
        client.force_login(people[role])
    client.cookies["utlysning_language"] = "en"
    for name in sorted(EXPECTED):
        _check_page(client.get(_url(name, values, per_name)), language="en")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_an_unknown_address_gets_the_sites_404_page(client, language):
    client.cookies["utlysning_language"] = language
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    _check_page(response, language=language)


STAFF = {
    "adviser": roles.ADVISER,
    "reviewer": roles.PARTNER_REVIEWER,
    "administrator": roles.ADMINISTRATOR,
}


@pytest.mark.parametrize("role", ["anonymous", "applicant", *STAFF])
def test_every_admin_list_answers_each_person_as_their_rights_say(client, world, role):
    if role == "applicant":
        client.force_login(UserFactory())
    elif role in STAFF:
        client.force_login(StaffFactory(group=STAFF[role]))
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url)
        if role in ("anonymous", "applicant"):
            assert response.status_code in (302, 403), url
            continue
        request = response.wsgi_request
        may_see = model_admin.has_view_or_change_permission(request)
        assert response.status_code == (200 if may_see else 403), url
        _check_page(response)
