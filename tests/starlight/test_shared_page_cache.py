"""Without Redis, the workers of one host share their pages through files beside the database
(`CACHES["pages"]`): a page one worker rendered is a hit for the others, and still never stale.

A second worker is played by dropping this one's copies of its pages and its connection to the
shared files, so that what it finds there is what another process would find.
"""

import logging
import stat

import pytest
from django.core.cache import caches

from starlight.page_cache import forget_pages
from tests import factories as f
from tests.visitors import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


def shared_store(location) -> dict:
    return {
        "BACKEND": "starlight.cache.SharedPageCache",
        "LOCATION": str(location),
        "KEY_PREFIX": "starlight-test",
        "OPTIONS": {"size_limit": 8 * 1024 * 1024},
    }


@pytest.fixture
def pages_shared(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {**settings.CACHES, "pages": shared_store(tmp_path / "pages")}
    settings.PAGE_CACHE_STORE = "pages"
    return tmp_path / "pages"


@pytest.fixture
def film(db):
    return f.film(name="Lost in Starlight", slug="lost-in-starlight", tagline="First tagline")


def as_another_worker() -> Visitor:
    """A visitor reaching another worker of the same host: its own copies empty, its own connection."""
    forget_pages()
    del caches["pages"]
    return Visitor()


def test_a_page_one_worker_rendered_is_a_hit_for_another(pages_shared, film):
    url = film.get_absolute_url()
    first = Visitor().get(url)
    assert first["X-Page-Cache"] == "miss"
    second = as_another_worker().get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_an_edit_makes_the_page_fresh_for_every_worker(pages_shared, film):
    url = film.get_absolute_url()
    one = Visitor()
    assert one.get(url)["X-Page-Cache"] == "miss"
    other = as_another_worker()
    assert other.get(url)["X-Page-Cache"] == "hit"
    film.tagline = "Second tagline"
    film.save()
    # The worker holding a copy, and one finding only the shared entry: both render afresh.
    fresh = other.get(url)
    assert fresh["X-Page-Cache"] == "miss" and b"Second tagline" in fresh.content
    again = as_another_worker().get(url)
    assert again["X-Page-Cache"] == "hit" and b"Second tagline" in again.content


def test_the_shared_folder_is_the_sites_own(pages_shared, film):
    Visitor().get(film.get_absolute_url())
    assert stat.S_IMODE(pages_shared.stat().st_mode) == 0o700


def test_a_folder_that_cannot_be_written_falls_back_to_each_workers_own_pages(settings, tmp_path, film, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {**settings.CACHES, "pages": shared_store(blocked / "pages")}
    settings.PAGE_CACHE_STORE = "pages"
    visitor = Visitor()
    url = film.get_absolute_url()
    with caplog.at_level(logging.WARNING, logger="starlight.page_cache"):
        assert visitor.get(url)["X-Page-Cache"] == "miss"
        assert visitor.get(url)["X-Page-Cache"] == "hit"
        assert visitor.get(url)["X-Page-Cache"] == "hit"
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1  # said once, not on every request
    assert str(blocked / "pages") in warnings[0].getMessage()
    assert warnings[0].exc_info is None  # a line, not a traceback
