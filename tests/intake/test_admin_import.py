"""The admin's "Import articles" page: uploads and zips become a background job with a per-file report."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intake.models import ImportJob
from news.models import Article
from tests import factories as f
from tests.intake.conftest import run_worker

# The worker runs as it does in production, committing as it goes (and closing connections it
# finds in a transaction), so these tests run outside the usual per-test transaction.
pytestmark = pytest.mark.django_db(transaction=True)
URL = "/admin/intake/importjob/add/"

TEXT = b" date 2025-05-29 A short note about the release of the film on a Friday.\n"
MARKDOWN = b"---\ntitle: Zipped article\ndate: 2025-05-01\n---\nA body that came inside a zip archive.\n"


def zip_of(files: dict[str, bytes], name="batch.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in files.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def upload(client, files, **fields):
    """Post the form; return the job page it leads to."""
    response = client.post(URL, {"files": files, "status": "draft", **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_the_import_page_is_linked_from_the_article_list_and_its_old_address_leads_there(admin_client):
    assert reverse("admin:intake_importjob_add") == URL
    html = admin_client.get(reverse("admin:news_article_changelist")).content.decode()
    assert URL in html and "Import articles" in html
    response = admin_client.get("/admin/news/article/import/")
    assert response.status_code == 302 and response["Location"] == URL


def test_an_upload_returns_at_once_with_a_job_page_that_refreshes_until_the_report(admin_client, admin_user):
    archive = zip_of(
        {
            "a/zipped.md": MARKDOWN,
            "a/broken.json": b"{nope",
            "a/readme.pdf": b"%PDF",
            "__MACOSX/._zipped.md": b"junk",
        }
    )
    job_page = upload(admin_client, [SimpleUploadedFile("note.txt", TEXT), archive], status="publish")
    assert not Article.objects.exists()  # nothing is imported inside the request
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.QUEUED and job.files_total == 4 and job.started_by == admin_user
    html = admin_client.get(job_page).content.decode()
    assert "Queued" in html and "0 of 4 files done" in html
    assert '<meta http-equiv="refresh"' in html and "<script" not in html.split("<body")[1].split("</footer>")[0]

    run_worker()

    html = admin_client.get(job_page).content.decode()
    assert "Finished" in html and "Import report" in html and "http-equiv" not in html
    assert "batch.zip/a/broken.json" in html and "malformed JSON" in html
    assert "batch.zip/a/readme.pdf" in html and "skipped" in html
    assert "__MACOSX" not in html
    titles = set(Article.objects.published().values_list("title", flat=True))
    assert "Zipped article" in titles and len(titles) == 2
    job.refresh_from_db()
    assert job.counts == {"created": 2, "failed": 1, "skipped": 1} and job.files_done == 4


def test_jobs_are_listed_with_who_started_them(admin_client, admin_user):
    upload(admin_client, [SimpleUploadedFile("note.txt", TEXT)])
    html = admin_client.get(reverse("admin:intake_importjob_changelist")).content.decode()
    assert "note.txt" in html and admin_user.username in html and "0 / 1" in html
    assert "note.txt" in admin_client.get(URL).content.decode()  # recent imports, under the form


def test_a_dry_run_saves_nothing(admin_client):
    job_page = upload(admin_client, [SimpleUploadedFile("note.txt", TEXT)], dry_run="on")
    run_worker()
    html = admin_client.get(job_page).content.decode()
    assert "Nothing was saved" in html and "created" in html
    assert not Article.objects.exists()


def test_a_bad_zip_and_an_empty_form_get_clear_messages(admin_client):
    job_page = upload(admin_client, [SimpleUploadedFile("batch.zip", b"this is not a zip")])
    run_worker()
    assert "not a readable zip archive" in admin_client.get(job_page).content.decode()
    html = admin_client.post(URL, {"status": "draft"}).content.decode()
    assert "Choose at least one file." in html or "This field is required." in html
    assert ImportJob.objects.count() == 1


def test_uploads_over_the_job_limit_are_refused_with_the_way_round(admin_client, settings):
    settings.IMPORT_JOB_MAX_BYTES = 100
    html = admin_client.post(URL, {"files": [SimpleUploadedFile("big.txt", b"x" * 101)], "status": "draft"})
    html = html.content.decode()
    assert "Upload them in parts, or import them with the import_articles command." in html
    assert not ImportJob.objects.exists()


def test_a_zip_member_larger_than_the_limit_fails_without_being_read_whole(admin_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    archive = zip_of({"big.txt": b"word " * 10_000, "ok.json": json.dumps({"title": "Fine", "body": "Text."}).encode()})
    job_page = upload(admin_client, [archive])
    run_worker()
    assert "too large" in admin_client.get(job_page).content.decode()
    assert list(Article.objects.values_list("title", flat=True)) == ["Fine"]


def test_staff_without_the_permission_get_403(client):
    user = f.staff_user("viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"files": [SimpleUploadedFile("note.txt", TEXT)], "status": "draft"}).status_code == 403
    assert client.get(reverse("admin:intake_importjob_changelist")).status_code == 403
    assert not ImportJob.objects.exists() and not Article.objects.exists()


def test_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_source_is_a_choice_of_the_sites_sources_and_overrides_the_files(admin_client):
    daily = f.source(name="Film Daily")
    assert f'<option value="{daily.pk}">Film Daily</option>' in admin_client.get(URL).content.decode()
    upload(admin_client, [SimpleUploadedFile("note.txt", TEXT)], source=daily.pk)
    assert ImportJob.objects.get().source == "Film Daily"
    refused = admin_client.post(URL, {"files": [SimpleUploadedFile("a.txt", TEXT)], "status": "draft", "source": "0"})
    assert "Select a valid choice." in refused.content.decode() and ImportJob.objects.count() == 1


def test_job_times_say_the_date_and_the_minute(admin_client, admin_user):
    job = ImportJob.objects.create(started_by=admin_user, state=ImportJob.State.FINISHED)
    one_pm = dt.datetime(2025, 12, 7, 13, 0, tzinfo=dt.UTC)
    ImportJob.objects.filter(pk=job.pk).update(created=one_pm, finished_at=one_pm)
    html = admin_client.get(reverse("admin:intake_importjob_change", args=[job.pk])).content.decode()
    assert "Dec. 7, 2025, 13:00" in html and "1 p.m." not in html
    listing = admin_client.get(reverse("admin:intake_importjob_changelist")).content.decode()
    assert "Dec. 7, 2025, 13:00" in listing and "1 p.m." not in listing
