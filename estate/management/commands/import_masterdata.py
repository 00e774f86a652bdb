"""Import properties, units or parties from a CSV file, the same way the admin import page does.

Any bad row stops the import: nothing is stored, every problem is listed, and the command exits with 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from estate.imports import import_file, problems
from estate.resources import RESOURCES


class Command(BaseCommand):
    help = "Stammdaten aus einer CSV-Datei importieren (alles oder nichts)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=sorted(RESOURCES))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen, nichts speichern.")

    def handle(self, *args, kind: str, file: Path, dry_run: bool, **options):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(_("Datei kann nicht gelesen werden: %(error)s") % {"error": error}) from error
        try:
            result = import_file(RESOURCES[kind](), raw, dry_run=dry_run)
        except UnicodeDecodeError as error:
            raise CommandError(_("Die Datei ist nicht in UTF-8 gespeichert.")) from error
        found = problems(result)
        if found:
            for problem in found:
                self.stderr.write(str(problem))
            raise CommandError(
                _("Nichts importiert: %(count)s Fehler in der Datei %(file)s.")
                % {"count": len(found), "file": file.name}
            )
        totals = result.totals
        self.stdout.write(
            _("%(verb)s: %(new)s neu, %(update)s geändert, %(skip)s unverändert.")
            % {
                "verb": _("Geprüft (nichts gespeichert)") if dry_run else _("Importiert"),
                "new": totals.get("new", 0),
                "update": totals.get("update", 0),
                "skip": totals.get("skip", 0),
            }
        )
