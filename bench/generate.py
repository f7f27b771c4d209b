"""Scale data for the benchmarks: reproducible synthetic events, persons and attendance.

    python bench/generate.py [--seed 1] [--scale 1.0]

Writes into the database DATABASE_URL names (SQLite by default, or PostgreSQL): the reference
data, the demo personas, and at scale 1.0 ten countries over ten financial years (July 2016 –
June 2026), 40,000 events, 200,000 persons and 1,000,000 attendances. The database is
flushed first. Every record is synthetic (is_synthetic=True) and the same seed always gives
the same rows with the same primary keys.

Names come from bench/dedup_data.py (syllables in each country's script with their Latin
spelling); a tenth of the persons are labelled duplicates of another person of the same
country (name order swapped, the other script, a typo, spacing and case, phone format), and
the labelled pairs are written to var/bench/duplicates-<database>.json for the de-duplication
benchmark. var/bench/generated-<database>.json records the seed, the scale and the row counts,
so bench/run.py can tell whether a database already holds the data it asks for.

Rows are written through one prepared INSERT on SQLite and COPY on PostgreSQL, not through
the ORM: a million model instances would take longer than the benchmarks themselves.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import functools
import itertools
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import phonenumbers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import dedup_data  # noqa: E402
from pathways.activities.dedup.blocks import store_missing_blocks  # noqa: E402
from pathways.activities.dedup.matching import match_key, name_key  # noqa: E402
from pathways.demo.personas import ensure_demo_personas  # noqa: E402
from pathways.lib.bulk import sqlite_insert  # noqa: E402
from pathways.programs.models import Country, Organisation, Pathway, Province  # noqa: E402
from pathways.programs.services import load_reference_data  # noqa: E402

BENCH_VAR = ROOT / "var" / "bench"
FULL = {"events": 40_000, "persons": 200_000, "attendances": 1_000_000}
FIRST_YEAR = 2016  # financial years July FIRST_YEAR – June FIRST_YEAR + 10
YEARS = 10
DUPLICATE_SHARE = 0.1

# How names are written, by country code (bench/dedup_data.py keys styles by its own ids).
STYLE_ID = {"KH": 1, "TH": 2, "LA": 3, "VN": 4, "PH": 5, "ID": 6, "MY": 7, "SG": 8, "BN": 9}
STYLE_ID["MM"] = 10
# Share of the program's events by country: active national programs carry most of them.
COUNTRY_WEIGHT = {"KH": 16, "LA": 13, "PH": 15, "TH": 15, "VN": 15, "ID": 10, "MM": 4}
COUNTRY_WEIGHT |= {"MY": 5, "SG": 3, "BN": 4}
EVENT_TYPES = {
    "training": 30,
    "workshop": 24,
    "meeting": 12,
    "consultation": 9,
    "forum": 6,
    "twg": 8,
    "conference": 3,
    "assessment": 5,
    "other": 3,
}
ROLES = {"participant": 88, "facilitator": 5, "speaker": 3, "organiser": 2, "staff": 2}
SEXES = {"woman": 44, "man": 49, "other": 0.5, "not_recorded": 6.5}
POSITIONS = ["police", "prosecutor", "judge", "social_worker", "labour_inspector"]
POSITIONS += ["immigration", "ngo_staff", "government", "academic", "private", "other", ""]
AGE_BANDS = ["18_24", "25_34", "35_44", "45_54", "55_plus", "not_recorded"]
TOPICS = ["victim identification", "trafficking investigations", "anti-money laundering"]
TOPICS += ["victim protection", "labour migration", "referral mechanisms", "online exploitation"]


_CUMULATIVE: dict[int, tuple[list[str], list[float]]] = {}


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    """A key drawn by weight (one random number, a bisection: a million draws stay cheap)."""
    keys, cumulative = _CUMULATIVE.get(id(weights)) or _CUMULATIVE.setdefault(
        id(weights), (list(weights), list(itertools.accumulate(weights.values())))
    )
    return keys[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


# Names repeat across persons; their keys are computed once each.
cached_name_key = functools.lru_cache(maxsize=None)(name_key)
cached_match_key = functools.lru_cache(maxsize=None)(match_key)

# Mobile numbers that phonenumbers accepts, by country: (dial code, leading digits, digits).
MOBILE = {"KH": ("855", "1", 7), "TH": ("66", "8", 8), "LA": ("856", "20", 8)}
MOBILE |= {"VN": ("84", "9", 8), "PH": ("63", "9", 9), "ID": ("62", "81", 9)}
MOBILE |= {"MY": ("60", "12", 7), "SG": ("65", "8", 7), "BN": ("673", "8", 6)}
MOBILE["MM"] = ("95", "9", 9)


def mobile(rng: random.Random, code: str) -> str:
    """A valid mobile number in E.164, as the importer would store it."""
    dial, lead, digits = MOBILE[code]
    for _ in range(20):
        number = f"+{dial}{lead}{rng.randrange(10 ** (digits - 1), 10**digits)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number
    return number


@dataclass
class Plan:
    """Everything generated, as rows ready to write."""

    events: list[tuple] = field(default_factory=list)
    co_organisers: list[tuple] = field(default_factory=list)
    outcome_areas: list[tuple] = field(default_factory=list)
    persons: list[tuple] = field(default_factory=list)
    attendances: list[tuple] = field(default_factory=list)
    labels: list[tuple[int, int, str]] = field(default_factory=list)


class Reference:
    """The reference data the rows point at, read once."""

    def __init__(self) -> None:
        self.countries = list(Country.objects.order_by("pk"))
        self.provinces = {c.pk: [] for c in self.countries}
        for province in Province.objects.order_by("pk"):
            self.provinces[province.country_id].append(province.pk)
        self.regional_orgs = list(
            Organisation.objects.filter(country=None).order_by("pk").values_list("pk", flat=True)
        )
        self.orgs = {c.pk: [] for c in self.countries}
        for org in Organisation.objects.exclude(country=None).order_by("pk"):
            self.orgs[org.country_id].append(org.pk)
        self.pathways = list(Pathway.objects.order_by("pk").values_list("pk", flat=True))
        from pathways.programs.models import OutcomeArea

        self.outcome_areas = list(OutcomeArea.objects.order_by("pk").values_list("pk", flat=True))


# --- planning ---------------------------------------------------------------------------------


def split(total: int, weights: dict[str, float], keys: list[str]) -> dict[str, int]:
    """`total` split by weight, exactly (largest remainders)."""
    whole = sum(weights[k] for k in keys)
    raw = {k: total * weights[k] / whole for k in keys}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(keys, key=lambda k: out[k] - raw[k])[: total - sum(out.values())]:
        out[k] += 1
    return out


def plan_persons(rng: random.Random, ref: Reference, counts: dict[str, int], plan: Plan):
    """Persons by country, a tenth of them labelled duplicates; returns pks by country."""
    now = timezone.now()
    pks: dict[int, list[int]] = {}
    pk = 0
    for country in ref.countries:
        n = counts[country.code]
        originals = max(1, round(n * (1 - DUPLICATE_SHARE)))
        style = STYLE_ID[country.code]
        made = []
        for _ in range(originals):
            pk += 1
            record, name = dedup_data.make_person(rng, pk, style)
            # This program's sex shares (with some not recorded) and valid mobile numbers;
            # duplicates inherit both from their original, as bench/dedup_data.py intends.
            phone = mobile(rng, country.code) if record.phone else ""
            record = replace(record, sex=weighted(rng, SEXES), phone=phone)
            made.append((record, name))
            plan.persons.append(person_row(rng, ref, country, record, now))
        for i in range(n - originals):
            pk += 1
            record, name = made[rng.randrange(len(made))]
            kind = dedup_data.KINDS[i % len(dedup_data.KINDS)]
            duplicate = dedup_data.make_duplicate(rng, record, name, pk, kind)
            plan.persons.append(person_row(rng, ref, country, duplicate, now))
            plan.labels.append((record.pk, pk, kind))
        pks[country.pk] = list(range(pk - n + 1, pk + 1))
    return pks


def person_row(rng, ref: Reference, country: Country, record, now) -> tuple:
    orgs = ref.orgs[country.pk]
    # dedup_data numbers organisations per country; duplicates keep their original's.
    organisation = (
        orgs[record.organisation_id % len(orgs)] if orgs and record.organisation_id else None
    )
    wg = ["not_asked"] * 6 if rng.random() < 0.7 else _washington(rng)
    return (
        record.pk,
        record.full_name,
        record.latin_name,
        cached_name_key(record.full_name),
        record.sex,
        record.birth_year,
        rng.choice(AGE_BANDS),
        *wg,
        rng.choice(POSITIONS),
        record.phone,
        record.email,
        True,
        1,
        now,
        now,
        country.pk,
        organisation,
        cached_match_key(record.full_name, record.latin_name),
    )


def _washington(rng: random.Random) -> list[str]:
    answers = ["no"] * 12 + ["some"] * 3 + ["a_lot", "cannot"]
    return [rng.choice(answers) for _ in range(6)]


def plan_events(rng: random.Random, ref: Reference, counts: dict[str, int], plan: Plan):
    """Events by country over ten years; returns (pk, country pk, size weight) per event."""
    now = timezone.now()
    first = dt.date(FIRST_YEAR, 7, 1)
    days = (dt.date(FIRST_YEAR + YEARS, 6, 30) - first).days
    out = []
    pk = 0
    for country in ref.countries:
        for _ in range(counts[country.code]):
            pk += 1
            event_type = weighted(rng, EVENT_TYPES)
            start = first + dt.timedelta(days=rng.randrange(days + 1))
            end = start + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, 4)))
            lead = _lead(rng, ref, country)
            provinces = ref.provinces[country.pk]
            province = rng.choice(provinces) if provinces and rng.random() < 0.8 else None
            topic = rng.choice(TOPICS)
            title = f"{event_type.title()} on {topic} #{pk}"
            modality = rng.choices(("in_person", "online", "hybrid"), (80, 12, 8))[0]
            plan.events.append(
                (
                    pk,
                    title,
                    event_type,
                    start,
                    end,
                    modality,
                    "",
                    True,
                    1,
                    now,
                    now,
                    country.pk,
                    lead,
                    rng.choice(ref.pathways),
                    province,
                    None,
                )
            )
            _links(rng, ref, country, pk, plan)
            # Trainings and workshops are larger than meetings; sizes vary widely.
            base = 1.4 if event_type in ("training", "workshop", "forum", "conference") else 0.6
            out.append((pk, country.pk, base * rng.lognormvariate(0, 0.6)))
    return out


def _lead(rng: random.Random, ref: Reference, country: Country) -> int | None:
    orgs = ref.orgs[country.pk]
    if orgs and rng.random() < 0.85:
        return rng.choice(orgs)
    return rng.choice(ref.regional_orgs) if ref.regional_orgs else None


def _links(rng, ref: Reference, country: Country, event_pk: int, plan: Plan) -> None:
    orgs = ref.orgs[country.pk] + ref.regional_orgs
    if orgs and rng.random() < 0.3:
        for org in sorted(rng.sample(orgs, min(len(orgs), rng.randint(1, 2)))):
            plan.co_organisers.append((event_pk, org))
    for area in sorted(rng.sample(ref.outcome_areas, rng.randint(1, 2))):
        plan.outcome_areas.append((event_pk, area))


def plan_attendances(rng, events, persons_by_country, total: int, plan: Plan) -> None:
    """`total` attendances spread over events by their size weight. Attendees are drawn
    with a skew, so some persons come back to many events and most to a few."""
    now = timezone.now()
    whole = sum(w for _, _, w in events)
    sizes = [max(2, round(total * w / whole)) for _, _, w in events]
    # Exactly `total`: rounding leaves a few too many or too few, taken from or given to the
    # largest events (never below two attendees).
    excess = sum(sizes) - total
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i])[: abs(excess)]:
        sizes[i] -= 1 if excess > 0 else -1
    pk = 0
    for (event_pk, country_pk, _), size in zip(events, sizes, strict=True):
        pool = persons_by_country[country_pk]
        chosen: set[int] = set()
        size = min(size, len(pool))
        while len(chosen) < size:
            chosen.add(pool[int(len(pool) * rng.random() ** 1.6)])
        for person_pk in sorted(chosen):
            pk += 1
            role = weighted(rng, ROLES)
            plan.attendances.append((pk, role, None, None, None, now, event_pk, None, person_pk))
    if pk != total:  # only when a country has fewer persons than an event's size
        print(f"note: {pk} attendances (a small scale caps event sizes at the persons there)")


def build(seed: int, scale: float) -> Plan:
    rng = random.Random(seed)
    ref = Reference()
    codes = [c.code for c in ref.countries]
    plan = Plan()
    n_persons = max(len(codes) * 10, round(FULL["persons"] * scale))
    n_events = max(len(codes) * 5, round(FULL["events"] * scale))
    n_attendances = max(n_events * 2, round(FULL["attendances"] * scale))
    persons = plan_persons(rng, ref, split(n_persons, COUNTRY_WEIGHT, codes), plan)
    events = plan_events(rng, ref, split(n_events, COUNTRY_WEIGHT, codes), plan)
    plan_attendances(rng, events, persons, n_attendances, plan)
    return plan


# --- writing ----------------------------------------------------------------------------------

TABLES = {
    "activities_person": (
        "id full_name latin_name name_key sex birth_year age_band wg_seeing wg_hearing "
        "wg_walking wg_cognition wg_self_care wg_communication position phone email "
        "is_synthetic version created_at updated_at country_id organisation_id match_key"
    ),
    "activities_event": (
        "id title event_type start_date end_date modality description is_synthetic version "
        "created_at updated_at country_id lead_organisation_id pathway_id province_id "
        "reported_by_id"
    ),
    "activities_event_co_organisers": "event_id organisation_id",
    "activities_event_outcome_areas": "event_id outcomearea_id",
    "activities_attendance": (
        "id role days_attended pre_test_score post_test_score created_at event_id "
        "import_batch_id person_id"
    ),
}


def write(table: str, rows: list[tuple]) -> None:
    columns = TABLES[table].split()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    # As the importer writes them (see pathways.lib.bulk).
    with connection.cursor() as cursor:
        sqlite_insert(cursor, table, ", ".join(columns), rows)


def reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id written
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )
        cursor.execute("ANALYZE")


def fresh_database() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    load_reference_data()
    ensure_demo_personas(password=os.environ.get("DEMO_PASSWORD") or "pathways-demo")


def labels_path(vendor: str | None = None) -> Path:
    """The labelled duplicate pairs of the data in this database (sqlite or postgresql)."""
    return BENCH_VAR / f"duplicates-{vendor or connection.vendor}.json"


def marker_path(vendor: str | None = None) -> Path:
    return BENCH_VAR / f"generated-{vendor or connection.vendor}.json"


def row_counts() -> dict[str, int]:
    from pathways.activities.models import Attendance, Event, Person

    return {
        "events": Event.objects.count(),
        "persons": Person.objects.count(),
        "attendances": Attendance.objects.count(),
    }


def holds(seed: int, scale: float) -> bool:
    """Whether this database holds the data `generate(seed=seed, scale=scale)` writes: the
    marker says so and the row counts still agree with it (a flush or a stray write shows)."""
    try:
        marker = json.loads(marker_path().read_text())
    except (OSError, ValueError):
        return False
    if marker.get("seed") != seed or marker.get("scale") != scale:
        return False
    if not labels_path().exists():
        return False
    try:
        return row_counts() == marker["counts"]
    except Exception:  # no tables yet: not generated
        return False


def write_marker(seed: int, scale: float) -> None:
    marker_path().write_text(json.dumps({"seed": seed, "scale": scale, "counts": row_counts()}))


def write_labels(plan: Plan, seed: int, scale: float) -> None:
    path = labels_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "seed": seed,
                "scale": scale,
                "database": connection.vendor,
                "pairs": [[a, b, kind] for a, b, kind in plan.labels],
            }
        )
    )


def generate(*, seed: int = 1, scale: float = 1.0, quiet: bool = False) -> dict[str, float]:
    """Flush the database and fill it; returns row counts and seconds taken."""
    started = time.perf_counter()
    marker_path().unlink(missing_ok=True)
    fresh_database()
    plan = build(seed, scale)
    planned = time.perf_counter()
    with transaction.atomic():
        write("activities_person", plan.persons)
        write("activities_event", plan.events)
        write("activities_event_co_organisers", plan.co_organisers)
        write("activities_event_outcome_areas", plan.outcome_areas)
        write("activities_attendance", plan.attendances)
        # As the importer would have: each person's duplicate-finding blocks, so the first
        # import into a country does not pay for storing those of its persons on record.
        for country_pk in Country.objects.values_list("pk", flat=True):
            store_missing_blocks(country_pk)
    reset_sequences()
    write_labels(plan, seed, scale)
    write_marker(seed, scale)
    done = time.perf_counter()
    report = {
        "events": len(plan.events),
        "persons": len(plan.persons),
        "attendances": len(plan.attendances),
        "labelled_pairs": len(plan.labels),
        "plan_seconds": round(planned - started, 1),
        "write_seconds": round(done - planned, 1),
        "seconds": round(done - started, 1),
    }
    if not quiet:
        print(", ".join(f"{k}={v}" for k, v in report.items()))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = a million attendances")
    args = parser.parse_args()
    generate(seed=args.seed, scale=args.scale)


if __name__ == "__main__":
    main()
