from django.db import migrations


def install(apps, schema_editor):
    from processes.standard import install as install_templates

    install_templates(apps.get_model("processes", "ProcessTemplate"), apps.get_model("processes", "StepTemplate"))


class Migration(migrations.Migration):
    dependencies = [("processes", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
