"""makemessages without msgmerge's guesses: a new German string comes into locale/en and locale/nl
untranslated, not "fuzzy" with the translation of a similar sentence, which reads as the wrong text."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
