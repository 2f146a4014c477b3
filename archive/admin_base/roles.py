"""The staff roles, created by a data migration (and by tests with the live app registry).

Editors add, change and view everything in the archive and its history, and delete
conferences and articles only while they are drafts, and officials, organisations and
topics only while nothing published cites them (the ModelAdmins enforce both rules), plus
the rows cited inside a record (participations, sources, images, aliases...), which belong
to its history. They never delete outlets, provinces or source documents, nor anything
the public sees: duplicates are merged instead.
Viewers view and filter everything and change nothing.
"""

from django.contrib.auth.management import create_permissions

APP_LABELS = ("archive", "people", "conferences", "reversion")
EDITOR_DELETABLE = {
    "archive": {"article", "articleimage"},
    "people": {"official", "organization", "organizationalias", "rank", "position"},
    "conferences": {
        "conference",
        "topic",
        "conferencesource",
        "conferencefact",
        "figure",
        "organizer",
        "participation",
        "conferencetopic",
    },
}


def create_roles(apps, schema_editor):
    """Create (or bring up to date) the "Editors" and "Viewers" groups."""
    _ensure_permissions(apps, schema_editor.connection.alias if schema_editor else "default")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label__in=APP_LABELS)
    permissions = permissions.select_related("content_type")

    editor_perms, viewer_perms = [], []
    for perm in permissions:
        action, _, model = perm.codename.partition("_")
        app_label = perm.content_type.app_label
        if action == "view":
            viewer_perms.append(perm)
        if action in {"add", "change", "view"} or (
            action == "delete" and model in EDITOR_DELETABLE.get(app_label, ())
        ):
            editor_perms.append(perm)

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(editor_perms)
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.set(viewer_perms)


def _ensure_permissions(apps, using):
    """Permissions are normally made after `migrate`; a data migration runs before
    that, so make them for our apps now. `create_permissions` skips an app config
    without a models module, which is what migration-state stubs look like."""
    for app_label in APP_LABELS:
        app_config = apps.get_app_config(app_label)
        is_stub = getattr(app_config, "models_module", None) is None
        if is_stub:
            app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0, using=using)
        finally:
            if is_stub:
                app_config.models_module = None
