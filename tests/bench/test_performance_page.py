"""docs/performance.md as `make bench` rewrites it (bench/site_bench.py): one section per database, each
holding its own run's traffic."""

import pytest

BENCH = "# make bench: SQLite, local-memory cache, 10 articles (today, 2 cores)\n\nMachine: here.\n\n| new |\n"


@pytest.fixture
def site_bench(monkeypatch, settings):
    # The benchmark scripts import each other as top-level modules, as `python bench/site_bench.py` runs them.
    monkeypatch.syspath_prepend(str(settings.BASE_DIR / "bench"))
    import site_bench

    return site_bench


def section(name: str, body: str) -> str:
    return f"<!-- section: {name} -->\n## {name}\n\n{body}\n<!-- end: {name} -->\n"


def test_a_run_replaces_its_own_section_and_keeps_the_other_database(site_bench, tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(section("sqlite", "| old sqlite |") + section("postgres", "| old postgres |"))
    site_bench.write_performance("sqlite", BENCH, source="bench/results/run.md", page=page)
    text = page.read_text()
    assert "| new |" in text and "| old sqlite |" not in text
    assert "| old postgres |" in text
    assert text.index("<!-- section: sqlite -->") < text.index("<!-- section: postgres -->")


def test_the_traffic_section_of_before_goes_once_each_database_holds_its_own(site_bench, tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(section("sqlite", "| old sqlite |") + section("traffic", "| old traffic |"))
    site_bench.write_performance("sqlite", BENCH, source="bench/results/run.md", page=page)
    text = page.read_text()
    assert "<!-- section: traffic -->" not in text and "| old traffic |" not in text
    assert "| new |" in text
