"""Feeds for the loopback site (tests/loopback.py), and the background worker as `make run` runs it."""

from django.core.management import call_command

FULL_ITEM = """<item><title>Premiere night in Seoul</title><link>{base}/news/premiere</link>
<pubDate>Fri, 30 May 2025 09:00:00 GMT</pubDate><description>A short teaser.</description>
<content:encoded><![CDATA[<p>The premiere filled the hall in Seoul, and the director thanked the crew
who drew the city by hand for three years.</p><p>Fans waited outside until midnight.</p>]]></content:encoded>
</item>"""
SUMMARY_ITEM = """<item><title>{title}</title><link>{base}{path}</link>
<pubDate>Sat, 31 May 2025 09:00:00 GMT</pubDate><description>{summary}</description></item>"""


def rss(base: str, *items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Loopback Wire</title>'
        f"<link>{base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def run_worker():
    """What `make run`'s worker does: take every queued task, then (in batch mode) stop."""
    call_command("task_worker", batch=True, verbosity=0)
