"""The staff roles (Sachbearbeitung, Teamleitung, Administration) as groups with their permissions.

The roles are copied here as they were when this migration was written, so later changes to
`accounts.roles` do not rewrite history; `manage.py sync_roles` brings the groups up to date."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

# "app.*" stands for every permission of the app.
_CASE_WORK = ["tickets.view_closed", "tickets.change_changerequest", "tickets.view_changerequest"]
_LEADING = [
    *_CASE_WORK,
    "tickets.view_confidential",
    "tickets.add_textblock",
    "tickets.change_textblock",
    "tickets.delete_textblock",
    "notifications.run_print_batch",
]
ROLES = {
    "Sachbearbeitung": _CASE_WORK,
    "Teamleitung": _LEADING,
    "Administration": [*_LEADING, "catalogs.*", "estate.view_ibanaccess"],
}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after all migrations ran; on a fresh database they would not
    # exist yet here, so create them now (idempotent) for the apps whose permissions the roles hold.
    for label in ("auth", "tickets", "notifications", "catalogs", "estate"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    for name, specs in ROLES.items():
        query = Q(pk__in=[])
        for spec in specs:
            app_label, _, codename = spec.partition(".")
            if codename == "*":
                query |= Q(content_type__app_label=app_label)
            else:
                query |= Q(content_type__app_label=app_label, codename=codename)
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(query))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_magic_link"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tickets", "0005_workspace"),
        ("notifications", "0002_print_batches_and_letter_texts"),
        ("catalogs", "0001_initial"),
        ("estate", "0003_iban_access"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
