"""Repeated wrong passwords lock the admin sign-in for a while, with a message that says so."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def attempt(client, password, username="sam"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_a_right_password_signs_in(client, staff):
    assert attempt(client, f.PASSWORD).status_code == 302


def test_five_failures_lock_the_account_with_a_clear_message(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "wrong")
        assert response.status_code == 200  # the form again, with Django's own error
        assert "Please enter the correct username and password" in response.content.decode()
    response = attempt(client, "wrong")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in locked for now" in html
    assert "5 failed sign-in attempts" in html
    assert "Try again in 15 minutes" in html
    # Locked means locked: the right password does not get through either.
    assert attempt(client, f.PASSWORD).status_code == 429


def test_the_lock_is_per_username(client, staff, settings):
    f.staff_user("other", password="another-password-2")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    assert attempt(client, "another-password-2", username="other").status_code == 302


def test_a_success_forgets_earlier_failures(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, f.PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, f.PASSWORD).status_code == 302


def test_the_test_clients_login_still_works(client, staff):
    """Authenticating without a request (shell, scripts, tests) is not a sign-in attempt to count."""
    assert client.login(username="sam", password=f.PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200
