"""The review round trip in a real browser, in English and in Korean: a contributor writes an article
with a heading and a list and watches it in the live preview (in both languages), submits it; an
editor sends it back with a comment; the contributor reads it on the dashboard and resubmits; the
editor publishes it. Every step's e-mail is read, in its reader's language."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from editorial.models import ReviewRequest
from news.models import Article
from tests.factories import PASSWORD

from .conftest import TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Notes from the dubbing studio"
COMMENT = "Name the studio where it was recorded."

# What each step is called on screen, and in the mails, in the language the people work in.
WORDS = {
    "en": {
        "username": "Username:",
        "password": "Password:",
        "log_in": "Log in",
        "title": "Title:",
        "comment": "Comment for the writer (needed to send it back)",
        "refresh": "Refresh preview",
        "preview": "Preview of the public page",
        "sent_back": "Sent back to you",
        "submit": "Save and submit for review",
        "send_back": "Send back for changes",
        "publish": "Save and publish now",
        "mail_submitted": f"Submitted for review: “{TITLE}”",
        "mail_sent_back": f"Sent back for changes: “{TITLE}”",
        "mail_published": f"Published: “{TITLE}”",
        "other": ("ko", "한국어"),
    },
    "ko": {
        "username": "사용자 이름:",
        "password": "비밀번호:",
        "log_in": "로그인",
        "title": "제목:",
        "comment": "작성자에게 남길 의견 (돌려보낼 때 필요)",
        "refresh": "미리보기 새로 고침",
        "preview": "공개 페이지 미리보기",
        "sent_back": "돌려받은 초안",
        "submit": "저장하고 검토 요청",
        "send_back": "수정 요청으로 돌려보내기",
        "publish": "저장하고 지금 공개",
        "mail_submitted": f"검토 요청: “{TITLE}”",
        "mail_sent_back": f"수정 요청으로 돌려보냄: “{TITLE}”",
        "mail_published": f"게시됨: “{TITLE}”",
        "other": ("en", "English"),
    },
}


@pytest.fixture(autouse=True)
def _mail_at_once(settings):
    """The live server's mails are sent as each step commits, not left in the worker's queue."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "cards"]}
    }


@pytest.fixture
def people(editor, contributor):
    for user, address in ((editor, "edna@example.com"), (contributor, "carl@example.com")):
        user.email = address
        user.save(update_fields=["email"])
    return editor, contributor


def signed_in(browser, live_server, user, language):
    """A browser of one's own, signed in to the admin in `language` (the site's language cookie)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1440, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    words = WORDS[language]
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label(words["username"], exact=True).fill(user.username)
    page.get_by_label(words["password"], exact=True).fill(PASSWORD)
    page.get_by_role("button", name=words["log_in"]).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def press(page, name):
    """Press a button that saves, and wait for the page it leads to, saying what went wrong if the form came back."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()
    # The admin's messages tell a success from an error by their class alone: they have no role or name.
    success = page.locator(".messagelist .success, .messagelist .info")
    problems = page.locator(".errornote, .errorlist")
    expect(success.or_(problems).first).to_be_visible()
    expect(success.first, f"the form came back: {problems.all_inner_texts()}").to_be_visible()


def write(page, text):
    """Type at the end of the body's rich-text editor, as a person does."""
    # The editor's box has no accessible name (it does not take the field's label): the field's row is its handle.
    field = page.locator(".field-body")
    # Until the editor has started, the textbox there is the textarea it then hides: wait for its toolbar first.
    expect(field.get_by_role("button", name="undo")).to_be_visible()
    box = field.get_by_role("textbox").filter(visible=True)
    box.click()
    # Keys sent before the editor has taken the focus land where the click put the caret, not at the end.
    expect(box).to_be_focused()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def last_mail(count):
    assert len(mail.outbox) == count, [message.subject for message in mail.outbox]
    return mail.outbox[-1]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_write_preview_submit_send_back_resubmit_publish(browser, live_server, people, language):
    editor, contributor = people
    words = WORDS[language]
    desk = signed_in(browser, live_server, editor, language)  # the editor's language is known from here on
    writer = signed_in(browser, live_server, contributor, language)
    problems = []  # script errors and CSP refusals on the writer's pages (a missing favicon is none)
    writer.on(
        "console",
        lambda message: (
            message.type == "error" and "Failed to load resource" not in message.text and problems.append(message.text)
        ),
    )
    try:
        # Written with a heading and a list (the editor's Markdown-like shortcuts), and seen live.
        writer.goto("/admin/news/article/add/")
        writer.get_by_label(words["title"], exact=True).fill(TITLE)
        write(writer, "## At the studio\nMorning takes were quiet.\n- Morning takes\nEvening mix")
        writer.get_by_role("button", name=words["refresh"]).click()
        preview = writer.get_by_title(words["preview"]).content_frame
        article = preview.get_by_role("article")
        expect(article.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(article.get_by_role("heading", level=2)).to_have_text("At the studio")
        expect(article.get_by_role("listitem")).to_have_text(["Morning takes", "Evening mix"])
        # The same page in the other language: the page's own words change, the article's do not.
        other, name = words["other"]
        writer.get_by_role("radio", name=name).check()
        expect(preview.locator("html")).to_have_attribute("lang", other)  # the document's language has no role
        expect(preview.get_by_role("article").get_by_role("heading", level=2)).to_have_text("At the studio")
        assert not Article.objects.exists()  # previewing saved nothing
        assert not problems, problems  # the preview keeps to the CSP: no refusal, no script error

        press(writer, words["submit"])
        draft = Article.objects.get(title=TITLE)
        assert ReviewRequest.objects.for_object(draft).get().state == "waiting"
        submitted = last_mail(1)
        assert submitted.to == ["edna@example.com"] and submitted.subject == words["mail_submitted"]

        # Sent back with a comment, which the writer reads in the mail and on the dashboard.
        desk.goto(f"/admin/news/article/{draft.pk}/change/")
        desk.get_by_label(words["comment"]).fill(COMMENT)
        press(desk, words["send_back"])
        back = last_mail(2)
        assert back.to == ["carl@example.com"] and back.subject == words["mail_sent_back"] and COMMENT in back.body
        writer.goto("/admin/")
        returned = writer.get_by_role("region", name=re.compile(words["sent_back"]))
        expect(returned).to_contain_text(COMMENT)
        returned.get_by_role("link", name=TITLE).click()

        # Changed and resubmitted: it leaves the writer's dashboard and waits for the editors again.
        write(writer, "\n\nRecorded at Studio Lumen.")  # out of the list, into a paragraph
        press(writer, words["submit"])
        assert last_mail(3).subject == words["mail_submitted"]
        writer.goto("/admin/")
        expect(writer.get_by_role("region", name=re.compile(words["sent_back"]))).to_have_count(0)

        # Published: the writer hears of it, and visitors see it.
        desk.goto(f"/admin/news/article/{draft.pk}/change/")
        press(desk, words["publish"])
        published = last_mail(4)
        assert published.to == ["carl@example.com"] and published.subject == words["mail_published"]
        draft.refresh_from_db()
        assert draft.is_public and "Studio Lumen" in draft.body
        visitor = desk.context.new_page()
        visitor.goto(draft.get_absolute_url())
        expect(visitor.get_by_role("article").get_by_role("heading", level=2)).to_have_text("At the studio")
    finally:
        desk.context.close()
        writer.context.close()
