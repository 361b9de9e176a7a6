"""Paginators: a page's rows found by id first are the rows, in the order, a plain paginator gives."""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from news.models import Article
from pages.paging import IdsFirstPaginator
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_pages_found_by_id_first_are_the_plain_paginators_pages():
    topic = f.topic(name="Release", slug="release")
    same_day = timezone.now() - dt.timedelta(days=3)
    for n in range(7):  # some share a date: the id decides between them, as the listing orders
        f.article(title=f"In {n}", topics=[topic], dated=same_day if n % 2 else None)
    f.article(title="Elsewhere")
    f.article(title="Draft", topics=[topic], status="draft")
    listing = Article.objects.published().filter(topics=topic).for_list()
    plain, ids_first = Paginator(listing, 3), IdsFirstPaginator(listing, 3, rows=Article.objects.for_list())
    assert ids_first.num_pages == plain.num_pages == 3
    for number in (1, 2, 3):
        assert list(ids_first.page(number).object_list) == list(plain.page(number).object_list)
    assert [a.title for a in ids_first.page(3)] == [a.title for a in plain.page(3)] and len(ids_first.page(3)) == 1


def test_an_empty_list_gives_an_empty_first_page():
    page = IdsFirstPaginator(Article.objects.published().for_list(), 20, rows=Article.objects.for_list()).page(1)
    assert list(page.object_list) == [] and page.number == 1
