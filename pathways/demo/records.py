"""Builds the demo's events, persons and attendance from its plan (`plan`, `cambodia_plan`).

Everything is reproducible (a fixed random seed) and marked `is_synthetic`. Each created
event and person is recorded in the audit trail as created by the `load_demo` command.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from pathways.activities.dedup.matching import name_key
from pathways.activities.models import Attendance, Event, Person, Sex, Topic
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_bulk, diff, snapshot
from pathways.demo import cambodia_plan, names, plan
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway, Province

SEED = 20210701
RESOURCE_ROLES = (Attendance.Role.FACILITATOR, Attendance.Role.SPEAKER, Attendance.Role.ORGANISER)
POSITION_ORGS = {
    "police": "CNP",
    "prosecutor": "MoJ",
    "judge": "MoJ",
    "social_worker": "MoSVY",
    "ngo_staff": "LSCW",
    "government": "MoI",
}
AGE_BANDS = [
    (1997, 2003, "18_24"),
    (1987, 1996, "25_34"),
    (1977, 1986, "35_44"),
    (1967, 1976, "45_54"),
    (1955, 1966, "55_plus"),
]


class DemoRefused(Exception):
    """Demo data would be loaded where it must not be."""


@dataclass
class NamePool:
    """Unique (local, Latin) names for one country and sex, drawn without replacement."""

    combos: list[tuple[str, str]]
    taken: int = 0

    def draw(self) -> tuple[str, str] | None:
        if self.taken >= len(self.combos):
            return None
        self.taken += 1
        return self.combos[self.taken - 1]


def _name_combos(rng: random.Random, style: str, sex: str) -> list[tuple[str, str]]:
    if style in {"khmer", "lao", "thai"}:
        family, women, men = {
            "khmer": (names.KHMER_FAMILY, names.KHMER_WOMEN, names.KHMER_MEN),
            "lao": (names.LAO_FAMILY, names.LAO_WOMEN, names.LAO_MEN),
            "thai": (names.THAI_FAMILY, names.THAI_WOMEN, names.THAI_MEN),
        }[style]
        given = women if sex == Sex.WOMAN else men
        if style == "khmer":  # family name first
            combos = [(f"{f[0]} {g[0]}", f"{f[1]} {g[1]}") for f in family for g in given]
        else:
            combos = [(f"{g[0]} {f[0]}", f"{g[1]} {f[1]}") for f in family for g in given]
    else:
        family, women, men = {
            "viet": (names.VIET_FAMILY, names.VIET_WOMEN, names.VIET_MEN),
            "filipino": (names.FILIPINO_FAMILY, names.FILIPINO_WOMEN, names.FILIPINO_MEN),
            "indonesian": (
                names.INDONESIAN_FAMILY,
                names.INDONESIAN_WOMEN,
                names.INDONESIAN_MEN,
            ),
        }[style]
        given = women if sex == Sex.WOMAN else men
        if style == "viet":
            combos = [(f"{f} {g}", f"{f} {g}") for f in family for g in given]
        else:
            combos = [(f"{g} {f}", f"{g} {f}") for f in family for g in given]
    rng.shuffle(combos)
    return combos


@dataclass
class DemoBuilder:
    rng: random.Random
    country: Country
    style: str
    orgs: dict[str, Organisation]
    pools: dict[str, NamePool] = field(default_factory=dict)
    persons: list[Person] = field(default_factory=list)

    def pool(self, sex: str) -> NamePool:
        """Names for women, or for men; a person whose sex was not recorded or is other
        gets a name from either."""
        if sex not in (Sex.WOMAN, Sex.MAN):
            sex = self.rng.choice([Sex.WOMAN, Sex.MAN])
        if sex not in self.pools:
            self.pools[sex] = NamePool(_name_combos(self.rng, self.style, sex))
        return self.pools[sex]

    def new_person(self, *, sex: str, position: str, fallback_org: str) -> Person:
        drawn = self.pool(sex).draw()
        if drawn is None:
            raise DemoRefused(f"Ran out of unique demo names for {self.country.code} ({sex}).")
        local, latin = drawn
        birth_year = self.rng.randint(1960, 2001)
        band = next(b for lo, hi, b in AGE_BANDS if lo <= birth_year <= hi)
        person = Person(
            full_name=local,
            latin_name=latin if latin != local else "",
            name_key=name_key(local),
            sex=sex,
            birth_year=birth_year if self.rng.random() < 0.7 else None,
            age_band=band,
            organisation=self.orgs.get(POSITION_ORGS.get(position, fallback_org)),
            position=position,
            email=self._email(latin) if self.rng.random() < 0.4 else "",
            country=self.country,
            is_synthetic=True,
        )
        self._washington_group(person)
        person.save()
        self.persons.append(person)
        return person

    def _email(self, latin: str) -> str:
        local = ".".join(latin.lower().split())
        ascii_local = local.encode("ascii", "ignore").decode() or "person"
        return f"{ascii_local}.{self.rng.randint(100, 999)}@example.org"

    def _washington_group(self, person: Person) -> None:
        if self.rng.random() < 0.35:
            return  # not asked
        for domain in Person.WASHINGTON_GROUP_DOMAINS:
            roll = self.rng.random()
            answer = "no" if roll < 0.9 else "some" if roll < 0.98 else "a_lot"
            setattr(person, f"wg_{domain}", answer)


def _event(
    *,
    country: Country,
    title: str,
    event_type: str,
    lead: Organisation | None,
    start: dt.date,
    days: int,
    province: str,
    pathway: str,
    outcomes: Sequence[str],
    topics: Sequence[str],
    co_organisers: Sequence[Organisation] = (),
    modality: str = Event.Modality.IN_PERSON,
) -> Event:
    event = Event.objects.create(
        title=title,
        event_type=event_type,
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        country=country,
        province=Province.objects.filter(country=country, name=province).first(),
        pathway=Pathway.objects.get(code=pathway),
        lead_organisation=lead,
        modality=modality,
        description="Synthetic demo event.",
        is_synthetic=True,
    )
    event.outcome_areas.set(OutcomeArea.objects.filter(code__in=outcomes))
    event.co_organisers.set(co_organisers)
    event.topics.set([Topic.objects.get_or_create(name=t)[0] for t in topics])
    return event


def _attend(
    event: Event, people: Sequence[Person], role: str = Attendance.Role.PARTICIPANT
) -> None:
    Attendance.objects.bulk_create(
        [
            Attendance(
                event=event,
                person=p,
                role=role,
                days_attended=event_days(event),
                # Without a birth year, the band the sheet wrote for the event is what counts.
                age_band=None if p.birth_year else p.age_band,
            )
            for p in people
        ]
    )


def event_days(event: Event) -> int:
    return (event.end_date - event.start_date).days + 1


def _split_women(sizes: Sequence[int], women_total: int) -> list[int]:
    """Women per event, proportional to size, summing exactly to women_total."""
    total = sum(sizes)
    exact = [s * women_total / total for s in sizes]
    women = [int(x) for x in exact]
    by_remainder = sorted(range(len(sizes)), key=lambda i: exact[i] - women[i], reverse=True)
    for i in by_remainder[: women_total - sum(women)]:
        women[i] += 1
    return women


def _sample(rng: random.Random, people: Sequence[Person], k: int) -> list[Person]:
    return rng.sample(list(people), min(k, len(people)))


def _cambodia(builder: DemoBuilder) -> list[Event]:
    events, trained = _cambodia_trainings(builder)
    events += _cambodia_gatherings(builder, trained)
    _resource_people(builder, events)
    return events


def _cambodia_trainings(builder: DemoBuilder) -> tuple[list[Event], dict[str, list[Person]]]:
    trained: dict[str, list[Person]] = {}
    events = []
    for t in cambodia_plan.KH_TRAININGS:
        event = _event(
            country=builder.country,
            title=t.title,
            event_type=Event.Type.TRAINING,
            lead=builder.orgs[t.lead],
            start=t.start,
            days=t.days,
            province=t.province,
            pathway=t.pathway,
            outcomes=[t.outcome],
            topics=t.topics,
            co_organisers=[builder.orgs[a] for a in t.co_organisers],
        )
        new = [
            builder.new_person(
                sex=sex, position=builder.rng.choice(t.positions), fallback_org=t.lead
            )
            for sex, n in ((Sex.WOMAN, t.women), (Sex.MAN, t.men))
            for _ in range(n)
        ]
        repeats: list[Person] = []
        if t.repeat_from:
            earlier = trained[t.repeat_from]
            for sex, n in ((Sex.WOMAN, t.repeat_women), (Sex.MAN, t.repeat_men)):
                repeats += _sample(builder.rng, [p for p in earlier if p.sex == sex], n)
        trained[t.key] = new + repeats
        _attend(event, new + repeats)
        events.append(event)
    return events, trained


def _cambodia_gatherings(builder: DemoBuilder, trained: dict[str, list[Person]]) -> list[Event]:
    women_trained_att = sum(t.women + t.repeat_women for t in cambodia_plan.KH_TRAININGS)
    women_left = cambodia_plan.KH_PARTICIPANTS_WOMEN - women_trained_att
    sizes = [g.size for g in cambodia_plan.KH_GATHERINGS]
    all_trained = list({p.pk: p for ps in trained.values() for p in ps}.values())
    regulars: dict[str, list[Person]] = {Sex.WOMAN: [], Sex.MAN: []}
    events = []
    for g, women in zip(cambodia_plan.KH_GATHERINGS, _split_women(sizes, women_left), strict=True):
        event = _event(
            country=builder.country,
            title=g.title,
            event_type=g.event_type,
            lead=builder.orgs[g.lead],
            start=g.start,
            days=g.days,
            province=g.province,
            pathway=g.pathway,
            outcomes=[g.outcome],
            topics=g.topics,
            co_organisers=[builder.orgs[a] for a in g.co_organisers],
            modality=g.modality,
        )
        people: list[Person] = []
        for sex, n in ((Sex.WOMAN, women), (Sex.MAN, g.size - women)):
            people += _gathering_people(builder, sex, n, all_trained, regulars[sex], g.lead)
        _attend(event, people)
        events.append(event)
    return events


def _gathering_people(
    builder: DemoBuilder,
    sex: str,
    n: int,
    trained: list[Person],
    regulars: list[Person],
    lead: str,
) -> list[Person]:
    """n distinct people of one sex: some trained earlier, some regulars, the rest new."""
    rng = builder.rng
    from_trained = _sample(rng, [p for p in trained if p.sex == sex], round(n * 0.2))
    from_regulars = _sample(rng, regulars, round(n * 0.3))
    positions = ("government", "police", "prosecutor", "social_worker", "ngo_staff")
    new = [
        builder.new_person(sex=sex, position=rng.choice(positions), fallback_org=lead)
        for _ in range(n - len(from_trained) - len(from_regulars))
    ]
    regulars += new
    return from_trained + from_regulars + new


def _resource_people(builder: DemoBuilder, events: list[Event]) -> None:
    """Facilitators, speakers and organisers: recorded, never counted as participants."""
    staff = [
        builder.new_person(sex=sex, position="other", fallback_org="LSCW")
        for sex in (Sex.WOMAN, Sex.MAN, Sex.WOMAN, Sex.MAN)
    ]
    for event in events:
        chosen = _sample(builder.rng, staff, 2)
        for person, role in zip(chosen, builder.rng.sample(RESOURCE_ROLES, 2), strict=True):
            Attendance.objects.create(event=event, person=person, role=role, days_attended=1)


ILLUSTRATIVE_TITLES = [
    ("training", "Training on investigating trafficking in persons cases"),
    ("training", "Training on victim identification and referral"),
    ("workshop", "Workshop on victim-sensitive case management"),
    ("consultation", "Consultation on the national plan of action against trafficking"),
    ("meeting", "Coordination meeting of the anti-trafficking committee"),
    ("forum", "Dialogue between government and civil society on migrant workers' rights"),
    ("twg", "Technical working group on trafficking in persons data"),
]


def _builder(rng: random.Random, code: str, style: str) -> DemoBuilder:
    country = Country.objects.get(code=code)
    orgs = {o.acronym: o for o in Organisation.objects.filter(country=country)}
    return DemoBuilder(rng=rng, country=country, style=style, orgs=orgs)


def _illustrative(builder: DemoBuilder, spec: plan.IllustrativeCountry) -> list[Event]:
    events: list[Event] = []
    for fy in spec.fiscal_years:
        for i in range(spec.events_per_year):
            events.append(_illustrative_event(builder, spec, fy, i))
    return events


def _illustrative_event(
    builder: DemoBuilder, spec: plan.IllustrativeCountry, fy: int, i: int
) -> Event:
    rng = builder.rng
    event_type, title = ILLUSTRATIVE_TITLES[i % len(ILLUSTRATIVE_TITLES)]
    start = dt.date(fy, 7, 1) + dt.timedelta(days=rng.randint(0, 360))
    lead = spec.leads[i % len(spec.leads)]
    event = _event(
        country=builder.country,
        title=f"{title} ({builder.country.name}, {start:%B %Y})",
        event_type=event_type,
        lead=builder.orgs.get(lead),
        start=start,
        days=2 if event_type == "training" else 1,
        province=rng.choice(spec.provinces),
        pathway=rng.choice(["national", "national", "policy", "regional"]),
        outcomes=[rng.choice(["justice", "victim-rights-gedsi", "partnerships"])],
        topics=[rng.choice([plan.VI, plan.PROT, plan.COOP, plan.GEDSI])],
    )
    people: list[Person] = []
    for _ in range(rng.randint(12, 24)):
        seated = {p.pk for p in people}
        existing = [p for p in builder.persons if p.pk not in seated]
        if existing and rng.random() < 0.35:
            people.append(rng.choice(existing))
            continue
        roll = rng.random()
        sex = (
            Sex.NOT_RECORDED
            if roll < spec.not_recorded_share
            else Sex.WOMAN
            if roll < 0.45
            else Sex.MAN
        )
        position = rng.choice(["police", "prosecutor", "social_worker", "government", "ngo_staff"])
        try:
            people.append(builder.new_person(sex=sex, position=position, fallback_org=lead))
        except DemoRefused:
            # Names for this country are used up: the seat goes to someone who came before.
            if existing:
                people.append(rng.choice(existing))
    _attend(event, people)
    return event


def demo_loaded() -> bool:
    return Event.objects.filter(is_synthetic=True).exists()


def load_demo_records() -> tuple[int, int, int]:
    """Create the demo events, persons and attendance once. Returns counts created.

    A second call changes nothing.
    """
    if demo_loaded():
        return (0, 0, 0)
    rng = random.Random(SEED)
    with transaction.atomic():
        builders = {"KH": _builder(rng, "KH", "khmer")}
        events = _cambodia(builders["KH"])
        for spec in plan.ILLUSTRATIVE:
            if spec.code not in builders:
                builders[spec.code] = _builder(rng, spec.code, spec.names)
            events += _illustrative(builders[spec.code], spec)
        persons = Person.objects.filter(is_synthetic=True)
        _audit_created([*events, *persons])
        return (
            len(events),
            persons.count(),
            Attendance.objects.filter(event__is_synthetic=True).count(),
        )


def _audit_created(instances: Sequence[Event | Person]) -> None:
    audit_bulk(
        actor=None,
        action=AuditEvent.Action.CREATE,
        entries=[(i, diff({}, snapshot(i))) for i in instances],
        source=AuditEvent.Source.COMMAND,
    )
