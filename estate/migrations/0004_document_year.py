# The year a document is for (the statement year), so a request for a year finds that year's document.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("estate", "0003_iban_access"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Das Jahr, für das es gilt (z. B. das Abrechnungsjahr); leer, wenn es keines hat.",
                null=True,
                verbose_name="Jahr",
            ),
        ),
    ]
