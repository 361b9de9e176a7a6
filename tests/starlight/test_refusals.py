"""A refused permission: a branded 403 page, in the admin's frame inside the admin, and no traceback in the log."""

import logging
import sys

import pytest
from django.core.exceptions import PermissionDenied

pytestmark = pytest.mark.django_db


def test_a_refused_admin_page_is_the_newsrooms_403_with_the_way_back(contributor_client):
    response = contributor_client.get("/admin/intake/importjob/add/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Starlight newsroom" in html and "Not allowed" in html and "Django" not in html
    assert 'href="/admin/"' in html


def test_the_lock_out_page_names_the_newsroom(client, settings):
    from tests.factories import staff_user

    staff_user("locky")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/?next=/admin/", {"username": "locky", "password": "wrong"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Starlight newsroom" in html and "Django administration" not in html


def record_of(error: Exception) -> logging.LogRecord:
    try:
        raise error
    except type(error):
        return logging.LogRecord("django.request", logging.WARNING, __file__, 1, "refused", (), sys.exc_info())


def test_the_log_keeps_a_refusal_as_one_line_and_a_crash_with_its_traceback():
    (console,) = [handler for handler in logging.getLogger().handlers if handler.filters]
    refusal, crash = record_of(PermissionDenied()), record_of(ValueError("boom"))
    assert console.filter(refusal) and "Traceback" not in console.format(refusal)
    assert console.filter(crash) and "Traceback" in console.format(crash)
