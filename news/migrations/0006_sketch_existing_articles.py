"""Sketch the articles written before sketches existed, so new imports are compared with them too
(flags are only raised as articles are written from now on)."""

from django.db import migrations

CHUNK = 500


def sketch_all(apps, schema_editor):
    from common.sanitize import html_to_text
    from news.shingles import sketch

    Article = apps.get_model("news", "Article")
    ShingleSketch = apps.get_model("news", "ShingleSketch")
    done = set(ShingleSketch.objects.values_list("article_id", flat=True).distinct())
    ids = [pk for pk in Article.objects.order_by("pk").values_list("pk", flat=True) if pk not in done]
    for start in range(0, len(ids), CHUNK):
        rows = Article.objects.filter(pk__in=ids[start : start + CHUNK]).values_list("pk", "body")
        ShingleSketch.objects.bulk_create(
            ShingleSketch(article_id=pk, value=value) for pk, body in rows for value in sketch(html_to_text(body))
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0005_same_story")]

    operations = [migrations.RunPython(sketch_all, migrations.RunPython.noop, elidable=True)]
