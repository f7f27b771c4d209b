"""Recognising an organisation as a sheet writes it, and teaching Pathways a new way of writing it.

A sheet may name the Ministry of Justice "Ministry of Justice", "MOJ", "ministry of  justice."
or "ក្រសួងយុត្តិធម៌". `organisation_key` makes such spellings one key (case, spacing,
punctuation, Latin accents and invisible characters do not count), and `organisation_lookup`
maps the keys of every organisation a country's sheets may name (the country's own and the
regional ones) by name, acronym and alias to the organisation.

`organisation_alias_create` remembers that a text means an organisation (for the next sheet),
`organisation_create_from_text` adds a new organisation of the country named as written; both
audited, in one transaction.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.lib.text import clean_text, key_text
from pathways.programs.models import Country, Organisation, OrganisationAlias


def organisation_key(text: str) -> str:
    """The matching key of an organisation's name as written: case-folded, without spaces,
    punctuation, symbols, invisible characters or accents on Latin letters. Spaces go too:
    Khmer, Lao and Thai are written without spaces between words, or with them, or with
    zero-width spaces, and 'Ministry of Justice' is never another organisation than
    'MinistryofJustice'."""
    text = unicodedata.normalize("NFKC", key_text(text or "")).casefold()
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        category = unicodedata.category(ch)
        if category[0] in "PSZC":
            continue
        if category == "Mn" and out and out[-1].isascii():
            continue  # an accent on a Latin letter
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))[:300]


def organisations_for_country(country_id: int | None) -> QuerySet[Organisation]:
    """The organisations a sheet of the country may name: the country's and the regional."""
    return Organisation.objects.filter(Q(country_id=country_id) | Q(country__isnull=True))


def organisation_lookup(country_id: int | None) -> dict[str, int]:
    """Matching key -> organisation for the country's sheets. A name wins over an acronym or
    an alias, and the country's own organisations over the regional ones; a key two of them
    share at the same rank goes to the first in order of name (it should be made unique)."""
    orgs = list(
        organisations_for_country(country_id)
        .order_by(F("country_id").asc(nulls_last=True), "name")
        .only("pk", "name", "acronym", "country_id")
    )
    aliases: dict[int, list[str]] = {}
    for org_id, key in OrganisationAlias.objects.filter(
        organisation_id__in=[o.pk for o in orgs]
    ).values_list("organisation_id", "key"):
        aliases.setdefault(org_id, []).append(key)
    found: dict[str, int] = {}
    for keys_of in (
        lambda o: [organisation_key(o.name)],
        lambda o: aliases.get(o.pk, []),
        lambda o: [organisation_key(o.acronym)],
    ):
        for org in orgs:
            for key in keys_of(org):
                if key:
                    found.setdefault(key, org.pk)
    return found


def _clean_written(text: str) -> str:
    return " ".join(clean_text(text or "").split())


def _meaning(country: Country, key: str, written: str, *, allowed: int | None = None) -> int | None:
    """The organisation the text already means in the country, if any: ValidationError when
    it means one other than `allowed`."""
    current = organisation_lookup(country.pk).get(key)
    if current is not None and current != allowed:
        other = Organisation.objects.get(pk=current)
        raise ValidationError(
            _("'%(text)s' already means %(other)s in this country.")
            % {"text": written, "other": other.name}
        )
    return current


def organisation_alias_create(
    *, actor: Any, country: Country, organisation: Organisation, text: str, source: str
) -> OrganisationAlias | None:
    """Remember that `text` means `organisation` in the country's sheets. Returns None when
    it already does (an alias, the name or the acronym): nothing is written twice. Raises
    ValidationError when the text is empty, the organisation is not one the country's sheets
    may name, or the text already means another organisation there."""
    written = _clean_written(text)
    key = organisation_key(written)
    if not key:
        raise ValidationError(_("The organisation's text is empty."))
    with transaction.atomic():
        # The country's row lock: two officers naming the same text at once get one alias.
        Country.objects.select_for_update(no_key=True).get(pk=country.pk)
        if not organisations_for_country(country.pk).filter(pk=organisation.pk).exists():
            raise ValidationError(_("Choose one of the country's organisations."))
        if _meaning(country, key, written, allowed=organisation.pk) is not None:
            return None
        alias = OrganisationAlias(organisation=organisation, text=written[:300], key=key)
        alias.full_clean()
        alias.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=alias,
            changes=diff({}, snapshot(alias)),
            source=source,
        )
    return alias


def organisation_create_from_text(
    *, actor: Any, country: Country, text: str, type: str, source: str
) -> Organisation:
    """A new organisation of the country named as the sheet wrote it. Raises ValidationError
    when the text is empty, already means an organisation there, or the name is taken."""
    written = _clean_written(text)
    key = organisation_key(written)
    if not key:
        raise ValidationError(_("The organisation's text is empty."))
    with transaction.atomic():
        Country.objects.select_for_update(no_key=True).get(pk=country.pk)
        _meaning(country, key, written)
        if Organisation.objects.filter(name__iexact=written).exists():
            raise ValidationError(
                _("An organisation of another country is already named '%(text)s'.")
                % {"text": written}
            )
        org = Organisation(name=written[:200], type=type, country=country)
        org.full_clean()
        org.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=org,
            changes=diff({}, snapshot(org)),
            source=source,
        )
    return org
