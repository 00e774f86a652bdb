"""The review process is named as the tenant reads it (the receipt mail, Meine Vorgänge): "Bescheinigung",
not the staff's "Bescheinigung prüfen"; a name an admin changed stays."""

from django.db import migrations

OLD = ("Bescheinigung prüfen", "Check a certificate", "Verklaring controleren")
NEW = ("Bescheinigung", "Certificate", "Verklaring")


def rename(apps, schema_editor):
    names = dict(zip(("name_de", "name_en", "name_nl"), NEW, strict=True))
    old = dict(zip(("name_de", "name_en", "name_nl"), OLD, strict=True))
    apps.get_model("processes", "ProcessTemplate").objects.filter(code="bescheinigung", **old).update(**names)
    items = apps.get_model("catalogs", "CatalogItem").objects.filter(code="VA-BESCHEINIGUNG", **old)
    items.filter(staff_label=OLD[0]).update(staff_label=NEW[0])
    items.update(**names)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0003_owner"), ("catalogs", "0003_vera_codes")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
