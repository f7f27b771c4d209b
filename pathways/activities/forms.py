"""Forms for events, persons and attendance. clean_* return normalised values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pathways.accounts.access import scope_for
from pathways.activities.access import creatable_countries
from pathways.activities.dedup import matching
from pathways.activities.importing import values as import_values
from pathways.activities.models import Attendance, Event, Person, Topic
from pathways.activities.participants import participations
from pathways.activities.services import ATTENDANCE_FIELDS, PERSON_FIELDS, ConflictError
from pathways.lib.forms import PlainLineField, plain_formfield
from pathways.lib.phones import InvalidPhone, to_e164
from pathways.programs.labels import reference_name, use_reference_names
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway, Province

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.ModelForm):
    """Carries the version the record was loaded with, for optimistic concurrency."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].required = False

    def take_conflict(self, conflict: ConflictError) -> None:
        """After a conflict: arm the form for the current version, keep what the user
        changed, and take the other user's value for fields this user did not touch."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(conflict.current_version)
        for c in conflict.conflicts:
            if c.you_changed or c.field not in self.fields:
                continue
            value = c.theirs_plain
            if isinstance(value, list):
                data.setlist(self.add_prefix(c.field), [str(v) for v in value])
            else:
                data[self.add_prefix(c.field)] = "" if value is None else str(value)
        self.data = data


# A list box chooses one item per click unless a modifier key is held: say so.
# Several choices as a list of checkboxes in a box that scrolls: no Ctrl-click, and each choice
# is a control of its own for the keyboard and a screen reader.
CHECKLIST = forms.CheckboxSelectMultiple(attrs={"class": "checklist"})


class EventForm(VersionedForm):
    field_order = [
        "title",
        "event_type",
        "start_date",
        "end_date",
        "country",
        "province",
        "pathway",
        "outcome_areas",
        "lead_organisation",
        "co_organisers",
        "topics",
        "new_topics",
        "modality",
        "description",
    ]
    new_topics = PlainLineField(
        label=_("New topics"),
        required=False,
        help_text=_("Topics not in the list above, separated by commas."),
    )

    class Meta:
        model = Event
        formfield_callback = plain_formfield
        fields = [
            "title",
            "event_type",
            "start_date",
            "end_date",
            "country",
            "province",
            "pathway",
            "outcome_areas",
            "lead_organisation",
            "co_organisers",
            "topics",
            "modality",
            "description",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "outcome_areas": forms.CheckboxSelectMultiple,
            "co_organisers": CHECKLIST,
            "topics": CHECKLIST,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = creatable_countries(user)
        if self.instance.pk:
            countries = countries | Country.objects.filter(pk=self.instance.country_id)
        self.fields["country"].queryset = countries.distinct()
        self.fields["country"].widget.attrs.update(
            {
                "hx-get": reverse("activities:event_provinces"),
                "hx-target": "#province-field",
                "hx-swap": "outerHTML",
                "hx-include": "[name=lead_organisation],[name=co_organisers]",
            }
        )
        country_id = self._country_id()
        self.fields["province"].queryset = provinces_for(country_id)
        for name in ("lead_organisation", "co_organisers"):
            self.fields[name].queryset = organisations_for(country_id, self._chosen(name))
        use_reference_names(self)

    def _chosen(self, name: str) -> list[int]:
        """The organisations the event names today: kept as choices even when they are of
        another country (recorded before the list was limited)."""
        if not self.instance.pk:
            return []
        if name == "lead_organisation":
            lead = self.instance.lead_organisation_id
            return [lead] if lead else []
        return list(self.instance.co_organisers.values_list("pk", flat=True))

    def _country_id(self) -> int | None:
        raw = self.data.get(self.add_prefix("country")) if self.is_bound else None
        raw = raw or self.initial.get("country") or self.instance.country_id
        try:
            return int(getattr(raw, "pk", raw))
        except (TypeError, ValueError):
            return None

    def clean_new_topics(self) -> list[str]:
        names = [" ".join(n.split()) for n in self.cleaned_data["new_topics"].split(",")]
        too_long = [n for n in names if len(n) > 100]
        if too_long:
            raise forms.ValidationError(_("A topic name can have at most 100 characters."))
        return [n for n in names if n]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        province, country = data.get("province"), data.get("country")
        if province and country and province.country_id != country.pk:
            self.add_error(
                "province",
                _("This province is not in %(country)s.") % {"country": reference_name(country)},
            )
        return data

    def _post_clean(self) -> None:
        # The form must not change the loaded instance: the service saves, under a lock.
        pass

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields if k not in self.M2M}

    M2M = ("outcome_areas", "co_organisers", "topics")


def organisations_for(country_id: int | None, keep: list[int]) -> QuerySet[Organisation]:
    """The organisations an event in the country can name: the country's own and the
    regional and international ones (no country), and those in `keep`."""
    mine = Q(country__isnull=True) | Q(pk__in=keep)
    if country_id:
        mine |= Q(country_id=country_id)
    return Organisation.objects.filter(mine).order_by("name")


def provinces_for(country_id: int | None) -> QuerySet[Province]:
    return Province.objects.filter(country_id=country_id) if country_id else Province.objects.none()


class PersonForm(VersionedForm):
    class Meta:
        model = Person
        formfield_callback = plain_formfield
        fields = list(PERSON_FIELDS)

    def __init__(self, *args: Any, region: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["phone"].help_text = _(
            "As written; it is stored in international form (for example +855 12 345 678)."
        )
        self.fields["id_number"].help_text = _(
            "A national ID card's or passport's number. Spaces, dashes, dots and slashes are "
            "left out; the same number in an attendance sheet finds this person."
        )
        use_reference_names(self)

    def identity_fields(self) -> list[Any]:
        return [f for f in self.visible_fields() if not f.name.startswith("wg_")]

    def functioning_fields(self) -> list[Any]:
        return [f for f in self.visible_fields() if f.name.startswith("wg_")]

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_latin_name(self) -> str:
        return " ".join(self.cleaned_data["latin_name"].split())

    def clean_phone(self) -> str:
        try:
            return to_e164(self.cleaned_data["phone"], self.region)
        except InvalidPhone:
            raise forms.ValidationError(
                _("“%(value)s” is not a valid phone number for %(region)s."),
                params={"value": self.cleaned_data["phone"], "region": self.region},
            ) from None

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data["birth_year"]
        if year is not None and not 1900 <= year <= dt.date.today().year:
            raise forms.ValidationError(
                _("Enter a year between 1900 and %(year)s."), params={"year": dt.date.today().year}
            )
        return year

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_id_number(self) -> str:
        # The importer's rule: a number typed here finds the same person as one in a sheet.
        raw = self.cleaned_data["id_number"]
        try:
            return import_values.id_number(raw)
        except import_values.CellError as error:
            raise forms.ValidationError(
                _("“%(value)s” %(problem)s."), params={"value": raw, "problem": str(error)}
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        born = data.get("birth_date")
        if born is not None and not 1900 <= born.year <= dt.date.today().year:
            self.add_error(
                "birth_date",
                _("Enter a date between 1900 and %(year)s.") % {"year": dt.date.today().year},
            )
        elif born is not None and data.get("birth_year") not in (None, born.year):
            self.add_error("birth_year", _("The birth year is not the year of the birth date."))
        elif born is not None:
            data["birth_year"] = born.year
        return data

    def _post_clean(self) -> None:
        pass

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in PERSON_FIELDS}


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = list(ATTENDANCE_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        age = data.get("age")
        if age is not None and not 0 < age <= 120:
            self.add_error("age", _("Enter an age in years between 1 and 120."))
        if data.get("age_band") in ("", Person.AgeBand.NOT_RECORDED):
            data["age_band"] = None
        for name in ("days_attended", "pre_test_score", "post_test_score"):
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Enter zero or more."))
        return data

    def _post_clean(self) -> None:
        pass

    def values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ATTENDANCE_FIELDS}


class AttendanceAddForm(AttendanceForm):
    """An attendance of an existing person (picked) or of a new person (see PersonForm)."""

    q = PlainLineField(label=_("Find a person by name or phone"), required=False)
    person = forms.ModelChoiceField(
        label=_("Existing person"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, persons: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.persons = persons

    def candidates(self) -> list[Person]:
        query = (self.data.get(self.add_prefix("q")) or "").strip()
        picked = self.data.get(self.add_prefix("person")) or ""
        found = list(search_persons(self.persons, query)[:20]) if query else []
        if picked.isdigit() and all(str(p.pk) != picked for p in found):
            found = list(self.persons.filter(pk=picked)) + found
        return found


def search_persons(persons: QuerySet[Person], query: str) -> QuerySet[Person]:
    """By phone when the query is mostly digits, else by name in either script or order."""
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 4 and len(digits) >= len(query.replace(" ", "")) - 1:
        return persons.filter(phone__contains=digits.lstrip("0")).order_by("full_name")
    condition = Q(full_name__icontains=query) | Q(latin_name__icontains=query)
    tokens = matching.normalise_name(query).split()
    if tokens:
        by_key = Q()
        for token in tokens:
            by_key &= Q(name_key__contains=token)
        condition |= by_key
    return persons.filter(condition).select_related("organisation").order_by("full_name")


# --- the event list -----------------------------------------------------------------------

SORTS = {
    "start_date": _("Start date"),
    "title": _("Title"),
    "event_type": _("Type"),
    "country": _("Country"),
    "participants": _("Number of participants"),
}
SORT_COLUMNS = {"country": "country__name"}


class EventFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    start = forms.DateField(label=_("Starting from"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Starting until"), required=False, widget=DATE_WIDGET)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Event.Type.choices]
    )
    pathway = forms.ModelChoiceField(
        label=_("Pathway"),
        required=False,
        queryset=Pathway.objects.all(),
        empty_label=_("All pathways"),
    )
    outcome_area = forms.ModelChoiceField(
        label=_("Outcome area"),
        required=False,
        queryset=OutcomeArea.objects.all(),
        empty_label=_("All outcome areas"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation (lead or co-organiser)"),
        required=False,
        queryset=Organisation.objects.all(),
        empty_label=_("All organisations"),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), required=False, queryset=Topic.objects.all(), empty_label=_("All topics")
    )
    q = PlainLineField(label=_("Search title and description"), required=False)
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        required=False,
        choices=[
            ("", _("Any")),
            ("none", _("No attendance recorded")),
            ("past-none", _("Past events with no attendance recorded")),
        ],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("desc", _("Descending")), ("asc", _("Ascending"))],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        countries = Country.objects.all()
        if not scope.is_regional:
            visible = Event.objects.visible_to(user).values("country_id")
            countries = countries.filter(Q(pk__in=scope.country_ids) | Q(pk__in=visible))
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c.code, reference_name(c)) for c in countries
        ]
        use_reference_names(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data

    def apply(self, events: QuerySet[Event]) -> QuerySet[Event]:
        self.is_valid()  # an invalid filter is shown with its error; the valid ones apply
        data = self.cleaned_data
        filters = {
            "country__code": data.get("country"),
            "start_date__gte": data.get("start"),
            "start_date__lte": data.get("end"),
            "event_type": data.get("type"),
            "pathway": data.get("pathway"),
            "outcome_areas": data.get("outcome_area"),
            "topics": data.get("topic"),
        }
        events = events.filter(**{k: v for k, v in filters.items() if v})
        if org := data.get("organisation"):
            co = Event.co_organisers.through.objects.filter(organisation=org).values("event_id")
            events = events.filter(Q(lead_organisation=org) | Q(pk__in=co))
        if query := (data.get("q") or "").strip():
            events = events.filter(Q(title__icontains=query) | Q(description__icontains=query))
        if attendance := data.get("attendance"):
            events = without_attendance(events, past_only=attendance == "past-none")
        if data.get("outcome_area") or data.get("topic"):
            # Only these filters join a many-to-many table and can repeat an event. DISTINCT
            # on every list would make the count and the page compute every event's
            # participants, not just the page's fifty.
            events = events.distinct()
        return self._sorted(with_participants(events), data)

    def _sorted(self, events: QuerySet[Event], data: dict[str, Any]) -> QuerySet[Event]:
        sort = data.get("sort") or "start_date"
        column = SORT_COLUMNS.get(sort, sort)
        prefix = "" if data.get("order") == "asc" else "-"
        return events.order_by(f"{prefix}{column}", "title", "pk")


def without_attendance(events: QuerySet[Event], *, past_only: bool = False) -> QuerySet[Event]:
    """Events with no attendance on record; `past_only`: that have ended (as of today),
    whose sign-in sheets are due."""
    events = events.exclude(Exists(Attendance.objects.filter(event=OuterRef("pk"))))
    return events.filter(end_date__lt=dt.date.today()) if past_only else events


def with_participants(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event annotated with its participants, counted by the one participant rule."""
    per_event = (
        participations()
        .filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
    )
    return events.annotate(participants=Coalesce(Subquery(per_event.values("n")), 0))
