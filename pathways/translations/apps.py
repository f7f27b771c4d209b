from __future__ import annotations

from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    """The interface's translations as native speakers review them: reviews kept in the
    database, laid over the compiled catalogs at run time, exported as .po files to commit."""

    name = "pathways.translations"
    label = "translations"
