"""Shared fixtures: uploads go to a temporary MEDIA_ROOT so tests never touch media/."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts like a fresh process: empty cache, no name matcher built yet."""
    from django.core.cache import cache

    from news.mentions import catalog_changed

    cache.clear()
    catalog_changed()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request to a /ko/ page leaves Korean active in the test's thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
