"""export_content and import_content: a round trip gives back every row and every picture, byte for byte."""

import hashlib
import json
import shutil
import zipfile
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from backups.archive import backed_up_models, sign
from catalog.models import Image
from editorial import old_paths
from news.importer.reports import ImportOptions
from news.importer.saving import import_data
from news.models import Article
from search.models import SearchEntry
from tests.backups.archives import pack
from tests.catalog.test_images import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def snapshot() -> list[str]:
    """Every backed-up row, one JSON line each (so a failure names the row that differs)."""
    rows = []
    for model in backed_up_models():
        rows += serializers.serialize("python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True)
    return [json.dumps(row, default=str, sort_keys=True) for row in rows]


def files(root) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def wipe(root) -> None:
    for model in reversed(backed_up_models()):
        model._default_manager.all().delete()
    shutil.rmtree(root)


def command(name: str, *args) -> str:
    out = StringIO()
    call_command(name, *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def content(media):
    call_command("load_demo", stdout=StringIO())
    editor = User.objects.create_user("alice", email="alice@example.com", password="pw-never-exported", is_staff=True)
    for n in range(3):
        body = {"title": f"Imported story {n}", "body": f"<p>Kim Tae-ri on the film, part {n}.</p>", "topics": ["Cast"]}
        import_data(name=f"story-{n}.json", data=json.dumps(body).encode(), options=ImportOptions(publish=True))
    article = Article.objects.get(title="Imported story 0")
    article.title = "Edited by Alice"
    article._history_user = editor
    article.save()
    old_paths.remember(Article, [(article.pk, "/2025/06/imported-story/"), (article.pk, "/?p=7")])
    assert Image.objects.exists() and article.history.filter(history_user=editor).exists()


def test_a_round_trip_gives_back_every_row_and_every_file(content, media, tmp_path):
    before, pictures = snapshot(), files(media)
    archive = tmp_path / "site.zip"
    assert "rows of" in command("export_content", archive)

    wipe(media)
    User.objects.all().delete()
    assert not Article.objects.exists() and not media.exists()

    out, err = StringIO(), StringIO()
    call_command("import_content", str(archive), stdout=out, stderr=err)
    assert "1 accounts created" in out.getvalue() and not err.getvalue()  # nothing needed cleaning
    assert snapshot() == before
    assert files(media) == pictures and len(pictures) >= 9
    alice = User.objects.get(username="alice")
    assert alice.email == "alice@example.com" and not alice.has_usable_password()
    edited = Article.objects.get(title="Edited by Alice")
    assert SearchEntry.objects.filter(object_id=edited.pk, names__contains="alice").exists()  # index rebuilt
    assert Article.history.filter(history_user=alice).exists()


def test_no_password_leaves_the_site(content, tmp_path):
    archive = tmp_path / "site.zip"
    command("export_content", archive)
    with zipfile.ZipFile(archive) as packed:
        assert not [name for name in packed.namelist() if "session" in name or "search" in name]
        everything = b"".join(packed.read(name) for name in packed.namelist() if not name.startswith("media/"))
    assert b"pbkdf2" not in everything and b"password" not in everything


def test_the_manifest_lists_every_member_and_is_signed(content, tmp_path):
    archive = tmp_path / "site.zip"
    command("export_content", archive)
    with zipfile.ZipFile(archive) as packed:
        written = packed.read("manifest.json")
        listed = json.loads(written)["members"]
        assert set(listed) == set(packed.namelist()) - {"manifest.json", "signature"}
        for name, entry in listed.items():
            data = packed.read(name)
            assert entry == {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        assert packed.read("signature").decode() == sign(written)
    assert sign(written) != sign(written, "another site's key")


def test_an_account_that_exists_is_left_alone(content, media, tmp_path):
    archive = tmp_path / "site.zip"
    command("export_content", archive)
    wipe(media)
    User.objects.filter(username="alice").update(email="alice@new.example", first_name="Alice")
    command("import_content", archive)
    alice = User.objects.get(username="alice")
    assert (alice.email, alice.first_name) == ("alice@new.example", "Alice") and alice.check_password(
        "pw-never-exported"
    )


def test_a_database_with_content_is_refused_unless_told(content, tmp_path):
    archive = tmp_path / "site.zip"
    command("export_content", archive)
    before = snapshot()
    with pytest.raises(CommandError, match="already holds content .*--allow-non-empty"):
        command("import_content", archive)
    assert snapshot() == before
    command("import_content", archive, "--allow-non-empty")
    assert snapshot() == before  # the same rows, replaced by themselves


def test_a_file_already_in_the_media_folder_is_never_overwritten(content, media, tmp_path):
    archive = tmp_path / "site.zip"
    command("export_content", archive)
    name = Image.objects.first().file.name
    wipe(media)
    (media / name).parent.mkdir(parents=True)
    (media / name).write_bytes(b"someone's own file")
    err = StringIO()
    call_command("import_content", str(archive), stdout=StringIO(), stderr=err)
    assert (media / name).read_bytes() == b"someone's own file"
    assert f"kept the file already at {name}" in err.getvalue()


def test_an_existing_archive_is_never_overwritten(content, tmp_path):
    archive = tmp_path / "site.zip"
    archive.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError, match="already exists"):
        command("export_content", archive)
    assert archive.read_bytes() == b"yesterday's backup"
    assert not (tmp_path / "site.zip.partial").exists()


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        (None, "not a readable zip archive"),
        ({"hello.txt": "hi"}, "no readable manifest.json"),
        ({"manifest.json": '{"format": "other"}'}, "names another format"),
        ({"manifest.json": '{"format": "starlight-content", "version": 99}'}, "version 99"),
        ({"manifest.json": '{"format": "starlight-content", "version": 1}'}, "not signed"),
        ("signed", "outside the media folder"),
    ],
)
def test_a_bad_archive_is_refused_with_a_reason_and_changes_nothing(media, tmp_path, members, reason):
    archive = tmp_path / "bad.zip"
    if members is None:
        archive.write_bytes(b"not a zip at all")
    elif members == "signed":
        pack(archive, {"accounts.jsonl": "", "media/../../evil.txt": "x"})
    else:
        with zipfile.ZipFile(archive, "w") as packed:
            for name, text in members.items():
                packed.writestr(name, text)
    with pytest.raises(CommandError, match=reason):
        command("import_content", archive)
    assert not Article.objects.exists()
    assert not (tmp_path / "evil.txt").exists()


def test_a_missing_archive_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        command("import_content", tmp_path / "nope.zip")


def test_a_picture_row_naming_a_file_outside_the_media_folder_is_reported_not_a_crash(media, tmp_path):
    picture = Image(alt_text="A face")
    picture.file.save("face.png", ContentFile(image_bytes("PNG", (64, 48))))
    Image.objects.filter(pk=picture.pk).update(file="/etc/passwd")  # as an unchecked restore could leave it
    err = StringIO()
    call_command("export_content", str(tmp_path / "site.zip"), stdout=StringIO(), stderr=err)
    assert "names a file outside the media folder, not in the archive: /etc/passwd" in err.getvalue()
    with zipfile.ZipFile(tmp_path / "site.zip") as packed:
        assert not [name for name in packed.namelist() if "passwd" in name]
