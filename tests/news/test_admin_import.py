"""The admin's "Import articles" page: uploads and zips through the same importer, with its report."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Article
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/admin/news/article/import/"

TEXT = b" date 2025-05-29 A short note about the release of the film on a Friday.\n"
MARKDOWN = b"---\ntitle: Zipped article\ndate: 2025-05-01\n---\nA body that came inside a zip archive.\n"


def zip_of(files: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("batch.zip", buffer.getvalue(), content_type="application/zip")


def test_the_import_page_is_linked_from_the_article_list(admin_client):
    assert reverse("admin:news_article_import") == URL
    html = admin_client.get(reverse("admin:news_article_changelist")).content.decode()
    assert URL in html and "Import articles" in html


def test_uploads_and_a_zip_import_with_a_per_file_report(admin_client):
    upload = SimpleUploadedFile("note.txt", TEXT, content_type="text/plain")
    archive = zip_of(
        {
            "a/zipped.md": MARKDOWN,
            "a/broken.json": b"{nope",
            "a/readme.docx": b"PK",
            "__MACOSX/._zipped.md": b"junk",
        }
    )
    response = admin_client.post(URL, {"files": [upload, archive], "status": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Import report" in html
    assert "batch.zip/a/broken.json" in html and "malformed JSON" in html
    assert "batch.zip/a/readme.docx" in html and "skipped" in html
    assert "__MACOSX" not in html
    titles = set(Article.objects.published().values_list("title", flat=True))
    assert "Zipped article" in titles and len(titles) == 2


def test_a_dry_run_saves_nothing(admin_client):
    upload = SimpleUploadedFile("note.txt", TEXT)
    html = admin_client.post(URL, {"files": [upload], "status": "draft", "dry_run": "on"}).content.decode()
    assert "Nothing was saved" in html and "created" in html
    assert not Article.objects.exists()


def test_a_bad_zip_and_an_empty_form_get_clear_messages(admin_client):
    bad = SimpleUploadedFile("batch.zip", b"this is not a zip")
    html = admin_client.post(URL, {"files": [bad], "status": "draft"}).content.decode()
    assert "not a readable zip archive" in html
    html = admin_client.post(URL, {"status": "draft"}).content.decode()
    assert "Choose at least one file." in html or "This field is required." in html


def test_a_zip_member_larger_than_the_limit_fails_without_being_read_whole(admin_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    archive = zip_of({"big.txt": b"word " * 10_000, "ok.json": json.dumps({"title": "Fine", "body": "Text."}).encode()})
    html = admin_client.post(URL, {"files": [archive], "status": "draft"}).content.decode()
    assert "too large" in html
    assert list(Article.objects.values_list("title", flat=True)) == ["Fine"]


def test_staff_without_the_permission_get_403(client):
    user = f.staff_user("viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    upload = SimpleUploadedFile("note.txt", TEXT)
    assert client.post(URL, {"files": [upload], "status": "draft"}).status_code == 403
    assert not Article.objects.exists()


def test_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
