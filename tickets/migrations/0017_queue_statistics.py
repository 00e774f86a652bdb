"""Statistics that let PostgreSQL see how the catalog item and the category go with the priority: plumbing
has many emergencies, a complaint none. Without them a queue filtered by a group and "Notfall" expected a
few hundred tickets, sorted them all, and took 100 ms where reading the urgency index in order takes one."""

from django.db import migrations

STATISTICS = {
    "ticket_item_priority_stats": "item_id, priority_rank",
    "ticket_category_priority_stats": "category_id, priority_rank",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in STATISTICS.items():
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {name} (mcv, dependencies) ON {columns} FROM tickets_ticket"
        )
        # Every item with every priority fits the list of common combinations (about 50 items x 4).
        schema_editor.execute(f"ALTER STATISTICS {name} SET STATISTICS 400")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0016_queue_priority_all_statuses")]

    operations = [migrations.RunPython(create, drop)]
