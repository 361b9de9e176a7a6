import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The content version's table, made by editorial's 0003, now belongs to this app: state only."""

    initial = True

    dependencies = [
        ("editorial", "0005_content_version_moves_to_caching"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("version", models.BigIntegerField(default=1)),
                        ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "next_go_live",
                            models.DateTimeField(
                                blank=True,
                                help_text="When the next scheduled row goes live; empty until worked out.",
                                null=True,
                            ),
                        ),
                    ],
                    options={"verbose_name": "content version", "db_table": "editorial_contentversion"},
                ),
            ],
        ),
    ]
