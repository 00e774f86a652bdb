# The work order (Auftrag) moves from notifications into tickets: it is ticket work, not messaging.
# Step 1 of 3: tickets takes the model over in Django's state, on the table notifications created.

import django.db.models.deletion
from django.db import migrations, models

import tickets.models


class Migration(migrations.Migration):
    dependencies = [
        ("estate", "0002_notices_and_documents"),
        ("notifications", "0002_print_batches_and_letter_texts"),
        ("tickets", "0005_workspace"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkOrder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "nonce",
                            models.CharField(default=tickets.models.new_nonce, max_length=40, unique=True),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("accepted_at", models.DateTimeField(blank=True, null=True)),
                        ("declined_at", models.DateTimeField(blank=True, null=True)),
                        ("decline_reason", models.TextField(blank=True)),
                        ("appointment_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "contractor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="work_orders",
                                to="estate.contractor",
                            ),
                        ),
                        (
                            "ticket",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="work_orders",
                                to="tickets.ticket",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Auftrag",
                        "verbose_name_plural": "Aufträge",
                        "ordering": ["-created_at"],
                        "db_table": "notifications_workorder",
                        "indexes": [
                            models.Index(fields=["ticket", "revoked_at"], name="workorder_ticket_idx")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
