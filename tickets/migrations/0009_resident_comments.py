# Resident comments on public tickets, which staff can hide (with a timeline row).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0008_caretaker_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="hidden",
            field=models.BooleanField(default=False, verbose_name="ausgeblendet"),
        ),
        migrations.AlterField(
            model_name="message",
            name="kind",
            field=models.CharField(
                choices=[
                    ("public", "Antwort an Mieter"),
                    ("internal", "Interne Notiz"),
                    ("phone", "Telefonnotiz"),
                    ("email_in", "E-Mail eingegangen"),
                    ("email_out", "E-Mail versandt"),
                    ("tenant", "Nachricht des Mieters"),
                    ("contractor", "Nachricht des Handwerkers"),
                    ("resident", "Kommentar aus dem Haus"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="ticketevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("created", "Gemeldet"),
                    ("status", "Status geändert"),
                    ("assigned", "Zugewiesen"),
                    ("priority", "Priorität geändert"),
                    ("due", "Fälligkeit geändert"),
                    ("message", "Nachricht"),
                    ("attachment", "Anhang"),
                    ("contractor", "Handwerker"),
                    ("email_in", "E-Mail eingegangen"),
                    ("email_out", "E-Mail versandt"),
                    ("letter", "Brief"),
                    ("data_change", "Datenänderung"),
                    ("affected", "Betrifft mich auch"),
                    ("follow_up", "Wiedervorlage"),
                    ("overdue", "Überfällig"),
                    ("linked", "Verknüpft"),
                    ("comment_hidden", "Kommentar ausgeblendet"),
                ],
                max_length=20,
            ),
        ),
    ]
