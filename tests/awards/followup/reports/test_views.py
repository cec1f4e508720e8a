"""The report on /my/reports/: administrators and editors write and send it, readers read it,
other organisations, partner reviewers and advisers learn nothing there; bad figures keep what
was typed; the summary links every problem; a report sent back shows the comment."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import roles
from awards.followup.reports import services
from awards.models import Report
from tests.factories import MembershipFactory, StaffFactory

from .conftest import fill, pdf

pytestmark = pytest.mark.django_db


def _url(report, action=""):
    return f"/my/reports/{report.pk}/{action + '/' if action else ''}"


def test_the_grant_page_links_its_reports(client, final, org_admin):
    client.force_login(org_admin)
    page = client.get(f"/my/grants/{final.grant_id}/").content.decode()
    assert f'href="{_url(final)}"' in page
    assert "Sluttrapport" in page


@pytest.mark.parametrize("who", ["org_admin", "org_editor"])
def test_an_administrator_or_editor_writes_a_section(client, final, who, request):
    client.force_login(request.getfixturevalue(who))
    assert "Dette må fylles ut" in client.get(_url(final)).content.decode()
    response = client.post(
        _url(final, "status"),
        {"version": final.version, "text": "Studiet er i gang.", "then": "list"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url(final)
    final.refresh_from_db()
    assert final.status_text == "Studiet er i gang."
    page = client.get(_url(final)).content.decode()
    assert '<span id="status-status" class="ds-tag" data-color="success">Fullført</span>' in page


def test_a_reader_reads_but_cannot_write_send_or_upload(client, final, org_admin, org_reader):
    fill(final, by=org_admin)
    client.force_login(org_reader)
    summary = client.get(_url(final, "summary")).content.decode()
    assert "Går bra." in summary
    assert "Send rapporten" not in summary
    assert client.post(_url(final, "status"), {"version": 1, "text": "x"}).status_code == 403
    assert client.post(_url(final, "submit")).status_code == 403
    assert client.post(_url(final, "attachments"), {"file": pdf()}).status_code == 403
    final.refresh_from_db()
    assert final.status == Report.Status.DRAFT
    assert final.status_text == "Går bra."


def test_another_organisation_a_reviewer_and_an_adviser_see_nothing(client, final, org_admin):
    attachment = services.report_attach(report=final, by=org_admin, uploaded=pdf())
    strangers = [
        MembershipFactory(role="admin").user,
        StaffFactory(username="partner", group=roles.PARTNER_REVIEWER),
        StaffFactory(username="radgiver", group=roles.ADVISER),
    ]
    for stranger in strangers:
        client.force_login(stranger)
        for url in (_url(final), _url(final, "summary"), _url(final, "figures")):
            assert client.get(url).status_code == 404, url
        assert client.post(_url(final, "submit")).status_code == 404
        assert client.get(f"/my/reports/file/{attachment.pk}/").status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, final):
    response = client.get(_url(final))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_figure_that_is_not_a_whole_number_is_refused_and_kept(client, final, org_admin):
    client.force_login(org_admin)
    indicator = final.grant.award.application.call.indicators.get(code="credits")
    response = client.post(
        _url(final, "figures"),
        {"version": final.version, f"indicator_{indicator.pk}": "tretti"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv et helt tall, for eksempel 12." in page
    assert 'value="tretti"' in page
    response = client.post(
        _url(final, "figures"), {"version": final.version, f"indicator_{indicator.pk}": "-3"}
    )
    assert "Tallet kan ikke være negativt." in response.content.decode()
    assert not final.figures.exists()


def test_the_figures_page_shows_the_target_from_the_application(client, final, org_admin):
    client.force_login(org_admin)
    page = client.get(_url(final, "figures")).content.decode()
    assert "Mål i søknaden: 5 studiepoeng" in page


def test_a_stale_save_says_someone_else_saved_and_keeps_the_text(client, final, org_admin):
    client.force_login(org_admin)
    services.report_save_text(report=final, by=org_admin, field="learned", text="Før.")
    response = client.post(_url(final, "learned"), {"version": 1, "text": "Min tekst."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Noen andre har lagret rapporten" in page
    assert "Min tekst." in page


def test_the_summary_links_every_problem_and_sending_is_refused(client, final, org_admin):
    client.force_login(org_admin)
    page = client.get(_url(final, "summary")).content.decode()
    assert f'href="{_url(final, "status")}#id_text"' in page
    indicator = final.grant.award.application.call.indicators.first()
    assert f'href="{_url(final, "figures")}#id_indicator_{indicator.pk}"' in page
    response = client.post(_url(final, "submit"))
    assert response.status_code == 400
    assert "Skriv hva dere har lært." in response.content.decode()


def test_a_complete_report_is_sent(client, final, org_editor):
    fill(final, by=org_editor)
    client.force_login(org_editor)
    response = client.post(_url(final, "submit"), follow=True)
    assert "Rapporten er sendt til Innovasjon Norge." in response.content.decode()
    final.refresh_from_db()
    assert final.status == Report.Status.SUBMITTED
    assert client.get(_url(final, "status")).status_code == 200
    assert (
        client.post(_url(final, "status"), {"version": final.version, "text": "x"}).status_code
        == 400
    )


def test_a_file_is_uploaded_downloaded_by_a_reader_and_a_bad_one_refused(
    client, final, org_admin, org_reader
):
    client.force_login(org_admin)
    response = client.post(_url(final, "attachments"), {"file": pdf("plan.pdf")})
    assert response.status_code == 302
    attachment = final.attachments.get()
    bad = SimpleUploadedFile("plan.pdf", b"not a pdf at all")
    response = client.post(_url(final, "attachments"), {"file": bad})
    assert response.status_code == 400
    assert final.attachments.count() == 1
    client.force_login(org_reader)
    response = client.get(f"/my/reports/file/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_report_sent_back_shows_the_comment_and_opens_again(client, final, org_admin, adviser):
    report = services.report_submit(report=fill(final, by=org_admin), by=org_admin)
    services.report_return(report=report, by=adviser, comment="Legg ved deltakerlisten.")
    client.force_login(org_admin)
    page = client.get(_url(final)).content.decode()
    assert "Rapporten er sendt tilbake til dere" in page
    assert "Legg ved deltakerlisten." in page
    assert "Dette må fylles ut" in page
