"""The body editor's own blocks in a real browser: a library picture, a video and a pull quote, written
as a person writes them and shown on the public page."""

import re

import pytest
from playwright.sync_api import expect

from editorial.publishing import Status
from news.models import Article
from tests import factories as f

from .conftest import sign_in
from .test_editorial_flow import body_editor, button, field, save, write_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_puts_a_picture_a_video_and_a_pull_quote_in_the_body(new_page, editor):
    picture = f.picture(alt="Vega at the observatory", credit="Netflix")
    page = new_page()
    problems = []
    # Script errors and CSP refusals (a file the live server does not serve, also reported, is no problem).
    page.on(
        "console",
        lambda message: (
            message.type == "error" and "Failed to load resource" not in message.text and problems.append(message.text)
        ),
    )
    sign_in(page, editor)
    page.goto("/admin/news/article/add/")
    field(page, "Title").fill("Pictures in the body")
    write_body(page, "The night the stars fell.")

    button(page, "Insert a picture from the library").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Picture (alt text from the library)").select_option(f"{picture.pk}: Vega at the observatory")
    dialog.get_by_label("Caption (optional)").fill("The first night")
    dialog.get_by_role("button", name="Insert").click()
    expect(body_editor(page).get_by_role("img", name="Vega at the observatory")).to_be_visible()  # its thumbnail

    button(page, "Insert a YouTube or Vimeo video").click()
    page.get_by_role("dialog").get_by_label("Link to the video on YouTube or Vimeo").fill(
        "https://youtu.be/t4hiu_kohhs"
    )
    page.get_by_role("dialog").get_by_role("button", name="Insert").click()
    expect(body_editor(page)).to_contain_text("https://youtu.be/t4hiu_kohhs")

    body_editor(page).press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("We were never alone.")
    button(page, "Set the paragraph apart as a pull quote").click()
    save(page, "Save")
    assert not problems, problems

    article = Article.objects.get(title="Pictures in the body")
    assert f'<figure data-picture="{picture.pk}"><figcaption>The first night</figcaption></figure>' in article.body
    assert '<figure data-video="https://www.youtube.com/watch?v=t4hiu_kohhs"></figure>' in article.body
    assert '<blockquote class="pull-quote"><p>We were never alone.</p></blockquote>' in article.body

    Article.objects.filter(pk=article.pk).update(status=Status.PUBLISHED)
    visitor = new_page()
    visitor.goto(article.get_absolute_url())
    shown = visitor.get_by_role("img", name="Vega at the observatory")
    expect(shown).to_have_attribute("srcset", re.compile(r"-800w\.webp 800w$"))
    expect(visitor.get_by_role("figure").filter(has=shown)).to_contain_text("The first night Netflix")
    expect(visitor.get_by_role("link", name="Play the video")).to_have_attribute(
        "href", "https://www.youtube.com/watch?v=t4hiu_kohhs"
    )
    expect(visitor.locator("iframe")).to_have_count(0)  # nothing from YouTube until a click
