"""Editors may delete officials, organisations and topics that nothing published cites
(archive/admin_base/roles.py): the groups' permissions brought up to date."""

from django.db import migrations

from archive.admin_base.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_slugs_made_from_the_name_when_empty"),
        ("people", "0001_initial"),
        ("conferences", "0003_conference_updated_at"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
