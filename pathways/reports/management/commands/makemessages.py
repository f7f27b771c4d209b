"""makemessages without msgmerge's fuzzy matching.

Translators mark uncertain strings `#, fuzzy` on purpose, and the catalogs are compiled
with those (see locale/README.md). msgmerge's guesses for new strings would be compiled
too, so it must not make any: a new string stays untranslated until someone translates it.
"""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
