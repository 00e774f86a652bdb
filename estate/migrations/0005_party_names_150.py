# Names as long as real ones get: a double surname with particles passes 100 characters.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("estate", "0004_document_year"),
    ]

    operations = [
        migrations.AlterField(
            model_name="party",
            name="first_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="Vorname"),
        ),
        migrations.AlterField(
            model_name="party",
            name="last_name",
            field=models.CharField(blank=True, max_length=150, verbose_name="Nachname"),
        ),
    ]
