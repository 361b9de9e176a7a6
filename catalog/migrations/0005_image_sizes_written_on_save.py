"""Image sizes are written when a file is saved, no longer read from the file whenever a row loads.

Rows saved without a size (the demo pictures were) get it now, from their file where it can be
read; a missing or unreadable file leaves the size empty, as it was.
"""

from django.db import migrations, models

import catalog.images


def fill_missing_sizes(apps, schema_editor):
    Image = apps.get_model("catalog", "Image")
    for image in Image.objects.filter(models.Q(width__isnull=True) | models.Q(height__isnull=True)).iterator():
        try:
            with image.file.open("rb") as file:
                image.width, image.height = catalog.images.upright_size(file)
        except Exception:  # a missing or broken file keeps its empty size
            continue
        image.save(update_fields=["width", "height"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_synopsis_help_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="image",
            name="file",
            field=models.ImageField(
                help_text="A JPEG, PNG or WebP image.",
                upload_to="images/%Y/%m/",
                validators=[catalog.images.validate_image_file],
                verbose_name="file",
            ),
        ),
        migrations.RunPython(fill_missing_sizes, migrations.RunPython.noop),
    ]
