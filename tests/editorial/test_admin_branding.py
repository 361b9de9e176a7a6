"""The admin names the site."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_is_branded_as_the_site(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Starlight newsroom" in html and "Django administration" not in html
