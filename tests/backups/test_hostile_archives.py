"""A restore trusts nothing in the archive. Each hostile archive here is refused whole, with a reason that
names what is wrong, and leaves every table and the media folder as they were; the archives are signed
with this site's key (so the content itself is what is refused) unless a test is about the signature."""

import json
import re
import shutil
import warnings
import zipfile
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from backups.archive import SIGNATURE, BackupError, backed_up_models, import_content
from catalog.models import Image, Person
from common.sanitize import html_to_text, text_fingerprint
from news.models import Article
from tests import factories as f
from tests.backups.archives import member_for, members_of, pack, rows_of, understate_size, with_rows
from tests.catalog.test_images import image_bytes
from tests.zip_bombs import claiming

pytestmark = pytest.mark.django_db

PNG = image_bytes("PNG", (64, 48))
HOSTILE_HTML = '<p>Hello</p><script>alert(document.cookie)</script><meta http-equiv="refresh" content="0;url=https://evil.example/">'


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def genuine(media, tmp_path) -> dict[str, bytes]:
    """The members of a real export of a small site (a picture, a person, an article alice edited),
    after which the site's content and pictures are gone; alice's account stays (accounts are not content)."""
    alice = User.objects.create_user("alice", email="alice@example.com", password="alice-own-password")
    picture = f.image(PNG, "face.png", "A face")
    f.person(name="Kim Tae-ri", photo=picture, bio="<p>Actor.</p>")
    article = f.article(title="A story", hero_image=picture, topics=[f.topic("Cast")])
    article.title = "A story, edited"
    article._history_user = alice
    article.save()
    path = tmp_path / "genuine.zip"
    call_command("export_content", str(path), stdout=StringIO(), stderr=StringIO())
    for model in reversed(backed_up_models()):
        model._default_manager.all().delete()
    shutil.rmtree(media)
    return members_of(path)


def picture(members: dict) -> str:
    """The storage name of the site's one picture (under images/<year>/<month>/)."""
    return rows_of(members, "catalog.image")[0]["fields"]["file"]


def state(media) -> tuple:
    """Every table's row count, every account as stored, and every file in the media folder."""
    existing = set(connection.introspection.table_names())
    tables = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in existing]
    rows = {model._meta.label_lower: model._default_manager.count() for model in tables}
    accounts = list(
        User.objects.order_by("pk").values_list("username", "password", "is_staff", "is_superuser", "email")
    )
    files = (
        sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()) if media.exists() else []
    )
    return rows, accounts, files


def assert_refused(path, media, reason: str, **options) -> None:
    before = state(media)
    with pytest.raises(BackupError, match=reason) as refused:
        import_content(path, **options)
    assert "\n" not in str(refused.value)
    assert state(media) == before


def command(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_content", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_hand_made_archive_of_the_same_content_restores(genuine, media, tmp_path):
    """The baseline for every test below: the helper's archives are good unless a test spoils them."""
    out, err = command(pack(tmp_path / "site.zip", genuine))
    assert "0 accounts created" in out and not err  # alice's account exists; nothing needed cleaning
    assert Article.objects.get().title == "A story, edited" and Image.objects.get().file.name == picture(genuine)
    assert (media / picture(genuine)).read_bytes() == PNG


# Only the models a backup holds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "fields"),
    [
        ("auth.user", {"username": "mallory", "password": "md5$salt$0123", "is_superuser": True, "is_staff": True}),
        ("auth.group", {"name": "Contributors", "permissions": [["add_user", "auth", "user"]]}),
        ("auth.permission", {"name": "x", "content_type": ["auth", "user"], "codename": "x"}),
        ("django_tasks_database.dbtaskresult", {"task_path": "os.system", "args_kwargs": {"args": ["id"]}}),
        ("sessions.session", {"session_data": "x", "expire_date": "2030-01-01T00:00:00Z"}),
        ("admin.logentry", {"action_flag": 1, "object_repr": "x"}),
        ("contenttypes.contenttype", {"app_label": "auth", "model": "user"}),
    ],
)
def test_a_member_of_a_model_a_backup_never_holds_is_refused(genuine, media, tmp_path, label, fields):
    member = f"content/099-{label}.jsonl"
    row = json.dumps({"model": label, "pk": 1, "fields": fields}) + "\n"
    path = pack(tmp_path / "hostile.zip", {**genuine, member: row})
    assert_refused(path, media, rf"{re.escape(member)} holds {re.escape(label)} rows, which a backup never holds")
    assert_refused(path, media, "which a backup never holds", allow_foreign=True)


def test_a_row_of_another_model_inside_a_content_member_is_refused(genuine, media, tmp_path):
    superuser = {"model": "auth.user", "pk": 1, "fields": {"username": "mallory", "is_superuser": True}}
    path = pack(
        tmp_path / "hostile.zip", with_rows(genuine, "news.topic", [*rows_of(genuine, "news.topic"), superuser])
    )
    assert_refused(path, media, r"news\.topic\.jsonl, line 2: a 'auth\.user' row, where only news\.topic rows belong")


def test_a_member_a_backup_never_writes_is_refused(genuine, media, tmp_path):
    path = pack(tmp_path / "hostile.zip", {**genuine, "settings.py": "DEBUG = True"})
    assert_refused(path, media, "settings.py is not a member a backup writes")


# Accounts --------------------------------------------------------------------------------------


def test_accounts_never_bring_a_password_or_staff_rights_and_existing_ones_stay_as_they_are(genuine, media, tmp_path):
    alice_before = User.objects.filter(username="alice").values().get()
    accounts = [
        {"username": "alice", "email": "evil@example.com", "password": "md5$salt$0123", "is_superuser": True},
        {
            "username": "mallory",
            "email": "m@example.com",
            "password": "md5$salt$0123",
            "is_staff": True,
            "is_superuser": True,
        },
    ]
    hostile = {**genuine, "accounts.jsonl": "".join(json.dumps(account) + "\n" for account in accounts)}
    out, _err = command(pack(tmp_path / "hostile.zip", hostile))
    assert "1 accounts created" in out
    assert User.objects.filter(username="alice").values().get() == alice_before
    assert User.objects.get(username="alice").check_password("alice-own-password")
    mallory = User.objects.get(username="mallory")
    assert not (mallory.is_staff or mallory.is_superuser or mallory.has_usable_password())
    assert not mallory.groups.exists() and not mallory.user_permissions.exists()


@pytest.mark.parametrize(("key", "value"), [("groups", [1]), ("user_permissions", [1]), ("id", 1)])
def test_an_account_with_anything_else_is_refused(genuine, media, tmp_path, key, value):
    account = {"username": "mallory", "email": "m@example.com", key: value}
    hostile = {**genuine, "accounts.jsonl": genuine["accounts.jsonl"] + (json.dumps(account) + "\n").encode()}
    assert_refused(pack(tmp_path / "hostile.zip", hostile), media, rf"accounts\.jsonl, line 2: {key}: not something")


def test_history_names_accounts_by_username_never_by_id(genuine, media, tmp_path):
    rows = rows_of(genuine, "news.historicalarticle")
    rows[-1]["fields"]["history_user"] = 1
    path = pack(tmp_path / "hostile.zip", with_rows(genuine, "news.historicalarticle", rows))
    assert_refused(path, media, "history_user must name an account by its username")


# Rows are cleaned and validated as a save cleans and validates them -----------------------------


def test_markup_that_could_run_is_stored_sanitised(genuine, media, tmp_path):
    """Sanitised, not refused: every other way of saving sanitises, so a restore stores what a save would;
    refusing would also refuse a backup whose rows were stored before the allow-list last changed."""
    members = genuine
    for label, name in [("news.article", "body"), ("news.historicalarticle", "body"), ("catalog.person", "bio")]:
        rows = rows_of(members, label)
        for row in rows:
            row["fields"][name] = HOSTILE_HTML
        members = with_rows(members, label, rows)
    _out, err = command(pack(tmp_path / "hostile.zip", members))
    assert "rows were stored cleaned" in err
    article = Article.objects.get()
    assert article.body == "<p>Hello</p>" and Person.objects.get().bio == "<p>Hello</p>"
    assert article.fingerprint == text_fingerprint(html_to_text(article.body))
    for model in backed_up_models():
        for values in model._default_manager.values():
            assert "<script" not in str(values) and "http-equiv" not in str(values)


@pytest.mark.parametrize(
    ("label", "name", "value", "reason"),
    [
        ("news.article", "original_url", "javascript:alert(1)", "original_url: Only web addresses"),
        ("news.historicalarticle", "original_url", "javascript:alert(1)", "original_url: Only web addresses"),
        ("catalog.person", "slug", "not a slug!", "slug: Enter a valid “slug”"),
        ("news.article", "language", "xx", "language: Value 'xx' is not a valid choice"),
        ("news.article", "title", "", "title: This field cannot be blank"),
        ("news.article", "summary", "a\x00b", "a text holding a NUL character"),
        ("news.article", "hero_image", 2**70, "hero_image: Ensure this value is less than or equal to"),
        ("news.article", "topics", [1, 2**70], "topics: Ensure this value is less than or equal to"),
    ],
)
def test_a_row_a_save_would_refuse_is_refused(genuine, media, tmp_path, label, name, value, reason):
    rows = rows_of(genuine, label)
    rows[0]["fields"][name] = value
    path = pack(tmp_path / "hostile.zip", with_rows(genuine, label, rows))
    assert_refused(path, media, rf"{re.escape(label)}\.jsonl, line 1 .*{re.escape(reason)}")


def test_two_rows_with_one_id_are_refused(genuine, media, tmp_path):
    rows = rows_of(genuine, "news.topic")
    second = {**rows[0], "fields": {**rows[0]["fields"], "name": "Cast, again", "slug": "cast-again"}}
    path = pack(tmp_path / "hostile.zip", with_rows(genuine, "news.topic", [*rows, second]))
    assert_refused(path, media, r"news\.topic\.jsonl, line 2 \(news\.topic [0-9]+\): a second row with this id")


def test_one_model_in_two_members_is_refused(genuine, media, tmp_path):
    path = pack(
        tmp_path / "hostile.zip",
        {**genuine, "content/098-news.topic.jsonl": genuine[member_for(genuine, "news.topic")]},
    )
    assert_refused(path, media, "holds news.topic rows twice")


def test_a_member_written_twice_is_refused(genuine, media, tmp_path):
    path = pack(tmp_path / "hostile.zip", genuine)
    member = member_for(genuine, "news.topic")
    with zipfile.ZipFile(path, "a") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name it is asked to write
        archive.writestr(member, genuine[member])
    assert_refused(path, media, f"holds {member} twice")


def test_rows_that_do_not_fit_together_are_refused(genuine, media, tmp_path):
    rows = rows_of(genuine, "news.article")
    rows[0]["fields"]["hero_image"] = 999
    assert_refused(
        pack(tmp_path / "hostile.zip", with_rows(genuine, "news.article", rows)), media, "do not fit together"
    )


# Pictures --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("media/evil.html", b"<script>alert(document.cookie)</script>", "not a picture's name"),
        ("media/images/evil.js", b"alert(1)", "not a picture's name"),
        (
            "media/images/evil.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "not a picture's name",
        ),
        ("media/images/page.html", PNG, "not a picture's name"),  # a real picture, under a name served as a page
        ("media/images/evil.png", b"<html><script>alert(1)</script></html>", "not an image, or it is damaged"),
        ("media/images/evil.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "not an image"),
        ("media/images/photo.png", image_bytes("JPEG", (64, 48)), "a JPEG picture under a name for PNG pictures"),
        ("media/images/anim.gif", image_bytes("GIF", (64, 48)), "not a picture's name"),
        ("media/images/tiny.png", image_bytes("PNG", (8, 8)), "must be at least 16×16"),
    ],
)
def test_the_media_folder_takes_pictures_only(genuine, media, tmp_path, name, content, reason):
    path = pack(tmp_path / "hostile.zip", {**genuine, name: content})
    assert_refused(path, media, f"{re.escape(name)}.*{re.escape(reason)}")


def test_a_picture_over_the_size_limit_is_refused(genuine, media, tmp_path, settings):
    settings.IMAGE_MAX_BYTES = 2000
    big = image_bytes("PNG", (200, 200), noise=True)
    assert len(big) > 2000
    path = pack(tmp_path / "hostile.zip", {**genuine, "media/images/big.png": big})
    assert_refused(path, media, r"media/images/big\.png is [0-9,]+ bytes; a picture may be 2,000 at most")


def test_a_picture_whose_zip_header_understates_its_size_is_refused(genuine, media, tmp_path, settings):
    """The zip reader stops at the size the header gives, and the checksum then fails; the restore's own
    bound on what it reads (the size limit) is a second guard behind it."""
    settings.IMAGE_MAX_BYTES = 2000
    name = "media/images/big.png"
    path = pack(
        tmp_path / "hostile.zip", {**genuine, name: image_bytes("PNG", (200, 200), noise=True)}, sizes={name: 100}
    )
    understate_size(path, name, 100)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(name).file_size == 100
    assert_refused(path, media, r"media/images/big\.png cannot be read: the archive is damaged \(Bad CRC-32")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/passwd", "names '/etc/passwd', which is not a file in the media folder"),
        ("../../etc/passwd.png", "names '../../etc/passwd.png', which is not a file in the media folder"),
        ("images/./face.png", "names 'images/./face.png', which is not a file in the media folder"),
        ("images/face.html", "names images/face.html, which is not a picture"),
        ("images/elsewhere.png", "names images/elsewhere.png, which is neither in the archive nor in the media folder"),
    ],
)
def test_a_picture_row_names_only_pictures_in_the_media_folder(genuine, media, tmp_path, name, reason):
    rows = rows_of(genuine, "catalog.image")
    rows[0]["fields"]["file"] = name
    path = pack(tmp_path / "hostile.zip", with_rows(genuine, "catalog.image", rows))
    assert_refused(path, media, rf"catalog\.image [0-9]+\): file {re.escape(reason)}")
    rows = rows_of(genuine, "catalog.image")
    rows[0]["fields"]["renditions"][0]["name"] = name
    path = pack(tmp_path / "hostile.zip", with_rows(genuine, "catalog.image", rows))
    assert_refused(path, media, rf"catalog\.image [0-9]+\): a rendition {re.escape(reason)}")


def test_a_picture_missing_when_the_site_was_exported_is_not_needed(genuine, media, tmp_path):
    name = picture(genuine)
    members = {member: value for member, value in genuine.items() if member != f"media/{name}"}
    command(pack(tmp_path / "site.zip", members, missing=[name]))
    assert Image.objects.get().file.name == name and not (media / name).exists()
    with pytest.raises(CommandError, match=f"file names {name}, which is neither in the archive nor in the media"):
        command(pack(tmp_path / "site.zip", members), "--allow-non-empty")


def test_a_failure_while_writing_the_files_leaves_none_behind(genuine, media, tmp_path, monkeypatch):
    from django.core.files.storage import default_storage

    save, saved = default_storage.save, []

    def save_once(name, content, **options):
        if saved:
            raise OSError(28, "No space left on device")
        saved.append(save(name, content, **options))
        return saved[-1]

    monkeypatch.setattr(default_storage, "save", save_once)
    assert_refused(pack(tmp_path / "site.zip", genuine), media, "cannot write .* No space left on device")
    assert saved and not (media / saved[0]).exists()


# The signature ---------------------------------------------------------------------------------


def test_a_member_changed_after_signing_is_refused_even_from_elsewhere(genuine, media, tmp_path):
    signed = pack(tmp_path / "site.zip", genuine)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(signed) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith("-news.article.jsonl"):
                data = data.replace(b"A story, edited", b"A story, EDITED")  # same size
            target.writestr(name, data)
    reason = r"news\.article\.jsonl does not match the manifest \(its SHA-256 differs\)"
    assert_refused(tampered, media, reason)
    assert_refused(tampered, media, reason, allow_foreign=True)


def test_a_manifest_changed_after_signing_is_refused(genuine, media, tmp_path):
    rows = rows_of(genuine, "news.article")
    rows[0]["fields"]["title"] = "Rewritten"
    rehashed = pack(tmp_path / "rehashed.zip", with_rows(genuine, "news.article", rows), signed=False)
    with zipfile.ZipFile(pack(tmp_path / "site.zip", genuine)) as original:
        old_signature = original.read(SIGNATURE)
    with zipfile.ZipFile(rehashed, "a") as archive:
        archive.writestr(SIGNATURE, old_signature)
    assert_refused(rehashed, media, "signature does not match this site's key")


def test_an_unsigned_archive_is_restored_only_when_told(genuine, media, tmp_path):
    unsigned = pack(tmp_path / "unsigned.zip", genuine, signed=False)
    with pytest.raises(CommandError, match="not signed.*pass --allow-foreign"):
        command(unsigned)
    assert not Article.objects.exists() and not media.exists()
    command(unsigned, "--allow-foreign")
    assert Article.objects.get().title == "A story, edited"


def test_another_sites_archive_is_restored_only_when_told(genuine, media, tmp_path, settings):
    own_key = settings.SECRET_KEY
    settings.SECRET_KEY = "another site's key, long enough to be a real one"
    elsewhere = pack(tmp_path / "elsewhere.zip", genuine)
    settings.SECRET_KEY = own_key
    assert_refused(elsewhere, media, "signature does not match this site's key")
    settings.SECRET_KEY_FALLBACKS = ["another site's key, long enough to be a real one"]  # a rotated key
    import_content(elsewhere)
    assert Article.objects.get().title == "A story, edited"


def test_an_archive_from_before_archives_were_signed_restores_only_when_told(genuine, media, tmp_path):
    """No signature, and no list of members to check them against (the zip's checksums remain); with
    --allow-foreign every row and file is still checked. Such exports also wrote is_staff: never restored."""
    User.objects.filter(username="alice").delete()
    accounts = [json.loads(line) | {"is_staff": True} for line in genuine["accounts.jsonl"].splitlines()]
    members = {**genuine, "accounts.jsonl": "".join(json.dumps(account) + "\n" for account in accounts)}
    old = pack(tmp_path / "old.zip", members, signed=False, members=None, missing=None)
    assert_refused(old, media, "not signed")
    import_content(old, allow_foreign=True)
    assert Article.objects.get().title == "A story, edited"
    alice = User.objects.get(username="alice")
    assert not alice.is_staff and not alice.has_usable_password()


def test_a_foreign_archive_is_still_checked_throughout(genuine, media, tmp_path):
    rows = rows_of(genuine, "news.article")
    rows[0]["fields"]["original_url"] = "javascript:alert(1)"
    unsigned = pack(tmp_path / "unsigned.zip", with_rows(genuine, "news.article", rows), signed=False)
    assert_refused(unsigned, media, "Only web addresses", allow_foreign=True)


def test_an_archive_whose_members_differ_from_its_manifest_is_refused(genuine, media, tmp_path):
    path = pack(tmp_path / "site.zip", genuine)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("media/images/extra.png", PNG)
    assert_refused(path, media, "media/images/extra.png is in the archive but not in its manifest")


def test_an_archive_claiming_too_many_members_is_refused_before_its_directory_is_read(tmp_path, monkeypatch):
    def read(self):
        raise AssertionError("the central directory was read")

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", read)
    path = tmp_path / "bomb.zip"
    path.write_bytes(claiming(1_500_000, zip64=True))
    with pytest.raises(BackupError, match=r"^the zip archive holds 1,500,000 entries; at most 200,000 are read$"):
        import_content(path)
