"""Case workers no longer see every closed case, only those of their teams and those they worked on (the
ticket visibility rule says so); team leads and administration keep seeing all of them."""

from django.db import migrations


def _view_closed(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="tickets", codename="view_closed"
    )


def forwards(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Sachbearbeitung").first()
    if group is not None:
        group.permissions.remove(*_view_closed(apps))


def backwards(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Sachbearbeitung").first()
    if group is not None:
        group.permissions.add(*_view_closed(apps))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_calendar_feed_key")]

    operations = [migrations.RunPython(forwards, backwards)]
