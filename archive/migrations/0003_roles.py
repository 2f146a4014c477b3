"""The Editors and Viewers groups (see archive/roles.py for what each may do)."""

from django.db import migrations

from archive.admin_base.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_article_updated_at"),
        ("people", "0001_initial"),
        ("conferences", "0003_conference_updated_at"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
