# Step 3 of 3 of moving the work order into tickets: the table takes the app's name, and the admin's
# content type (and with it the permissions) follows the model.

from django.db import migrations


def content_type_to_tickets(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="tickets", model="workorder").exists():
        ContentType.objects.filter(app_label="notifications", model="workorder").update(app_label="tickets")


def content_type_to_notifications(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="tickets", model="workorder").update(app_label="notifications")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0003_workorder_to_tickets"),
        ("tickets", "0006_workorder_state"),
    ]

    operations = [
        migrations.AlterModelTable(name="workorder", table=None),
        migrations.RunPython(content_type_to_tickets, content_type_to_notifications),
    ]
