"""Strings the catalogs need that no code or template asks for by name. Reference-data
labels are translated in pathways.programs.labels."""

from __future__ import annotations

from django.utils.translation import gettext_noop

# Month names for languages Django has no catalog for (Lao, Filipino): dates follow the
# locale only if the month names are translated somewhere.
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
