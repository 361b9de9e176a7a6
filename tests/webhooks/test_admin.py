"""Webhooks in the admin: endpoints and the delivery log for those given the permissions, nobody else."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests import factories as f
from webhooks.models import Delivery, Endpoint, Event, Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(db):
    """Staff given the webhooks' permissions, and nothing else."""
    user = f.staff_user("wendy")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="webhooks"))
    return user


@pytest.fixture
def delivery(feed_site, db):
    endpoint = Endpoint.objects.create(
        name="Fan app", url=feed_site.url("/hook"), events=[Event.PUBLISHED], kinds=[Kind.FILM]
    )
    return Delivery.objects.create(
        endpoint=endpoint, event=Event.PUBLISHED, kind=Kind.FILM, object_id=7, payload={"event": "published"}
    )


def pages(delivery):
    return [
        reverse("admin:webhooks_endpoint_changelist"),
        reverse("admin:webhooks_endpoint_add"),
        reverse("admin:webhooks_endpoint_change", args=[delivery.endpoint.pk]),
        reverse("admin:webhooks_delivery_changelist"),
        reverse("admin:webhooks_delivery_change", args=[delivery.pk]),
    ]


def test_the_pages_answer_those_with_the_permission(client, keeper, delivery):
    client.force_login(keeper)
    for page in pages(delivery):
        assert client.get(page).status_code == 200, page
    html = client.get(reverse("admin:webhooks_endpoint_change", args=[delivery.endpoint.pk])).content.decode()
    assert delivery.endpoint.secret[:10] in html and delivery.endpoint.secret not in html


@pytest.mark.parametrize("role", ["editor", "contributor", "staff"])
def test_the_pages_are_forbidden_without_it(client, role, request, delivery):
    client.force_login(request.getfixturevalue(role))
    for page in pages(delivery):
        assert client.get(page).status_code == 403, page


def test_an_endpoint_is_added_and_its_secret_shown_once(client, keeper, feed_site):
    client.force_login(keeper)
    form = {
        "name": "CDN",
        "url": feed_site.url("/purge"),
        "purpose": "content",
        "events": ["published", "deleted"],
        "kinds": ["article"],
        "active": "on",
    }
    response = client.post(reverse("admin:webhooks_endpoint_add"), form, follow=True)
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["published", "deleted"] and endpoint.kinds == ["article"]
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in response.content.decode()
    again = client.get(reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])).content.decode()
    assert endpoint.secret not in again


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not an address", "Enter a whole web address, such as https://example.com/hooks."),
        ("ftp://example.com/hook", "The address must start with https:// (or http://)."),
        ("http://10.1.2.3/hook", "The site will not post there: 10.1.2.3 is a private address (10.1.2.3)"),
        ("https://user:pw@example.com/hook", "a user name or password in it"),
    ],
)
def test_a_bad_address_gets_a_clear_message(client, keeper, url, message):
    client.force_login(keeper)
    form = {"name": "Bad", "url": url, "purpose": "content", "events": ["published"], "kinds": ["film"]}
    response = client.post(reverse("admin:webhooks_endpoint_add"), form)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Endpoint.objects.exists()


def test_a_content_endpoint_needs_an_event_and_a_kind(client, keeper):
    client.force_login(keeper)
    form = {"name": "Empty", "url": "https://example.com/hook", "purpose": "content"}
    response = client.post(reverse("admin:webhooks_endpoint_add"), form)
    assert "Choose at least one event and one kind of content to send." in response.content.decode()


def test_send_again_queues_a_new_delivery_of_the_same_payload(client, keeper, delivery):
    client.force_login(keeper)
    response = client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "send_again", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "1 delivery queued to be sent again." in response.content.decode()
    copy = Delivery.objects.exclude(pk=delivery.pk).get()
    assert copy.resent_from == delivery and copy.payload == delivery.payload and copy.state == "pending"
