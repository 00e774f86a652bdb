from django.db import migrations


def install(apps, schema_editor):
    from permits.standard import install as install_templates

    install_templates(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0001_initial"),
        ("catalogs", "0003_vera_codes"),
        ("processes", "0002_standard_templates"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
