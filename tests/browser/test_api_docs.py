"""The API's documentation page (/api/v1/docs/) in a browser: Swagger UI, served from this site, runs
under the site's Content-Security-Policy and shows the operations of the generated OpenAPI document."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_shows_the_api_under_the_sites_policy(new_page, world):
    page = new_page()
    refused = []
    page.on("console", lambda message: message.type == "error" and refused.append(message.text))
    page.on("requestfailed", lambda request: refused.append(request.url))
    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", name="Starlight read API")).to_be_visible()
    expect(page.get_by_text("/api/v1/articles/{slug}/", exact=True).first).to_be_visible()
    assert refused == []
