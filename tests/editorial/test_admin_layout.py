"""The admin laid out for work: the article form's columns, the list's columns, one way to write a share."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from news.models import PossibleDuplicate
from tests import factories as f

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def field_names(part) -> list[str]:
    return [name for row in part.select(".form-row") for name in row["class"] if name.startswith("field-")]


@pytest.mark.parametrize("adding", [True, False])
def test_the_article_form_opens_on_the_title_and_body_with_the_rest_beside_them(editor_client, adding):
    url = reverse("admin:news_article_add") if adding else reverse("admin:news_article_change", args=[f.article().pk])
    soup = page(editor_client, url)
    main, side = soup.select_one(".writing-layout__main"), soup.select_one(".writing-layout__side")
    assert field_names(main)[:3] == ["field-title", "field-subtitle", "field-body"]
    assert {"field-status", "field-publish_at", "field-same_story", "field-source", "field-topics"} <= set(
        field_names(side)
    )


def test_the_article_list_gives_the_title_room(editor_client):
    f.article(title="A title long enough to need room on the article list of the newsroom")
    soup = page(editor_client, reverse("admin:news_article_changelist"))
    headers = {name for th in soup.select("#result_list thead th") for name in th["class"]}
    assert "column-title" in headers and "column-publish_at" not in headers and "column-visible" not in headers


def test_a_duplicates_share_is_a_percentage_on_the_form_and_the_compare_page(editor_client):
    kept = f.article(body="<p>One two three four five six seven eight nine ten.</p>")
    copy = f.article(body="<p>One two three four five six seven eight nine ten.</p>")
    PossibleDuplicate.objects.get_or_create(article=copy, of=kept, defaults={"similarity": 1.0})
    form = page(editor_client, reverse("admin:news_article_change", args=[copy.pk])).get_text()
    compare = page(editor_client, reverse("admin:news_article_same_story", args=[copy.pk, kept.pk])).get_text()
    assert "100% of the text in common" in form
    assert "have 100% of their five-word phrases in common" in compare and "1.00" not in compare
