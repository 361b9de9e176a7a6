"""A WordPress export uploaded to the admin, alone or in a zip: read as a stream by the job, pages when asked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from editorial.publishing import Status
from intake.models import ImportJob
from news.models import Article
from tests.intake.conftest import run_worker
from tests.intake.test_admin_import import upload, zip_of
from tests.news.test_wordpress import posts
from tests.news.wxr import export

pytestmark = pytest.mark.django_db(transaction=True)  # as the other job tests: the worker commits as it goes


def test_an_export_in_a_zip_with_pages_asked_for(admin_client):
    upload(admin_client, [zip_of({"site/export.xml": export(*posts()).encode()})], status="publish", pages="on")
    run_worker()
    job = ImportJob.objects.get()
    assert job.pages and job.state == ImportJob.State.FINISHED
    assert job.counts == {"created": 5, "skipped": 1}
    assert job.files_done == job.files_total == 6  # five posts and pages, and the line on what was left out
    published = set(Article.objects.filter(status=Status.PUBLISHED).values_list("title", flat=True))
    assert published == {"Lost in Starlight to open Busan", "A note from the composer", "About this blog"}


def test_an_export_uploaded_alone_leaves_pages_out(admin_client):
    upload(admin_client, [SimpleUploadedFile("export.xml", export(*posts()).encode())])
    run_worker()
    job = ImportJob.objects.get()
    assert job.counts == {"created": 4, "skipped": 1}
    assert "pages (imported only when asked): 1" in str(job.report)
    assert not Article.objects.filter(title="About this blog").exists()
