"""Admin sign-in: lock-outs of a username from one address and of an address whatever usernames it
tries, and at most so many sign-ins checked at once."""

import tempfile
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from common.auth import sign_in_slot
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


@pytest.fixture
def one_slot(settings, monkeypatch, tmp_path):
    """One sign-in checked at a time, its slot in a folder of this test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    settings.LOGIN_CONCURRENCY = 1


@pytest.mark.django_db
def test_a_sign_in_beyond_the_slots_is_refused_at_once_without_a_password_check(client, one_slot):
    f.staff_user("sam")
    with sign_in_slot() as held, mock.patch.object(ModelBackend, "authenticate", autospec=True) as check:
        assert held
        response = sign_in(client, "sam", password=f.PASSWORD)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert b"Many people are signing in right now" in response.content
    assert check.call_count == 0
    assert sign_in(client, "sam", password=f.PASSWORD).status_code == 302  # the slot is free again


@pytest.mark.django_db
def test_the_busy_page_in_korean(client, one_slot):
    with sign_in_slot():
        response = sign_in(client, "sam", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 503
    assert "지금 로그인하는 사람이 많아" in response.content.decode()


@pytest.mark.django_db
def test_the_sign_in_form_itself_takes_no_slot(client, one_slot):
    with sign_in_slot():
        assert client.get(LOGIN).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("made_by", ["someone else", "a link"])
def test_a_slots_folder_that_is_not_the_sites_own_leaves_sign_ins_unlimited(client, one_slot, tmp_path, made_by):
    """Made first by another account in the shared temporary folder (or a link to elsewhere), it could
    hold every slot for ever or refuse every sign-in: the limit is left off instead, and said."""
    folder = tmp_path / f"{settings.CACHE_KEY_PREFIX}-sign-in-slots"
    if made_by == "a link":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        folder.symlink_to(tmp_path / "elsewhere")
    else:
        folder.mkdir(mode=0o777)
        folder.chmod(0o777)  # as a folder another account made open to all would be
    with sign_in_slot() as first, sign_in_slot() as second:
        assert first and second
    f.staff_user("sam")
    assert sign_in(client, "sam", password=f.PASSWORD).status_code == 302
