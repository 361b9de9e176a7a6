"""The editorial workflow in a real browser: write, schedule, preview, publish; roles; rollback."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from PIL import Image as PILImage
from playwright.sync_api import expect

from catalog.models import Film, Person
from news.models import Article
from tests import factories as f

from .conftest import layout, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BANNER = "Preview — not published."


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def field(page, label):
    """The form field labelled `label` (the admin's labels end in a colon)."""
    return page.get_by_label(f"{label}:", exact=True)


def pick(page, name, text):
    """Choose `text` in an admin autocomplete (select2) field, typing to narrow the list as a person does."""
    # The field's row (by its class) is the only handle: select2's box is not named by the field's label.
    row = page.locator(f".field-{name}")
    box = row.get_by_role("combobox")
    box.click()
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.type(text)  # into select2's search field, which has the focus once open (and no name)
    page.get_by_role("option", name=text).click()
    expect(row).to_contain_text(text)


def still_png(tmp_path):
    path = tmp_path / "kim-tae-ri.png"
    image = PILImage.new("RGB", (640, 360), "midnightblue")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def body_editor(page):
    """The body's rich-text editor: a textbox named by the field's label (editorial/static/editorial/field_names.js);
    the textarea behind it is hidden, so it is not a role's match."""
    return page.get_by_role("textbox", name="Body:", exact=True)


def write_body(page, text):
    """Type into the body's rich-text editor, as a person does."""
    body_editor(page).click()
    page.keyboard.type(text)


def save(page, name):
    """Press the button named `name`, wait for the page it leads to, and say what went wrong if that was the form."""
    with page.expect_navigation():
        button(page, name).click()
    # The admin's messages tell a success from an error by their class alone: they have no role or name.
    success, problems = page.locator(".messagelist .success"), page.locator(".errornote, .errorlist")
    expect(success.or_(problems).first).to_be_visible()
    expect(success.first, f"the form came back: {problems.all_inner_texts()}").to_be_visible()


def test_an_editor_writes_schedules_previews_and_publishes(new_page, editor, tmp_path):
    film = f.film(name="Lost in Starlight", slug="lost-in-starlight")
    f.character(film, name="Nan-young")
    f.topic("Interviews")
    page = new_page()
    sign_in(page, editor)

    # A person, with a voice credit whose character list follows the chosen film.
    page.goto("/admin/catalog/person/add/")
    field(page, "Name").fill("Kim Tae-ri")
    field(page, "Name").press("Tab")
    expect(field(page, "Slug")).to_have_value("kim-tae-ri")  # prefilled as the name was typed
    button(page, "Add another Credit").click()
    # The credit table's fields have no labels (only the column headings name them, to the eye): ids it is.
    page.locator("#id_credits-0-film").select_option(label="Lost in Starlight")
    page.locator("#id_credits-0-role").select_option("voice")
    page.locator("#id_credits-0-character").select_option(label="Nan-young")
    page.locator("#id_credits-0-language").select_option("ko")
    save(page, "Save and publish now")
    person = Person.objects.get(slug="kim-tae-ri")
    assert person.is_public and person.credits.get().character.name == "Nan-young"

    # A picture, previewed as soon as it is chosen.
    page.goto("/admin/catalog/image/add/")
    field(page, "File").set_input_files(str(still_png(tmp_path)))
    # The preview is decorative (alt=""), so it has no role or name: its class is its only handle.
    expect(page.locator("img.image-preview-live")).to_have_attribute("src", re.compile(r"^data:image/png"))
    field(page, "Alt text").fill("Kim Tae-ri at the premiere")
    save(page, "Save")

    # The article, scheduled for tomorrow.
    page.goto("/admin/news/article/add/")
    field(page, "Title").fill("Kim Tae-ri on voicing Nan-young")
    write_body(page, "Kim Tae-ri talks about the long nights in the recording booth.")
    pick(page, "hero_image", "Kim Tae-ri at the premiere")
    pick(page, "topics", "Interviews")
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    # "Publish at" is two unlabelled inputs (the admin writes "Date:" and "Time:" as plain text): ids it is.
    page.locator("#id_publish_at_0").fill(tomorrow.date().isoformat())
    page.locator("#id_publish_at_1").fill("09:00:00")
    save(page, "Save and schedule")
    article = Article.objects.get(slug="kim-tae-ri-on-voicing-nan-young")
    assert article.status == "published" and not article.is_public
    assert article.hero_image.alt_text == "Kim Tae-ri at the premiere"
    assert list(article.topics.values_list("name", flat=True)) == ["Interviews"]

    visitor = new_page()
    assert visitor.goto(article.get_absolute_url()).status == 404

    # The preview: staff see the page with a banner; a shared link shows it to a visitor.
    page.goto(f"/admin/news/article/{article.pk}/change/")
    expect(page.get_by_role("status").filter(has_text="Scheduled: appears by itself")).to_be_visible()
    with page.context.expect_page() as preview_info:
        page.get_by_role("link", name="Preview", exact=True).click()
    preview = preview_info.value
    expect(preview.get_by_role("main")).to_contain_text(BANNER)
    hero = preview.get_by_role("main").get_by_role("img", name="Kim Tae-ri at the premiere", exact=True)
    expect(hero).to_have_count(1)
    preview.close()
    save(page, "Make a preview link")
    link = page.get_by_role("textbox", name="Preview link")
    expect(link).to_have_value(re.compile(r"^https?://."))
    shared = visitor.goto(link.input_value())
    assert shared.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Kim Tae-ri on voicing Nan-young")
    expect(visitor.get_by_role("main")).to_contain_text(BANNER)

    # Published: the visitor finds it in the news, on the person's page and in the feed.
    save(page, "Save and publish now")
    assert visitor.goto("/news/").status == 200
    news = visitor.get_by_role("main").get_by_role("link", name="Kim Tae-ri on voicing Nan-young")
    expect(news.first).to_be_visible()
    visitor.goto("/people/kim-tae-ri/")
    expect(visitor.get_by_role("main")).to_contain_text("Kim Tae-ri on voicing Nan-young")
    feed = visitor.request.get("/news/feed/rss/")
    assert feed.ok and "Kim Tae-ri on voicing Nan-young" in feed.text()
    visitor.goto(article.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Kim Tae-ri on voicing Nan-young")
    expect(visitor.get_by_role("main")).not_to_contain_text(BANNER)


def test_a_contributor_writes_a_draft_but_cannot_publish(new_page, contributor):
    live = f.article(title="Already live")
    page = new_page()
    sign_in(page, contributor)

    page.goto("/admin/news/article/add/")
    expect(page.get_by_role("main").get_by_text("Submit one for review when it is ready")).to_be_visible()
    for name in ("Save and publish now", "Save and schedule"):
        expect(page.get_by_role("button", name=name, include_hidden=True)).to_have_count(0)
    # Not even as a hidden input, which has no role or label: its id is the only handle on that.
    expect(field(page, "Status").or_(page.locator("#id_status"))).to_have_count(0)
    field(page, "Title").fill("Notes from the dubbing studio")
    write_body(page, "Draft notes.")
    save(page, "Save")
    assert Article.objects.get(title="Notes from the dubbing studio").status == "draft"

    page.goto(f"/admin/news/article/{live.pk}/change/")
    expect(page.get_by_role("main")).to_contain_text("Already live")
    expect(page.get_by_role("button", name="Save", exact=True, include_hidden=True)).to_have_count(0)  # read-only
    page.goto("/admin/news/article/")
    expect(page.get_by_role("main").get_by_role("row").filter(has_text="Already live")).to_be_visible()
    expect(page.get_by_role("option", name=re.compile("Publish"))).to_have_count(0)  # no action that publishes


def test_an_editor_restores_an_earlier_revision(new_page, editor):
    article = f.article(title="Lost in Starlight opens the festival")
    page = new_page()
    sign_in(page, editor)
    page.goto(f"/admin/news/article/{article.pk}/change/")
    field(page, "Title").fill("A title changed by mistake")
    save(page, "Save and continue editing")

    page.get_by_role("link", name="History", exact=True).click()
    history = page.get_by_role("main").get_by_role("table")
    expect(history).to_contain_text("A title changed by mistake")  # what changed
    expect(history).to_contain_text("edna")  # and who
    history.get_by_role("row").last.get_by_role("link").first.click()
    save(page, "Revert")
    article.refresh_from_db()
    assert article.title == "Lost in Starlight opens the festival"
    visitor = new_page()
    visitor.goto(article.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Lost in Starlight opens the festival")


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
    expect(body_editor(page)).to_be_editable()
    # The label names both the editor and the textarea behind it, which is sent with the form but hidden.
    textarea = field(page, "Body").and_(page.locator("textarea"))
    expect(textarea).to_be_attached()
    expect(textarea).to_be_hidden()
    field(page, "Title").fill("Rich text from the editor")
    write_body(page, "The score was recorded ")
    page.keyboard.press("Control+b")
    page.keyboard.type("on tape")
    page.keyboard.press("Control+b")
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    page.keyboard.type("## A heading")
    page.keyboard.press("Enter")
    page.keyboard.type("- first point")
    save(page, "Save")
    body = Article.objects.get(title="Rich text from the editor").body
    assert "<strong>on tape</strong>" in body
    assert "<h2>A heading</h2>" in body
    assert "<ul>" in body and "first point" in body
    assert not problems, problems  # no CSP refusal, no script error


def test_the_review_round_trip(new_page, contributor, editor):
    writer = new_page()
    sign_in(writer, contributor)
    writer.goto("/admin/news/article/add/")
    field(writer, "Title").fill("Inside the dubbing studio")
    write_body(writer, "The English cast recorded in Los Angeles.")
    save(writer, "Save and submit for review")
    article = Article.objects.get(title="Inside the dubbing studio")

    desk = new_page()
    sign_in(desk, editor)
    desk.goto("/admin/")
    queue = desk.get_by_role("region", name=re.compile(r"^Submitted for review"))
    expect(queue).to_contain_text("Inside the dubbing studio")
    expect(queue).to_contain_text("by carl")
    queue.get_by_role("link", name="Inside the dubbing studio").click()
    desk.get_by_label("Comment for the writer").fill("Which studio? Name it, please.")
    save(desk, "Send back for changes")

    writer.goto(f"/admin/news/article/{article.pk}/change/")
    expect(writer.get_by_role("status").filter(has_text="Which studio? Name it, please.")).to_be_visible()
    body_editor(writer).click()
    writer.keyboard.press("End")
    writer.keyboard.type(" They worked at Studio One.")
    save(writer, "Save and submit for review")

    desk.goto("/admin/")
    queue.get_by_role("link", name="Inside the dubbing studio").click()
    save(desk, "Save and publish now")
    visitor = new_page()
    visitor.goto(article.get_absolute_url())
    expect(visitor.get_by_role("main")).to_contain_text("They worked at Studio One.")
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
        expect(button(page, "Save")).to_be_visible()  # the whole form is there
        assert layout(page, "() => document.documentElement.scrollWidth") <= 1440, url  # no sideways scrolling

    page.goto(f"/admin/catalog/film/{film.pk}/change/")
    parts = page.get_by_role("navigation", name="Parts of this form")
    expect(parts.get_by_role("link").first).to_have_text("Details")
    expect(parts.get_by_role("link").last).to_have_text("Save")
    parts.get_by_role("link", name="Credits", exact=True).click()
    expect(page).to_have_url(re.compile(r"#credits-group$"))
    credits = page.get_by_role("group", name="Credits", exact=True)
    expect(credits).to_be_in_viewport()
    assert layout(credits, "(group) => group.getBoundingClientRect().top") < 200  # at the top, under the parts


def test_publishing_unreviewed_imports_from_the_list_asks_first(new_page, editor):
    flagged = f.draft(f.article, title="Imported and flagged", needs_review=True, review_reason="date missing")
    checked = f.draft(f.article, title="Imported and checked")
    page = new_page()
    sign_in(page, editor)
    page.goto("/admin/news/article/?state=draft")
    rows = page.get_by_role("main").get_by_role("row")
    expect(rows.filter(has_text=flagged.title).get_by_role("cell", name="Needs review", exact=True)).to_be_visible()
    expect(rows.filter(has_text=checked.title).get_by_role("cell", name="Needs review", exact=True)).to_have_count(0)
    for article in (flagged, checked):
        rows.filter(has_text=article.title).get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action:", exact=True).select_option("publish_now")
    with page.expect_navigation():
        button(page, "Go").click()
    expect(page.get_by_role("main")).to_contain_text("1 of the 2 chosen still needs review")
    expect(page.get_by_role("main")).to_contain_text("date missing")
    assert not Article.objects.published().exists()
    save(page, "Publish all 2 now")
    assert set(Article.objects.published().values_list("title", flat=True)) == {flagged.title, checked.title}
