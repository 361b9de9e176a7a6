"""Create the Editors and Contributors groups with their permissions (see editorial/roles.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from editorial.roles import sync_roles

    sync_roles(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalog", "0002_history_and_publish_permissions"),
        ("news", "0002_history_and_publish_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
