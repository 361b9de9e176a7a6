"""Admin sign-in lock-outs: a username from one address, and an address whatever usernames it tries."""

from unittest import mock

import pytest
from django.contrib.auth.backends import ModelBackend

from tests import factories as f

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.7"
NEIGHBOUR = "198.51.100.20"


def sign_in(client, username, *, address=ATTACKER, password="wrong", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5


@pytest.mark.django_db
def test_one_username_is_locked_out_after_its_limit(client, limits):
    f.staff_user("sam")
    for _ in range(2):
        assert sign_in(client, "sam").status_code == 200  # the form again, with its error
    response = sign_in(client, "sam")
    assert response.status_code == 429
    assert b"for this account from your address" in response.content


@pytest.mark.django_db
def test_new_usernames_from_one_address_are_throttled_after_the_address_limit(client, limits):
    for number in range(4):
        assert sign_in(client, f"guess{number}").status_code == 200
    response = sign_in(client, "guess4")
    assert response.status_code == 429
    assert b"from your address" in response.content
    assert b"for this account" not in response.content

    locked = sign_in(client, "someone-new")
    assert locked.status_code == 429
    assert b"5 failed sign-in attempts from your address" in locked.content


@pytest.mark.django_db
def test_a_throttled_address_pays_no_password_check_even_with_the_right_password(client, limits):
    f.staff_user("sam")
    for number in range(5):
        sign_in(client, f"guess{number}")
    with mock.patch.object(ModelBackend, "authenticate", autospec=True, return_value=None) as check:
        response = sign_in(client, "sam", password=f.PASSWORD)
    assert response.status_code == 429
    assert check.call_count == 0  # refused before any password is hashed


@pytest.mark.django_db
def test_another_address_is_not_affected(client, limits):
    f.staff_user("sam")
    for number in range(6):
        sign_in(client, f"guess{number}")
    response = sign_in(client, "sam", address=NEIGHBOUR, password=f.PASSWORD)
    assert response.status_code == 302  # signed in


@pytest.mark.django_db
def test_the_address_lock_out_page_in_korean(client, limits):
    for number in range(5):
        response = sign_in(client, f"guess{number}", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 429
    page = response.content.decode()
    assert "이 주소에서 로그인에 5번 실패하여" in page
    assert "이 계정으로" not in page
