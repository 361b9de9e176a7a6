"""The editorial workflow in a real browser: write, schedule, preview, publish; roles; rollback."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from PIL import Image as PILImage

from catalog.models import Film, Person
from news.models import Article
from tests import factories as f

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BANNER = "Preview — not published."


def pick(page, field, text):
    """Choose `text` in an admin autocomplete (select2) field."""
    page.click(f".field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def still_png(tmp_path):
    path = tmp_path / "kim-tae-ri.png"
    image = PILImage.new("RGB", (640, 360), "midnightblue")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def write_body(page, text):
    """Type into the body's rich-text editor, as a person does (the textarea behind it is hidden)."""
    page.click(".field-body .ProseMirror[contenteditable=true]")
    page.keyboard.type(text)


def save(page, button):
    """Press a save button, wait for the page it leads to, and say what went wrong if it was the form again."""
    with page.expect_navigation():
        page.click(button)
    assert page.locator(".messagelist .success").count(), page.locator(".errornote, .errorlist").all_inner_texts()


def test_an_editor_writes_schedules_previews_and_publishes(new_page, editor, tmp_path):
    film = f.film(name="Lost in Starlight", slug="lost-in-starlight")
    f.character(film, name="Nan-young")
    f.topic("Interviews")
    page = new_page()
    sign_in(page, editor)

    # A person, with a voice credit whose character list follows the chosen film.
    page.goto("/admin/catalog/person/add/")
    page.fill("#id_name", "Kim Tae-ri")
    page.press("#id_name", "Tab")
    assert page.input_value("#id_slug") == "kim-tae-ri"  # prefilled as the name was typed
    page.click("#credits-group .add-row a")
    page.select_option("#id_credits-0-film", label="Lost in Starlight")
    page.select_option("#id_credits-0-role", "voice")
    page.select_option("#id_credits-0-character", label="Nan-young")
    page.select_option("#id_credits-0-language", "ko")
    save(page, "input[name=_publish_now]")
    person = Person.objects.get(slug="kim-tae-ri")
    assert person.is_public and person.credits.get().character.name == "Nan-young"

    # A picture, previewed as soon as it is chosen.
    page.goto("/admin/catalog/image/add/")
    page.set_input_files("#id_file", str(still_png(tmp_path)))
    page.wait_for_selector("img.image-preview-live[src^='data:image/png']")
    page.fill("#id_alt_text", "Kim Tae-ri at the premiere")
    save(page, "input[name=_save]")

    # The article, scheduled for tomorrow.
    page.goto("/admin/news/article/add/")
    page.fill("#id_title", "Kim Tae-ri on voicing Nan-young")
    write_body(page, "Kim Tae-ri talks about the long nights in the recording booth.")
    pick(page, "hero_image", "Kim Tae-ri at the premiere")
    pick(page, "topics", "Interviews")
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    page.fill("#id_publish_at_0", tomorrow.date().isoformat())
    page.fill("#id_publish_at_1", "09:00:00")
    save(page, "input[name=_schedule]")
    article = Article.objects.get(slug="kim-tae-ri-on-voicing-nan-young")
    assert article.status == "published" and not article.is_public
    assert article.hero_image.alt_text == "Kim Tae-ri at the premiere"
    assert list(article.topics.values_list("name", flat=True)) == ["Interviews"]

    visitor = new_page()
    assert visitor.goto(article.get_absolute_url()).status == 404

    # The preview: staff see the page with a banner; a shared link shows it to a visitor.
    page.goto(f"/admin/news/article/{article.pk}/change/")
    assert "Scheduled: appears by itself" in page.inner_text(".publishing-state")
    with page.context.expect_page() as preview_info:
        page.click("a[data-preview]")
    preview = preview_info.value
    preview.wait_for_load_state()
    assert BANNER in preview.inner_text("main")
    assert preview.locator("main img[alt='Kim Tae-ri at the premiere']").count() == 1
    preview.close()
    save(page, "text=Make a preview link")
    shared_url = page.input_value(".preview-link-url")
    shared = visitor.goto(shared_url)
    assert shared.status == 200
    assert "Kim Tae-ri on voicing Nan-young" in visitor.inner_text("h1")
    assert BANNER in visitor.inner_text("main")

    # Published: the visitor finds it in the news, on the person's page and in the feed.
    save(page, "input[name=_publish_now]")
    assert visitor.goto("/news/").status == 200
    assert visitor.locator("main a:has-text('Kim Tae-ri on voicing Nan-young')").count() >= 1
    visitor.goto("/people/kim-tae-ri/")
    assert "Kim Tae-ri on voicing Nan-young" in visitor.inner_text("main")
    feed = visitor.request.get("/news/feed/rss/")
    assert feed.ok and "Kim Tae-ri on voicing Nan-young" in feed.text()
    visitor.goto(article.get_absolute_url())
    assert BANNER not in visitor.inner_text("main")


def test_a_contributor_writes_a_draft_but_cannot_publish(new_page, contributor):
    live = f.article(title="Already live")
    page = new_page()
    sign_in(page, contributor)

    page.goto("/admin/news/article/add/")
    assert page.locator("input[name=_publish_now], input[name=_schedule], #id_status").count() == 0
    assert "Submit one for review when it is ready" in page.inner_text("#content-main")
    page.fill("#id_title", "Notes from the dubbing studio")
    write_body(page, "Draft notes.")
    save(page, "input[name=_save]")
    assert Article.objects.get(title="Notes from the dubbing studio").status == "draft"

    page.goto(f"/admin/news/article/{live.pk}/change/")
    assert page.locator("input[name=_save]").count() == 0  # a live article is read-only to them
    page.goto("/admin/news/article/")
    options = page.locator("select[name=action] option").all_inner_texts()
    assert not any("Publish" in option for option in options)


def test_an_editor_restores_an_earlier_revision(new_page, editor):
    article = f.article(title="Lost in Starlight opens the festival")
    page = new_page()
    sign_in(page, editor)
    page.goto(f"/admin/news/article/{article.pk}/change/")
    page.fill("#id_title", "A title changed by mistake")
    save(page, "input[name=_continue]")

    page.click("a.historylink")
    history = page.inner_text("#change-history")
    assert "A title changed by mistake" in history and "edna" in history  # what changed, and who
    page.locator("#change-history tbody tr").last.locator("a").first.click()
    save(page, "input[value=Revert]")
    article.refresh_from_db()
    assert article.title == "Lost in Starlight opens the festival"
    visitor = new_page()
    visitor.goto(article.get_absolute_url())
    assert re.search("Lost in Starlight opens the festival", visitor.inner_text("h1"))


def test_the_body_editor_writes_clean_rich_text_under_the_csp(new_page, editor):
    page = new_page()
    problems = []
    # Script errors and CSP refusals (a missing favicon, also reported as an error, is no problem).
    page.on(
        "console",
        lambda message: (
            message.type == "error" and "Failed to load resource" not in message.text and problems.append(message.text)
        ),
    )
    sign_in(page, editor)
    page.goto("/admin/news/article/add/")
    page.wait_for_selector(".field-body .ProseMirror[contenteditable=true]")
    assert not page.is_visible("#id_body")  # the editor stands in for the textarea
    page.fill("#id_title", "Rich text from the editor")
    write_body(page, "The score was recorded ")
    page.keyboard.press("Control+b")
    page.keyboard.type("on tape")
    page.keyboard.press("Control+b")
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    page.keyboard.type("## A heading")
    page.keyboard.press("Enter")
    page.keyboard.type("- first point")
    save(page, "input[name=_save]")
    body = Article.objects.get(title="Rich text from the editor").body
    assert "<strong>on tape</strong>" in body
    assert "<h2>A heading</h2>" in body
    assert "<ul>" in body and "first point" in body
    assert not problems, problems  # no CSP refusal, no script error


def test_the_review_round_trip(new_page, contributor, editor):
    writer = new_page()
    sign_in(writer, contributor)
    writer.goto("/admin/news/article/add/")
    writer.fill("#id_title", "Inside the dubbing studio")
    write_body(writer, "The English cast recorded in Los Angeles.")
    save(writer, "input[name=_submit_for_review]")
    article = Article.objects.get(title="Inside the dubbing studio")

    desk = new_page()
    sign_in(desk, editor)
    desk.goto("/admin/")
    queue = desk.locator("section[aria-labelledby=worklist-waiting]")
    assert "Inside the dubbing studio" in queue.inner_text() and "by carl" in queue.inner_text()
    queue.locator("a:has-text('Inside the dubbing studio')").click()
    desk.fill("#id_review_comment", "Which studio? Name it, please.")
    save(desk, "input[name=_send_back]")

    writer.goto(f"/admin/news/article/{article.pk}/change/")
    assert "Which studio? Name it, please." in writer.inner_text(".review-state")
    writer.click(".field-body .ProseMirror[contenteditable=true]")
    writer.keyboard.press("End")
    writer.keyboard.type(" They worked at Studio One.")
    save(writer, "input[name=_submit_for_review]")

    desk.goto("/admin/")
    desk.locator("section[aria-labelledby=worklist-waiting] a:has-text('Inside the dubbing studio')").click()
    save(desk, "input[name=_publish_now]")
    visitor = new_page()
    visitor.goto(article.get_absolute_url())
    assert "They worked at Studio One." in visitor.inner_text("main")
    reasons = list(Article.history.filter(id=article.pk).values_list("history_change_reason", flat=True))
    assert reasons[:4] == [
        "Published now",
        "Submitted for review",
        "Sent back for changes: Which studio? Name it, please.",
        "Submitted for review",
    ]


def test_long_forms_fit_a_1440_window_and_open_with_links_to_their_parts(new_page, editor):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    film, person = Film.objects.get(), Person.objects.get(slug="kim-tae-ri")
    article = Article.objects.first()
    page = new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, editor)
    for url in (
        f"/admin/catalog/film/{film.pk}/change/",
        f"/admin/catalog/person/{person.pk}/change/",
        f"/admin/news/article/{article.pk}/change/",
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1440, url  # no sideways scrolling

    page.goto(f"/admin/catalog/film/{film.pk}/change/")
    parts = page.locator("nav.form-sections a").all_inner_texts()
    assert parts[0] == "Details" and "Credits" in parts and parts[-1] == "Save"
    page.click("nav.form-sections a:has-text('Credits')")
    page.wait_for_function("document.querySelector('#credits-group').getBoundingClientRect().top < 200")


def test_publishing_unreviewed_imports_from_the_list_asks_first(new_page, editor):
    flagged = f.draft(f.article, title="Imported and flagged", needs_review=True, review_reason="date missing")
    checked = f.draft(f.article, title="Imported and checked")
    page = new_page()
    sign_in(page, editor)
    page.goto("/admin/news/article/?state=draft")
    assert page.inner_text(f"#result_list tr:has-text('{flagged.title}') .field-review") == "Needs review"
    for article in (flagged, checked):
        page.check(f"input.action-select[value='{article.pk}']")
    page.select_option("select[name=action]", "publish_now")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert "1 of the 2 chosen still needs review" in page.inner_text("#content-main")
    assert "date missing" in page.inner_text("#content-main")
    assert not Article.objects.published().exists()
    save(page, "input[value='Publish all 2 now']")
    assert set(Article.objects.published().values_list("title", flat=True)) == {flagged.title, checked.title}
