"""A role is enough to sign in, and an account with no access is told so rather than "wrong password"."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from editorial.roles import CONTRIBUTORS, EDITORS
from tests import factories as f
from tests.editorial.forms import change_form_data

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def sign_in(client, username):
    return client.post(LOGIN, {"username": username, "password": f.PASSWORD, "next": "/admin/"})


@pytest.mark.parametrize("role", [EDITORS, CONTRIBUTORS])
def test_a_person_added_to_a_role_can_sign_in(client, role):
    user = User.objects.create_user("nina", password=f.PASSWORD)
    user.groups.add(Group.objects.get(name=role))
    user.refresh_from_db()
    assert user.is_staff
    assert sign_in(client, "nina").status_code == 302


def test_adding_people_from_the_group_side_makes_them_staff_too():
    users = [User.objects.create_user(name) for name in ("ann", "bob")]
    Group.objects.get(name=CONTRIBUTORS).user_set.add(*users)
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) >= {"ann", "bob"}


def test_another_group_gives_no_staff_status():
    user = User.objects.create_user("gail")
    user.groups.add(Group.objects.create(name="Newsletter"))
    user.refresh_from_db()
    assert not user.is_staff


def test_giving_a_role_in_the_admin_is_enough_to_sign_in(admin_client, client):
    user = User.objects.create_user("omar", password=f.PASSWORD)
    url = reverse("admin:auth_user_change", args=[user.pk])
    editors = Group.objects.get(name=EDITORS)
    data = change_form_data(admin_client.get(url), groups=[str(editors.pk)])
    data.pop("is_staff", None)  # the box left unticked, as a new administrator would
    assert admin_client.post(url, data).status_code == 302
    assert sign_in(client, "omar").status_code == 302


def test_a_right_password_without_access_is_told_what_is_missing(client):
    User.objects.create_user("pat", password=f.PASSWORD)
    response = sign_in(client, "pat")
    assert response.status_code == 200
    html = response.content.decode()
    assert "has no access to the admin yet" in html and "Editors or Contributors" in html
    assert "correct username and password" not in html


def test_a_wrong_password_still_reads_as_one(client, staff):
    response = client.post(LOGIN, {"username": "sam", "password": "wrong", "next": "/admin/"})
    assert "Please enter the correct username and password" in response.content.decode()
