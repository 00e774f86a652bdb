"""Write the API's OpenAPI document to api/openapi.json (`make openapi`), or with --check fail when the
committed file and the code disagree (CI)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from api.main import api

DOCUMENT = Path(__file__).resolve().parents[2] / "openapi.json"


def current() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write api/openapi.json from the code, or check that it is up to date."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the committed file is outdated.")

    def handle(self, *args, check: bool = False, **options):
        text = current()
        if check:
            if not DOCUMENT.exists() or DOCUMENT.read_text() != text:
                raise CommandError("api/openapi.json is outdated: run `make openapi` and commit it.")
            self.stdout.write("api/openapi.json is up to date.")
            return
        DOCUMENT.write_text(text)
        self.stdout.write(f"Wrote {DOCUMENT}")
