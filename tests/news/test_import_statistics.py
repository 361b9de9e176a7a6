"""SQLite's planner statistics, kept by the site itself: an import that wrote rows leaves them in
the database file (`sqlite_stat1`), so the pages it feeds are planned with them; a dry run writes none."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STORY = "---\ntitle: Story {n}\ndate: 2025-06-0{n}\nsource: Wire\ntopics: [Premieres]\n---\nThe text of story {n}.\n"


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def statistics(database: Path) -> set[str]:
    with sqlite3.connect(database) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return set()
        return {table for (table,) in db.execute("SELECT tbl FROM sqlite_stat1")}


def test_an_import_into_a_sqlite_file_leaves_planner_statistics_and_a_dry_run_none(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))},
        "DJANGO_SETTINGS_MODULE": "starlight.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STARLIGHT_IMPORT_WORKERS": "0",
    }
    folder = tmp_path / "stories"
    folder.mkdir()
    for n in range(1, 4):
        (folder / f"{n}.md").write_text(STORY.format(n=n))
    manage(env, "migrate", "--noinput")
    assert statistics(database) == set()

    manage(env, "import_articles", str(folder), "--publish", "--dry-run")
    assert statistics(database) == set(), "a dry run writes nothing, statistics included"

    manage(env, "import_articles", str(folder), "--publish")
    assert {"news_article", "news_article_topics", "news_source", "search_searchentry"} <= statistics(database)
