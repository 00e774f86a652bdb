"""The committed catalogs hold every string the code has today: a string added without running
makemessages and translating it would otherwise pass the completeness test and show up in German."""

import contextlib
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

# Code and templates that only build or test the product; they have no strings of their own to translate.
NOT_SHIPPED = {"tests", "bench", "demo"}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """makemessages run on a copy of the sources and catalogs, so the working tree stays untouched."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path_factory.mktemp("sources")
    skip = shutil.ignore_patterns("migrations", "__pycache__")
    for source in base.iterdir():
        is_app = (source / "__init__.py").exists() and source.name not in NOT_SHIPPED
        if is_app or source.name == "templates":
            shutil.copytree(source, copy / source.name, ignore=skip)
    shutil.copytree(base / "locale", copy / "locale")
    with override_settings(LOCALE_PATHS=[copy / "locale"]), contextlib.chdir(copy):
        call_command("makemessages", locale=["en", "nl"], no_obsolete=True, verbosity=0)
    return copy / "locale"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_string_in_the_code_has_a_translation_in_the_committed_catalog(extracted, lang):
    po = polib.pofile(str(extracted / lang / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in po if not entry.obsolete and (entry.fuzzy or not entry.translated())]
    assert missing == [], "run `manage.py makemessages -l en -l nl` and translate these"
