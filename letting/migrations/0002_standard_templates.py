from django.db import migrations


def install(apps, schema_editor):
    from letting.standard import install, install_clauses

    install(apps)
    install_clauses(apps)


class Migration(migrations.Migration):
    dependencies = [("letting", "0001_initial"), ("catalogs", "0003_vera_codes"), ("processes", "0005_inspector_role_label")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
