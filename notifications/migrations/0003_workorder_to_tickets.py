# Step 2 of 3 of moving the work order into tickets: notifications lets go of the model (state only;
# the table stays until tickets renames it).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_print_batches_and_letter_texts"),
        ("tickets", "0006_workorder_state"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="WorkOrder")],
            database_operations=[],
        ),
    ]
