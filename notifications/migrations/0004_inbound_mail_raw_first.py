# Incoming mail is stored as it arrived before it is read: the raw bytes move into the row (mail already
# received keeps the copy it had in storage), a Message-ID is no longer unique, and a mail that names a
# ticket but waits for staff says which ticket and why.

import hashlib

import django.db.models.deletion
import django.db.models.fields.json
from django.db import migrations, models


def raw_into_rows(apps, schema_editor):
    from django.core.files.storage import default_storage

    InboundMail = apps.get_model("notifications", "InboundMail")
    for mail in InboundMail.objects.only("pk", "message_id").iterator():
        path = f"inbound/{hashlib.sha256(mail.message_id.encode()).hexdigest()}.eml"
        if not default_storage.exists(path):
            continue
        with default_storage.open(path, "rb") as stored:
            raw = stored.read()
        InboundMail.objects.filter(pk=mail.pk).update(raw=raw, raw_hash=hashlib.sha256(raw).hexdigest())


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_workorder_to_tickets"),
        ("tickets", "0005_workspace"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inboundmail",
            name="message_id",
            field=models.CharField(blank=True, db_index=True, max_length=255),
        ),
        migrations.AlterField(
            model_name="inboundmail",
            name="from_address",
            field=models.CharField(blank=True, max_length=254, verbose_name="Absender"),
        ),
        migrations.AddField(
            model_name="inboundmail",
            name="content_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="inboundmail",
            name="raw",
            field=models.BinaryField(default=b"", editable=False, verbose_name="Original-E-Mail"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="inboundmail",
            name="raw_hash",
            field=models.CharField(db_index=True, default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        # Mail received before this change was read when it arrived.
        migrations.AddField(
            model_name="inboundmail",
            name="state",
            field=models.CharField(default="read", max_length=12, verbose_name="Stand"),
        ),
        migrations.AlterField(
            model_name="inboundmail",
            name="state",
            field=models.CharField(
                choices=[
                    ("received", "noch nicht gelesen"),
                    ("read", "gelesen"),
                    ("unreadable", "nicht lesbar"),
                ],
                default="received",
                max_length=12,
                verbose_name="Stand",
            ),
        ),
        migrations.AddField(
            model_name="inboundmail",
            name="refers_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="tickets.ticket",
            ),
        ),
        migrations.AddField(
            model_name="inboundmail",
            name="hold",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "–"),
                    ("unknown_sender", "Absender unbekannt"),
                    ("unconfirmed_sender", "Absender nicht bestätigt"),
                ],
                default="",
                max_length=20,
                verbose_name="Hinweis",
            ),
        ),
        migrations.AddField(
            model_name="inboundmail",
            name="spf",
            field=models.CharField(blank=True, max_length=20, verbose_name="SPF"),
        ),
        migrations.AddField(
            model_name="inboundmail",
            name="dkim",
            field=models.CharField(blank=True, max_length=20, verbose_name="DKIM"),
        ),
        migrations.AddField(
            model_name="inboundmail",
            name="authentication",
            field=models.TextField(blank=True, verbose_name="Prüfergebnis des Mailservers"),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                django.db.models.fields.json.KeyTransform("Message-ID", "headers"), name="outbox_message_id_idx"
            ),
        ),
        migrations.RunPython(raw_into_rows, migrations.RunPython.noop, elidable=True),
    ]
