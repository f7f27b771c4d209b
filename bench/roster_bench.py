"""Mass intake benchmark (issue 20 item 8): a roster of 7,000 people imported as one group
of draft screenings, and 50 screeners recording answers at once.

    python bench/roster_bench.py [--database sqlite|postgresql|both] [--people 7000]
                                 [--screeners 50] [--seconds 20] [--registered 300]

Targets: the import of 7,000 people in under a minute, sealing and registry checks
included; the interview's pages answered with p95 under 300 ms for 50 screeners at once.

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
- interviews (PostgreSQL): the screeners signed in on gunicorn, each taking the people of
  its share of the group over and interviewing them page by page for `--seconds`, every
  request timed (`bench/roster_pages.py` says how).

Results go into docs/performance.md between `<!-- roster:start -->` and
`<!-- roster:end -->`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import roster_pages
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
    if database == "postgresql":  # gunicorn's workers write at once: SQLite is one writer
        script = Path(__file__).resolve()
        for think in (args.think, 0.0):
            logins = roster_pages.prepared_logins(child_env(PG_URL), script, args.screeners)
            answers[think] = roster_pages.run(PG_URL, logins, seconds=args.seconds, think=think)
            print(f"   pages, {think} s between: p95 {answers[think]['p95_ms']:.0f} ms", flush=True)
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
    lines += answers_lines(results, names, args)
    lines += ["", END]
    return "\n".join(lines) + "\n"


def answers_lines(results: dict[str, dict], names: dict[str, str], args) -> list[str]:
    measured = {db: r for db, r in results.items() if r["answers"]}
    if not measured:
        return ["", "The interviews through the pages run on PostgreSQL only; not run this time."]
    workers = next(iter(next(iter(measured.values()))["answers"].values()))["workers"]
    lines = [
        "",
        f"**Interviews through the pages**: {args.screeners} screeners signed in with their "
        "password and an authenticator code, on gunicorn with production settings "
        f"({workers} sync workers on the same {os.cpu_count()} CPUs as the database and the "
        f"load's own {args.screeners} threads), for {args.seconds:.0f} s. Each takes the next "
        "person of its share of the roster over from the group and interviews them as a "
        "browser does: the setup page and its form (the scam-compound set, the language), "
        "the consent page and its form, then each dimension's questions page and its answers, "
        "every form posted with the version its page gave. Every request is timed (each GET "
        "of a page with answers writes its access event; each post seals the answers and "
        "writes the audit entry in one transaction). Two runs: screeners at an interviewer's "
        f"pace (between {args.think / 2:.1f} and {args.think * 1.5:.1f} s, at random, from "
        "one page to the next, each starting at a random moment: reading a dimension's "
        "questions to a person and hearing the answers takes longer, so this is a brisk "
        "pace), which the target is about, and with no pause at all, which shows what the "
        "machine can take. SQLite is not run here: it takes one writer at a time, and the "
        "field deployment with many screeners is PostgreSQL.",
        "",
        "| database | pace | requests | per second | interviews finished | answers "
        "| p50 ms | p95 ms | p99 ms | p95 of answer posts ms | errors | target p95 < 300 ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for database, r in measured.items():
        for think, a in r["answers"].items():
            pace = f"{float(think):.0f} s between pages" if float(think) else "no pause"
            met = "met" if a["p95_ms"] < P95_TARGET_MS and not a["errors"] else "missed"
            target = f"**{met}**" if float(think) else "(capacity)"
            lines.append(
                f"| {names[database]} | {pace} | {a['requests']:,} | {a['per_second']:.1f} | "
                f"{a['interviews']} | {a['answers']:,} | {a['p50_ms']:.0f} | "
                f"{a['p95_ms']:.0f} | {a['p99_ms']:.0f} | {a['answers_p95_ms']:.0f} | "
                f"{a['errors']} | {target} |"
            )
            lines += [f"- {names[database]} error: {e}" for e in a["error_samples"]]
    for database, r in measured.items():
        paced = r["answers"][args.think]
        lines += [
            "",
            f"By page, {names[database]}, at the interviewer's pace:",
            "",
            "| page | requests | p50 ms | p95 ms |",
            "| --- | ---: | ---: | ---: |",
            *(
                f"| {name} | {p['requests']:,} | {p['p50_ms']:.0f} | {p['p95_ms']:.0f} |"
                for name, p in paced["by_page"].items()
            ),
        ]
    return lines


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "step":
        parser = argparse.ArgumentParser(prog="roster_bench.py step")
        parser.add_argument("step")
        parser.add_argument("name", choices=["prepare", "import", "logins"])
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
            _setup_django()
            out = roster_pages.step_logins(args.screeners, SCREENER_PREFIX, AGENCY)
        print(json.dumps(out))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--people", type=int, default=7000)
    parser.add_argument("--registered", type=int, default=300)
    parser.add_argument("--screeners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=90.0)
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
