"""Authorisation matrix: every URL pattern of the project, for every persona and anonymous.

`test_every_url_pattern_is_in_the_matrix` walks `get_resolver()` recursively (pages, API,
admin, downloads). A URL pattern without an entry in MATRIX fails it, naming the pattern;
so does an entry whose URL no longer exists. `test_matrix` requests every URL as each persona
(a GET unless the entry says otherwise) and compares the status with the entry, and checks
that no response body shows personal data to a persona who may not see it.

Adding a URL is one line in MATRIX, keyed by its name (`namespace:name`), or for an unnamed
pattern by its full route as the failure message prints it:

    "activities:event_detail": page(lambda d: {"pk": d.kh_event.pk}, la_manager=404),
    "api:event_update": api(kh_event, method="patch", json=lambda d: {...}, donor=403),

- `page(kwargs, **overrides)`: a signed-in page; anonymous is redirected to sign in (302),
  everyone else gets 200 unless overridden by persona (404 out of scope, 403 without the role).
- `api(kwargs, **overrides)`: an API endpoint called with the persona's bearer token;
  anonymous (no token) gets 401.
- `public(kwargs, **overrides)`: the same answer for everyone unless overridden.
- `**admin_model("app_model", obj)`: the six URLs the Django admin makes for a registered
  model; only `admin` (staff) gets in, everyone else is redirected to the admin sign-in.
- `kwargs` is a function of the sample data `d` (see `sample_data`) returning the URL's
  keyword arguments, and `json` (also a function of `d`) the body of a write. To check
  another method on a URL whose name is taken, append it to the key: `"name|post"`.

Personas: the six demo personas, `kh_viewer` (a Cambodia viewer) and `anonymous`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pathways.accounts.models import Role
from pathways.activities.models import ImportBatch, Topic
from pathways.api.services import api_token_create
from pathways.api.tests.factories import attend, make_event, make_person, make_user
from pathways.programs.models import Country, Organisation

ANON = "anonymous"
PERSONAS = [
    ANON,
    "admin",
    "kh_manager",
    "kh_officer",
    "la_manager",
    "lscw_partner",
    "donor",
    "kh_viewer",
]
# Personal data seeded for the check: this name may be shown only to these personas.
SECRET_NAME = "Zyxqa Testperson"
MAY_SEE_SECRET = {"admin", "kh_manager", "kh_officer"}
# A person at the partner's own event: the partner may see them, no one else outside Cambodia.
PARTNER_NAME = "Qwvbn Partnerseen"
MAY_SEE_PARTNER_NAME = {"admin", "kh_manager", "kh_officer", "lscw_partner"}

Kwargs = Callable[[SimpleNamespace], dict[str, Any]]


@dataclass(frozen=True)
class Expect:
    statuses: dict[str, int]
    kwargs: Kwargs | None = None
    path: Callable[[SimpleNamespace], str] | None = None  # for unnamed patterns
    method: str = "get"
    json: Callable[[SimpleNamespace], dict[str, Any]] | None = None
    form: Callable[[SimpleNamespace], dict[str, Any]] | None = None  # multipart, for uploads
    is_api: bool = False
    data: dict[str, Any] = field(default_factory=dict)


def _statuses(default: int, anonymous: int, overrides: dict[str, int]) -> dict[str, int]:
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas in the matrix: {unknown}"
    return {ANON: anonymous} | {p: default for p in PERSONAS[1:]} | overrides


def page(
    kwargs: Kwargs | None = None, *, default: int = 200, method: str = "get", **overrides: int
) -> Expect:
    return Expect(_statuses(default, overrides.pop(ANON, 302), overrides), kwargs, method=method)


def api(
    kwargs: Kwargs | None = None,
    *,
    default: int = 200,
    method: str = "get",
    json: Callable[[SimpleNamespace], dict[str, Any]] | None = None,
    form: Callable[[SimpleNamespace], dict[str, Any]] | None = None,
    **overrides: int,
) -> Expect:
    statuses = _statuses(default, overrides.pop(ANON, 401), overrides)
    return Expect(statuses, kwargs, method=method, json=json, form=form, is_api=True)


def public(
    kwargs: Kwargs | None = None, *, default: int = 200, path=None, **overrides: int
) -> Expect:
    return Expect(_statuses(default, overrides.pop(ANON, default), overrides), kwargs, path)


def admin_only(kwargs: Kwargs | None = None, *, admin: int = 200, path=None) -> Expect:
    return Expect(_statuses(302, 302, {"admin": admin}), kwargs, path)


def admin_model(
    app_model: str, obj: Callable[[SimpleNamespace], Any], *, add: int = 200, delete: int = 200
) -> dict[str, Expect]:
    """The admin's URLs for one registered model; `obj` picks a sample object's pk."""
    app, model = app_model.split("_", 1)

    def one(d):
        return {"object_id": obj(d)}

    return {
        f"admin:{app_model}_changelist": admin_only(),
        f"admin:{app_model}_add": admin_only(admin=add),
        f"admin:{app_model}_history": admin_only(one),
        f"admin:{app_model}_delete": admin_only(one, admin=delete),
        f"admin:{app_model}_change": admin_only(one),
        # The pre-1.9 change URL, kept by Django as a redirect to the change page.
        f"admin/{app}/{model}/<path:object_id>/": admin_only(
            path=lambda d: f"/admin/{app}/{model}/{obj(d)}/", admin=302
        ),
    }


def first_pk(model_label: str) -> Callable[[SimpleNamespace], Any]:
    from django.apps import apps

    return lambda d: apps.get_model(model_label).objects.order_by("pk").first().pk


def kh_event(d):
    return {"event_id": d.kh_event.pk}


def kh_person(d):
    return {"person_id": d.kh_person.pk}


def kh_pk(d):
    return {"pk": d.kh_event.pk}


def kh_attendance(d):
    return {"pk": d.kh_event.pk, "attendance_pk": d.kh_attendance.pk}


def kh_person_pk(d):
    return {"pk": d.kh_person.pk}


def sheet_upload(d):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pathways.activities.tests.import_sheets import signin_sheet, xlsx_bytes

    return {"file": SimpleUploadedFile("sheet.xlsx", xlsx_bytes(signin_sheet()))}


def new_event(d):
    """A Cambodia event the partner may create too, since LSCW leads it."""
    return {
        "title": "Synthetic forum",
        "event_type": "forum",
        "start_date": "2021-12-01",
        "end_date": "2021-12-01",
        "country": "KH",
        "lead_organisation": d.lscw.pk,
    }


# Cambodia's records, for those who cannot see them (404) or only read them (403).
OUTSIDE = {"la_manager": 404, "lscw_partner": 404}
READ_ONLY = {"donor": 403, "kh_viewer": 403}
NO_PERSONAL_DATA_404 = {"donor": 404, "kh_viewer": 404}

MATRIX: dict[str, Expect] = {
    # --- Django and accounts -------------------------------------------------------------
    "set_language": public(default=302),
    "accounts:login": public(default=302, anonymous=200),
    "accounts:logout": public(default=405),
    "accounts:home": page(default=302),
    "accounts:profile": page(),
    # --- Program reference pages ------------------------------------------------------------
    "programs:overview": page(),
    "programs:country": page(lambda d: {"code": "KH"}, la_manager=404),
    # --- Events, attendance and persons (kh_event: Cambodia, led by MoJ) ---------------------
    "activities:event_list": page(),
    "activities:event_create": page(donor=403, kh_viewer=403),
    "activities:event_provinces": page(),
    "activities:event_detail": page(kh_pk, **OUTSIDE),
    "activities:event_edit": page(kh_pk, **OUTSIDE, **READ_ONLY),
    "activities:event_delete": page(kh_pk, **OUTSIDE, **READ_ONLY),
    # A plain GET goes to the form on the event page, after the access check.
    "activities:attendance_add": page(kh_pk, default=302, **OUTSIDE, **READ_ONLY),
    "activities:attendance_edit": page(kh_attendance, **OUTSIDE, **READ_ONLY),
    "activities:attendance_remove": page(kh_attendance, default=405),
    "activities:attendance_download": page(
        lambda d: {"pk": d.kh_event.pk, "fmt": "csv"}, **OUTSIDE, **READ_ONLY
    ),
    "activities:import_upload": page(kh_event, **OUTSIDE, **READ_ONLY),
    # No upload waits under this token: 404 once the event's access checks have passed.
    "activities:import_preview": page(
        lambda d: {**kh_event(d), "token": "none"}, default=404, **READ_ONLY
    ),
    "activities:import_report": page(
        lambda d: {**kh_event(d), "batch_id": d.kh_batch.pk}, **OUTSIDE, **READ_ONLY
    ),
    "activities:person_detail": page(kh_person_pk, **OUTSIDE, **NO_PERSONAL_DATA_404),
    "activities:person_edit": page(kh_person_pk, **OUTSIDE, **NO_PERSONAL_DATA_404),
    # --- API tokens on the profile ------------------------------------------------------------
    "api_tokens:create": page(default=405),
    "api_tokens:revoke": page(lambda d: {"prefix": d.kh_officer_token.prefix}, default=405),
    # --- API v1 -----------------------------------------------------------------------------
    "api:api-root": api(default=404, anonymous=404),
    "api:openapi-json": public(),
    "api:openapi-view": public(),
    "api:country_list": api(),
    "api:country_detail": api(lambda d: {"code": "KH"}, la_manager=404),
    "api:organisation_list": api(),
    "api:event_list": api(),
    "api:event_create": api(
        method="post", json=new_event, default=201, la_manager=403, donor=403, kh_viewer=403
    ),
    "api:event_detail": api(kh_event, **OUTSIDE),
    "api:event_update": api(
        kh_event,
        method="patch",
        json=lambda d: {"version": 1, "title": "x"},
        **OUTSIDE,
        **READ_ONLY,
    ),
    "api:attendance_list": api(kh_event, **OUTSIDE),
    "api:attendance_import": api(
        kh_event, method="post", form=sheet_upload, default=201, **OUTSIDE, **READ_ONLY
    ),
    "api:person_list": api(donor=403, kh_viewer=403),
    "api:person_detail": api(kh_person, donor=403, kh_viewer=403, la_manager=404, lscw_partner=404),
    "api:figures": api(lambda d: {}, default=422),
    "api_not_found": public(path=lambda d: "/api/v1/no-such-endpoint/", default=404),
    # --- Django admin -------------------------------------------------------------------------
    "admin:index": admin_only(),
    "admin:login": public(default=403, anonymous=302, admin=302),
    "admin/login/": public(path=lambda d: "/admin/login/", default=403, anonymous=302, admin=302),
    "admin:logout": admin_only(admin=405),
    "admin:password_change": admin_only(),
    "admin:password_change_done": admin_only(),
    "admin:autocomplete": admin_only(admin=403),
    "admin:jsi18n": admin_only(),
    "admin:view_on_site": admin_only(
        lambda d: {"content_type_id": d.country_type.pk, "object_id": d.kh.pk}, admin=404
    ),
    "admin:app_list": admin_only(lambda d: {"app_label": "activities"}),
    "admin/(?P<url>.*)$": admin_only(path=lambda d: "/admin/no-such-page/", admin=404),
    "admin:auth_user_password_change": admin_only(lambda d: {"id": d.users["kh_officer"].pk}),
    **admin_model("auth_group", first_pk("auth.Group")),
    **admin_model("axes_accessattempt", first_pk("axes.AccessAttempt"), add=403),
    **admin_model("axes_accesslog", first_pk("axes.AccessLog"), add=403),
    **admin_model("axes_accessfailurelog", first_pk("axes.AccessFailureLog"), add=403),
    **admin_model("audit_auditevent", first_pk("audit.AuditEvent"), add=403, delete=403),
    **admin_model("programs_program", first_pk("programs.Program")),
    **admin_model("programs_country", first_pk("programs.Country")),
    **admin_model("programs_province", first_pk("programs.Province")),
    **admin_model("programs_organisation", first_pk("programs.Organisation")),
    **admin_model("programs_pathway", first_pk("programs.Pathway")),
    **admin_model("programs_outcomearea", first_pk("programs.OutcomeArea")),
    **admin_model("programs_steeringcommitteemember", first_pk("programs.SteeringCommitteeMember")),
    **admin_model("accounts_user", first_pk("accounts.User")),
    **admin_model("accounts_membership", first_pk("accounts.Membership")),
    **admin_model("activities_topic", first_pk("activities.Topic")),
    **admin_model("activities_event", lambda d: d.kh_event.pk),
}


# --- Walking the URL configuration ------------------------------------------------------------


def url_patterns(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[str]:
    """The matrix key of every URL pattern: `namespace:name`, or the full route if unnamed."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from url_patterns(p.url_patterns, route, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else route


def test_every_url_pattern_is_in_the_matrix():
    keys = list(url_patterns())
    covered = {key.split("|")[0] for key in MATRIX}
    missing = [k for k in keys if k not in covered]
    stale = sorted(covered - set(keys))
    assert not missing, (
        "URL patterns without an entry in the authorisation matrix (add it to the matrix "
        f"in tests/test_authorisation_matrix.py): {missing}"
    )
    assert not stale, f"Matrix entries for URLs that no longer exist (remove them): {stale}"


# --- Sample data and clients --------------------------------------------------------------------


@pytest.fixture
def sample_data(personas) -> SimpleNamespace:
    """Synthetic records every URL's sample arguments come from."""
    users = dict(personas)
    users["kh_viewer"] = make_user("kh_viewer", Role.VIEWER, code="KH")
    secret_person = make_person(name=SECRET_NAME, code="KH")
    kh = make_event(code="KH", title="Synthetic SOP review", lead="MoJ")
    kh_attendance = attend(kh, secret_person)
    partner_event = make_event(code="KH", title="Synthetic LSCW training", lead="LSCW")
    attend(partner_event, make_person(name=PARTNER_NAME, code="KH"))
    make_event(code="LA", title="Synthetic Lao consultation")
    Topic.objects.get_or_create(name="Synthetic topic")
    admin_samples()
    tokens = {name: api_token_create(actor=None, user=u) for name, u in users.items()}
    return SimpleNamespace(
        users=users,
        tokens=tokens,
        kh=Country.objects.get(code="KH"),
        country_type=ContentType.objects.get_for_model(Country),
        kh_event=kh,
        partner_event=partner_event,
        kh_person=secret_person,
        kh_attendance=kh_attendance,
        kh_batch=ImportBatch.objects.create(
            event=kh, file_name="synthetic.xlsx", file_sha256="0" * 64, report={}
        ),
        lscw=Organisation.objects.get(acronym="LSCW"),
        kh_officer_token=tokens["kh_officer"].token,
    )


def admin_samples() -> None:
    """One row for each admin list that starts empty, so its change pages can be opened."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name="Synthetic group")
    who = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "test"}
    AccessAttempt.objects.create(**who, failures_since_start=1)
    AccessLog.objects.create(**who)
    AccessFailureLog.objects.create(**who)


def clients_for(persona: str, d: SimpleNamespace) -> dict[bool, Client]:
    """{is_api: client}: the API client sends the persona's token, the other is signed in."""
    if persona == ANON:
        return {True: Client(), False: Client()}
    page_client = Client()
    page_client.force_login(d.users[persona])
    return {
        True: Client(HTTP_AUTHORIZATION=f"Bearer {d.tokens[persona].secret}"),
        False: page_client,
    }


def url_for(key: str, expect: Expect, d: SimpleNamespace) -> str:
    if expect.path:
        return expect.path(d)
    return reverse(key.split("|")[0], kwargs=expect.kwargs(d) if expect.kwargs else None)


def request(client: Client, key: str, expect: Expect, d: SimpleNamespace):
    send = getattr(client, expect.method)
    url = url_for(key, expect, d)
    if expect.json is not None:
        return url, send(url, expect.json(d), content_type="application/json")
    if expect.form is not None:
        return url, send(url, expect.form(d))
    return url, send(url)


def personal_data_leaks(persona: str, body: str) -> list[str]:
    leaks = []
    if SECRET_NAME in body and persona not in MAY_SEE_SECRET:
        leaks.append(SECRET_NAME)
    if PARTNER_NAME in body and persona not in MAY_SEE_PARTNER_NAME:
        leaks.append(PARTNER_NAME)
    return leaks


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix(persona: str, sample_data: SimpleNamespace):
    wrong, leaks, seen_secret = [], [], False
    clients = clients_for(persona, sample_data)
    for key, expect in MATRIX.items():
        # Writes get fresh clients, so a sign-out or a change cannot affect later entries.
        fresh = expect.method != "get"
        client = (clients_for(persona, sample_data) if fresh else clients)[expect.is_api]
        url, response = request(client, key, expect, sample_data)
        expected = expect.statuses[persona]
        if response.status_code != expected:
            wrong.append(
                f"{key} {expect.method.upper()} {url}: {response.status_code}, expected {expected}"
            )
        body = response.content.decode(errors="replace")
        leaks += [f"{key} {url} shows {name!r}" for name in personal_data_leaks(persona, body)]
        seen_secret |= SECRET_NAME in body
    assert not wrong, f"{persona}: unexpected statuses:\n" + "\n".join(wrong)
    assert not leaks, f"{persona}: personal data it may not see:\n" + "\n".join(leaks)
    if persona in MAY_SEE_SECRET:
        # The check above must be able to fail: staff do see the seeded person somewhere.
        assert seen_secret, f"{persona} never saw {SECRET_NAME!r}; the leak check is blind"
