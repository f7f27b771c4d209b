"""Casework benchmark (issue 19): an agency's case list with 50,000 cases under 20
concurrent clients, and the cost of encryption per field read and written.

    python bench/casework_bench.py [--database-url URL] [--cases 50000] [--clients 20]
                                   [--seconds 20] [--micro-only]

Target: the case list of an agency holding 50,000 cases, decrypting only the columns shown
(the clients' given and family names on the page's 25 rows), p95 under 300 ms for 20
concurrent clients on gunicorn with PostgreSQL. Each client is a case supervisor of the
agency (supervisors see every case of their agency) signed in with its password and an
authenticator code, and asks for a random page of the list each time; every page writes
its access events (one per client listed), as in use.

The data (synthetic, in a database of its own, `pw_casework_bench` by default): one agency,
its supervisors, and the clients and cases, sealed under Cambodia's data key with the
master key the benchmark's server uses (var/casework-master.key); made once and kept.

The micro-benchmark measures, in this process, sealing and opening one field (a name of 20
characters, a note of 2,000), and one blind index, as the median of many rounds.

Results go into docs/performance.md between `<!-- casework:start -->` and
`<!-- casework:end -->`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import database_versions, machine, replace_section
from bench.load import (
    CASEWORK_MASTER_KEY_FILE,
    PYTHON,
    ROOT,
    CheckFailed,
    Client,
    LoadResult,
    Server,
    run_load,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/pw_casework_bench"
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
START, END = "<!-- casework:start -->", "<!-- casework:end -->"
AGENCY = "Bench casework agency (synthetic)"
USER_PREFIX = "bench_casework_"
PAGE_SIZE = 25
P95_TARGET_MS = 300.0
LIST = "/casework/cases/"


# --- the data, made in a child process with the database under test -----------------------


def ensure_database(database_url: str) -> None:
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=child_env(database_url),
        check=True,
        capture_output=True,
    )


def child_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PATHWAYS_LOG_LEVEL": "WARNING",
        "PATHWAYS_CASEWORK_MASTER_KEY_FILE": str(CASEWORK_MASTER_KEY_FILE),
    }


def prepare(database_url: str, *, cases: int, clients: int) -> dict:
    """The agency with `cases` cases and `clients` supervisors (fresh passwords and
    authenticator keys each run), in a child process; what it made, as JSON."""
    answer = subprocess.run(
        [
            PYTHON,
            str(Path(__file__).resolve()),
            "prepare",
            f"--cases={cases}",
            f"--users={clients}",
        ],
        cwd=ROOT,
        env=child_env(database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if answer.returncode != 0:
        raise RuntimeError(f"preparing the casework data failed:\n{answer.stderr[-3000:]}")
    return json.loads(answer.stdout.strip().splitlines()[-1])


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    import django

    django.setup()


def _prepare_in_this_process(cases: int, users: int) -> None:
    _setup_django()
    import datetime as dt
    import secrets

    from axes.utils import reset as axes_reset
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pathways.accounts.models import User
    from pathways.casework import keys, sealing
    from pathways.casework.models import Case, CaseworkRole, Client, StaffMembership
    from pathways.casework.sealing import ClientIdentity
    from pathways.programs.models import Country, Organisation
    from pathways.programs.services import load_reference_data

    if not CASEWORK_MASTER_KEY_FILE.exists():
        keys.create_master_key(CASEWORK_MASTER_KEY_FILE)
    load_reference_data()
    kh = Country.objects.get(code="KH")
    agency, _ = Organisation.objects.get_or_create(
        name=AGENCY, defaults={"type": Organisation.Type.GOVERNMENT, "country": kh}
    )
    made = _fill(agency, kh, cases, Client, Case, ClientIdentity, sealing, transaction, dt)
    logins = []
    for i in range(users):
        username = f"{USER_PREFIX}{i:02d}"
        password = secrets.token_urlsafe(24)
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": "Bench", "last_name": "supervisor"}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        StaffMembership.objects.get_or_create(
            user=user, agency=agency, role=CaseworkRole.CASE_SUPERVISOR
        )
        TOTPDevice.objects.filter(user=user).delete()
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="bench", key=key, confirmed=True)
        axes_reset(username=username)
        logins.append({"username": username, "password": password, "key": key})
    counts = {
        "cases of the agency": Case.objects.filter(owner_agency=agency).count(),
        "cases made now": made,
    }
    print(json.dumps({"logins": logins, "counts": counts}))


def _fill(agency, kh, cases, Client, Case, ClientIdentity, sealing, transaction, dt) -> int:
    """Add clients with one case each until the agency has `cases`; sealed for real, in
    batches of 1,000 (the demo's names are synthetic syllables)."""
    have = Case.objects.filter(owner_agency=agency).count()
    rng = random.Random(have)
    syllables = ["so", "ka", "ny", "vy", "da", "ra", "phal", "sok", "chan", "thy", "mey", "rith"]
    made = 0
    start_year = 2019
    while have + made < cases:
        batch = min(1000, cases - have - made)
        with transaction.atomic():
            new_clients = []
            for _ in range(batch):
                client = Client(
                    country=kh,
                    owner_agency=agency,
                    sex=rng.choice(["female", "male"]),
                    age_band=rng.choice(["12-17", "18-24", "25-34", "35-49"]),
                    nationality="KH",
                    is_synthetic=True,
                )
                identity = ClientIdentity(
                    first_name="".join(rng.choices(syllables, k=2)).title(),
                    last_name="".join(rng.choices(syllables, k=2)).title(),
                    mobile_phone=f"+85512{rng.randrange(10**6):06d}",
                )
                sealing.seal_identity(client, identity)
                new_clients.append(client)
            Client.objects.bulk_create(new_clients)
            sequence = have + made
            new_cases = []
            for offset, client in enumerate(new_clients):
                opened = dt.date(start_year, 1, 1) + dt.timedelta(days=rng.randrange(2500))
                case = Case(
                    client=client,
                    country=kh,
                    owner_agency=agency,
                    opened_on=opened,
                    is_synthetic=True,
                    case_number=f"KH-BENCH-{sequence + offset + 1:06d}",
                )
                sealing.seal_record(case, {"safety_notes": "Synthetic note for the benchmark"})
                new_cases.append(case)
            Case.objects.bulk_create(new_cases)
        made += batch
    return made


# --- the micro-benchmark -------------------------------------------------------------------


def micro(rounds: int = 2000) -> dict[str, float]:
    """Microseconds per operation (median over `rounds`), with the key already unwrapped as
    it is in a running process."""
    _setup_django()
    from pathways.lib import crypto

    key = crypto.new_key()
    blind = crypto.new_key()
    name = "Sreyneang Chhorvann 1"[:20]
    note = ("The client described the journey and the work she was made to do. " * 30)[:2000]
    results: dict[str, float] = {}
    for label, text in (("name (20 characters)", name), ("note (2,000 characters)", note)):
        data = text.encode()
        aad = b"casework.case.field|KH|00000000-0000-0000-0000-000000000000"
        seal_times, open_times = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            sealed = crypto.seal(data, key=key, key_id="kh-bench", aad=aad)
            seal_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            crypto.open_sealed(sealed, key_for=lambda _id: key, aad=aad)
            open_times.append(time.perf_counter() - started)
        results[f"seal a {label}"] = statistics.median(seal_times) * 1e6
        results[f"open a {label}"] = statistics.median(open_times) * 1e6
    index_times = []
    for _ in range(rounds):
        started = time.perf_counter()
        crypto.blind_index("85512345678", key=blind, kind="phone")
        index_times.append(time.perf_counter() - started)
    results["blind index of a phone"] = statistics.median(index_times) * 1e6
    return results


# --- the load ------------------------------------------------------------------------------


def totp(key_hex: str) -> str:
    from django_otp.oath import totp as make

    return f"{make(bytes.fromhex(key_hex)):06d}"


def measure(database_url: str, *, cases: int, clients: int, seconds: float):
    prepared = prepare(database_url, cases=cases, clients=clients)
    logins = prepared["logins"]
    pages = max(1, cases // PAGE_SIZE)

    def sign_in(client: Client, index: int) -> None:
        login = logins[index % len(logins)]
        client.get("login page", "/login/")
        answer = client.post_form(
            "login", "/login/", {"username": login["username"], "password": login["password"]}
        )
        if answer.status == 302 and "/login/code/" in answer.location:
            client.get("code page", "/login/code/")
            answer = client.post_form("code", "/login/code/", {"code": totp(login["key"])})
        if answer.status != 302:
            raise CheckFailed(f"sign-in as {login['username']} failed: HTTP {answer.status}")

    def case_list(client: Client, iteration: int) -> None:
        page = random.Random(client.index * 100_003 + iteration).randrange(1, pages + 1)
        answer = client.get("case list", f"{LIST}?page={page}")
        if answer.status != 200:
            raise CheckFailed(f"case list: HTTP {answer.status} {answer.location}")

    signed_in: list = []

    def load(name: str, length: float, scenario) -> LoadResult:
        result = run_load(
            server.base_url,
            clients=clients,
            seconds=length,
            setup=None if signed_in else sign_in,
            scenario=scenario,
            users=signed_in or None,
        )
        signed_in[:] = result.users
        return result

    def trivial(client: Client, iteration: int) -> None:
        client.get("trivial view", "/healthz")

    with Server(database_url) as server:
        load("warm-up", 3, case_list)
        easy = load("trivial view", seconds / 2, trivial)
        listed = load("case list", seconds, case_list)
        errors = server.server_errors()
    return prepared, listed, easy, errors, server.workers


def write(section: str) -> None:
    replace_section(PERFORMANCE_MD, section, START, END)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "prepare":
        parser = argparse.ArgumentParser(prog="casework_bench.py prepare")
        parser.add_argument("prepare")
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--users", type=int, required=True)
        args = parser.parse_args()
        _prepare_in_this_process(args.cases, args.users)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--micro-only", action="store_true")
    args = parser.parse_args()

    costs = micro()
    lines = [
        START,
        "## Casework: the case list and the cost of encryption",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `bench/casework_bench.py` "
        f"({machine().get('cpu', 'this machine')}).",
        "",
        "**Encryption per field** (AES-256-GCM, key already unwrapped; median of 2,000 rounds):",
        "",
        "| operation | µs |",
        "| --- | ---: |",
        *(f"| {label} | {value:.1f} |" for label, value in costs.items()),
        "",
    ]
    if not args.micro_only:
        ensure_database(args.database_url)
        prepared, listed, easy, errors, workers = measure(
            args.database_url, cases=args.cases, clients=args.clients, seconds=args.seconds
        )
        stats = listed.total
        met = stats.p95_ms < P95_TARGET_MS and listed.errors == 0 and not errors
        versions = database_versions()
        lines += [
            f"**Case list** of an agency with {prepared['counts']['cases of the agency']:,} "
            f"cases, {args.clients} concurrent case supervisors on gunicorn ({workers} sync "
            f"workers, production settings), PostgreSQL {versions.get('postgresql', '')}, "
            f"random pages of {PAGE_SIZE} rows, each opening the given and family names of "
            "its rows and writing their access events:",
            "",
            "| measure | case list | trivial view (/healthz) |",
            "| --- | ---: | ---: |",
            f"| requests | {stats.requests} | {easy.total.requests} |",
            f"| per second | {stats.per_second:.1f} | {easy.total.per_second:.1f} |",
            f"| p50 ms | {stats.p50_ms:.0f} | {easy.total.p50_ms:.0f} |",
            f"| p95 ms | {stats.p95_ms:.0f} | {easy.total.p95_ms:.0f} |",
            f"| errors | {listed.errors} | {easy.errors} |",
            "",
            f"Target p95 under {P95_TARGET_MS:.0f} ms: **{'met' if met else 'missed'}**.",
        ]
        cores = os.cpu_count() or 1
        if stats.per_second:
            lines += [
                "",
                f"At {stats.per_second:.0f} pages/s on {cores} cores, shared by gunicorn, "
                "PostgreSQL and the benchmark's own 20 client threads, a page costs about "
                f"{1000 * cores / stats.per_second:.0f} ms of the machine; with 20 clients "
                "always waiting, a page waits for the others ahead of it (20 clients / "
                f"{stats.per_second:.0f} pages/s = {1000 * args.clients / stats.per_second:.0f}"
                " ms), which is the p50. The list's own queries are a count and the page's "
                "ids by index, then the 25 rows; the rest of a page's cost is what every "
                "signed-in page pays (session, two-factor device, memberships, navigation, "
                "template), the subject of the performance issue's second round.",
            ]
        lines += [f"- Error: {e}" for e in (listed.error_samples + listed.setup_errors)[:5]]
        lines += [f"- Server log: {e}" for e in errors[:3]]
        lines.append("")
    lines.append(END)
    write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
