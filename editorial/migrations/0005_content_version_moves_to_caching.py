from django.db import migrations


class Migration(migrations.Migration):
    """The content version moves to the caching app; its table stays where it is (state only)."""

    dependencies = [
        ("editorial", "0004_review_requests"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ContentVersion")]),
    ]
