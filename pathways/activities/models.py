"""Events, the persons who attend them, and attendance: the records every figure counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.programs.models import Translatable

if TYPE_CHECKING:
    from pathways.accounts.models import User


class Sex(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    NOT_RECORDED = "not_recorded", _("Not recorded")


class Topic(Translatable):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")

    def __str__(self) -> str:
        return self.translated()


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, user: User) -> EventQuerySet:
        from pathways.accounts.access import scope_for

        scope = scope_for(user)
        if scope.is_regional:
            return self
        through = Event.co_organisers.through.objects.filter(
            organisation_id__in=scope.organisation_ids
        ).values("event_id")
        return self.filter(
            Q(country_id__in=scope.country_ids)
            | Q(lead_organisation_id__in=scope.organisation_ids)
            | Q(pk__in=through)
        )

    def in_period(self, start, end) -> EventQuerySet:
        """The counting rule for events: the start date lies in the period."""
        return self.filter(start_date__gte=start, start_date__lte=end)


class Event(models.Model):
    class Type(models.TextChoices):
        TRAINING = "training", _("Training / capacity development")
        WORKSHOP = "workshop", _("Workshop")
        CONSULTATION = "consultation", _("Consultation")
        MEETING = "meeting", _("Meeting")
        FORUM = "forum", _("Forum or dialogue")
        CONFERENCE = "conference", _("Conference")
        TWG = "twg", _("Technical working group")
        ASSESSMENT = "assessment", _("Assessment or presentation")
        OTHER = "other", _("Other")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    title = models.CharField(_("title"), max_length=300)
    event_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    # Indexed first in the figures' index below (event_period_figures), not on its own.
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("country"),
    )
    province = models.ForeignKey(
        "programs.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("province"),
    )
    pathway = models.ForeignKey(
        "programs.Pathway",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("pathway"),
    )
    outcome_areas = models.ManyToManyField(
        "programs.OutcomeArea", blank=True, related_name="events", verbose_name=_("outcome areas")
    )
    lead_organisation = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_events",
        verbose_name=_("lead organisation"),
    )
    co_organisers = models.ManyToManyField(
        "programs.Organisation",
        blank=True,
        related_name="co_organised_events",
        verbose_name=_("co-organisers"),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="events", verbose_name=_("topics")
    )
    modality = models.CharField(
        _("modality"), max_length=10, choices=Modality.choices, default=Modality.IN_PERSON
    )
    description = models.TextField(_("description"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_events",
        verbose_name=_("reported by"),
    )
    is_synthetic = models.BooleanField(_("synthetic demo record"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("event")
        indexes = [
            models.Index(fields=["country", "start_date"]),
            # The events of a period with what the figures count them by: the events by type
            # and by pathway, and the period's trainings, read the index alone, not the rows.
            models.Index(
                fields=["start_date", "event_type", "pathway"], name="event_period_figures"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="event_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_capacity_development(self) -> bool:
        return self.event_type == self.Type.TRAINING


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: User) -> PersonQuerySet:
        """Persons whose personal data the user may see."""
        from pathways.accounts.access import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        q = Q(country_id__in=scope.personal_data_country_ids)
        if scope.personal_data_organisation_ids:
            events = Event.objects.filter(
                Q(lead_organisation_id__in=scope.personal_data_organisation_ids)
                | Q(co_organisers__in=scope.personal_data_organisation_ids)
            )
            q |= Q(pk__in=Attendance.objects.filter(event__in=events).values("person_id"))
        return self.filter(q)


class Person(models.Model):
    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", _("Under 18")
        AGE_18_24 = "18_24", _("18–24")
        AGE_25_34 = "25_34", _("25–34")
        AGE_35_44 = "35_44", _("35–44")
        AGE_45_54 = "45_54", _("45–54")
        AGE_55_PLUS = "55_plus", _("55 and over")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    class Difficulty(models.TextChoices):
        """Answers of the Washington Group short set."""

        NOT_ASKED = "not_asked", _("Not asked")
        NO = "no", _("No difficulty")
        SOME = "some", _("Some difficulty")
        A_LOT = "a_lot", _("A lot of difficulty")
        CANNOT = "cannot", _("Cannot do at all")

    class Position(models.TextChoices):
        POLICE = "police", _("Police")
        PROSECUTOR = "prosecutor", _("Prosecutor")
        JUDGE = "judge", _("Judge")
        COURT_STAFF = "court_staff", _("Court staff")
        SOCIAL_WORKER = "social_worker", _("Social worker or frontline official")
        LABOUR_INSPECTOR = "labour_inspector", _("Labour inspector")
        IMMIGRATION = "immigration", _("Immigration")
        NGO_STAFF = "ngo_staff", _("NGO staff")
        GOVERNMENT = "government", _("Government official")
        ACADEMIC = "academic", _("Academic")
        PRIVATE = "private", _("Private sector")
        OTHER = "other", _("Other")

    WASHINGTON_GROUP_DOMAINS = (
        "seeing",
        "hearing",
        "walking",
        "cognition",
        "self_care",
        "communication",
    )

    full_name = models.CharField(_("full name as written"), max_length=200)
    latin_name = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    name_key = models.CharField(
        max_length=200, editable=False, help_text="Normalised name for matching."
    )
    # Read with the person, never searched by (the duplicate finder's blocks are): no index,
    # which every new person would otherwise pay for.
    match_key = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="Phonetic keys of both names in Latin letters, for finding duplicates.",
    )
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, default=Sex.NOT_RECORDED)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    # The exact day when a sheet or form gave it; birth_year is then its year.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # What an edit form last said; no figure reads it (an age goes stale over a long
    # program): figures count the age at each event (`pathways.activities.ages`).
    age_band = models.CharField(
        _("age band"), max_length=12, choices=AgeBand.choices, default=AgeBand.NOT_RECORDED
    )
    wg_seeing = models.CharField(
        _("difficulty seeing"),
        max_length=10,
        choices=Difficulty.choices,
        default=Difficulty.NOT_ASKED,
    )
    wg_hearing = models.CharField(
        _("difficulty hearing"),
        max_length=10,
        choices=Difficulty.choices,
        default=Difficulty.NOT_ASKED,
    )
    wg_walking = models.CharField(
        _("difficulty walking"),
        max_length=10,
        choices=Difficulty.choices,
        default=Difficulty.NOT_ASKED,
    )
    wg_cognition = models.CharField(
        _("difficulty remembering"),
        max_length=10,
        choices=Difficulty.choices,
        default=Difficulty.NOT_ASKED,
    )
    wg_self_care = models.CharField(
        _("difficulty with self-care"),
        max_length=10,
        choices=Difficulty.choices,
        default="not_asked",
    )
    wg_communication = models.CharField(
        _("difficulty communicating"),
        max_length=10,
        choices=Difficulty.choices,
        default="not_asked",
    )
    organisation = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    position = models.CharField(
        _("position category"), max_length=20, choices=Position.choices, blank=True
    )
    phone = models.CharField(_("phone (E.164)"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Normalised (`lib.text.id_number`): a national ID card's or passport's number, which
    # recognises one person across scripts (docs/counting-rules.md). Personal data.
    id_number = models.CharField(_("identity number"), max_length=40, blank=True)
    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("country"),
        help_text=_("The country whose staff hold this person's record."),
    )
    is_synthetic = models.BooleanField(_("synthetic demo record"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900),
                name="person_birth_year_plausible",
            )
        ]
        # Matching looks persons up by these, whole (never by how they begin): plain
        # indexes, without the pattern-matching twin PostgreSQL adds to a db_index field,
        # which every new person paid for.
        indexes = [
            models.Index(fields=["name_key"], name="person_name_key"),
            models.Index(fields=["phone"], name="person_phone"),
            models.Index(fields=["email"], name="person_email"),
            models.Index(fields=["id_number"], name="person_id_number"),
        ]

    def __str__(self) -> str:
        if self.latin_name and self.latin_name != self.full_name:
            return f"{self.full_name} ({self.latin_name})"
        return self.full_name

    @property
    def has_disability(self) -> bool | None:
        """Washington Group cut-off: 'a lot of difficulty' or 'cannot' in any domain.

        None when no domain was asked.
        """
        answers = [getattr(self, f"wg_{d}") for d in self.WASHINGTON_GROUP_DOMAINS]
        if all(a == self.Difficulty.NOT_ASKED for a in answers):
            return None
        return any(a in (self.Difficulty.A_LOT, self.Difficulty.CANNOT) for a in answers)


class Attendance(models.Model):
    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        FACILITATOR = "facilitator", _("Facilitator")
        SPEAKER = "speaker", _("Speaker")
        ORGANISER = "organiser", _("Organiser")
        STAFF = "staff", _("Staff")

    # No index of their own: the unique (event, person) constraint's index serves the event's
    # rows, and the (person, role) index a person's; each index is paid on every row written.
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("event"),
        db_index=False,
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("person"),
        db_index=False,
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT
    )
    days_attended = models.DecimalField(
        _("days attended"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    pre_test_score = models.DecimalField(
        _("pre-test score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    post_test_score = models.DecimalField(
        _("post-test score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    # What the sheet, form or API gave for this event when no birth year or date is known:
    # the age counted is the one at the event (`pathways.activities.ages`).
    age = models.PositiveSmallIntegerField(_("age at the event"), null=True, blank=True)
    age_band = models.CharField(
        _("age band at the event"),
        max_length=12,
        choices=Person.AgeBand.choices,
        null=True,
        blank=True,
    )
    import_batch = models.ForeignKey(
        "activities.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
    )
    # The organisation as the sheet wrote it when it matched no organisation on record: kept,
    # never dropped, so the split by organisation shows it and an alias can match it later.
    organisation_text = models.CharField(
        _("organisation as written"), max_length=300, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "person__full_name"]
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="attendance_once_per_event",
                violation_error_message=_("This person is already recorded at this event."),
            )
        ]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.event} ({self.get_role_display()})"


class EventTally(models.Model):
    """Participant attendances of one event by the sex of the person: the participants rule
    pre-aggregated, so a figure over many events reads a row per event and sex rather than
    every attendance (pathways.results.figures uses it when no person-level filter applies).

    Kept exact by the database itself: triggers on attendance and person (migration
    0004_event_tally) apply every insert, delete and change of either, whatever wrote it
    (services, the importer's COPY, merges, raw SQL). A row exists only while its count is
    above zero. `pathways.activities.tally` recounts it from the records."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+", db_index=False)
    sex = models.CharField(max_length=12)
    participants = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Also the index the triggers look rows up by.
            models.UniqueConstraint(fields=["event", "sex"], name="event_tally_once")
        ]
        indexes = [
            # The triggers delete emptied rows through it; it holds none between statements.
            models.Index(fields=["event"], name="event_tally_empty", condition=Q(participants=0))
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.sex}: {self.participants}"


class ImportBatch(models.Model):
    """One confirmed import of a sheet into an event; the file hash makes re-imports no-ops."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="import_batches")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    report = models.JSONField(default=dict)
    # Rows left out for their problems, as the sheet had them plus a "problem" column, to
    # download, fix and import again: personal data, so emptied with the uploads
    # (`uploads_purge`, PATHWAYS_UPLOAD_RETENTION_HOURS). {} when none were left out.
    problem_rows = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "file_sha256"], name="import_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.event}"


class ImportUpload(models.Model):
    """A sheet uploaded for an import and not yet imported. It belongs to the user who uploaded
    it, not to their browser session; its file (`importing/uploads.py`) is deleted when the
    import succeeds or is cancelled, or by `purge_uploads` once it has been left unused."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("being checked")
        FAILED = "failed", _("import failed")

    token = models.CharField(max_length=32, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    encoding = models.CharField(max_length=16, blank=True)  # chosen by the user; "" detects
    mapping = models.JSONField(null=True, blank=True)  # chosen by the user; null detects
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PREVIEW)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class ColumnMapping(models.Model):
    """The column mapping an organisation used last, remembered for its next sheet."""

    organisation = models.ForeignKey(
        "programs.Organisation", on_delete=models.CASCADE, related_name="column_mappings"
    )
    header_signature = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "header_signature"], name="mapping_once_per_header"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {len(self.mapping)} columns"


class PersonMerge(models.Model):
    """A merge of a duplicate person into a kept one, with what is needed to undo it."""

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges_kept")
    merged_snapshot = models.JSONField(help_text="The merged person's fields, for undo.")
    moved_attendance_ids = models.JSONField(default=list)
    dropped_attendances = models.JSONField(
        default=list, help_text="Attendances removed because both persons attended the event."
    )
    filled_fields = models.JSONField(
        default=dict, help_text="Fields of the kept person filled from the merged one: old values."
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"Merge into {self.kept} ({self.merged_at:%Y-%m-%d})"


class PersonBlock(models.Model):
    """One block a person is in for duplicate finding (pathways.activities.dedup.blocks), kept by
    the services that write persons, so newly imported persons are compared against just the
    persons sharing a block rather than their whole country.

    `rest` and `year` are the person's place in the block's sorted window.

    The rows are an index of the persons, made again from them whenever wanted
    (`blocks.refresh_person_blocks`, and every full duplicate finder run makes a country's
    rows exactly those of its persons). So the database does not check their keys: a big
    import writes several rows per person, and checking each one's key would slow its
    commit for no gain (docs/performance.md). Django's deletion cascades to them and clears
    them, and a row left behind by a person deleted some other way is skipped by its readers
    until the next full run clears it."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="blocks",
        db_index=False,
        db_constraint=False,
    )
    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    key = models.CharField(max_length=500)
    rest = models.CharField(max_length=400, blank=True)
    year = models.PositiveSmallIntegerField(default=0)
    organisation = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.SET_NULL,  # as the person's own, so the two stay alike
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        indexes = [models.Index(fields=["country", "key"], name="person_block_key")]
        # Also the index for a person's own rows.
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="person_block_once")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.key}"


class DuplicateCandidate(models.Model):
    """A pair of persons that may be one, waiting for a data officer's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        MERGED = "merged", _("Merged")
        DISTINCT = "distinct", _("Kept apart")

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_pair_once"),
            models.CheckConstraint(
                condition=Q(person_a__lt=models.F("person_b")), name="candidate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a} ~ {self.person_b} ({self.score:.2f})"
