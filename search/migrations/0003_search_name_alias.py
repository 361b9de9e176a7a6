"""Names marked as aliases, so a name an entry's pages show ranks above another spelling. The rows
indexed before are marked here from the catalog's own names; a name that is not the entry's name or
Hangul name (title, for a song) is an alias."""

from django.db import migrations, models

SHOWN = {"film": ("name", "name_ko"), "person": ("name", "name_ko"), "song": ("title", "title_ko")}


def mark_aliases(apps, schema_editor):
    SearchName = apps.get_model("search", "SearchName")
    for kind, fields in SHOWN.items():
        model = apps.get_model("catalog", kind)
        shown = {row[0]: set(row[1:]) for row in model.objects.values_list("pk", *fields)}
        for name in SearchName.objects.filter(entry__kind=kind).select_related("entry"):
            if name.label not in shown.get(name.entry.object_id, ()):
                name.alias = True
                name.save(update_fields=["alias"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_fulltext"),
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchname",
            name="alias",
            field=models.BooleanField(
                default=False,
                help_text="Another spelling of the entry, not a name its pages show.",
                verbose_name="alias",
            ),
        ),
        migrations.RunPython(mark_aliases, migrations.RunPython.noop),
    ]
