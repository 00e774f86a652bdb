"""The committed English and Dutch catalogs: complete for every page, admin, e-mail and letter, placeholders
intact."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

# Everything the product shows comes from the apps and templates; these only build or test it.
NOT_SHIPPED = ("tests/", "bench/", "demo/")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def catalog(lang: str, suffix: str = "po") -> Path:
    return Path(settings.BASE_DIR) / "locale" / lang / "LC_MESSAGES" / f"django.{suffix}"


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def shipped(entry: polib.POEntry) -> bool:
    return any(
        not path.startswith(NOT_SHIPPED) and "/migrations/" not in path for path, _line in entry.occurrences
    )


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_string_of_portal_back_office_admin_and_mails_is_translated(lang):
    missing = [
        entry.msgid
        for entry in polib.pofile(str(catalog(lang)))
        if shipped(entry) and not all(translations(entry))
    ]
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_translation_is_a_guess_left_fuzzy(lang):
    """msgmerge guesses from similar German text; a guess reads as the wrong sentence, so none stays."""
    assert [entry.msgid for entry in polib.pofile(str(catalog(lang))) if entry.fuzzy] == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_translations_keep_the_placeholders_of_the_german_text(lang):
    broken = []
    for entry in polib.pofile(str(catalog(lang))).translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in translations(entry):
            if sorted(PLACEHOLDER.findall(text)) != wanted and not entry.msgid_plural:
                broken.append((entry.msgid, text))
    assert broken == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_plural_forms_are_declared_for_two_forms(lang):
    po = polib.pofile(str(catalog(lang)))
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize(
    ("lang", "domain"),
    [("en", "django"), ("nl", "django"), ("de", "django"), ("de", "djangojs"), ("nl", "djangojs")],
)
def test_compiled_catalog_is_not_older_than_its_source(lang, domain):
    """The .mo is committed so nothing needs building; it must carry every translation of the .po."""
    source = catalog(lang).with_name(f"{domain}.po")
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(source.with_suffix(".mo")))}
    for entry in polib.pofile(str(source)).translated_entries():
        if not entry.msgid_plural:
            assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, entry.msgid


def test_there_is_one_catalog_for_the_whole_project():
    base = Path(settings.BASE_DIR)
    app_catalogs = [
        p
        for p in base.glob("*/locale/*/LC_MESSAGES/django.po")
        if p.parts[len(base.parts)] not in {"locale", ".venv"}
    ]
    assert app_catalogs == []
