"""A small HTTP load driver, and Pathways served by gunicorn for it to drive.

    python bench/load.py [--database-url URL] [--clients 20] [--seconds 30] PATH [PATH ...]

`run_load` runs N clients (threads, one connection per request, as gunicorn's sync workers
close every connection) for S seconds; each client signs in first (outside the measured
window) and then repeats a scenario: a list of paths, or a function making several
requests, such as an import. Every request is timed under a name; a status of 400 or more,
an exception, or a failed check in a scenario is an error. The result has, per name and
overall: requests, errors, p50 / p95 / p99 latency and requests per second.

`Server` starts `gunicorn pathways.wsgi` in production mode (debug off, persistent database
connections, collected static files) on a free port against a given DATABASE_URL, watches
the peak resident memory of each worker in /proc, and stops it. `prepare` makes, in a
separate process so that any DATABASE_URL works, a bench user with a membership of the
country under test, a fresh password and API tokens.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import process_cpu

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SERVER_DIR = ROOT / "var" / "bench" / "server"
# The development key file, which the demo loader and `prepare` sign the audit chain with.
AUDIT_KEY_FILE = ROOT / "var" / "audit.key"
# The development casework master key, which production mode must be given too.
CASEWORK_MASTER_KEY_FILE = ROOT / "var" / "casework-master.key"
BENCH_USERNAME = "bench_kh_manager"
TOKEN_NAME = "load benchmark"

# --- Responses and errors -------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def json(self) -> Any:
        return json.loads(self.body)

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class CheckFailed(Exception):
    """A scenario found an answer it did not expect (wrong redirect, wrong count)."""


class WindowClosed(Exception):
    """The measured window is over: a client starts no new request, even mid-scenario."""


class RequestFailed(CheckFailed):
    """No answer at all (refused, reset, timed out); already counted as that request's error."""


@dataclass
class Sample:
    name: str
    started: float
    seconds: float
    error: str | None  # None when the request succeeded


# --- One client: cookies, CSRF, bearer token --------------------------------------------------


class Client:
    """One user agent: keeps cookies, sends the CSRF token, times every request."""

    def __init__(self, base_url: str, *, timeout: float = 60.0, token: str | None = None):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self.token = token
        self.cookies: dict[str, str] = {}
        self.samples: list[Sample] = []
        self.record = True
        self.index = 0  # which client of a run
        self.deadline: float | None = None  # perf_counter() after which no request starts
        self.counters: dict[str, int] = {}  # what a scenario wants to report, by name

    def count(self, what: str, n: int = 1) -> None:
        self.counters[what] = self.counters.get(what, 0) + n

    # Cookies named __Host-… in production mode, plain names in development.
    def cookie(self, suffix: str) -> str:
        for name, value in self.cookies.items():
            if name.endswith(suffix):
                return value
        return ""

    @property
    def csrf_token(self) -> str:
        return self.cookie("pathways_csrf")

    def _store_cookies(self, headers: list[str]) -> None:
        for header in headers:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def request(
        self,
        name: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        bearer: bool = False,
        ok: Iterable[int] = (),
    ) -> Response:
        """Send one request and time it under `name`. Statuses of 400 and more are errors
        unless listed in `ok`; the response is returned either way."""
        if self.deadline is not None and time.perf_counter() >= self.deadline:
            raise WindowClosed
        sent = {"Host": f"{self.host}:{self.port}", "Connection": "close", **(headers or {})}
        if self.cookies and not bearer:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if bearer and self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        if method != "GET" and not bearer and self.csrf_token:
            sent["X-CSRFToken"] = self.csrf_token
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, raw.read())
            self._store_cookies(raw.msg.get_all("Set-Cookie") or [])
        except (OSError, http.client.HTTPException) as exc:
            self._sample(name, started, f"{type(exc).__name__}: {exc}")
            raise RequestFailed(f"{name}: {type(exc).__name__}: {exc}") from exc
        finally:
            connection.close()
        error = None
        if response.status >= 400 and response.status not in set(ok):
            snippet = " ".join(response.text()[:160].split())
            error = f"HTTP {response.status} {method} {path}: {snippet}"
        self._sample(name, started, error)
        return response

    def _sample(self, name: str, started: float, error: str | None) -> None:
        if self.record:
            self.samples.append(Sample(name, started, time.perf_counter() - started, error))

    def get(self, name: str, path: str, **kwargs: Any) -> Response:
        return self.request(name, "GET", path, **kwargs)

    def post_form(self, name: str, path: str, fields: dict[str, str], **kwargs: Any) -> Response:
        body = urlencode({"csrfmiddlewaretoken": self.csrf_token, **fields}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request(name, "POST", path, body=body, headers=headers, **kwargs)

    def post_files(
        self,
        name: str,
        path: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes, str]],
        **kwargs: Any,
    ) -> Response:
        if not kwargs.get("bearer"):
            fields = {"csrfmiddlewaretoken": self.csrf_token, **fields}
        body, content_type = multipart(fields, files)
        return self.request(
            name, "POST", path, body=body, headers={"Content-Type": content_type}, **kwargs
        )

    def api(self, name: str, method: str, path: str, payload: Any = None, **kw: Any) -> Response:
        body = None if payload is None else json.dumps(payload).encode()
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return self.request(name, method, path, body=body, headers=headers, bearer=True, **kw)

    def login(self, username: str, password: str) -> None:
        """Sign in through the sign-in form, as a browser does."""
        self.get("login page", "/login/")
        answer = self.post_form(
            "login", "/login/", {"username": username, "password": password, "next": ""}
        )
        if answer.status != 302 or not self.cookie("pathways_session"):
            raise CheckFailed(f"sign-in as {username} failed: HTTP {answer.status}")


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, data, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- Running many clients ------------------------------------------------------------------


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass
class UrlStats:
    name: str
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    per_second: float

    @classmethod
    def of(cls, name: str, samples: list[Sample], seconds: float) -> UrlStats:
        ms = sorted(s.seconds * 1000 for s in samples)
        return cls(
            name=name,
            requests=len(samples),
            errors=sum(1 for s in samples if s.error),
            p50_ms=percentile(ms, 50),
            p95_ms=percentile(ms, 95),
            p99_ms=percentile(ms, 99),
            max_ms=ms[-1] if ms else 0.0,
            per_second=len(samples) / seconds if seconds else 0.0,
        )

    def line(self) -> str:
        return (
            f"{self.name}: {self.requests} requests, {self.errors} errors, "
            f"p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, p99 {self.p99_ms:.0f} ms, "
            f"{self.per_second:.1f}/s"
        )


@dataclass
class LoadResult:
    clients: int
    seconds: float  # from the start of the measured window to the last answer
    total: UrlStats
    by_name: dict[str, UrlStats]
    iterations: int
    error_samples: list[str] = field(default_factory=list)
    setup_errors: list[str] = field(default_factory=list)
    users: list[Client] = field(default_factory=list, repr=False)  # to run again, signed in
    counters: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return self.total.errors + len(self.setup_errors)

    def lines(self) -> list[str]:
        head = (
            f"{self.clients} clients, {self.seconds:.1f} s, {self.iterations} scenario runs; "
            + self.total.line()
        )
        return [head, *(s.line() for s in self.by_name.values())]


Scenario = Callable[[Client, int], None]  # (client, iteration number)
Setup = Callable[[Client, int], None]  # (client, client number)


def cycle(paths: list[tuple[str, str]], *, bearer: bool = False, expect: int = 200) -> Scenario:
    """A scenario that GETs each (name, path) in turn; any status but `expect` is an error
    (a redirect to the sign-in page is not a page served)."""

    def scenario(client: Client, iteration: int) -> None:
        for name, path in paths:
            answer = client.get(name, path, bearer=bearer)
            if answer.status < 400 and answer.status != expect:
                raise CheckFailed(f"{name}: HTTP {answer.status} {answer.location}, not {expect}")

    return scenario


def run_load(
    base_url: str,
    *,
    clients: int,
    seconds: float,
    scenario: Scenario,
    setup: Setup | None = None,
    token_for: Callable[[int], str | None] = lambda i: None,
    users: list[Client] | None = None,
) -> LoadResult:
    """Run `clients` threads repeating `scenario` for `seconds` after all have run `setup`.

    Pass `users` (clients of an earlier run, still signed in) to skip signing in again.
    No request starts after the window, even in the middle of a scenario run (a stopped
    run is not an error); the answers to those under way are waited for, and throughput
    is counted over the time until the last one.
    """
    if users is None:
        users = [Client(base_url, token=token_for(i)) for i in range(clients)]
    clients = len(users)
    for index, user in enumerate(users):
        user.samples, user.counters, user.index = [], {}, index
    setup_errors: list[str] = []
    failed_setup: set[int] = set()
    iterations = [0] * clients
    window: dict[str, float] = {}

    def open_window() -> None:  # run by the barrier, before any client is released
        window["start"] = time.perf_counter()
        window["end"] = window["start"] + seconds

    ready = threading.Barrier(clients + 1, action=open_window)

    def work(index: int) -> None:
        client = users[index]
        client.record = False
        try:
            if setup:
                setup(client, index)
        except Exception as exc:  # reported, not raised: the others go on
            setup_errors.append(f"client {index} setup: {exc}")
            failed_setup.add(index)
        client.record = True
        ready.wait()
        if index in failed_setup:
            return
        client.deadline = window["end"]
        while time.perf_counter() < window["end"]:
            try:
                scenario(client, iterations[index])
            except WindowClosed:
                break
            except RequestFailed:
                pass  # counted with its request
            except CheckFailed as exc:
                client.samples.append(Sample("check", time.perf_counter(), 0.0, str(exc)))
            except Exception as exc:  # a bug in a scenario is an error too
                client.samples.append(
                    Sample("check", time.perf_counter(), 0.0, f"{type(exc).__name__}: {exc}")
                )
            iterations[index] += 1

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join()
    finished = time.perf_counter()
    for user in users:
        user.deadline = None
    result = summarise(users, clients, finished - window["start"], sum(iterations), setup_errors)
    result.users = users
    return result


def summarise(
    users: list[Client], clients: int, seconds: float, iterations: int, setup_errors: list[str]
) -> LoadResult:
    samples = [s for u in users for s in u.samples]
    timed = [s for s in samples if s.name != "check"]
    names: dict[str, list[Sample]] = {}
    for sample in timed:
        names.setdefault(sample.name, []).append(sample)
    total = UrlStats.of("all requests", timed, seconds)
    checks = [s for s in samples if s.name == "check"]
    total.errors += len(checks)
    distinct: dict[str, None] = {}
    for sample in samples:
        if sample.error and len(distinct) < 20:
            distinct.setdefault(sample.error[:300], None)
    counters: dict[str, int] = {}
    for user in users:
        for what, n in user.counters.items():
            counters[what] = counters.get(what, 0) + n
    return LoadResult(
        counters=counters,
        clients=clients,
        seconds=seconds,
        total=total,
        by_name={name: UrlStats.of(name, group, seconds) for name, group in names.items()},
        iterations=iterations,
        error_samples=list(distinct),
        setup_errors=setup_errors,
    )


# --- CPU of the server's processes ------------------------------------------------------


def backend_pids(database: str) -> list[int]:
    """The PostgreSQL backends serving connections to `database` (their process titles name
    it), autovacuum left out."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if (
            title.startswith("postgres: ")
            and f" {database} " in title
            and "autovacuum" not in title
        ):
            pids.append(int(entry.name))
    return pids


def cpu_by_pid(pids: Iterable[int]) -> dict[int, float]:
    """CPU seconds so far of each process still running."""
    seconds = {}
    for pid in pids:
        with contextlib.suppress(OSError):  # ended
            seconds[pid] = process_cpu(pid)
    return seconds


def cpu_since(before: dict[int, float], pids: Iterable[int]) -> float:
    """CPU seconds the processes `pids` (listed now) spent since `before` was taken: one
    started since counts whole, one that ended since is lost (never counted negative)."""
    now = cpu_by_pid(pids)
    return sum(max(0.0, seconds - before.get(pid, 0.0)) for pid, seconds in now.items())


# --- Pathways under gunicorn ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production mode as deployed (debug off, persistent connections, collected static
    files), served over plain HTTP on the loopback."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PATHWAYS_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PATHWAYS_SSL_REDIRECT": "0",
        "PATHWAYS_VAR_DIR": str(SERVER_DIR),
        "PATHWAYS_AUDIT_KEY_FILE": str(AUDIT_KEY_FILE),
        "PATHWAYS_CASEWORK_MASTER_KEY_FILE": str(CASEWORK_MASTER_KEY_FILE),
        "PATHWAYS_LOG_LEVEL": "WARNING",
        **extra,
    }


def static_is_current() -> bool:
    """Collecting and compressing the static files takes a minute of CPU; skip it when
    nothing in static/ changed since the last time."""
    manifest = SERVER_DIR / "static" / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    return all(p.stat().st_mtime < collected for p in (ROOT / "static").rglob("*") if p.is_file())


class Server:
    """`gunicorn pathways.wsgi` on a free port; use as a context manager."""

    def __init__(self, database_url: str, *, workers: int | None = None, **env: str):
        self.database_url = database_url
        self.workers = workers or default_workers()
        self.port = free_port()
        self.env = server_env(database_url, **env)
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = SERVER_DIR / f"gunicorn-{self.port}.log"
        self.peak_kb: dict[int, int] = {}  # worker pid -> VmHWM
        self._watching = threading.Event()
        self._watcher: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        SERVER_DIR.mkdir(parents=True, exist_ok=True)
        if not AUDIT_KEY_FILE.exists():
            # Production mode does not start without it, and never creates it itself.
            subprocess.run(
                [PYTHON, "manage.py", "audit_rotate_key"], cwd=ROOT, env=self.env, check=True
            )
        if not CASEWORK_MASTER_KEY_FILE.exists():
            subprocess.run(
                [PYTHON, "manage.py", "casework_keys", "init"], cwd=ROOT, env=self.env, check=True
            )
        if not static_is_current():
            subprocess.run(
                [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=self.env,
                check=True,
            )
        command = [
            GUNICORN,
            "pathways.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--timeout=60",
            "--backlog=2048",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_until_ready()
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()
        return self

    def _wait_until_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                probe = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200 and len(self.worker_pids()) >= self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        if not self.process:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The fourth field, after the parenthesised command name, is the parent pid.
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                pids.append(int(entry.name))
        return pids

    def sample_memory(self) -> None:
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), int(line.split()[1]))

    def _watch(self) -> None:
        while not self._watching.wait(0.5):
            self.sample_memory()

    @property
    def peak_worker_rss_mb(self) -> float:
        """Peak resident memory of the largest worker (each worker is one process)."""
        return max(self.peak_kb.values(), default=0) / 1024

    def server_errors(self) -> list[str]:
        """Lines of the server log that report an error (tracebacks, worker timeouts)."""
        if not self.log_path.exists():
            return []
        markers = ("ERROR", "Traceback", "CRITICAL", "WORKER TIMEOUT")
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [line for line in lines if any(m in line for m in markers)]

    def stop(self) -> None:
        if self.process is None:
            return
        self.sample_memory()
        self._watching.set()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- The bench user, made in the database under test ----------------------------------------


@dataclass
class Credentials:
    username: str
    password: str
    tokens: list[str]
    counts: dict[str, int]  # the size of the database, for the record


def prepare(
    database_url: str,
    *,
    country: str = "KH",
    role: str = "country_manager",
    tokens: int = 0,
    username: str = BENCH_USERNAME,
) -> Credentials:
    """A user who works in `country` with a fresh password and `tokens` new API tokens
    (earlier bench tokens are revoked). Runs in its own process so that any database works."""
    answer = subprocess.run(
        [
            PYTHON,
            str(Path(__file__).resolve()),
            "prepare",
            f"--country={country}",
            f"--role={role}",
            f"--tokens={tokens}",
            f"--username={username}",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "PATHWAYS_LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        check=False,
    )
    if answer.returncode != 0:
        raise RuntimeError(f"preparing the bench user failed:\n{answer.stderr[-2000:]}")
    data = json.loads(answer.stdout.strip().splitlines()[-1])
    return Credentials(data["username"], data["password"], data["tokens"], data["counts"])


def _prepare_in_this_process(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")
    import django

    django.setup()
    from axes.utils import reset as axes_reset
    from django.db import transaction

    from pathways.accounts.models import User
    from pathways.accounts.services import user_create
    from pathways.activities.models import Attendance, Event, Person
    from pathways.api.models import ApiToken
    from pathways.api.tokens import api_token_create, api_token_revoke
    from pathways.programs.models import Country

    password = secrets.token_urlsafe(24)
    user = User.objects.filter(username=args.username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=args.username,
            password=password,
            role=args.role,
            country=Country.objects.get(code=args.country),
            first_name="Bench",
            last_name="user (synthetic)",
        )
    else:
        # The password is never part of the audit trail; a new one per run keeps none around.
        user.set_password(password)
        user.save(update_fields=["password"])
    axes_reset(username=args.username)
    with transaction.atomic():
        for old in ApiToken.objects.active().filter(user=user, name=TOKEN_NAME):
            api_token_revoke(actor=None, token=old, source="command")
        issued = [
            api_token_create(actor=None, user=user, name=TOKEN_NAME, source="command").secret
            for _ in range(args.tokens)
        ]
    country = Country.objects.get(code=args.country)
    counts = {
        "events": Event.objects.count(),
        "persons": Person.objects.count(),
        "attendances": Attendance.objects.count(),
        f"events in {args.country}": Event.objects.filter(country=country).count(),
    }
    output = {"username": user.username, "password": password, "tokens": issued}
    print(json.dumps({**output, "counts": counts}))


# --- Command line --------------------------------------------------------------------------


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "prepare":
        parser = argparse.ArgumentParser(prog="load.py prepare")
        parser.add_argument("--country", default="KH")
        parser.add_argument("--role", default="country_manager")
        parser.add_argument("--tokens", type=int, default=0)
        parser.add_argument("--username", default=BENCH_USERNAME)
        _prepare_in_this_process(parser.parse_args(sys.argv[2:]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pw_load"),
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("paths", nargs="+", help="paths to GET in turn, signed in")
    args = parser.parse_args()
    credentials = prepare(args.database_url)
    with Server(args.database_url, workers=args.workers) as server:
        result = run_load(
            server.base_url,
            clients=args.clients,
            seconds=args.seconds,
            setup=lambda c, i: c.login(credentials.username, credentials.password),
            scenario=cycle([(p, p) for p in args.paths]),
        )
    print("\n".join(result.lines()))
    print(f"peak worker memory {server.peak_worker_rss_mb:.0f} MB")
    for line in result.error_samples + result.setup_errors + server.server_errors()[:20]:
        print("error:", line)
    sys.exit(1 if result.errors else 0)


if __name__ == "__main__":
    main()
