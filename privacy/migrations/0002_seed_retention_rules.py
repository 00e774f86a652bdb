"""The retention rules a German housing company starts from; inactive until an admin has seen the preview."""

from django.db import migrations

DEFAULTS = [
    # kind, years, legal basis
    ("ticket", 3, "regelmäßige Verjährung, § 195 BGB"),
    ("email", 6, "Handels- und Geschäftsbriefe, § 257 Abs. 4 HGB, § 147 AO"),
    ("letter", 6, "Handels- und Geschäftsbriefe, § 257 Abs. 4 HGB, § 147 AO"),
    ("inbound", 6, "Handels- und Geschäftsbriefe, § 257 Abs. 4 HGB, § 147 AO"),
    ("booking", 8, "Buchungsbelege, § 257 Abs. 4 HGB, § 147 AO (seit 2025)"),
    ("change_request", 6, "Handels- und Geschäftsbriefe, § 257 Abs. 4 HGB"),
    ("document", 10, "Bücher und Abrechnungen, § 257 Abs. 4 HGB, § 147 AO"),
    ("party", 3, "regelmäßige Verjährung nach Ende des Mietverhältnisses, § 195 BGB"),
]


def seed(apps, schema_editor):
    rule = apps.get_model("privacy", "RetentionRule")
    for kind, years, basis in DEFAULTS:
        rule.objects.get_or_create(kind=kind, defaults={"years": years, "basis": basis})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
