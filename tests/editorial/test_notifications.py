"""The workflow's e-mails: editors hear of a submitted draft, its writer of a send-back (with the
comment), a schedule or a publication; each in the recipient's language, only once the step commits,
and through the task queue."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial import notifications, workflow
from editorial.models import WorkingLanguage
from editorial.roles import EDITORS
from news.models import Article
from tests import factories as f
from tests.editorial.forms import change_form_data

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "cards"]}}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = IMMEDIATE
    settings.SITE_URL = "https://starlight.example"


@pytest.fixture
def people(editor, contributor):
    for user, address in ((editor, "edna@example.com"), (contributor, "carl@example.com")):
        user.email = address
        user.save(update_fields=["email"])
    return editor, contributor


@pytest.fixture
def draft(people):
    _editor, contributor = people
    return f.draft(f.article, title="Dubbing notes", created_by=contributor)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def press(client, article, button, **changes):
    url = reverse("admin:news_article_change", args=[article.pk])
    response = client.post(url, change_form_data(client.get(url), **{button: "1"}, **changes))
    assert response.status_code == 302
    return response


def test_a_submitted_draft_is_mailed_to_the_editors_once_it_is_saved(draft, people, django_capture_on_commit_callbacks):
    editor, contributor = people
    f.staff_user("quiet", group=EDITORS)  # no address: no mail
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        press(signed_in(contributor), draft, "_submit_for_review")
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["edna@example.com"]
    assert message.subject == "Submitted for review: “Dubbing notes”"
    assert "carl submitted “Dubbing notes” for review." in message.body
    assert f"https://starlight.example/admin/news/article/{draft.pk}/change/" in message.body


def test_a_send_back_mails_the_writer_the_comment(draft, people, django_capture_on_commit_callbacks):
    editor, contributor = people
    workflow.submit(draft, user=contributor)
    with django_capture_on_commit_callbacks(execute=True):
        press(signed_in(editor), draft, "_send_back", review_comment="Name the studio.")
    [message] = mail.outbox
    assert message.to == ["carl@example.com"] and message.subject == "Sent back for changes: “Dubbing notes”"
    assert "edna sent “Dubbing notes” back for changes:\n\nName the studio." in message.body


def test_publishing_and_scheduling_mail_the_writer(draft, people, django_capture_on_commit_callbacks):
    editor, _contributor = people
    client = signed_in(editor)
    later = timezone.now() + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        press(client, draft, "_schedule", publish_at_0=later.date().isoformat(), publish_at_1="10:00:00")
    with django_capture_on_commit_callbacks(execute=True):
        press(client, draft, "_publish_now")
    with django_capture_on_commit_callbacks(execute=True):
        press(client, draft, "_publish_now", title="Dubbing notes, again")  # live already: no news
    scheduled, published = mail.outbox
    assert scheduled.subject == "Scheduled: “Dubbing notes”" and "appears on the site by itself on" in scheduled.body
    assert published.subject == "Published: “Dubbing notes”" and published.to == ["carl@example.com"]
    assert "https://starlight.example/news/article-" in published.body


def test_nobody_is_mailed_about_their_own_step_or_an_import(people, django_capture_on_commit_callbacks):
    editor, _contributor = people
    own = f.draft(f.article, created_by=editor)
    imported = f.draft(f.article)
    with django_capture_on_commit_callbacks(execute=True):
        press(signed_in(editor), own, "_publish_now")
        press(signed_in(editor), imported, "_publish_now")
    assert mail.outbox == []


def test_mail_is_written_in_the_language_its_reader_works_in(draft, people, django_capture_on_commit_callbacks):
    editor, contributor = people
    WorkingLanguage.remember(contributor, "ko")
    workflow.submit(draft, user=contributor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back(draft, user=editor, comment="스튜디오 이름을 넣어 주세요.")
        workflow.approve(draft, user=editor)
    back, published = mail.outbox
    assert back.subject == "수정 요청으로 돌려보냄: “Dubbing notes”" and "스튜디오 이름을 넣어 주세요." in back.body
    assert published.subject == "게시됨: “Dubbing notes”"


def test_signing_in_remembers_the_language(people):
    editor, _contributor = people
    client = Client()
    response = client.post("/admin/login/", {"username": "edna", "password": f.PASSWORD}, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 302
    assert WorkingLanguage.objects.get(user=editor).language == "ko"


def test_an_entry_deleted_before_its_mail_is_not_mailed_about(draft, people):
    _editor, contributor = people
    pk = draft.pk
    Article.objects.filter(pk=pk).delete()
    sent = notifications.send_step_mail.call(
        step="submitted", model="news.Article", pk=pk, recipients=[contributor.pk], actor="carl", comment=""
    )
    assert sent == 0 and mail.outbox == []


def test_mails_go_through_the_task_queue(draft, people, settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "cards"]}}
    _editor, contributor = people
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(draft, user=contributor)
    assert mail.outbox == []
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "editorial.notifications.send_step_mail"
