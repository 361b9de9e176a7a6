"""No save silently undoes another's: two editors, an editor and an import, an editor and a bulk
action, a restore. The second save comes back with what changed since, and nothing of either is lost."""

import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from catalog.models import Credit
from editorial.publishing import Status
from editorial.revisions import TAKE_THEIRS, EditConflict
from news.importer.reports import ImportOptions, Outcome
from news.importer.saving import import_data
from news.models import Article
from tests import factories as f
from tests.editorial.forms import change_form_data

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "midnightblue").save(buffer, "PNG")
    return buffer.getvalue()


def story(text: str) -> bytes:
    """A file the importer knows again by its address, whatever its text says."""
    return f"---\ntitle: A dated story\ndate: 2025-05-30\nurl: https://example.com/story\n---\n{text}\n".encode()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editors():
    return signed_in(f.staff_user("ana", group="Editors")), signed_in(f.staff_user("ben", group="Editors"))


def url_of(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def opened(client, obj) -> dict:
    """The form's data as the editor's browser holds it when the page has loaded."""
    return change_form_data(client.get(url_of(obj)))


def conflict_rows(response) -> dict[str, dict]:
    """The conflict panel's rows by field label: the values shown and the checkbox."""
    panel = BeautifulSoup(response.content, "html.parser").find("section", class_="edit-conflict")
    if panel is None:
        return {}
    rows = {}
    for row in panel.find("tbody").find_all("tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        box = row.find("input", attrs={"name": TAKE_THEIRS})
        rows[row.th.get_text(strip=True)] = {
            "then": cells[0],
            "theirs": cells[1],
            "yours": cells[2],
            "take": box["value"],
            "ticked": box.has_attr("checked"),
        }
    return rows


def again(response) -> dict:
    """What saving the returned page again sends: its form as shown, with the ticked boxes."""
    data = change_form_data(response)
    data[TAKE_THEIRS] = [row["take"] for row in conflict_rows(response).values() if row["ticked"]]
    return data


def test_the_second_of_two_editors_sees_what_changed_and_saving_again_keeps_both(editors):
    ana, ben = editors
    article = f.article(title="First title", summary="First summary")
    ana_form, ben_form = opened(ana, article), opened(ben, article)
    assert ben.post(url_of(article), {**ben_form, "title": "Ben's title"}).status_code == 302

    response = ana.post(url_of(article), {**ana_form, "summary": "Ana's summary"})

    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Ben's title", "First summary")  # nothing of Ana's saved yet
    rows = conflict_rows(response)
    assert set(rows) == {"Title"}
    assert rows["Title"] | {"take": ""} == {
        "then": "First title",
        "theirs": "Ben's title",
        "yours": "First title",
        "take": "",
        "ticked": True,  # Ana left the title alone: taking Ben's is the default
    }
    page = response.content.decode()
    assert "was saved by someone else since you opened it" in page and "Last saved by ben" in page
    assert 'value="Ana\'s summary"' in page or "Ana&#x27;s summary" in page  # her text is still in the form

    assert ana.post(url_of(article), again(response)).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Ben's title", "Ana's summary")


def test_when_both_changed_a_field_the_editor_chooses_and_nothing_is_taken_unasked(editors):
    ana, ben = editors
    article = f.article(title="First title")
    ana_form, ben_form = opened(ana, article), opened(ben, article)
    ben.post(url_of(article), {**ben_form, "title": "Ben's title"})

    response = ana.post(url_of(article), {**ana_form, "title": "Ana's title"})

    rows = conflict_rows(response)
    assert rows["Title"]["theirs"] == "Ben's title" and rows["Title"]["yours"] == "Ana's title"
    assert not rows["Title"]["ticked"]
    taking = {**again(response), TAKE_THEIRS: [rows["Title"]["take"]]}
    assert ana.post(url_of(article), taking).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Ben's title"


def test_keeping_yours_after_seeing_theirs_is_saved(editors):
    ana, ben = editors
    article = f.article(title="First title")
    ana_form, ben_form = opened(ana, article), opened(ben, article)
    ben.post(url_of(article), {**ben_form, "title": "Ben's title"})
    response = ana.post(url_of(article), {**ana_form, "title": "Ana's title"})

    assert ana.post(url_of(article), again(response)).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Ana's title"


def test_a_third_save_while_the_editor_decides_is_shown_too(editors):
    ana, ben = editors
    article = f.article(title="First title", author="First author")
    ana_form, ben_form = opened(ana, article), opened(ben, article)
    ben.post(url_of(article), {**ben_form, "title": "Ben's title"})
    response = ana.post(url_of(article), {**ana_form, "summary": "Ana's summary"})
    ben.post(url_of(article), {**opened(ben, article), "author": "Ben as author"})

    second = ana.post(url_of(article), again(response))

    assert second.status_code == 200 and "Author" in conflict_rows(second)
    assert ana.post(url_of(article), again(second)).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.author, article.summary) == ("Ben's title", "Ben as author", "Ana's summary")


def test_an_import_between_opening_and_saving_is_not_undone(editor_client):
    report = import_data(name="a.md", data=story("The first text of the story."), options=ImportOptions())
    article = Article.objects.get(slug=report.articles[0].slug)
    form = opened(editor_client, article)
    changed = story("The story's text as its source corrected it.")
    assert import_data(name="a.md", data=changed, options=ImportOptions(overwrite=True)).outcome == Outcome.UPDATED

    response = editor_client.post(url_of(article), {**form, "summary": "An editor's summary"})

    assert response.status_code == 200 and "Body" in conflict_rows(response)
    assert "corrected" in Article.objects.get(pk=article.pk).body


def test_a_bulk_publish_between_opening_and_saving_is_not_undone(editor_client, editor):
    article = f.draft(f.article, title="Waiting")
    form = opened(editor_client, article)
    changelist = reverse("admin:news_article_changelist")
    editor_client.post(changelist, {"action": "publish_now", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED

    response = editor_client.post(url_of(article), {**form, "title": "Waiting no more"})

    assert response.status_code == 200 and "Status" in conflict_rows(response)
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


def test_an_inline_row_changed_from_another_page_is_shown_with_its_row(editors):
    ana, ben = editors
    film, person = f.film(), f.person(name="Kim Tae-ri")
    credit = f.voice(person, f.character(film, name="Nan-young"), note="first note")
    person_form = opened(ana, person)
    film_form = opened(ben, film)
    assert film_form["credits-0-id"] == str(credit.pk)
    assert ben.post(url_of(film), {**film_form, "credits-0-note": "Ben's note"}).status_code == 302

    response = ana.post(url_of(person), {**person_form, "bio": "<p>Ana's bio</p>"})

    assert response.status_code == 200
    rows = conflict_rows(response)
    assert rows["Note"]["theirs"] == "Ben's note" and rows["Note"]["ticked"]
    assert ana.post(url_of(person), again(response)).status_code == 302
    credit.refresh_from_db()
    person.refresh_from_db()
    assert credit.note == "Ben's note" and "Ana's bio" in person.bio


def test_a_save_that_changed_nothing_in_the_form_goes_through(editor_client):
    article = f.article(title="First title")
    form = opened(editor_client, article)
    article.imported_values = {"title": "First title"}
    article.save(update_fields=["imported_values"])  # moves the revision; nothing the form shows

    assert editor_client.post(url_of(article), {**form, "title": "New title"}).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "New title"


def test_a_restore_opened_before_someone_saved_shows_what_it_would_undo(editors):
    ana, ben = editors
    article = f.article(title="First title")
    article.title = "Second title"
    article.save()
    first = article.history.order_by("history_id").first()
    restore_url = reverse("admin:news_article_simple_history", args=[article.pk, first.history_id])
    restore_form = change_form_data(ana.get(restore_url))
    ben.post(url_of(article), {**opened(ben, article), "summary": "Ben's summary"})

    response = ana.post(restore_url, restore_form)

    assert response.status_code == 200 and "Summary" in conflict_rows(response)
    assert Article.objects.get(pk=article.pk).summary == "Ben's summary"


def test_a_stale_copy_of_a_row_cannot_be_saved_by_anything():
    article = f.article(title="First title")
    stale = Article.objects.get(pk=article.pk)
    article.title = "Saved first"
    article.save()

    stale.summary = "From a script that read the row earlier"
    with pytest.raises(EditConflict):
        stale.save()
    with pytest.raises(EditConflict):
        stale.save(update_fields=["summary"])
    assert Article.objects.get(pk=article.pk).title == "Saved first"


def test_every_save_moves_the_revision_once():
    article = f.article()
    first = article.revision
    article.save()
    article.save(update_fields=["title"])
    assert Article.objects.get(pk=article.pk).revision == article.revision == first + 2


def test_an_import_of_a_row_saved_meanwhile_fails_with_a_reason_and_writes_nothing(monkeypatch):
    report = import_data(name="a.md", data=story("The first text."), options=ImportOptions())
    article = Article.objects.get(slug=report.articles[0].slug)
    real_save = Article.save

    def someone_saves_first(self, *args, **kwargs):
        Article.objects.filter(pk=self.pk).update(revision=self.revision + 1)  # an editor, a moment before
        monkeypatch.setattr(Article, "save", real_save)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Article, "save", someone_saves_first)
    changed = import_data(name="a.md", data=story("The changed text."), options=ImportOptions())

    assert changed.outcome == Outcome.FAILED
    assert "saved by someone else" in changed.reason
    assert "first text" in Article.objects.get(pk=article.pk).body


def test_a_form_that_says_no_revision_is_not_taken_as_the_latest(editors):
    """An old tab, a script: a form without its revision (or an empty or forged one) shows what differs."""
    ana, ben = editors
    article = f.article(title="First title")
    ana_form, ben_form = opened(ana, article), opened(ben, article)
    ben.post(url_of(article), {**ben_form, "title": "Ben's title"})

    for revision in (None, "", "forged"):
        data = {key: value for key, value in ana_form.items() if key != "revision"}
        if revision is not None:
            data["revision"] = revision
        response = ana.post(url_of(article), {**data, "summary": "Ana's summary"})
        assert response.status_code == 200 and "Title" in conflict_rows(response)
        assert not conflict_rows(response)["Title"]["ticked"]  # unknown who changed it: the editor decides
    assert Article.objects.get(pk=article.pk).title == "Ben's title"


def test_a_picture_without_history_still_knows_who_changed_what(editors):
    ana, ben = editors
    picture = f.image(png(), "poster.png", "The first alt text")
    ana_form, ben_form = opened(ana, picture), opened(ben, picture)
    ben.post(url_of(picture), {**ben_form, "alt_text": "Ben's alt text"})

    response = ana.post(url_of(picture), {**ana_form, "credit": "Ana's credit"})

    row = conflict_rows(response)["Alt text"]
    assert row["theirs"] == "Ben's alt text" and row["ticked"] and row["then"] == "not recorded"
    assert ana.post(url_of(picture), again(response)).status_code == 302
    picture.refresh_from_db()
    assert (picture.alt_text, picture.credit) == ("Ben's alt text", "Ana's credit")


def test_deleting_a_row_someone_changed_since_asks_first(editors):
    ana, ben = editors
    film, person = f.film(), f.person(name="Kim Tae-ri")
    credit = f.voice(person, f.character(film, name="Nan-young"), note="first note")
    person_form = opened(ana, person)
    ben.post(url_of(film), {**opened(ben, film), "credits-0-note": "Ben's note"})

    response = ana.post(url_of(person), {**person_form, "credits-0-DELETE": "on"})

    assert response.status_code == 200 and "Note" in conflict_rows(response)
    assert Credit.objects.filter(pk=credit.pk).exists()
    data = {**change_form_data(response), "credits-0-DELETE": "on"}
    assert ana.post(url_of(person), data).status_code == 302  # deleted, having seen the change
    assert not Credit.objects.filter(pk=credit.pk).exists()


def test_filing_under_a_suggested_topic_is_not_undone_by_an_open_form(editor_client):
    article = f.article(title="A story")
    topic = f.topic("Interviews")
    form = opened(editor_client, article)
    editor_client.post(reverse("admin:news_article_suggested_topic", args=[article.pk, topic.pk]), {"accept": "1"})

    response = editor_client.post(url_of(article), {**form, "title": "A story, retitled"})

    assert response.status_code == 200 and "Topics" in conflict_rows(response)
    assert list(Article.objects.get(pk=article.pk).topics.all()) == [topic]


def test_a_bulk_publish_goes_on_top_of_a_save_made_while_the_list_was_open(editor_client, monkeypatch):
    from editorial.publishing_admin import PublishingAdmin

    article = f.draft(f.article, title="Waiting")
    real_bulk_update = PublishingAdmin._bulk_update

    def someone_saves_first(self, request, objs, fields, reason):  # the rows are read; then another save lands
        Article.objects.filter(pk=article.pk).update(title="Retitled meanwhile", revision=article.revision + 1)
        return real_bulk_update(self, request, objs, fields, reason)

    monkeypatch.setattr(PublishingAdmin, "_bulk_update", someone_saves_first)
    changelist = reverse("admin:news_article_changelist")
    response = editor_client.post(changelist, {"action": "publish_now", "_selected_action": [article.pk]})

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert (article.status, article.title) == (Status.PUBLISHED, "Retitled meanwhile")
