"""The roster benchmark's interviews through the pages: screeners signed in with their
password and an authenticator code on gunicorn (production settings), each taking the
people of its share of the roster and interviewing them page by page.

One interview, as a screener's browser makes it:

1. take the person over (POST from the group page);
2. the setup page (GET), the set and the interview's language (POST);
3. the consent page (GET), the person's consent with the six items (POST);
4. each dimension's questions (GET), its answers (POST), one dimension after another.

Each form is posted with the version the page gave, as a browser does. Between one page
and the next the screener pauses (reading the questions to the person and hearing the
answers). Every request is timed; the target is about the pages of the interview.
"""

from __future__ import annotations

import json
import random
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import PYTHON, ROOT, CheckFailed, Client, Server, run_load

VERSION = re.compile(r'name="version" value="(\d+)"')
RADIO = re.compile(r'<input type="radio" name="([^"]+)"')
INFORMED = re.compile(r'<input type="checkbox" name="(informed_of_[a-z_]+)"')
ANSWERS = ("yes", "no", "unknown")


def step_logins(screeners: int, prefix: str, group_agency: str) -> dict:
    """In the child: a password and an authenticator key for each screener (fresh each
    run), and what the clients need to find their share of the roster."""
    from axes.utils import reset as axes_reset
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pathways.accounts.models import User
    from pathways.casework.models import IndicatorSet, ScreeningGroup

    group = ScreeningGroup.objects.filter(agency__name=group_agency).latest("pk")
    waiting = group.screenings.filter(screener_id=group.created_by_id, indicator_set__isnull=True)
    rows = list(waiting.order_by("pk").values_list("pk", "version"))
    logins = []
    for user in User.objects.filter(username__startswith=prefix).order_by("username")[:screeners]:
        password = secrets.token_urlsafe(24)
        user.set_password(password)
        user.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=user).delete()
        key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="bench", key=key, confirmed=True)
        axes_reset(username=user.username)
        logins.append({"username": user.username, "password": password, "key": key})
    indicator_set = IndicatorSet.objects.filter(code="scam-compound").latest("pk")
    return {
        "logins": logins,
        "screenings": [pk for pk, _version in rows],
        "versions": sorted({version for _pk, version in rows}),
        "set": indicator_set.pk,
        "dimensions": indicator_set.indicators.values("dimension").distinct().count(),
    }


def prepared_logins(env: dict[str, str], script: Path, screeners: int) -> dict:
    answer = subprocess.run(
        [PYTHON, str(script), "step", "logins", f"--screeners={screeners}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if answer.returncode != 0:
        raise RuntimeError(f"preparing the screeners' logins failed:\n{answer.stderr[-3000:]}")
    return json.loads(answer.stdout.strip().splitlines()[-1])


def totp(key_hex: str) -> str:
    from django_otp.oath import totp as make

    return f"{make(bytes.fromhex(key_hex)):06d}"


def _version(page) -> str:
    found = VERSION.search(page.text())
    if not found:
        raise CheckFailed("the page has no version field")
    return found.group(1)


def _expect_redirect(answer, name: str) -> None:
    if answer.status != 302:
        snippet = " ".join(answer.text()[:200].split())
        raise CheckFailed(f"{name}: HTTP {answer.status}, not a redirect: {snippet}")


class Interviewer:
    """One screener's place in their share: which person, which page next."""

    def __init__(self, share: list[int], version: int, set_pk: int, dimensions: int, seed: int):
        self.share, self.version, self.set_pk, self.dimensions = share, version, set_pk, dimensions
        self.rng = random.Random(seed)
        self.person, self.page = 0, 0  # page 0 take over, 1 setup, 2 consent, 3.. questions

    def next_page(self, client: Client) -> None:
        if self.person >= len(self.share):
            raise CheckFailed("the screener's share is finished")
        pk = self.share[self.person]
        base = f"/casework/screenings/{pk}"
        if self.page == 0:
            answer = client.post_form("take over", f"{base}/take/", {"version": str(self.version)})
            _expect_redirect(answer, "take over")
        elif self.page == 1:
            version = _version(client.get("setup page", f"{base}/setup/"))
            fields = {"version": version, "indicator_set": str(self.set_pk)}
            answer = client.post_form("setup post", f"{base}/setup/", {
                **fields, "interview_language": "en",
            })  # fmt: skip
            _expect_redirect(answer, "setup post")
        elif self.page == 2:
            page = client.get("consent page", f"{base}/consent/")
            items = dict.fromkeys(INFORMED.findall(page.text()))
            if not items:
                raise CheckFailed("the consent page has no items to tick")
            fields = {"version": _version(page), "decision": "yes", **dict.fromkeys(items, "on")}
            answer = client.post_form("consent post", f"{base}/consent/", fields)
            _expect_redirect(answer, "consent post")
        else:
            step = self.page - 2
            page = client.get("questions page", f"{base}/questions/{step}/")
            if page.status != 200:
                raise CheckFailed(f"questions page: HTTP {page.status} {page.location}")
            names = dict.fromkeys(RADIO.findall(page.text()))
            answers = {name: self.rng.choice(ANSWERS) for name in names}
            answer = client.post_form(
                "answers post",
                f"{base}/questions/{step}/",
                {"version": _version(page), **answers},
            )
            _expect_redirect(answer, "answers post")
            client.count("answers", len(answers))
        self.page += 1
        if self.page > 2 + self.dimensions:
            self.person, self.page = self.person + 1, 0
            client.count("interviews")


def run(database_url: str, prepared: dict, *, seconds: float, think: float) -> dict:
    """Sign the screeners in, then interview for `seconds`; the figures of the run."""
    logins = prepared["logins"]
    if len(prepared["versions"]) != 1:
        raise RuntimeError(f"the roster's screenings differ in version: {prepared['versions']}")
    ids = prepared["screenings"]
    interviewers = [
        Interviewer(ids[i :: len(logins)], prepared["versions"][0], prepared["set"],
                    prepared["dimensions"], seed=i)
        for i in range(len(logins))
    ]  # fmt: skip

    def sign_in(client: Client, index: int) -> None:
        login = logins[index]
        client.get("login page", "/login/")
        answer = client.post_form(
            "login", "/login/", {"username": login["username"], "password": login["password"]}
        )
        if answer.status == 302 and "/login/code/" in answer.location:
            client.get("code page", "/login/code/")
            answer = client.post_form("code", "/login/code/", {"code": totp(login["key"])})
        if answer.status != 302:
            raise CheckFailed(f"sign-in as {login['username']} failed: HTTP {answer.status}")

    def interview(client: Client, iteration: int) -> None:
        me = interviewers[client.index]
        if think and iteration == 0:  # screeners begin at their own moments, not at once
            time.sleep(me.rng.uniform(0, think * 1.5))
        try:
            me.next_page(client)
        finally:
            if think:
                pause = me.rng.uniform(think / 2, think * 1.5)
                left = (client.deadline or 0) - time.perf_counter()
                time.sleep(max(0.0, min(pause, left)))

    with Server(database_url) as server:
        result = run_load(
            server.base_url,
            clients=len(logins),
            seconds=seconds,
            setup=sign_in,
            scenario=interview,
        )
        errors = server.server_errors()
        workers = server.workers
    posts = [result.by_name[n] for n in ("answers post",) if n in result.by_name]
    return {
        "screeners": result.clients,
        "workers": workers,
        "requests": result.total.requests,
        "per_second": result.total.per_second,
        "p50_ms": result.total.p50_ms,
        "p95_ms": result.total.p95_ms,
        "p99_ms": result.total.p99_ms,
        "by_page": {
            name: {"requests": s.requests, "p50_ms": s.p50_ms, "p95_ms": s.p95_ms}
            for name, s in result.by_name.items()
        },
        "answers_p95_ms": posts[0].p95_ms if posts else 0.0,
        "answers": result.counters.get("answers", 0),
        "interviews": result.counters.get("interviews", 0),
        "errors": result.errors + len(errors),
        "error_samples": (result.error_samples + result.setup_errors + errors)[:3],
        "think_s": think,
    }
