"""The staff roles (Sachbearbeitung, Teamleitung, Administration) as groups with their permissions."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from backoffice.roles import sync_roles

    # Permissions are normally created after all migrations ran; on a fresh database they would not
    # exist yet here, so create them now (idempotent) for the apps whose permissions the roles hold.
    for label in ("auth", "tickets", "notifications", "catalogs", "estate"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    sync_roles(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission")
    )


def remove_roles(apps, schema_editor):
    from backoffice.roles import ROLES

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
