"""Reference data in the reader's language: the one place its labels are translated.

Program, country, pathway, outcome area and partner names (and the program's and outcome
areas' descriptions) live in the database in English (pathways.programs.reference_data).
Countries, provinces, pathways, outcome areas, topics and indicators carry their own
translations (`Translatable.translations`, written in the admin and seeded with the
reference data); the names here fall back to the catalogs, where listing a string in
REFERENCE_STRINGS puts it through makemessages (a test keeps the list in step with the
reference data). Pages (the `translated` and `ref` template filters), form choices, tables,
breakdowns and titles look each one up at render time through the functions below. Choices
declared in the code (sex, organisation type, position) are translated by their own labels
and need nothing here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_noop

from pathways.lib.translated import catalog_text
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway, Province

REFERENCE_MODELS = (Country, Organisation, OutcomeArea, Pathway, Province)


# A stored reference-data string in the active language when the catalogs translate it.
reference_text = catalog_text


def reference_name(obj: Any) -> str:
    """The name of a country, pathway, outcome area or organisation in the active language;
    an organisation keeps its acronym beside it."""
    translated = getattr(obj, "translated", None)
    name = translated("name") if translated else reference_text(obj.name)
    acronym = getattr(obj, "acronym", "")
    return f"{name} ({acronym})" if acronym and acronym != obj.name else name


def reference_names_by_code(model: type[Model]) -> dict[str, str]:
    """Every code of a reference model (country, pathway, outcome area) with its name in
    the active language."""
    rows = model.objects.only("code", "name", "translations")
    return {row.code: row.translated("name") for row in rows}  # type: ignore[attr-defined]


def use_reference_names(form: forms.BaseForm) -> None:
    """Label the options of every reference-data select of `form` in the active language."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.queryset.model in REFERENCE_MODELS:
            field.label_from_instance = reference_name


def reference_names(model: type[Model]) -> dict[str, str]:
    """Every English name of a translatable reference model with its name in the active
    language: for tables that read names, not rows, from the database."""
    rows = model.objects.only("name", "translations")
    return {row.name: row.translated("name") for row in rows}  # type: ignore[attr-defined]


REFERENCE_STRINGS = (
    gettext_noop("ASEAN-Australia Counter Trafficking"),
    gettext_noop(
        "We support ASEAN member states to strengthen justice responses to human "
        "trafficking, while advancing the rights and protection of victims."
    ),
    gettext_noop("Australian Government Department of Foreign Affairs and Trade"),
    gettext_noop("DT Global"),
    gettext_noop("Brunei Darussalam"),
    gettext_noop("Cambodia"),
    gettext_noop("Director General of Prosecution and Criminal Affairs, Ministry of Justice"),
    gettext_noop("Indonesia"),
    gettext_noop("Lao PDR"),
    gettext_noop("Malaysia"),
    gettext_noop("Myanmar"),
    gettext_noop("Philippines"),
    gettext_noop("Singapore"),
    gettext_noop("Thailand"),
    gettext_noop("Viet Nam"),
    gettext_noop("Enhancing regional-level capacity"),
    gettext_noop(
        "We support and partner with the Senior Officials Meeting on Transnational Crime "
        "(SOMTC) and other ASEAN bodies to strengthen victim-sensitive planning, "
        "monitoring and reporting processes."
    ),
    gettext_noop("Enhancing national-level capacity"),
    gettext_noop(
        "We work with national partners to strengthen their capacity to implement the "
        "ACTIP, in particular those that uphold victim rights and advance gender "
        "equality, disability and social inclusion."
    ),
    gettext_noop("Developing inclusive public policy and dialogue"),
    gettext_noop(
        "We promote and facilitate dialogue and cooperation between government, civil "
        "society and the private sector to support improvements in counter-trafficking "
        "policies and practices."
    ),
    gettext_noop("Justice outcomes"),
    gettext_noop(
        "ASEAN-ACT facilitates justice sector cooperation and provides technical support "
        "to strengthen criminal justice responses to trafficking in persons."
    ),
    gettext_noop("Victim rights, and gender equality and social inclusion (GEDSI) outcomes"),
    gettext_noop(
        "ASEAN-ACT is working with partners to support groups most vulnerable to "
        "trafficking and reduce barriers to accessing protection and support."
    ),
    gettext_noop("Partnerships"),
    gettext_noop(
        "ASEAN-ACT has established partnerships with regional and national actors, as "
        "effective counter trafficking responses require multi-sectoral approaches."
    ),
    gettext_noop("ASEAN Secretariat"),
    gettext_noop("Lead Shepherd on Trafficking in Persons, ASEAN SOMTC"),
    gettext_noop("Senior representative, Australian Department of Foreign Affairs and Trade"),
    gettext_noop("ASEAN Senior Officials Meeting on Transnational Crime"),
    gettext_noop(
        "ASEAN Commission on the Promotion and Protection of the Rights of Women and Children"
    ),
    gettext_noop("Cambodian National Police"),
    gettext_noop("Legal Support for Children and Women"),
    gettext_noop("Ministry of Justice"),
    gettext_noop("Ministry of Interior"),
    gettext_noop("Ministry of Social Affairs, Veterans and Youth Rehabilitation"),
    gettext_noop("National Committee to Counter Trafficking"),
    gettext_noop("Royal Academy for Judicial Professions"),
    gettext_noop("Lao Ministry of Public Security"),
    gettext_noop("Lao Ministry of Labour and Social Welfare"),
    gettext_noop("Lao Women's Union"),
    gettext_noop("Office of the Supreme People's Prosecutor (Lao PDR)"),
    gettext_noop("Royal Thai Police"),
    gettext_noop("Office of the Attorney General (Thailand)"),
    gettext_noop("Ministry of Social Development and Human Security"),
    gettext_noop("Viet Nam Ministry of Public Security"),
    gettext_noop("Supreme People's Procuracy of Viet Nam"),
    gettext_noop("Inter-Agency Council Against Trafficking"),
    gettext_noop("Philippine Department of Justice"),
    gettext_noop("Philippine Department of Social Welfare and Development"),
    gettext_noop("Indonesian Ministry of Women's Empowerment and Child Protection"),
    gettext_noop("Indonesian National Police"),
)
