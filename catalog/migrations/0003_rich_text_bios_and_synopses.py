"""Biographies and synopses become HTML: the plain text kept so far turns into paragraphs.

Self-contained (no app code): the text was plain and shown escaped, so each blank-line separated
block is escaped and wrapped in <p>, its single line breaks kept as <br>. Running it again changes
nothing: a value that already holds a paragraph is left alone.
"""

import re
from html import escape

from django.db import migrations

BLANK_LINES = re.compile(r"\n[ \t]*\n")
FIELDS = {"Film": ("synopsis", "synopsis_ko"), "Person": ("bio", "bio_ko")}


def as_paragraphs(text: str) -> str:
    if not text.strip() or "<p>" in text:
        return text
    blocks = (block.strip() for block in BLANK_LINES.split(text.replace("\r\n", "\n")))
    return "".join("<p>" + escape(block).replace("\n", "<br>") + "</p>" for block in blocks if block)


def forwards(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("catalog", model_name)
        for row in model.objects.only("pk", *fields).iterator(chunk_size=500):
            values = {name: as_paragraphs(getattr(row, name)) for name in fields}
            if any(values[name] != getattr(row, name) for name in fields):
                model.objects.filter(pk=row.pk).update(**values)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_history_and_publish_permissions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
