from django.db import migrations


def install(apps, schema_editor):
    from payments.standard import install as install_templates

    install_templates(apps)


class Migration(migrations.Migration):
    dependencies = [("payments", "0004_payment_plans")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
