"""Mass intake benchmark (issue 20 item 8): a roster of 7,000 people imported as one group
of draft screenings, and 50 screeners recording answers at once.

    python bench/roster_bench.py [--database sqlite|postgresql|both] [--people 7000]
                                 [--screeners 50] [--seconds 20] [--registered 300]

Targets: the import of 7,000 people in under a minute, sealing and registry checks
included; answers recorded with p95 under 300 ms for 50 screeners at once.

The data is synthetic and made here: a roster shaped like the list of 7,141 people handed
over at Myawaddy in February 2025 (28 nationalities, Chinese the most at about two thirds,
then Vietnamese, Indian, Ethiopian, Indonesian, Filipino …), names made of common syllables
of each language written in its script (Chinese characters beside the pinyin, Thai,
Burmese, Vietnamese with its diacritics, Latin for the others), ages 16 to 55, about 1% of
the rows listed twice. Before the import, `--registered` of the roster's people are
registered as clients (sealed, with their birth date), so the registry check finds them.

Each step runs in a child process against a database of its own (PostgreSQL
`pw_roster_bench`, SQLite `var/bench/roster.sqlite3`, both made fresh each run):

- prepare: the agency (Thai), the importing screener, the registered clients, the roster
  file (var/bench/roster-<people>.csv) and the shipped scam-compound indicator set;
- import: `services.roster_import` on the file, timed, in a process that does nothing else:
  its peak resident memory is the import's (with Django loaded, reported beside it);
- answers: the group's screenings shared among `--screeners` screeners (each takes its
  share of the roster, as at a handover); one thread per screener records answers through
  `services.screening_answer` (consent and the set first, then five indicators at a time)
  for `--seconds`. What is timed is one answer as a page would make it: the screening
  fetched through the access layer (`access.screening_for`), then the service (its checks,
  the sealing of the answers, the audit entry) in one transaction. No screening answer
  page exists yet, so the HTTP layer (session, two-factor, template) is not in the figure.

Results go into docs/performance.md between `<!-- roster:start -->` and
`<!-- roster:end -->`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import VAR, database_versions, machine, replace_section
from bench.load import CASEWORK_MASTER_KEY_FILE, PYTHON, ROOT

PG_URL = os.environ.get("BENCH_ROSTER_PG_URL", "postgres://postgres@127.0.0.1:5432/pw_roster_bench")
SQLITE_PATH = VAR / "roster.sqlite3"
DATABASES = {"postgresql": PG_URL, "sqlite": f"sqlite:///{SQLITE_PATH}"}
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
START, END = "<!-- roster:start -->", "<!-- roster:end -->"
AGENCY = "Bench roster agency (synthetic)"
IMPORTER = "bench_roster_importer"
SCREENER_PREFIX = "bench_roster_screener_"
IMPORT_TARGET_S = 60.0
P95_TARGET_MS = 300.0

# Nationalities of the roster by weight: the Myawaddy list's order, Chinese the most.
NATIONALITIES = [
    ("CN", 4860), ("VN", 420), ("IN", 330), ("ET", 260), ("ID", 230), ("PH", 200),
    ("MM", 150), ("TH", 110), ("LA", 90), ("KH", 80), ("MY", 70), ("BD", 60), ("PK", 50),
    ("NP", 45), ("LK", 40), ("KE", 35), ("UG", 30), ("NG", 25), ("TW", 22), ("KR", 20),
    ("BR", 15), ("RU", 14), ("UA", 12), ("KZ", 10), ("UZ", 10), ("EG", 8), ("TZ", 8),
    ("GH", 6),
]  # fmt: skip
CHINESE = [
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
    ("Yang", "杨"), ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"),
    ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"), ("Guo", "郭"),
    ("He", "何"), ("Gao", "高"), ("Lin", "林"), ("Luo", "罗"),
]  # fmt: skip
CHINESE_GIVEN = [
    ("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"), ("Lei", "磊"),
    ("Qiang", "强"), ("Yang", "洋"), ("Jun", "军"), ("Tao", "涛"), ("Ming", "明"), ("Hui", "慧"),
    ("Xiu", "秀"), ("Hua", "华"), ("Ping", "平"), ("Gang", "刚"), ("Yan", "燕"), ("Chao", "超"),
    ("Bo", "波"), ("Hong", "红"), ("Xin", "鑫"), ("Long", "龙"), ("Kai", "凯"), ("Lu", "璐"),
]  # fmt: skip
VIETNAMESE = (
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"],
    ["Văn", "Thị", "Minh", "Thu", "Quang"],
    ["Anh", "Lan", "Hùng", "Hương", "Dũng"],
)
THAI = (["สมชาย", "สมศักดิ์", "วิชัย", "มาลี", "สุดา"], ["บุญมี", "ศรีสุข", "แก้วใส", "ทองดี"])
BURMESE = ["အောင်", "မောင်", "ကျော်", "သန်း", "မြင့်", "ခင်", "ဇော်"]
LATIN = ["Abebe", "Ayu", "Rahul", "Maria", "Joseph", "Siti", "Kumar", "Grace", "Daniel", "Amina",
         "Bayu", "Ravi", "Tesfaye", "Juan", "Olga", "Ali", "Dewi", "Samuel"]  # fmt: skip


def person_names(rng: random.Random, nationality: str) -> tuple[str, str]:
    """A name as a roster writes it, and the name in the person's own script when another."""
    if nationality in ("CN", "TW"):
        (family, family_h), (given, given_h) = rng.choice(CHINESE), rng.choice(CHINESE_GIVEN)
        (given2, given2_h) = rng.choice(CHINESE_GIVEN)
        return f"{family} {given}{given2.lower()}", f"{family_h}{given_h}{given2_h}"
    if nationality == "VN":
        return " ".join(rng.choice(part) for part in VIETNAMESE), ""
    if nationality == "TH":
        return "", f"{rng.choice(THAI[0])} {rng.choice(THAI[1])}"
    if nationality == "MM":
        return "", "".join(rng.choice(BURMESE) for _ in range(rng.choice((2, 3))))
    return f"{rng.choice(LATIN)} {rng.choice(LATIN)}{rng.randrange(10, 99)}", ""


def roster_rows(people: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    codes = [code for code, _ in NATIONALITIES]
    weights = [weight for _, weight in NATIONALITIES]
    rows: list[list[str]] = []
    while len(rows) < people:
        if rows and rng.random() < 0.01:
            rows.append(list(rng.choice(rows)))  # listed twice
            continue
        code = rng.choices(codes, weights)[0]
        latin, own = person_names(rng, code)
        name, other = (latin, own) if latin else (own, "")
        age = rng.randrange(16, 56)
        sex = rng.choices(["male", "female"], [7, 3])[0]
        birthdate = f"{2026 - age}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        rows.append([name, other, code, sex, str(age), "", birthdate if rng.random() < 0.3 else ""])
    return rows


def roster_csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["Name", "Other name", "Nationality", "Sex", "Age", "Location type", "Date of birth"]
    )
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def roster_file(people: int) -> Path:
    return VAR / f"roster-{people}.csv"


# --- the child steps, each in a process of its own with the database under test ----------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    import django

    django.setup()


def _agency():
    from pathways.programs.models import Country, Organisation

    country = Country.objects.filter(code="TH").first() or Country.objects.get(code="KH")
    agency, _ = Organisation.objects.get_or_create(
        name=AGENCY, defaults={"type": Organisation.Type.GOVERNMENT, "country": country}
    )
    return agency


def step_prepare(people: int, registered: int, screeners: int) -> dict:
    _setup_django()
    import datetime as dt

    from django.db import transaction

    from pathways.accounts.models import User
    from pathways.casework import keys, sealing
    from pathways.casework.indicators import FOLDER, load_file
    from pathways.casework.models import CaseworkRole, Client, StaffMembership
    from pathways.casework.sealing import ClientIdentity
    from pathways.programs.services import load_reference_data

    if not CASEWORK_MASTER_KEY_FILE.exists():
        keys.create_master_key(CASEWORK_MASTER_KEY_FILE)
    load_reference_data()
    agency = _agency()
    for username, role in [(IMPORTER, CaseworkRole.SCREENER)] + [
        (f"{SCREENER_PREFIX}{i:02d}", CaseworkRole.SCREENER) for i in range(screeners)
    ]:
        user, _ = User.objects.get_or_create(username=username)
        StaffMembership.objects.get_or_create(user=user, agency=agency, role=role)
    load_file(FOLDER / "scam-compound.json")
    rows = roster_rows(people)
    path = roster_file(people)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(roster_csv(rows))
    today = dt.date.today()
    chosen = random.Random(3).sample(range(len(rows)), registered)
    clients = []
    for index in chosen:
        name, other, code, sex, age, _where, birthdate = rows[index]
        words = name.split()
        latin = bool(words) and words[0].isascii()
        born = (
            dt.date.fromisoformat(birthdate) if birthdate else dt.date(today.year - int(age), 1, 2)
        )
        client = Client(
            country=agency.country,
            owner_agency=agency,
            sex=sex,
            age_band="25-34",
            nationality=code,
            is_synthetic=True,
        )
        identity = ClientIdentity(
            first_name=" ".join(words[1:]) if latin else "",
            last_name=words[0] if latin else "",
            local_script_name=other if latin else name,
            birthdate=born,
        )
        sealing.seal_identity(client, identity)
        clients.append(client)
    with transaction.atomic():
        Client.objects.bulk_create(clients, batch_size=1000)
    return {"people": len(rows), "registered": len(clients), "file_bytes": path.stat().st_size}


def _max_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_import(people: int) -> dict:
    _setup_django()
    import datetime as dt

    from pathways.accounts.models import User
    from pathways.audit.models import AuditEvent
    from pathways.casework.services import roster_import

    data = roster_file(people).read_bytes()
    agency = _agency()
    user = User.objects.get(username=IMPORTER)
    before = _max_rss_mb()
    started = time.perf_counter()
    summary = roster_import(
        actor=user,
        agency=agency,
        name=f"Synthetic handover of {people}",
        arrived_on=dt.date.today(),
        data=data,
        location_type="border_checkpoint",
        source=AuditEvent.Source.COMMAND,
    )
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_rss_mb": _max_rss_mb(),
        "rss_before_mb": before,
        "group": summary.group.pk,
        "screenings": summary.group.screenings.count(),
        "possibly_registered": summary.possibly_registered,
        "duplicates_in_roster": summary.duplicates_in_roster,
        "nationalities": len(summary.by_nationality),
        "chinese": dict(summary.by_nationality).get("CN", 0),
    }


def step_answers(screeners: int, seconds: float, think: float) -> dict:
    _setup_django()
    from django.db import connection

    from pathways.accounts.models import User
    from pathways.casework.access import screening_for
    from pathways.casework.models import IndicatorSet, Screening, ScreeningGroup
    from pathways.casework.services import screening_answer

    group = ScreeningGroup.objects.filter(agency=_agency()).latest("pk")
    users = list(User.objects.filter(username__startswith=SCREENER_PREFIX).order_by("username"))
    users = users[:screeners]
    ids = list(group.screenings.order_by("pk").values_list("pk", flat=True))
    for index, user in enumerate(users):  # each screener takes their share of the roster
        Screening.objects.filter(pk__in=ids[index :: len(users)]).update(screener=user)
    indicator_set = IndicatorSet.objects.filter(code="scam-compound").latest("pk")
    codes = list(indicator_set.indicators.values_list("code", flat=True))
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = [0.0, 0.0]  # when the answers stop, when they began

    def go() -> None:
        deadline[1] = time.perf_counter()
        deadline[0] = deadline[1] + seconds

    start_line = threading.Barrier(len(users), action=go)

    def screener(index: int, user) -> None:
        mine = ids[index :: len(users)]
        rng = random.Random(index)
        position, answered = 0, 0
        try:
            start_line.wait()
            if think:  # screeners start their interviews at their own moments, not at once
                time.sleep(rng.uniform(0, think * 1.5))
            while time.perf_counter() < deadline[0] and position < len(mine):
                started = time.perf_counter()
                try:
                    screening = screening_for(user, mine[position])
                    if answered == 0:
                        extra = {
                            "consent_to_interview": "yes",
                            "indicator_set": indicator_set,
                            "informed_of_purpose": True,
                            "informed_of_data_use": True,
                        }
                    else:
                        extra = {}
                    chunk = codes[answered : answered + 5]
                    answers = {code: rng.choice(["yes", "no", "unknown"]) for code in chunk}
                    screening_answer(actor=user, screening=screening, answers=answers, **extra)
                    took = time.perf_counter() - started
                    with lock:
                        times.append(took)
                except Exception as exc:
                    with lock:
                        errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
                if think:  # the screener listens and reads the next questions
                    pause = rng.uniform(think / 2, think * 1.5)
                    time.sleep(max(0.0, min(pause, deadline[0] - time.perf_counter())))
                answered += 5
                if answered >= len(codes):
                    position, answered = position + 1, 0
        finally:
            connection.close()

    threads = [threading.Thread(target=screener, args=(i, u)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - deadline[1]
    ordered = sorted(times)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0

    return {
        "screeners": len(users),
        "answers": len(times),
        "per_second": len(times) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": ordered[-1] * 1000 if ordered else 0.0,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:3],
        "questions": len(codes),
        "think_s": think,
    }


# --- the parent: a fresh database each, the steps, the page ------------------------------------


def child_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PATHWAYS_LOG_LEVEL": "WARNING",
        "PATHWAYS_CASEWORK_MASTER_KEY_FILE": str(CASEWORK_MASTER_KEY_FILE),
    }


def fresh_database(database: str) -> None:
    url = DATABASES[database]
    if database == "sqlite":
        SQLITE_PATH.unlink(missing_ok=True)
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    else:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=child_env(url),
        check=True,
        capture_output=True,
    )


def run_step(database: str, *args: str) -> dict:
    answer = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "step", *args],
        cwd=ROOT,
        env=child_env(DATABASES[database]),
        capture_output=True,
        text=True,
        check=False,
    )
    if answer.returncode != 0:
        raise RuntimeError(f"step {args[0]} on {database} failed:\n{answer.stderr[-3000:]}")
    return json.loads(answer.stdout.strip().splitlines()[-1])


def measure(database: str, args: argparse.Namespace) -> dict:
    print(f"== roster bench on {database}", flush=True)
    fresh_database(database)
    prepared = run_step(
        database, "prepare", f"--people={args.people}", f"--registered={args.registered}",
        f"--screeners={args.screeners}",
    )  # fmt: skip
    imported = run_step(database, "import", f"--people={args.people}")
    print(f"   import: {imported['seconds']:.1f} s", flush=True)
    answers = {}
    for think in (args.think, 0.0):
        answers[think] = run_step(
            database,
            "answers",
            f"--screeners={args.screeners}",
            f"--seconds={args.seconds}",
            f"--think={think}",
        )
        print(f"   answers, {think} s between: p95 {answers[think]['p95_ms']:.0f} ms", flush=True)
    return {"prepared": prepared, "import": imported, "answers": answers}


def section(results: dict[str, dict], args: argparse.Namespace) -> str:
    versions = database_versions() if "postgresql" in results else {}
    names = {
        "postgresql": f"PostgreSQL {versions.get('postgresql', '')}".strip(),
        "sqlite": "SQLite",
    }
    first = next(iter(results.values()))
    lines = [
        START,
        "## Mass intake: a roster of 7,000 people, and 50 screeners answering at once",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `bench/roster_bench.py` "
        f"({machine().get('cpu', 'this machine')}, {os.cpu_count()} CPUs shared with the "
        "database). The roster is **synthetic** (made by the benchmark): "
        f"{first['prepared']['people']:,} people of {first['import']['nationalities']} "
        f"nationalities, {first['import']['chinese']:,} of them Chinese, names in Latin, "
        "Chinese, Thai, Burmese and Vietnamese script, about 1% listed twice; "
        f"{first['prepared']['registered']} of them registered as clients beforehand.",
        "",
        "**The import** (`services.roster_import`: read the CSV, check every row, seal the "
        "names, compute the blind indexes and look them up in the registry, create the group "
        "and the screenings, one audit write), in a process of its own:",
        "",
        "| database | seconds | screenings | possibly registered | listed twice "
        "| peak memory MB (Django alone) | target < 60 s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for database, r in results.items():
        i = r["import"]
        met = "met" if i["seconds"] < IMPORT_TARGET_S else "missed"
        lines.append(
            f"| {names[database]} | {i['seconds']:.1f} | {i['screenings']:,} | "
            f"{i['possibly_registered']} | {i['duplicates_in_roster']} | "
            f"{i['peak_rss_mb']:.0f} ({i['rss_before_mb']:.0f}) | **{met}** |"
        )
    lines += [
        "",
        f"**Answers under load**: {args.screeners} screeners, one thread each, for "
        f"{args.seconds:.0f} s, each recording answers to its own share of the group (consent "
        "and the scam-compound set first, then five indicators at a time). Timed per answer: "
        "the screening fetched through `access.screening_for`, then `services.screening_answer` "
        "(access check, merging and sealing the answers, the state machine's row-version "
        "check, the audit entry) in one transaction. Two runs: screeners at an interviewer's "
        f"pace (between {args.think / 2:.1f} and {args.think * 1.5:.1f} s, at random, from one "
        "answer to the next: reading five questions to a person and hearing the answers takes "
        "longer, so this is a brisk pace; each screener starts at a random moment of the "
        "first pause), which the target is about, and with no pause at all "
        "(each thread posts its next answer as soon as the last returns), which shows what the "
        "machine can take. **What is not measured**: no screening answer page exists yet on "
        "this branch, so HTTP, the session, two-factor and the template are not in these "
        "figures; the threads share one Python process (one GIL), which weighs on them more "
        "than gunicorn's separate workers would.",
        "",
        "| database | pace | answers | per second | p50 ms | p95 ms | p99 ms | errors "
        "| target p95 < 300 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for database, r in results.items():
        for think, a in r["answers"].items():
            pace = f"{float(think):.0f} s between answers" if float(think) else "no pause"
            met = "met" if a["p95_ms"] < P95_TARGET_MS and not a["errors"] else "missed"
            target = f"**{met}**" if float(think) else "(capacity)"
            lines.append(
                f"| {names[database]} | {pace} | {a['answers']:,} | {a['per_second']:.0f} | "
                f"{a['p50_ms']:.0f} | {a['p95_ms']:.0f} | {a['p99_ms']:.0f} | {a['errors']} | "
                f"{target} |"
            )
            lines += [f"- {names[database]} error: {e}" for e in a["error_samples"]]
    lines += ["", END]
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "step":
        parser = argparse.ArgumentParser(prog="roster_bench.py step")
        parser.add_argument("step")
        parser.add_argument("name", choices=["prepare", "import", "answers"])
        parser.add_argument("--people", type=int, default=7000)
        parser.add_argument("--registered", type=int, default=300)
        parser.add_argument("--screeners", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=20.0)
        parser.add_argument("--think", type=float, default=0.0)
        args = parser.parse_args()
        if args.name == "prepare":
            out = step_prepare(args.people, args.registered, args.screeners)
        elif args.name == "import":
            out = step_import(args.people)
        else:
            out = step_answers(args.screeners, args.seconds, args.think)
        print(json.dumps(out))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--people", type=int, default=7000)
    parser.add_argument("--registered", type=int, default=300)
    parser.add_argument("--screeners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--think", type=float, default=5.0, help="mean seconds a screener takes between answers"
    )
    parser.add_argument("--output", type=Path, default=PERFORMANCE_MD)
    args = parser.parse_args()
    chosen = ["postgresql", "sqlite"] if args.database == "both" else [args.database]
    results = {database: measure(database, args) for database in chosen}
    text = section(results, args)
    replace_section(args.output, text, START, END)
    print(text)


if __name__ == "__main__":
    main()
