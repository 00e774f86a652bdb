from django.db import migrations


def install(apps, schema_editor):
    from certificates.standard import install as install_templates

    install_templates(apps)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial"), ("catalogs", "0003_vera_codes")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
