"""Users in the two editorial roles, and test clients signed in as them."""

import pytest
from django.contrib.auth.models import Group, User

from editorial.roles import CONTRIBUTORS, EDITORS

PASSWORD = "a-long-test-password-9"


def member(username: str, group_name: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return member("edna", EDITORS)


@pytest.fixture
def contributor(db):
    return member("carl", CONTRIBUTORS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client
