"""The admin names the site, and speaks the language its user chose."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_is_branded_as_the_site(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Starlight newsroom" in html and "Django administration" not in html


def test_the_admin_speaks_the_language_chosen_on_the_site(editor_client):
    editor_client.cookies["django_language"] = "ko"
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert 'lang="ko"' in html and "Starlight 뉴스룸" in html and "검토 요청됨" in html


def test_the_admin_follows_the_browser_when_nothing_was_chosen(editor_client):
    assert 'lang="ko"' in editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert 'lang="en"' in editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
