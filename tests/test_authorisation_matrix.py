"""Authorisation matrix: every URL pattern of the project, for every persona and anonymous.

`test_every_url_pattern_is_in_the_matrix` walks `get_resolver()` recursively (pages, API,
admin, downloads). A URL pattern without an entry in MATRIX fails it, naming the pattern;
so does an entry whose URL no longer exists. `test_matrix` requests every URL as each persona
(a GET unless the entry says otherwise) and compares the status with the entry, and checks
that no response body shows personal data to a persona who may not see it.
`test_matrix_fails_when_an_access_check_is_removed` takes checks out and expects the walk to
name them, so the matrix cannot quietly stop catching anything.
Writes with hostile payloads (an event moved to another country, handed to another
organisation, another event's attendance) carry a `state` read before and after: it must
change for exactly the personas in `changed_by` and for nobody else, and no refused write
(4xx) may add to the audit trail.
`test_admin_without_two_factor_reaches_no_page_while_it_is_required` walks the pages as an
admin without two-factor sign-in, as in production mode.

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
  keyword arguments, `json` or `form` (also functions of `d`) the body of a write, and
  `query` a fixed query string (a period, `format=csv`). `state` (a function of `d`) and
  `changed_by` (personas) say what a write may change, and for whom. To check another
  method, object or query on a URL whose name is taken, append a word to the key:
  `"name|post"`, `"name|csv"`.

Personas: the six demo personas, `km_translator` (reviews the Khmer translations, sees no
programme records), `kh_viewer` (a Cambodia viewer), `lscw_viewer` (a viewer of
the partner organisation LSCW: its events' counts, never names or edits) and `anonymous`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.accounts.models import Role, User
from pathways.activities.dedup.merging import person_merge
from pathways.activities.models import (
    Attendance,
    DuplicateCandidate,
    Event,
    ImportBatch,
    Person,
    Topic,
)
from pathways.api.tests.factories import attend, make_event, make_person, make_user
from pathways.api.tokens import api_token_create
from pathways.audit.models import AuditEvent
from pathways.casework.models import Case, CaseworkRole, StaffMembership
from pathways.jobs.files import job_file_save
from pathways.jobs.models import Job
from pathways.programs.models import Country, Organisation, OutcomeArea
from pathways.reports.models import Publication
from pathways.results.models import Achievement, Indicator, IndicatorTarget, ReportedValue

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
    "lscw_viewer",
    "km_translator",
]
# Personal data seeded for the check: this name may be shown only to these personas.
SECRET_NAME = "Zyxqa Testperson"
# Their contacts, which may be shown without the name (a contact list, an export).
SECRET_CONTACTS = {"email": "zyxqa.testperson@example.org", "phone": "+85512987654"}
MAY_SEE_SECRET = {"admin", "kh_manager", "kh_officer"}
# A person at the partner's own event: the partner may see them, no one else outside Cambodia.
PARTNER_NAME = "Qwvbn Partnerseen"
MAY_SEE_PARTNER_NAME = {"admin", "kh_manager", "kh_officer", "lscw_partner"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

Kwargs = Callable[[SimpleNamespace], dict[str, Any]]


@dataclass(frozen=True)
class Expect:
    statuses: dict[str, int]
    kwargs: Kwargs | None = None
    path: Callable[[SimpleNamespace], str] | None = None  # for unnamed patterns
    method: str = "get"
    json: Callable[[SimpleNamespace], dict[str, Any]] | None = None
    form: Callable[[SimpleNamespace], dict[str, Any]] | None = None  # form fields or uploads
    is_api: bool = False
    query: dict[str, str] = field(default_factory=dict)
    state: Callable[[SimpleNamespace], Any] | None = None
    changed_by: frozenset[str] = frozenset()


def _statuses(default: int, anonymous: int, overrides: dict[str, int]) -> dict[str, int]:
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas in the matrix: {unknown}"
    return {ANON: anonymous} | {p: default for p in PERSONAS[1:]} | overrides


def page(
    kwargs: Kwargs | None = None,
    *,
    default: int = 200,
    method: str = "get",
    form: Callable[[SimpleNamespace], dict[str, Any]] | None = None,
    query: dict[str, str] | None = None,
    state: Callable[[SimpleNamespace], Any] | None = None,
    changed_by: tuple[str, ...] = (),
    **overrides: int,
) -> Expect:
    statuses = _statuses(default, overrides.pop(ANON, 302), overrides)
    return Expect(
        statuses,
        kwargs,
        method=method,
        form=form,
        query=query or {},
        state=state,
        changed_by=_personas(changed_by),
    )


def api(
    kwargs: Kwargs | None = None,
    *,
    default: int = 200,
    method: str = "get",
    json: Callable[[SimpleNamespace], dict[str, Any]] | None = None,
    form: Callable[[SimpleNamespace], dict[str, Any]] | None = None,
    query: dict[str, str] | None = None,
    state: Callable[[SimpleNamespace], Any] | None = None,
    changed_by: tuple[str, ...] = (),
    **overrides: int,
) -> Expect:
    statuses = _statuses(default, overrides.pop(ANON, 401), overrides)
    return Expect(
        statuses,
        kwargs,
        method=method,
        json=json,
        form=form,
        is_api=True,
        query=query or {},
        state=state,
        changed_by=_personas(changed_by),
    )


def _personas(names: tuple[str, ...]) -> frozenset[str]:
    assert set(names) <= set(PERSONAS), f"unknown personas in the matrix: {names}"
    return frozenset(names)


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
    app, model = app_model.rsplit("_", 1)

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


def partner_pk(d):
    return {"pk": d.partner_event.pk}


def partner_event_id(d):
    return {"event_id": d.partner_event.pk}


def partner_attendance(d):
    return {"pk": d.partner_event.pk, "attendance_pk": d.partner_attendance.pk}


def stored(d) -> Event:
    """The partner's event as it is now (earlier writes of the walk may have changed it)."""
    return Event.objects.get(pk=d.partner_event.pk)


def patch_partner_event(values: Kwargs) -> Kwargs:
    """A PATCH of the partner's event with its current version, so only `values` decide."""
    return lambda d: {"version": stored(d).version, **values(d)}


def add_to_partner_event(person: str) -> Callable[[SimpleNamespace], dict[str, Any]]:
    """The attendance form of the partner's event, picking an existing person by id."""
    return lambda d: {
        "action": "add",
        "person": getattr(d, person).pk,
        "role": "participant",
        "days_attended": "1",
    }


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
OUTSIDE = {"la_manager": 404, "lscw_partner": 404, "lscw_viewer": 404}
READ_ONLY = {"donor": 403, "kh_viewer": 403}
NOT_JOB_READERS = {**OUTSIDE, "donor": 404, "kh_viewer": 404}
# The partner's own event, for those who see it without the role to change it or see names.
PARTNER_READ_ONLY = {"donor": 403, "kh_viewer": 403, "lscw_viewer": 403}
NO_PERSONAL_DATA_404 = {"donor": 404, "kh_viewer": 404}
# Cambodia's personal data for those who see the country but hold no data role there (403).
NO_DATA_ROLE = {"donor": 403, "kh_viewer": 403, "lscw_partner": 403, "lscw_viewer": 403}
# Pages for the whole region: only regional users (admin, donor); everyone else 404.
REGION_ONLY = {p: 404 for p in PERSONAS[1:] if p not in ("admin", "donor")}
# Cambodia's draft and submitted achievements: seen only where one edits in Cambodia.
NOT_EDITING_KH = {
    "la_manager": 404,
    "lscw_partner": 404,
    "donor": 404,
    "kh_viewer": 404,
    "lscw_viewer": 404,
}
FY = {"start": "2021-07-01", "end": "2022-06-30"}
PUBLISH_KH = {"kind": "factsheet", "country": "KH", **FY, "language": "en"}
NOT_KH_STAFF = {"la_manager": 404, "lscw_partner": 404, "lscw_viewer": 404}
ONLY_ADMIN_WITHDRAWS = {"kh_manager": 403, "kh_officer": 403, "donor": 403, "kh_viewer": 403}
NOT_SETTING_KH_OBLIGATIONS = {
    "la_manager": 404,
    "kh_officer": 403,
    "donor": 403,
    "kh_viewer": 403,
    "lscw_partner": 403,
    "lscw_viewer": 403,
}


def obligation(d) -> tuple[str, int]:
    """Cambodia's status on article 14 and its version (none set yet: not assessed, 0)."""
    from pathways.reports.models import ObligationStatus

    found = ObligationStatus.objects.filter(country__code="KH", article__number=14).first()
    return (found.status, found.version) if found else ("not_assessed", 0)


CANNOT_PUBLISH_KH = {
    "donor": 403,
    "kh_viewer": 403,
    "la_manager": 404,
    "lscw_partner": 403,
    "lscw_viewer": 403,
}
KH_FY = {"country": "KH", **FY}


def kh_figure(figure: str) -> Kwargs:
    return lambda d: {"code": "KH", "figure": figure}


def pk_of(name: str) -> Kwargs:
    return lambda d: {"pk": getattr(d, name).pk}


def new_achievement(d):
    return {
        "title": "Synthetic result",
        "text": "Synthetic text.",
        "date": "2022-03-01",
        "country": "KH",
        "outcome_area": "justice",
    }


MATRIX: dict[str, Expect] = {
    # --- Django and accounts -------------------------------------------------------------
    "set_language": public(default=302),
    "accounts:login": public(default=302, anonymous=200),
    "accounts:logout": public(default=405),
    "accounts:home": page(default=302),
    "accounts:profile": page(),
    # Signed in without a device: on to the next page; anonymous, no sign-in pending: to login.
    "accounts:two_factor_verify": public(default=302),
    "accounts:two_factor": page(),
    "accounts:password_change": page(),
    # Without a device the recovery codes page sends to two-factor set-up.
    "accounts:recovery_codes": page(default=302),
    # A forgotten password: the same pages for everyone, signed in or not; a link with a
    # wrong token shows "this link does not work".
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_confirm": public(lambda d: {"uidb64": "MQ", "token": "wrong-token"}),
    "accounts:password_reset_complete": public(),
    # --- Each user's home, and the program reference pages --------------------------------
    "home:home": page(),
    "home:program": page(),
    "home:country": page(lambda d: {"code": "KH"}, la_manager=404),
    # --- Events, attendance and persons (kh_event: Cambodia, led by MoJ) ---------------------
    "activities:event_list": page(),
    "activities:event_create": page(donor=403, kh_viewer=403, lscw_viewer=403),
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
    "activities:attendance_download|xlsx": page(
        lambda d: {"pk": d.kh_event.pk, "fmt": "xlsx"}, **OUTSIDE, **READ_ONLY
    ),
    "activities:import_upload": page(kh_event, **OUTSIDE, **READ_ONLY),
    # No upload waits under this token: 404 once the event's access checks have passed.
    "activities:import_preview": page(
        lambda d: {**kh_event(d), "token": "none"}, default=404, **READ_ONLY
    ),
    # Cancelling deletes the waiting upload: a POST, 404 when no upload of the user waits.
    "activities:import_cancel": page(
        lambda d: {**kh_event(d), "token": "none"}, method="post", default=404, **READ_ONLY
    ),
    # Naming an organisation the sheet wrote: a POST, 404 when no upload of the user waits
    # (activities/tests/test_import_organisations.py checks the partner's 403 with a real upload).
    "activities:import_organisation_alias": page(
        lambda d: {**kh_event(d), "token": "none"}, method="post", default=404, **READ_ONLY
    ),
    "activities:import_organisation_create": page(
        lambda d: {**kh_event(d), "token": "none"}, method="post", default=404, **READ_ONLY
    ),
    "activities:import_report": page(
        lambda d: {**kh_event(d), "batch_id": d.kh_batch.pk}, **OUTSIDE, **READ_ONLY
    ),
    # The rows an import left out: personal data, for those who may import into the event.
    "activities:import_problem_rows": page(
        lambda d: {**kh_event(d), "batch_id": d.kh_batch.pk}, **OUTSIDE, **READ_ONLY
    ),
    "activities:import_template": page(kh_event, **OUTSIDE, **READ_ONLY),
    # A Cambodia import job kh_officer queued (failed): theirs, the admin's and the country
    # manager's to read; only its owner may try it again.
    "jobs:job_list": page(),
    "jobs:job_detail": page(lambda d: {"job_id": d.kh_job.pk}, **NOT_JOB_READERS),
    "jobs:job_retry": page(
        lambda d: {"job_id": d.kh_job.pk},
        method="post",
        form=lambda d: {},
        admin=403,
        kh_manager=403,
        kh_officer=302,
        **NOT_JOB_READERS,
    ),
    "api:job_detail": api(lambda d: {"job_id": d.kh_job.pk}, **NOT_JOB_READERS),
    # The file of an export kh_officer queued (done): theirs alone, not even the admin's or
    # the country manager's, who read the job.
    "jobs:job_download": page(
        lambda d: {"job_id": d.kh_export_job.pk}, default=404, kh_officer=200
    ),
    # The confirmation page; the sample batch has no import record, so undo is refused with
    # its reason and nothing changes, whoever posts.
    "activities:import_undo": page(
        lambda d: {**kh_event(d), "batch_id": d.kh_batch.pk}, **OUTSIDE, **READ_ONLY
    ),
    "activities:import_undo|post": page(
        lambda d: {**kh_event(d), "batch_id": d.kh_batch.pk},
        method="post",
        form=lambda d: {},
        **OUTSIDE,
        **READ_ONLY,
        state=lambda d: ImportBatch.objects.filter(pk=d.kh_batch.pk).exists(),
    ),
    # The partner's own event (LSCW leads it): its viewer reads counts, never names or edits.
    "activities:event_detail|partner": page(partner_pk, la_manager=404),
    "activities:event_edit|partner": page(partner_pk, la_manager=404, **PARTNER_READ_ONLY),
    "activities:attendance_edit|partner": page(
        partner_attendance, la_manager=404, **PARTNER_READ_ONLY
    ),
    "activities:attendance_download|partner": page(
        lambda d: {"pk": d.partner_event.pk, "fmt": "csv"}, la_manager=404, **PARTNER_READ_ONLY
    ),
    # Hostile writes: Cambodia's attendance through the partner's event, a Lao person at it,
    # and a Cambodian the partner has never seen (staff of Cambodia may add them).
    "activities:attendance_edit|other-event": page(
        lambda d: {"pk": d.partner_event.pk, "attendance_pk": d.kh_attendance.pk},
        method="post",
        form=lambda d: {"role": "facilitator", "days_attended": "3"},
        default=404,
        **PARTNER_READ_ONLY,
        state=lambda d: Attendance.objects.filter(pk=d.kh_attendance.pk).values_list(
            "event_id", "role", "days_attended"
        )[0],
    ),
    "activities:attendance_add|other-country-person": page(
        partner_pk,
        method="post",
        form=add_to_partner_event("la_person"),
        la_manager=404,
        **PARTNER_READ_ONLY,
        state=lambda d: d.la_person.attendances.count(),
    ),
    "activities:attendance_add|unseen-person": page(
        partner_pk,
        method="post",
        form=add_to_partner_event("kh_person"),
        default=302,
        lscw_partner=200,
        la_manager=404,
        **PARTNER_READ_ONLY,
        state=lambda d: d.kh_person.attendances.filter(event=d.partner_event).exists(),
        changed_by=("admin", "kh_manager", "kh_officer"),
    ),
    "activities:person_detail": page(kh_person_pk, **OUTSIDE, **NO_PERSONAL_DATA_404),
    "activities:person_edit": page(kh_person_pk, **OUTSIDE, **NO_PERSONAL_DATA_404),
    # --- Duplicate review: names side by side, for data roles in the pair's country only -----
    "activities:duplicate_list": page(**NO_DATA_ROLE),
    # A full search of Cambodia, queued as a job (its page follows): where one may merge.
    "activities:duplicate_find": page(
        method="post",
        form=lambda d: {"country": "KH"},
        default=302,
        la_manager=404,
        **NO_DATA_ROLE,
    ),
    "activities:duplicate_detail": page(pk_of("candidate"), la_manager=404, **NO_DATA_ROLE),
    # No record chosen: the form's error (400), once the access checks have passed.
    "activities:duplicate_merge": page(
        pk_of("candidate"), method="post", default=400, la_manager=404, **NO_DATA_ROLE
    ),
    "activities:duplicate_keep_apart": page(
        pk_of("candidate"), method="post", default=302, la_manager=404, **NO_DATA_ROLE
    ),
    "activities:merge_undo": page(
        pk_of("merge"), method="post", default=302, la_manager=404, **NO_DATA_ROLE
    ),
    # A whole group, and several sure groups: nothing chosen is the form's error (400); a
    # group of another country is refused (400, or a refusal in the summary) and unchanged.
    "activities:duplicate_group_merge": page(method="post", default=400, **NO_DATA_ROLE),
    "activities:duplicate_group_merge|kh-group": page(
        method="post",
        form=lambda d: {
            "pairs": [d.group_pair.pk],
            "keep": d.group_pair.person_a_id,
            "include": [d.group_pair.person_b_id],
        },
        default=302,
        la_manager=400,
        **NO_DATA_ROLE,
        state=lambda d: Person.objects.filter(pk=d.group_pair.person_b_id).exists(),
        changed_by=("admin", "kh_manager", "kh_officer"),
    ),
    "activities:duplicate_groups_accept": page(method="post", default=400, **NO_DATA_ROLE),
    "activities:duplicate_groups_accept|kh-sure": page(
        method="post",
        form=lambda d: {"group": [f"{d.sure_pair.person_a_id}:{d.sure_pair.pk}"]},
        default=302,
        **NO_DATA_ROLE,
        state=lambda d: Person.objects.filter(pk=d.sure_pair.person_b_id).exists(),
        changed_by=("admin", "kh_manager", "kh_officer"),
    ),
    # --- Dashboards and drill-down (names behind a figure only with a data role) -------------
    # Country staff and partners land on their country's dashboard.
    "results:dashboard_region": page(default=302, admin=200, donor=200),
    "results:records_region": page(lambda d: {"figure": "participants"}, **REGION_ONLY),
    "results:records_region|csv": page(
        lambda d: {"figure": "participants"}, query={"format": "csv"}, **REGION_ONLY
    ),
    "results:breakdown_region": page(**REGION_ONLY),
    "results:indicators_region": page(**REGION_ONLY),
    "results:dashboard_country": page(lambda d: {"code": "KH"}, la_manager=404),
    "results:records_country": page(kh_figure("participants"), la_manager=404),
    "results:records_country|csv": page(
        kh_figure("participants"), query={"format": "csv"}, la_manager=404
    ),
    "results:records_country|xlsx": page(
        kh_figure("participants"), query={"format": "xlsx"}, la_manager=404
    ),
    "results:records_country|people": page(kh_figure("people-trained"), la_manager=404),
    "results:breakdown_country": page(lambda d: {"code": "KH"}, la_manager=404),
    "results:indicators_country": page(lambda d: {"code": "KH"}, la_manager=404),
    # Values are reported by the country manager (and the admin).
    "results:reported_value_create": page(
        lambda d: {"code": "KH", "pk": d.reported_indicator.pk},
        la_manager=404,
        kh_officer=403,
        **NO_DATA_ROLE,
    ),
    # --- Achievements and evidence -------------------------------------------------------------
    "results:achievement_list": page(),
    "results:achievement_create": page(**NO_DATA_ROLE),
    "results:achievement_detail": page(pk_of("verified"), la_manager=404),
    "results:achievement_detail|draft": page(pk_of("draft"), **NOT_EDITING_KH),
    "results:achievement_edit": page(pk_of("draft"), **NOT_EDITING_KH),
    "results:achievement_submit": page(
        pk_of("draft_to_submit"), method="post", default=302, **NOT_EDITING_KH
    ),
    "results:achievement_verify": page(
        pk_of("submitted"), method="post", default=302, kh_officer=403, **NOT_EDITING_KH
    ),
    "results:achievement_send_back": page(
        pk_of("submitted_to_send_back"),
        method="post",
        form=lambda d: {"comment": "Synthetic: name the partners."},
        default=302,
        kh_officer=403,
        **NOT_EDITING_KH,
    ),
    # No file sent: a message and back to the achievement, once the access checks have passed.
    "results:evidence_upload": page(
        pk_of("verified"), method="post", default=302, la_manager=404, **NO_DATA_ROLE
    ),
    # Evidence downloads and making a file public: EVIDENCE_MATRIX below.
    # --- Factsheets and donor exports ----------------------------------------------------------
    "reports:factsheet_index": page(),
    "reports:region_factsheet": page(**REGION_ONLY),
    # Without a period a PDF is a 400 once the access checks have passed; rendering PDFs for
    # every persona would only slow the matrix (the PDFs are tested in pathways/reports).
    "reports:region_factsheet_pdf": page(default=400, **REGION_ONLY),
    "reports:region_factsheet_json": page(query=FY, **REGION_ONLY),
    "reports:factsheet": page(lambda d: {"code": "KH"}, la_manager=404),
    "reports:factsheet_pdf": page(lambda d: {"code": "KH"}, default=400, la_manager=404),
    "reports:factsheet_json": page(lambda d: {"code": "KH"}, query=FY, la_manager=404),
    # Queued as jobs: the job's page follows (302); the exports for the admin and the donor.
    "reports:iati_prepare": page(method="post", form=lambda d: {}, default=302, **REGION_ONLY),
    "reports:workbook_prepare": page(method="post", form=lambda d: {}, default=302, **REGION_ONLY),
    # Every persona opens some country, so each may have the factsheets of theirs in a ZIP.
    "reports:factsheets_zip": page(
        method="post", form=lambda d: {"fy": "2021", "language": "en"}, default=302
    ),
    # Publications: a country's to regional users and the country's staff (a partner sees only
    # its own events' figures, never a whole country's); publishing by those who edit there.
    "reports:publication_list": page(),
    "reports:publication_detail": page(pk_of("kh_publication"), **NOT_KH_STAFF),
    "reports:publication_detail|region": page(pk_of("region_publication"), **REGION_ONLY),
    "reports:publication_download": page(pk_of("kh_publication"), **NOT_KH_STAFF),
    "reports:publication_withdraw": page(
        pk_of("kh_publication"), **NOT_KH_STAFF, **ONLY_ADMIN_WITHDRAWS
    ),
    "reports:publication_withdraw|post": page(
        pk_of("kh_publication"),
        method="post",
        form=lambda d: {"reason": "Synthetic reason"},
        default=302,
        **NOT_KH_STAFF,
        **ONLY_ADMIN_WITHDRAWS,
        state=lambda d: Publication.objects.get(pk=d.kh_publication.pk).withdrawn_at is None,
        changed_by=("admin",),
    ),
    # ACTIP obligations: read by everyone who sees the country (the matrix lists the
    # countries one sees); set by the country's manager and the MEL admin.
    "reports:obligations_matrix": page(),
    "reports:obligations_matrix_pdf": page(),
    "reports:obligations_country": page(lambda d: {"code": "KH"}, la_manager=404),
    "reports:obligation_edit": page(
        lambda d: {"code": "KH", "number": 14}, **NOT_SETTING_KH_OBLIGATIONS
    ),
    "reports:obligation_edit|post": page(
        lambda d: {"code": "KH", "number": 14},
        method="post",
        form=lambda d: {"status": "met", "note": "Synthetic note", "version": obligation(d)[1]},
        default=302,
        **NOT_SETTING_KH_OBLIGATIONS,
        state=obligation,
        changed_by=("admin", "kh_manager"),
    ),
    "reports:publish": page(query=PUBLISH_KH, **CANNOT_PUBLISH_KH),
    "reports:publish|post": page(
        method="post",
        form=lambda d: PUBLISH_KH,
        default=302,
        **CANNOT_PUBLISH_KH,
        state=lambda d: Publication.objects.count(),
        changed_by=("admin", "kh_manager", "kh_officer"),
    ),
    "reports:publish|region": page(query={"kind": "workbook"}, **REGION_ONLY, donor=403),
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
        method="post", json=new_event, default=201, la_manager=403, **PARTNER_READ_ONLY
    ),
    "api:event_detail": api(kh_event, **OUTSIDE),
    "api:event_update": api(
        kh_event,
        method="patch",
        json=lambda d: {"version": 1, "title": "x"},
        **OUTSIDE,
        **READ_ONLY,
    ),
    "api:event_update|partner": api(
        partner_event_id,
        method="patch",
        json=patch_partner_event(lambda d: {"title": "Synthetic LSCW training, renamed"}),
        la_manager=404,
        **PARTNER_READ_ONLY,
        state=lambda d: stored(d).title,
        changed_by=("admin", "kh_manager", "kh_officer", "lscw_partner"),
    ),
    # Hostile payloads: the new values must be in the writer's scope as well as the old. An
    # event with attendance keeps its country, even for the admin: its attendees are held
    # by Cambodia, and Laos's staff would read their names.
    "api:event_update|to-other-country": api(
        partner_event_id,
        method="patch",
        json=patch_partner_event(lambda d: {"country": "LA"}),
        default=403,
        admin=422,
        la_manager=404,
        state=lambda d: stored(d).country.code,
    ),
    # The partner may not hand its event to an organisation it is not; Cambodia's staff may.
    "api:event_update|to-other-organisation": api(
        partner_event_id,
        method="patch",
        json=patch_partner_event(lambda d: {"lead_organisation": d.moj.pk, "co_organisers": []}),
        lscw_partner=422,
        la_manager=404,
        **PARTNER_READ_ONLY,
        state=lambda d: (stored(d).lead_organisation_id, list(stored(d).co_organisers.all())),
        changed_by=("admin", "kh_manager", "kh_officer"),
    ),
    "api:event_create|other-country": api(
        method="post",
        json=lambda d: {**new_event(d), "country": "LA", "title": "Synthetic Lao forum"},
        default=403,
        admin=201,
        la_manager=201,
        state=lambda d: Event.objects.filter(title="Synthetic Lao forum").count(),
        changed_by=("admin", "la_manager"),
    ),
    "api:attendance_list": api(kh_event, **OUTSIDE),
    "api:attendance_list|partner": api(partner_event_id, la_manager=404),
    "api:attendance_import": api(
        kh_event, method="post", form=sheet_upload, default=201, **OUTSIDE, **READ_ONLY
    ),
    "api:attendance_import|partner": api(
        partner_event_id,
        method="post",
        form=sheet_upload,
        default=201,
        la_manager=404,
        **PARTNER_READ_ONLY,
        state=lambda d: d.partner_event.attendances.count(),
        changed_by=("admin", "kh_manager", "kh_officer", "lscw_partner"),
    ),
    "api:person_list": api(**PARTNER_READ_ONLY),
    "api:person_detail": api(kh_person, la_manager=404, lscw_partner=404, **PARTNER_READ_ONLY),
    "api:figures": api(query=KH_FY, la_manager=404),
    "api:figures|no-period": api(default=422),
    "api:factsheet": api(query=KH_FY, la_manager=404),
    "api:factsheet|region": api(query=FY, **REGION_ONLY),
    "api:publication_list": api(),
    "api:actip_obligations": api(),
    "api:publication_detail": api(pk_of("kh_publication"), **NOT_KH_STAFF),
    "api:publication_detail|region": api(pk_of("region_publication"), **REGION_ONLY),
    "api:publication_file": api(pk_of("kh_publication"), **NOT_KH_STAFF),
    "api:indicator_list": api(query=KH_FY, la_manager=404),
    "api:achievement_list": api(),
    "api:achievement_create": api(
        method="post",
        json=new_achievement,
        default=201,
        la_manager=404,
        lscw_partner=403,
        **PARTNER_READ_ONLY,
    ),
    # A Lao event related to a Cambodian achievement would show its title to Cambodia's readers.
    "api:achievement_create|other-country-event": api(
        method="post",
        json=lambda d: {
            **new_achievement(d),
            "title": "Synthetic result with a Lao event",
            "related_events": [d.la_event.pk],
        },
        default=403,
        admin=422,
        kh_manager=422,
        kh_officer=422,
        la_manager=404,
        state=lambda d: Achievement.objects.filter(
            title="Synthetic result with a Lao event"
        ).count(),
    ),
    "api:achievement_detail": api(lambda d: {"achievement_id": d.verified.pk}, la_manager=404),
    "api:achievement_detail|draft": api(lambda d: {"achievement_id": d.draft.pk}, **NOT_EDITING_KH),
    "api_not_found": public(path=lambda d: "/api/v1/no-such-endpoint/", default=404),
    # --- Operations -------------------------------------------------------------------------
    "ops:healthz": public(),
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
    # Queued tasks (django-tasks' database backend): read-only, for the operator.
    **admin_model(
        "django_tasks_database_dbtaskresult",
        first_pk("django_tasks_database.DBTaskResult"),
        add=403,
        delete=403,
    ),
    # Periodic commands' runs (the scheduler and the workers write them): read-only.
    **admin_model("jobs_periodicrun", first_pk("jobs.PeriodicRun"), add=403, delete=403),
    **admin_model("axes_accessfailurelog", first_pk("axes.AccessFailureLog"), add=403),
    **admin_model("audit_auditevent", first_pk("audit.AuditEvent"), add=403, delete=403),
    **admin_model("programs_program", first_pk("programs.Program")),
    **admin_model(
        "reports_conventionarticle",
        first_pk("reports.ConventionArticle"),
        add=403,
        delete=403,
    ),
    **admin_model("programs_country", first_pk("programs.Country")),
    **admin_model("programs_province", first_pk("programs.Province")),
    **admin_model("programs_organisation", first_pk("programs.Organisation")),
    **admin_model("programs_organisationalias", first_pk("programs.OrganisationAlias")),
    **admin_model("programs_pathway", first_pk("programs.Pathway")),
    **admin_model("programs_outcomearea", first_pk("programs.OutcomeArea")),
    **admin_model("programs_steeringcommitteemember", first_pk("programs.SteeringCommitteeMember")),
    # A user named in the audit trail is deactivated, never deleted: the delete page is 403.
    **admin_model("accounts_user", lambda d: d.actor.pk, delete=403),
    **admin_model("accounts_membership", first_pk("accounts.Membership")),
    **admin_model("activities_topic", first_pk("activities.Topic")),
    **admin_model("activities_event", lambda d: d.kh_event.pk),
    **admin_model("results_indicator", lambda d: d.reported_indicator.pk),
    **admin_model("results_indicatortarget", first_pk("results.IndicatorTarget")),
    **admin_model("results_reportedvalue", first_pk("results.ReportedValue")),
    **admin_model("results_achievement", lambda d: d.verified.pk),
    **admin_model("results_evidencefile", lambda d: d.evidence.pk),
    **admin_model("otp_totp_totpdevice", first_pk("otp_totp.TOTPDevice")),
    # A device's secret is never shown, not even to the admin (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    "admin:otp_totp_totpdevice_config": admin_only(pk_of("device"), admin=403),
    "admin:otp_totp_totpdevice_qrcode": admin_only(pk_of("device"), admin=403),
    # Recovery codes: the change page hides the codes (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    **admin_model("otp_static_staticdevice", first_pk("otp_static.StaticDevice")),
    # A country's casework settings (its formal identifiers): the admin's alone.
    **admin_model("casework_countrycaseworksettings", lambda d: casework_settings_pk(d)),
    # The CTDC contribution file: the regional administrator's alone. Cambodia has not switched
    # it on here, so the admin's download is refused with the reason (403).
    "stats:ctdc_countries": page(default=404, admin=200),
    "stats:ctdc_download": page(
        lambda d: {"code": "KH", "year": dt.date.today().year}, default=404, admin=403
    ),
    # Casework: no programme persona holds a casework role, so for them it does not exist.
    "casework:worklist": page(default=404),
    "casework:nrm_dashboard": page(default=404),
    "casework:nrm_download": page(lambda d: {"fmt": "csv"}, default=404),
    "casework:case_list": page(default=404),
    "casework:case_detail": page(lambda d: {"pk": casework_case_pk(d)}, default=404),
    "casework:note_add": page(
        lambda d: {"pk": casework_case_pk(d)},
        method="post",
        form=lambda d: {"section": "notes", "text": "Synthetic note"},
        default=404,
    ),
    "casework:case_exploitation": page(lambda d: {"pk": casework_case_pk(d)}, default=404),
    "casework:case_exploitation|post": page(
        lambda d: {"pk": casework_case_pk(d)},
        method="post",
        form=lambda d: {"exploitation_type": "ForcedLabour", "exploitation_country": "TH"},
        default=404,
    ),
    # The person's own data: what is held about them, and their identifiers corrected.
    "casework:held_about": page(lambda d: {"pk": casework_case_pk(d)}, default=404),
    "casework:held_about_download": page(lambda d: {"pk": casework_case_pk(d)}, default=404),
    "casework:identity_correct": page(lambda d: {"pk": casework_case_pk(d)}, default=404),
    "casework:identity_correct|post": page(
        lambda d: {"pk": casework_case_pk(d)},
        method="post",
        form=lambda d: {"first_name": "Synthetic", "reason": "Synthetic correction"},
        default=404,
    ),
    "casework:intake": page(default=404),
    "casework:intake|post": page(
        method="post",
        form=lambda d: {"name": "Synthetic Person", "birth_year": "2000"},
        default=404,
    ),
    "casework:intake_register": page(default=404),
    "casework:access_log": page(default=404),
    "casework:group_list": page(default=404),
    "casework:roster_upload": page(default=404),
    "casework:group_detail": page(lambda d: {"pk": 1}, default=404),
    "casework:screening_take_over": page(lambda d: {"pk": 1}, default=404, method="post"),
    # The screening pages: no programme persona screens (casework roles only).
    "casework:screening_list": page(default=404),
    "casework:screening_new": page(default=404),
    **{
        f"casework:screening_{name}": page(lambda d: {"pk": 1}, default=404)
        for name in ("detail", "setup", "consent", "notes", "triage", "outcome")
    },
    "casework:screening_questions": page(lambda d: {"pk": 1, "step": 1}, default=404),
    "casework:screening_decline": page(lambda d: {"pk": 1}, default=404, method="post"),
    "casework:screening_close": page(lambda d: {"pk": 1}, default=404, method="post"),
    "casework:screening_void": page(lambda d: {"pk": 1}, default=404),
    "casework:screening_duplicate": page(lambda d: {"pk": 1}, default=404),
    # The case's care records (the ids after the case's are never reached: no case is).
    **{
        f"casework:{name}": page(lambda d: {"pk": casework_case_pk(d)}, default=404)
        for name in (
            "assessment_history",
            "assessment_add",
            "care_plan_edit",
            "service_add",
            "followup_add",
            "event_add",
        )
    },
    "casework:event_edit": page(lambda d: {"pk": casework_case_pk(d), "event_id": 1}, default=404),
    "casework:care_plan_move": page(
        lambda d: {"pk": casework_case_pk(d), "plan_id": 1, "move": "approve"},
        method="post",
        form=lambda d: {},
        default=404,
    ),
    "casework:goal_status": page(
        lambda d: {"pk": casework_case_pk(d), "goal_id": 1},
        method="post",
        form=lambda d: {"status": "achieved"},
        default=404,
    ),
    # Consent: no programme persona records, reads, withdraws or overrides one.
    "casework:consent_add": page(lambda d: {"pk": casework_case_pk(d)}, default=404),
    "casework:consent_detail": page(
        lambda d: {"pk": casework_case_pk(d), "consent_id": 1}, default=404
    ),
    "casework:consent_withdraw": page(
        lambda d: {"pk": casework_case_pk(d), "consent_id": 1},
        method="post",
        form=lambda d: {"version": 0, "confirm": "on"},
        default=404,
    ),
    "casework:consent_override": page(
        lambda d: {"pk": casework_case_pk(d)},
        method="post",
        form=lambda d: {"kind": "interview", "legal_basis": "vital_interests", "reason": "S"},
        default=404,
    ),
    # Referrals: no programme persona offers, reads or acts on one.
    "casework:referral_offer": page(lambda d: {"pk": casework_case_pk(d)}, default=404),
    "casework:referral_offer|post": page(
        lambda d: {"pk": casework_case_pk(d)},
        method="post",
        form=lambda d: {"service_type": "Legal", "urgency": "urgent"},
        default=404,
    ),
    "casework:referral_list": page(default=404),
    "casework:referral_detail": page(lambda d: {"pk": 1}, default=404),
    "casework:referral_action": page(lambda d: {"pk": 1, "action": "accept"}, default=404),
    "casework:referral_action|post": page(
        lambda d: {"pk": 1, "action": "accept"},
        method="post",
        form=lambda d: {"version": 0},
        default=404,
    ),
    "casework:followup_done": page(
        lambda d: {"pk": casework_case_pk(d), "followup_id": 1},
        method="post",
        form=lambda d: {"done_on": "2026-01-01"},
        default=404,
    ),
    # Transfers of a case's ownership: no programme persona asks for, sees or decides one.
    "casework:transfer_new": page(lambda d: {"pk": casework_case_pk(d)}, default=404),
    "casework:transfer_new|post": page(
        lambda d: {"pk": casework_case_pk(d)},
        method="post",
        form=lambda d: {"to_agency": d.lscw.pk, "reason": "Synthetic"},
        default=404,
    ),
    "casework:transfer_list": page(default=404),
    "casework:transfer_detail": page(lambda d: {"pk": 1}, default=404),
    "casework:transfer_action": page(
        lambda d: {"pk": 1, "action": "accept"},
        method="post",
        form=lambda d: {"accept-version": "0"},
        default=404,
    ),
}


def casework_settings_pk(d: SimpleNamespace) -> int:
    """Cambodia's casework settings, made on first need."""
    from pathways.casework.models import CountryCaseworkSettings

    return CountryCaseworkSettings.objects.get_or_create(country=d.kh)[0].pk


def casework_case_pk(d: SimpleNamespace) -> int:
    """A case of a Cambodian agency, made on first need (its identifiers sealed)."""
    if not hasattr(d, "casework_case"):
        from pathways.casework.tests.conftest import open_case_for, register

        d.casework_case = open_case_for(register(d.kh, d.lscw))
    return d.casework_case.pk


# --- Evidence files: staff only unless the verifier made them public ---------------------------
# Sign-in sheets and photos hold personal data. Those who may see it in Cambodia (kh_manager,
# kh_officer, the admin) and partners named on the achievement open every file of a record
# they see; everyone else who sees it (donor, kh_viewer, other partners) only the public
# files, and a staff-only file is a 404 to them. Only the country manager (and the
# admin) decides what is public. Samples: `evidence_samples`.

NOT_KH_STAFF = {
    "la_manager": 404,
    "lscw_partner": 404,
    "donor": 404,
    "kh_viewer": 404,
    "lscw_viewer": 404,
}


def evidence_id(name: str) -> Kwargs:
    return lambda d: {"evidence_id": getattr(d, name).pk}


EVIDENCE_MATRIX: dict[str, Expect] = {
    # A staff-only file of the verified achievement, which names no partner.
    "results:evidence_download": page(pk_of("evidence"), **NOT_KH_STAFF),
    "results:evidence_download|public": page(pk_of("public_evidence"), la_manager=404),
    # A staff-only file of a verified achievement naming LSCW: the partner opens it too, not
    # LSCW's viewer.
    "results:evidence_download|partner": page(
        pk_of("partner_evidence"), la_manager=404, donor=404, kh_viewer=404, lscw_viewer=404
    ),
    "results:evidence_download|reported-value": page(pk_of("value_evidence"), **NOT_KH_STAFF),
    "api:evidence_download": api(evidence_id("evidence"), **NOT_KH_STAFF),
    "api:evidence_download|public": api(evidence_id("public_evidence"), la_manager=404),
    "api:evidence_download|partner": api(
        evidence_id("partner_evidence"),
        la_manager=404,
        donor=404,
        kh_viewer=404,
        lscw_viewer=404,
    ),
    "api:evidence_download|reported-value": api(evidence_id("value_evidence"), **NOT_KH_STAFF),
    # Each post asks for the state the file already has, so no later entry sees a change.
    "results:evidence_set_public": page(
        pk_of("evidence"),
        method="post",
        form=lambda d: {},
        default=302,
        kh_officer=403,
        **NOT_KH_STAFF,
    ),
    "results:evidence_set_public|public": page(
        pk_of("public_evidence"),
        method="post",
        form=lambda d: {"public": "on"},
        default=302,
        la_manager=404,
        kh_officer=403,
        kh_viewer=403,
        lscw_partner=403,
        lscw_viewer=403,
        donor=403,
    ),
}
MATRIX |= EVIDENCE_MATRIX


# Casework: no persona here holds a casework role (programme roles give none), so every
# casework page and API route is a 404 for each, as if it did not exist; the casework roles'
# own rules are tested in tests/test_casework_matrix.py (every casework URL, every casework
# persona, every sealed value), pathways/casework/tests and pathways/api/tests.
NO_CASEWORK = {p: 404 for p in PERSONAS[1:]}


def care_records_of_case(d) -> tuple[int, ...]:
    case = d.case
    related = (case.assessments, case.care_plans, case.follow_ups, case.trafficking_events)
    return tuple(records.count() for records in related)


def screenings_count() -> int:
    from pathways.casework.models import Screening

    return Screening.objects.count()


def case_and_attachment(d) -> dict[str, int]:
    return {"case_id": d.case.pk, "pk": d.attachment.pk}


CASEWORK_MATRIX = {
    "casework:attachment_add": page(lambda d: {"case_id": d.case.pk}, **NO_CASEWORK),
    "casework:attachment_add|post": page(
        lambda d: {"case_id": d.case.pk},
        method="post",
        form=lambda d: {"kind": "other", "section": "notes"},
        state=lambda d: d.case.attachments.count(),
        **NO_CASEWORK,
    ),
    "casework:attachment": page(case_and_attachment, **NO_CASEWORK),
    "api:casework_case_list": api(**NO_CASEWORK),
    "api:casework_nrm_referrals": api(**NO_CASEWORK),
    "api:casework_case_detail": api(lambda d: {"case_id": d.case.pk}, **NO_CASEWORK),
    "api:casework_case_note_add": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        json=lambda d: {"text": "Synthetic note", "section": "notes"},
        state=lambda d: d.case.notes.count(),
        **NO_CASEWORK,
    ),
    "api:casework_attachment": api(
        lambda d: {"case_id": d.case.pk, "attachment_id": d.attachment.pk}, **NO_CASEWORK
    ),
    "api:casework_case_htcds": api(lambda d: {"case_id": d.case.pk}, **NO_CASEWORK),
    "api:casework_attachment_add": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        form=lambda d: {"kind": "other", "section": "notes"},
        state=lambda d: d.case.attachments.count(),
        **NO_CASEWORK,
    ),
    "api:casework_screenings": api(**NO_CASEWORK),
    "api:casework_screenings|post": api(
        method="post",
        json=lambda d: {
            "agency": d.case.owner_agency_id,
            "location_type": "border_checkpoint",
            "sex": "female",
            "age_band": "25-34",
        },
        state=lambda d: screenings_count(),
        **NO_CASEWORK,
    ),
    "api:casework_screening_detail": api(lambda d: {"screening_id": 1}, **NO_CASEWORK),
    **{
        f"api:casework_screening_{name}": api(
            lambda d: {"screening_id": 1},
            method="post",
            json=lambda d: {"version": 0, "identity": {"first_name": "Synthetic"}},
            **NO_CASEWORK,
        )
        for name in ("answer", "refer")
    },
    "api:casework_screening_action": api(
        lambda d: {"screening_id": 1, "action": "submit"},
        method="post",
        json=lambda d: {"version": 0},
        **NO_CASEWORK,
    ),
    # Intake: a search and a registration, as the intake pages.
    "api:casework_intake_search": api(
        method="post",
        json=lambda d: {"name": "Synthetic Person", "birth_year": 2000},
        **NO_CASEWORK,
    ),
    "api:casework_intake_register": api(
        method="post",
        json=lambda d: {"first_name": "Synthetic", "sex": "female", "age_band": "18-24"},
        **NO_CASEWORK,
    ),
    # Mass intake: the groups, a roster uploaded as a file, a group's people.
    "api:casework_groups": api(**NO_CASEWORK),
    "api:casework_groups|post": api(
        method="post",
        form=lambda d: {
            "agency": d.case.owner_agency_id,
            "name": "Synthetic handover",
            "arrived_on": "2026-01-05",
            "location_type": "border_checkpoint",
            "file": SimpleUploadedFile("roster.csv", b"Name\nSynthetic Person\n"),
        },
        state=lambda d: screenings_count(),
        **NO_CASEWORK,
    ),
    "api:casework_group_detail": api(lambda d: {"group_id": 1}, **NO_CASEWORK),
    "api:casework_case_identification": api(lambda d: {"case_id": d.case.pk}, **NO_CASEWORK),
    "api:casework_identification_action": api(
        lambda d: {"case_id": d.case.pk, "decision_id": 1, "action": "request_review"},
        method="post",
        json=lambda d: {"version": 0},
        **NO_CASEWORK,
    ),
    "api:casework_notification_objection": api(
        lambda d: {"case_id": d.case.pk, "notification_id": 1},
        method="post",
        json=lambda d: {},
        **NO_CASEWORK,
    ),
    "api:casework_case_stage": api(lambda d: {"case_id": d.case.pk}, **NO_CASEWORK),
    "api:casework_case_care": api(lambda d: {"case_id": d.case.pk}, **NO_CASEWORK),
    **{
        f"api:casework_care_{name}": api(
            lambda d: {"case_id": d.case.pk},
            method="post",
            json=lambda d, body=body: body,
            state=care_records_of_case,
            **NO_CASEWORK,
        )
        for name, body in (
            ("assessment_add", {"domain_set": "csi-12", "assessed_on": "2026-01-05", "scores": {}}),
            ("plan_save", {"plan_type": "SocialCare", "objectives": "Synthetic", "goals": []}),
            ("followup_add", {"kind": "phone", "what": "Synthetic", "due_on": "2026-01-05"}),
            ("event_add", {"kind": "Transit", "country": "TH", "site_type": "vehicle"}),
        )
    },
    "api:casework_care_plan_move": api(
        lambda d: {"case_id": d.case.pk, "plan_id": 1, "move": "approve"},
        method="post",
        json=lambda d: {},
        **NO_CASEWORK,
    ),
    "api:casework_care_followup_done": api(
        lambda d: {"case_id": d.case.pk, "followup_id": 1},
        method="post",
        json=lambda d: {"done_on": "2026-01-05"},
        **NO_CASEWORK,
    ),
    "api:casework_consents": api(lambda d: {"case_id": d.case.pk}, **NO_CASEWORK),
    "api:casework_consent_add": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        json=lambda d: {
            "kind": "interview",
            "decision": "given",
            "given_by": "person",
            "method": "verbal",
            "language": "km",
            "capacity_note": "Synth",
        },
        **NO_CASEWORK,
    ),
    "api:casework_consent_withdraw": api(
        lambda d: {"case_id": d.case.pk, "consent_id": 1},
        method="post",
        json=lambda d: {},
        **NO_CASEWORK,
    ),
    "api:casework_consent_override": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        json=lambda d: {"kind": "interview", "legal_basis": "vital_interests", "reason": "S"},
        **NO_CASEWORK,
    ),
    "api:casework_transfers": api(**NO_CASEWORK),
    "api:casework_transfer_detail": api(lambda d: {"transfer_id": 1}, **NO_CASEWORK),
    "api:casework_transfer_request": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        json=lambda d: {"to_agency": d.case.owner_agency_id, "reason": "Synthetic"},
        state=lambda d: d.case.transfers.count(),
        **NO_CASEWORK,
    ),
    "api:casework_transfer_action": api(
        lambda d: {"transfer_id": 1, "action": "accept"},
        method="post",
        json=lambda d: {"version": 0},
        **NO_CASEWORK,
    ),
    "api:casework_case_stage_action": api(
        lambda d: {"case_id": d.case.pk, "action": "start_assessment"},
        method="post",
        json=lambda d: {"version": 0},
        state=lambda d: type(d.case).objects.values_list("stage", "version").get(pk=d.case.pk),
        **NO_CASEWORK,
    ),
    "casework:case_export": page(lambda d: {"pk": d.case.pk}, **NO_CASEWORK),
    "casework:case_export|post": page(
        lambda d: {"pk": d.case.pk},
        method="post",
        form=lambda d: {"sections": ["summary", "identity"]},
        state=lambda d: d.case.export_requests.count(),
        **NO_CASEWORK,
    ),
    "casework:export_list": page(**NO_CASEWORK),
    "casework:export_detail": page(lambda d: {"pk": d.export.pk}, **NO_CASEWORK),
    **{
        f"casework:export_{step}": page(
            lambda d: {"pk": d.export.pk},
            method="post",
            form=lambda d: {"decision": "approve"},
            state=lambda d: type(d.export).objects.get(pk=d.export.pk).state,
            **NO_CASEWORK,
        )
        for step in ("decide", "prepare", "download")
    },
    "api:casework_care_goal_status": api(
        lambda d: {"case_id": d.case.pk, "goal_id": 1},
        method="post",
        json=lambda d: {"status": "achieved", "status_was": "not_started"},
        **NO_CASEWORK,
    ),
    "api:casework_care_service_add": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        json=lambda d: {
            "service_type": "Shelter",
            "provider": d.case.owner_agency_id,
            "delivered_on": "2026-01-05",
            "outcome": "completed",
        },
        state=lambda d: d.case.services_delivered.count(),
        **NO_CASEWORK,
    ),
    "api:casework_care_event_edit": api(
        lambda d: {"case_id": d.case.pk, "event_id": 1},
        method="post",
        json=lambda d: {"kind": "Transit", "country": "TH", "site_type": "vehicle"},
        **NO_CASEWORK,
    ),
    "api:casework_case_held": api(lambda d: {"case_id": d.case.pk}, **NO_CASEWORK),
    "api:casework_case_identity_correct": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        json=lambda d: {"identity": {"first_name": "Synthetic"}, "reason": "Synthetic"},
        state=lambda d: bytes(
            type(d.case.client).objects.get(pk=d.case.client_id).first_name_sealed
        ),
        **NO_CASEWORK,
    ),
    "api:casework_screening_action|void": api(
        lambda d: {"screening_id": 1, "action": "void"},
        method="post",
        json=lambda d: {"version": 0, "reason": "Synthetic reason"},
        **NO_CASEWORK,
    ),
    "api:casework_case_export_request": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        json=lambda d: {"sections": ["summary", "identity"]},
        state=lambda d: d.case.export_requests.count(),
        **NO_CASEWORK,
    ),
    "api:casework_exports": api(**NO_CASEWORK),
    "api:casework_export_detail": api(lambda d: {"export_id": d.export.pk}, **NO_CASEWORK),
    **{
        f"api:casework_export_{step}": api(
            lambda d: {"export_id": d.export.pk},
            method="post",
            json=lambda d: {"decision": "approve", "version": d.export.version},
            state=lambda d: type(d.export).objects.get(pk=d.export.pk).state,
            **NO_CASEWORK,
        )
        for step in ("decide", "prepare", "download")
    },
    # Returns across a border: casework roles only (the return's id is never reached).
    "casework:return_request": page(lambda d: {"pk": d.case.pk}, **NO_CASEWORK),
    "casework:return_request|post": page(
        lambda d: {"pk": d.case.pk},
        method="post",
        form=lambda d: {"to_country": 1},
        state=lambda d: d.case.returns.count(),
        **NO_CASEWORK,
    ),
    "casework:return_list": page(**NO_CASEWORK),
    "casework:return_detail": page(lambda d: {"pk": 1}, **NO_CASEWORK),
    "casework:return_action": page(
        lambda d: {"pk": 1, "action": "start_verification"},
        method="post",
        form=lambda d: {"start_verification-version": 0},
        **NO_CASEWORK,
    ),
    "api:casework_returns": api(**NO_CASEWORK),
    "api:casework_return": api(lambda d: {"return_id": 1}, **NO_CASEWORK),
    "api:casework_return_request": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        json=lambda d: {"to_country": "LA"},
        state=lambda d: d.case.returns.count(),
        **NO_CASEWORK,
    ),
    "api:casework_return_action": api(
        lambda d: {"return_id": 1, "action": "start_verification"},
        method="post",
        json=lambda d: {"version": 0},
        **NO_CASEWORK,
    ),
    # The referral package: made by a sending case's team, imported by case supervisors.
    "casework:referral_package": page(lambda d: {"pk": 1}, **NO_CASEWORK),
    "casework:referral_package|post": page(
        lambda d: {"pk": 1}, method="post", form=lambda d: {}, **NO_CASEWORK
    ),
    "casework:referral_package_import": page(**NO_CASEWORK),
    "casework:referral_package_import|post": page(
        method="post",
        form=lambda d: {"action": "preview", "password": "synthetic"},
        state=lambda d: d.case.client.__class__.objects.count(),
        **NO_CASEWORK,
    ),
    "api:casework_referral_package": api(
        lambda d: {"referral_id": 1}, method="post", json=lambda d: {}, **NO_CASEWORK
    ),
    "api:casework_referral_package_import": api(
        method="post",
        form=lambda d: {"password": "synthetic", "dry_run": "true"},
        state=lambda d: d.case.client.__class__.objects.count(),
        **NO_CASEWORK,
    ),
    # The service directory: no personal data, yet casework roles only (the ids after the
    # agency's are never reached).
    "casework:directory": page(**NO_CASEWORK),
    "casework:directory_agency": page(lambda d: {"pk": d.case.owner_agency_id}, **NO_CASEWORK),
    **{
        f"casework:directory_{name}": page(
            lambda d: {"pk": d.case.owner_agency_id},
            method="post",
            form=lambda d: {"htcds_type": "NGO", "service_type": "Shelter", "version": "0"},
            state=lambda d: directory_rows(),
            **NO_CASEWORK,
        )
        for name in ("profile", "entry_add")
    },
    "casework:directory_entry": page(lambda d: {"pk": 1}, **NO_CASEWORK),
    "casework:directory_entry|post": page(
        lambda d: {"pk": 1},
        method="post",
        form=lambda d: {"service_type": "Shelter", "version": "0"},
        state=lambda d: directory_rows(),
        **NO_CASEWORK,
    ),
    "casework:directory_entry_remove": page(
        lambda d: {"pk": 1}, method="post", form=lambda d: {}, **NO_CASEWORK
    ),
    "api:casework_directory": api(**NO_CASEWORK),
    "api:casework_directory_agency": api(
        lambda d: {"agency_id": d.case.owner_agency_id}, **NO_CASEWORK
    ),
    "api:casework_directory_profile": api(
        lambda d: {"agency_id": d.case.owner_agency_id},
        method="put",
        json=lambda d: {"htcds_type": "NGO"},
        state=lambda d: directory_rows(),
        **NO_CASEWORK,
    ),
    "api:casework_directory_entries": api(
        lambda d: {"agency_id": d.case.owner_agency_id},
        method="post",
        json=lambda d: {"service_type": "Shelter"},
        state=lambda d: directory_rows(),
        **NO_CASEWORK,
    ),
    "api:casework_directory_entry|put": api(
        lambda d: {"entry_id": 1},
        method="put",
        json=lambda d: {"service_type": "Shelter"},
        **NO_CASEWORK,
    ),
    "api:casework_directory_entry|delete": api(
        lambda d: {"entry_id": 1}, method="delete", **NO_CASEWORK
    ),
    # Referrals: casework roles only; nothing is offered or moved.
    "api:casework_referrals": api(**NO_CASEWORK),
    "api:casework_referral_detail": api(lambda d: {"referral_id": 1}, **NO_CASEWORK),
    "api:casework_referral_offer": api(
        lambda d: {"case_id": d.case.pk},
        method="post",
        json=lambda d: {
            "to_agency": d.case.owner_agency_id,
            "service_type": "Shelter",
            "urgency": "urgent",
        },
        state=lambda d: referral_rows(),
        **NO_CASEWORK,
    ),
    **{
        f"api:casework_referral_{name}": api(
            lambda d: {"referral_id": 1},
            method="post",
            # A body every move's schema takes: the route is refused before its values.
            json=lambda d: {
                "version": 0,
                "note": "Synthetic",
                "reason": "other",
                "outcome": "delivered_fully",
                "accepted": True,
                "to_agency": d.case.owner_agency_id,
            },
            state=lambda d: referral_rows(),
            **NO_CASEWORK,
        )
        for name in (
            "accept",
            "decline",
            "first_contact",
            "complete",
            "cannot_complete",
            "acknowledge",
            "revoke",
            "message",
            "record_answer",
            "reroute",
        )
    },
}
MATRIX |= CASEWORK_MATRIX


def referral_rows() -> list[tuple[int, str, int]]:
    from pathways.casework.models import Referral

    return list(Referral.objects.order_by("pk").values_list("pk", "status", "version"))


def directory_rows() -> tuple[int, int]:
    from pathways.casework.models import AgencyProfile, ServiceDirectoryEntry

    return AgencyProfile.objects.count(), ServiceDirectoryEntry.objects.count()


def casework_samples() -> dict[str, Any]:
    """A case of a Cambodian shelter with a note and an attachment, its client's name the
    secret no persona may see."""
    from pathways.casework.models import CaseworkRole
    from pathways.casework.services import attachment_add, case_note_add
    from pathways.casework.services.htcds_export import export_request
    from pathways.casework.tests.conftest import (
        make_agency,
        open_case_for,
        register,
        sample_identity,
        staff,
    )

    kh = Country.objects.get(code="KH")
    shelter = make_agency(kh, "Synthetic shelter")
    worker = staff(shelter, CaseworkRole.CASE_WORKER, username="synthetic_case_worker")
    client = register(kh, shelter, sample_identity(first_name="Zyxqa", last_name="Testperson"))
    case = open_case_for(client, case_worker=worker)
    case_note_add(actor=worker, case=case, text="Synthetic note")
    attachment = attachment_add(
        actor=worker, case=case, kind="photo", data=PDF, filename="synthetic.pdf"
    )
    export = export_request(actor=worker, case=case, sections=["summary", "identity"])
    return {"case": case, "attachment": attachment, "export": export}


def awaiting_khmer_entry(d) -> dict[str, str]:
    """Accept the first Khmer text awaiting review, as the review page's form sends it."""
    from pathways.translations.catalogs import catalog

    entry = next(e for e in catalog("km").entries if e.fuzzy and not e.context)
    return {"context": "", "msgid": entry.msgid, "action": "accept"}


def khmer_reviews(d) -> list[tuple[int, Any]]:
    from pathways.translations.models import TranslationReview

    return list(TranslationReview.objects.values_list("reviewed_by", "reviewed_at"))


# --- Translations: the status for everyone signed in; a language's review and export for its
# translators and the regional MEL admin, 403 for everyone else signed in.
NOT_KHMER_REVIEWERS = {p: 403 for p in PERSONAS[1:] if p not in ("admin", "km_translator")}
MATRIX |= {
    "translations:status": page(),
    "translations:review": page(lambda d: {"language": "km"}, **NOT_KHMER_REVIEWERS),
    "translations:review|unknown-language": page(lambda d: {"language": "xx"}, default=404),
    "translations:review|post": page(
        lambda d: {"language": "km"},
        method="post",
        form=awaiting_khmer_entry,
        default=302,
        **NOT_KHMER_REVIEWERS,
        state=khmer_reviews,
        changed_by=("admin", "km_translator"),
    ),
    "translations:export": page(lambda d: {"language": "km"}, **NOT_KHMER_REVIEWERS),
}


def kh_officer_notice(d) -> dict[str, int]:
    """A notice in kh_officer's inbox (made once): theirs alone to mark as read."""
    from pathways.notifications.models import Notification

    notice, _created = Notification.objects.get_or_create(
        recipient=d.users["kh_officer"],
        kind="synthetic",
        defaults={"subject": "Synthetic notice", "body": "Nothing to do."},
    )
    return {"pk": notice.pk}


def kh_break_glass(d) -> dict[str, int]:
    """A break-glass use on a synthetic Cambodia case (made once). No MEL persona holds a
    casework role: every casework page is out of their reach."""
    if not hasattr(d, "break_glass"):
        from pathways.casework.models import CaseworkRole
        from pathways.casework.services import break_glass_open
        from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff

        owner, shelter = make_agency(d.kh), make_agency(d.kh)
        case = open_case_for(register(d.kh, owner))
        breaker = staff(shelter, CaseworkRole.CASE_WORKER, can_break_glass=True)
        d.break_glass = break_glass_open(
            actor=breaker, case=case, agency=shelter, reason_code="other", reason="Synthetic"
        )
    return {"pk": d.break_glass.pk}


def break_glass_reviews(d) -> list[tuple[int, str]]:
    from pathways.casework.models import BreakGlassGrant

    return list(BreakGlassGrant.objects.values_list("pk", "review_outcome"))


# --- Notifications: everyone's own inbox; a notice is its recipient's alone. Casework
# (break-glass): no MEL persona holds a casework role, so every page is not found.
NO_CASEWORK = {p: 404 for p in PERSONAS[1:]}
MATRIX |= {
    "notifications:inbox": page(),
    "notifications:mark_read": page(
        kh_officer_notice, method="post", form=lambda d: {}, default=404, kh_officer=302
    ),
    "casework:break_glass_start": page(**NO_CASEWORK),
    "casework:break_glass_report": page(**NO_CASEWORK),
    "casework:break_glass_review": page(kh_break_glass, **NO_CASEWORK),
    "casework:break_glass_review|post": page(
        kh_break_glass,
        method="post",
        form=lambda d: {"outcome": "justified", "note": "Synthetic"},
        state=break_glass_reviews,
        **NO_CASEWORK,
    ),
}


# --- Casework staff pages: an agency administrator's alone. No programme persona holds a
# casework role, so the pages do not exist for them (404) and a write changes nothing.
def staff_role_state(d: SimpleNamespace) -> Any:
    return list(StaffMembership.objects.values_list("pk", "role", "can_break_glass"))


MATRIX |= {
    "casework:staff": page(default=404),
    "casework:staff|post": page(
        method="post",
        form=lambda d: {"account": "kh_officer", "role": "case_worker"},
        default=404,
        state=staff_role_state,
    ),
    "casework:staff_remove": page(
        lambda d: {"pk": d.staff_role.pk}, method="post", default=404, state=staff_role_state
    ),
    "casework:staff_break_glass": page(
        lambda d: {"pk": d.staff_role.pk},
        method="post",
        form=lambda d: {"allowed": "1"},
        default=404,
        state=staff_role_state,
    ),
}


# --- Casework stages and identification: no programme persona holds a casework role, so the
# pages do not exist for them (404) and a write changes nothing.
def casework_decision(d: SimpleNamespace) -> dict[str, int]:
    """A formal identification on the casework case, with a notification waiting to be sent,
    made on first need."""
    if not hasattr(d, "casework_decision"):
        from pathways.casework.models import CountryNotification, IdentificationDecision
        from pathways.casework.tests.identification_helpers import formal_decision

        case = Case.objects.get(pk=casework_case_pk(d))
        d.casework_decision = formal_decision(case, IdentificationDecision.Status.ACTUAL)
        d.casework_notification = CountryNotification.objects.create(
            client=case.client, decision=d.casework_decision, to_country="VN", status="pending"
        )
    return {"pk": d.casework_decision.case_id, "decision_pk": d.casework_decision.pk}


def casework_notification(d: SimpleNamespace) -> dict[str, int]:
    casework_decision(d)
    return {"pk": d.casework_case.pk, "notification_pk": d.casework_notification.pk}


def casework_stage_state(d: SimpleNamespace) -> Any:
    return list(Case.objects.order_by("pk").values_list("pk", "stage", "version"))


def casework_identification_state(d: SimpleNamespace) -> Any:
    from pathways.casework.models import CountryNotification, IdentificationDecision

    decisions = IdentificationDecision.objects.order_by("pk").values_list("pk", "state", "version")
    notifications = CountryNotification.objects.order_by("pk").values_list("pk", "status")
    return list(decisions), list(notifications)


MATRIX |= {
    "casework:case_stage_action": page(
        lambda d: {"pk": casework_case_pk(d), "action": "start_assessment"},
        method="post",
        form=lambda d: {"start_assessment-version": "0"},
        default=404,
        state=casework_stage_state,
    ),
    "casework:identification_schedule": page(casework_decision, default=404),
    "casework:identification_decide": page(casework_decision, default=404),
    "casework:identification_review": page(casework_decision, default=404),
    "casework:identification_recognise": page(casework_decision, default=404),
    "casework:identification_request_review": page(
        casework_decision,
        method="post",
        form=lambda d: {"version": "0"},
        default=404,
        state=casework_identification_state,
    ),
    "casework:country_notification_objection": page(
        casework_notification,
        method="post",
        form=lambda d: {},
        default=404,
        state=casework_identification_state,
    ),
}

# Statistics releases (pathways/stats): a published release is read by every signed-in user
# (safe by construction: suppressed and rounded), drafts by the country's casework
# statistician and data-protection focal point alone, so a draft is a 404 to every persona
# here, and the workspace, the review and the exact internal counts (casework roles) too.
# Publishing a published release is refused (403: no persona here holds the role). The
# casework roles' side is in tests/test_casework_matrix.py.


def stat_release_pk(status: str) -> Kwargs:
    def kwargs(d: SimpleNamespace) -> dict[str, int]:
        from pathways.stats.tests.release_helpers import written_release

        if not hasattr(d, "stat_releases"):
            d.stat_releases = {}
        if status not in d.stat_releases:
            year = 2024 if status == "published" else 2025
            d.stat_releases[status] = written_release(
                d.kh, status=status, year=year, created_by=d.users["admin"]
            )
        return {"pk": d.stat_releases[status].pk}

    return kwargs


def stat_release_state(d: SimpleNamespace) -> list[tuple[int, str, int]]:
    from pathways.stats.models import StatRelease

    return list(StatRelease.objects.order_by("pk").values_list("pk", "status", "version"))


def stat_api(status: str) -> Kwargs:
    return lambda d: {"release_id": stat_release_pk(status)(d)["pk"]}


NO_RELEASE_WORK = {p: 404 for p in PERSONAS[1:]}
MATRIX |= {
    "stats:release_list": page(),
    "stats:release_detail": page(stat_release_pk("published")),
    "stats:release_detail|draft": page(stat_release_pk("draft"), **NO_RELEASE_WORK),
    "stats:release_pdf": page(stat_release_pk("published")),
    "stats:release_pdf|draft": page(stat_release_pk("draft"), **NO_RELEASE_WORK),
    "stats:release_xlsx": page(stat_release_pk("published")),
    "stats:release_recompute": page(
        stat_release_pk("draft"),
        method="post",
        form=lambda d: {"version": "0"},
        state=stat_release_state,
        **NO_RELEASE_WORK,
    ),
    "stats:release_publish": page(
        stat_release_pk("published"),
        method="post",
        form=lambda d: {"version": "0"},
        state=stat_release_state,
        default=403,
    ),
    "stats:release_review": page(stat_release_pk("draft"), **NO_RELEASE_WORK),
    "stats:release_review|post": page(
        stat_release_pk("draft"),
        method="post",
        form=lambda d: {"version": "0", "decision": "approve"},
        state=stat_release_state,
        **NO_RELEASE_WORK,
    ),
    "stats:workspace": page(**NO_RELEASE_WORK),
    "stats:release_new": page(
        method="post",
        form=lambda d: {"country": str(d.kh.pk), "year": "2023"},
        state=stat_release_state,
        **NO_RELEASE_WORK,
    ),
    "stats:internal_counts": page(query={"country": "KH", "year": "2024"}, **NO_RELEASE_WORK),
    "stats:internal_counts_xlsx": page(query={"country": "KH", "year": "2024"}, **NO_RELEASE_WORK),
    "api:stats_release_list": api(),
    "api:stats_release_detail": api(stat_api("published")),
    "api:stats_release_detail|draft": api(stat_api("draft"), **NO_RELEASE_WORK),
}

# The Khmer translator holds no programme records and no role over them: every page of one
# is out of their scope (404), and the pages that are no one record's refuse the role (403).
# The pages not named here (lists, the program, their jobs) answer them with nothing of the
# programme's in them; the personal-data check of test_matrix covers their bodies too.
TRANSLATOR_REFUSED = {
    "activities:event_create": 403,
    "activities:duplicate_list": 403,
    "activities:duplicate_find": 403,
    "activities:duplicate_group_merge": 403,
    "activities:duplicate_group_merge|kh-group": 403,
    "activities:duplicate_groups_accept": 403,
    "activities:duplicate_groups_accept|kh-sure": 403,
    "results:achievement_create": 403,
    "api:event_create": 403,
    "api:person_list": 403,
    "api:person_detail": 403,
    "home:country": 404,
    "activities:event_detail": 404,
    "activities:event_edit": 404,
    "activities:event_delete": 404,
    "activities:attendance_add": 404,
    "activities:attendance_edit": 404,
    "activities:attendance_download": 404,
    "activities:attendance_download|xlsx": 404,
    "activities:import_upload": 404,
    "activities:import_report": 404,
    "activities:import_problem_rows": 404,
    "activities:import_template": 404,
    "jobs:job_detail": 404,
    "jobs:job_retry": 404,
    "api:job_detail": 404,
    "activities:import_undo": 404,
    "activities:import_undo|post": 404,
    "activities:event_detail|partner": 404,
    "activities:event_edit|partner": 404,
    "activities:attendance_edit|partner": 404,
    "activities:attendance_download|partner": 404,
    "activities:attendance_add|other-country-person": 404,
    "activities:attendance_add|unseen-person": 404,
    "activities:person_detail": 404,
    "activities:person_edit": 404,
    "activities:duplicate_detail": 404,
    "activities:duplicate_merge": 404,
    "activities:duplicate_keep_apart": 404,
    "activities:merge_undo": 404,
    "results:dashboard_region": 404,
    "results:dashboard_country": 404,
    "results:records_country": 404,
    "results:records_country|csv": 404,
    "results:records_country|xlsx": 404,
    "results:records_country|people": 404,
    "results:breakdown_country": 404,
    "results:indicators_country": 404,
    "results:reported_value_create": 404,
    "results:achievement_detail": 404,
    "results:achievement_detail|draft": 404,
    "results:achievement_edit": 404,
    "results:achievement_submit": 404,
    "results:achievement_verify": 404,
    "results:achievement_send_back": 404,
    "results:evidence_upload": 404,
    "reports:factsheet": 404,
    "reports:factsheet_pdf": 404,
    "reports:factsheet_json": 404,
    "reports:factsheets_zip": 404,
    "reports:publication_detail": 404,
    "reports:publication_download": 404,
    "reports:publication_withdraw": 404,
    "reports:publication_withdraw|post": 404,
    "reports:publish": 404,
    "reports:obligations_matrix": 404,
    "reports:obligations_matrix_pdf": 404,
    "reports:obligations_country": 404,
    "reports:obligation_edit": 404,
    "reports:obligation_edit|post": 404,
    "reports:publish|post": 404,
    "api:country_detail": 404,
    "api:event_detail": 404,
    "api:event_update": 404,
    "api:event_update|partner": 404,
    "api:event_update|to-other-country": 404,
    "api:event_update|to-other-organisation": 404,
    "api:attendance_list": 404,
    "api:attendance_list|partner": 404,
    "api:attendance_import": 404,
    "api:attendance_import|partner": 404,
    "api:figures": 404,
    "api:factsheet": 404,
    "api:publication_detail": 404,
    "api:publication_file": 404,
    "api:actip_obligations": 404,
    "api:indicator_list": 404,
    "api:achievement_create": 404,
    "api:achievement_create|other-country-event": 404,
    "api:achievement_detail": 404,
    "api:achievement_detail|draft": 404,
    "results:evidence_download": 404,
    "results:evidence_download|public": 404,
    "results:evidence_download|partner": 404,
    "results:evidence_download|reported-value": 404,
    "api:evidence_download": 404,
    "api:evidence_download|public": 404,
    "api:evidence_download|partner": 404,
    "api:evidence_download|reported-value": 404,
    "results:evidence_set_public": 404,
    "results:evidence_set_public|public": 404,
}
for key, status in TRANSLATOR_REFUSED.items():
    MATRIX[key].statuses["km_translator"] = status
# Who may open each staff-only sample file, and so read its name or a link to it anywhere
# (pages, API answers, factsheets, the workbook, the IATI file).
KH_STAFF = {"admin", "kh_manager", "kh_officer"}
MAY_OPEN_STAFF_ONLY = {
    "evidence": KH_STAFF,
    "partner_evidence": KH_STAFF | {"lscw_partner"},
    "value_evidence": KH_STAFF,
}


def staff_only_traces(d: SimpleNamespace, persona: str) -> list[str]:
    """The names and download paths (page and API) of the staff-only files `persona` may not
    open."""
    traces = []
    for name, may_open in MAY_OPEN_STAFF_ONLY.items():
        if persona in may_open:
            continue
        evidence = getattr(d, name)
        traces += [
            evidence.original_name,
            reverse("results:evidence_download", args=[evidence.pk]),
            reverse("api:evidence_download", kwargs={"evidence_id": evidence.pk}),
        ]
    return traces


def evidence_samples() -> dict[str, Any]:
    """Next to `results_samples`' staff-only file of the verified achievement: a public file
    of it, a staff-only file of a verified achievement naming LSCW, and a staff-only file
    of the reported value."""
    from pathways.results import services

    verified = Achievement.objects.get(title="Synthetic verified result")
    named = Achievement.objects.create(
        title="Synthetic result with LSCW",
        text="Synthetic text.",
        date=dt.date(2022, 3, 2),
        country=verified.country,
        outcome_area=verified.outcome_area,
    )
    named.partners.set([Organisation.objects.get(acronym="LSCW")])

    def attach(name: str, **record: Any):
        return services.evidence_add(actor=None, upload=io.BytesIO(PDF), filename=name, **record)

    public = attach("Synthetic public report.pdf", achievement=verified)
    services.evidence_set_public(actor=None, evidence=public, public=True)
    found = {
        "public_evidence": public,
        "partner_evidence": attach("Synthetic partner sheet.pdf", achievement=named),
        "value_evidence": attach(
            "Synthetic value sheet.pdf",
            reported_value=ReportedValue.objects.get(indicator__code="synthetic-reported"),
        ),
    }
    Achievement.objects.filter(pk=named.pk).update(status=Achievement.Status.VERIFIED)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["donor", "kh_viewer", "lscw_partner", "lscw_viewer", "la_manager"]
)
def test_no_url_names_a_staff_only_file_to_whoever_may_not_open_it(persona, sample_data):
    """Every page, download, export and API answer of the matrix, read as a persona who may
    open some staff-only files but not others (or none): the name of a staff-only file, or
    a link to it, appears only where the persona may open the file."""
    clients = clients_for(persona, sample_data)
    traces = staff_only_traces(sample_data, persona)
    shown = []
    for key, expect in MATRIX.items():
        if expect.method != "get":
            continue
        url, response = request(clients[expect.is_api], key, expect, sample_data)
        if response.status_code == 404:
            continue  # the refusal names the path that was asked for, nothing more
        body = body_of(response)
        shown += [f"{key} {url} shows {trace!r}" for trace in traces if trace in body]
    assert not shown, f"{persona}: staff-only evidence it may not open:\n" + "\n".join(shown)


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


def acted_user() -> User:
    """A user named in the audit trail, whom the admin may deactivate but not delete."""
    from pathways.audit.services import audit_record

    user = make_user("synthetic_actor", Role.VIEWER, code="LA")
    audit_record(actor=user, action=AuditEvent.Action.UPDATE, instance=user, changes={})
    return user


def export_job(owner: User) -> Job:
    """A finished job with a file of figures (no personal data), as an export leaves it."""
    job = Job.objects.create(
        kind=Job.Kind.WORKBOOK,
        title="Donor workbook",
        owner=owner,
        country=Country.objects.get(code="KH"),
        status=Job.Status.DONE,
    )
    stored = job_file_save(
        job, content=b"Events\n35\n", download_name="figures.csv", content_type="text/csv"
    )
    Job.objects.filter(pk=job.pk).update(report={"file": stored})
    return job


@pytest.fixture
def sample_data(personas, settings, tmp_path) -> SimpleNamespace:
    """Synthetic records every URL's sample arguments come from."""
    settings.MEDIA_ROOT = tmp_path
    users = dict(personas)
    users["kh_viewer"] = make_user("kh_viewer", Role.VIEWER, code="KH")
    users["lscw_viewer"] = make_user("lscw_viewer", Role.VIEWER, org="LSCW")
    secret_person = make_person(name=SECRET_NAME, code="KH", **SECRET_CONTACTS)
    kh = make_event(code="KH", title="Synthetic SOP review", lead="MoJ")
    kh_attendance = attend(kh, secret_person)
    # So that the people-trained drill-down lists the seeded person too.
    attend(make_event(code="KH", title="Synthetic training", event_type="training"), secret_person)
    partner_event = make_event(code="KH", title="Synthetic LSCW training", lead="LSCW")
    partner_attendance = attend(partner_event, make_person(name=PARTNER_NAME, code="KH"))
    la_event = make_event(code="LA", title="Synthetic Lao consultation")
    Topic.objects.get_or_create(name="Synthetic topic")
    admin_samples()
    tokens = {
        name: api_token_create(actor=None, user=u, two_factor_verified=True)
        for name, u in users.items()
    }
    return SimpleNamespace(
        actor=acted_user(),
        staff_role=StaffMembership.objects.create(
            user=make_user("synthetic_staff_member", Role.VIEWER, code="KH"),
            agency=Organisation.objects.create(
                name="Synthetic staff agency",
                type=Organisation.Type.NGO,
                country=Country.objects.get(code="KH"),
            ),
            role=CaseworkRole.CASE_WORKER,
        ),
        **duplicate_samples(secret_person),
        **results_samples(),
        **evidence_samples(),
        **casework_samples(),
        device=TOTPDevice.objects.create(
            user=make_user("synthetic_device_owner", Role.VIEWER, code="LA"), name="Synthetic"
        ),
        recovery_codes=StaticDevice.objects.create(
            user=User.objects.get(username="synthetic_device_owner"), name="Synthetic codes"
        ),
        users=users,
        tokens=tokens,
        kh=Country.objects.get(code="KH"),
        country_type=ContentType.objects.get_for_model(Country),
        kh_event=kh,
        partner_event=partner_event,
        partner_attendance=partner_attendance,
        la_event=la_event,
        la_person=make_person(name="Synthetic Lao participant", code="LA"),
        moj=Organisation.objects.get(acronym="MoJ"),
        kh_person=secret_person,
        kh_attendance=kh_attendance,
        kh_batch=ImportBatch.objects.create(
            event=kh,
            file_name="synthetic.xlsx",
            file_sha256="0" * 64,
            report={},
            problem_rows={"headers": ["Name"], "rows": [["Synthetic row left out", "no sex"]]},
        ),
        lscw=Organisation.objects.get(acronym="LSCW"),
        kh_job=Job.objects.create(
            kind=Job.Kind.IMPORT,
            title="Import of synthetic.xlsx",
            owner=users["kh_officer"],
            country=Country.objects.get(code="KH"),
            status=Job.Status.FAILED,
            error="The uploaded file is no longer kept; upload the sheet again.",
            params={"task": "pathways.activities.importing.background.import_job_run"},
        ),
        kh_export_job=export_job(users["kh_officer"]),
        kh_officer_token=tokens["kh_officer"].token,
        **publication_samples(),
    )


def publication_samples() -> dict[str, Publication]:
    """A published Cambodia factsheet and a published donor workbook of the region."""

    def published(kind: str, country: Country | None) -> Publication:
        return Publication.objects.create(
            kind=kind,
            country=country,
            start=dt.date(2021, 7, 1),
            end=dt.date(2022, 6, 30),
            counted=country.name if country else "Region",
            published_at=dt.datetime(2022, 7, 15, tzinfo=dt.UTC),
            figures={"rows": []},
            file_name=f"synthetic-{kind}",
            content=PDF,
            sha256="0" * 64,
        )

    return {
        "kh_publication": published("factsheet", Country.objects.get(code="KH")),
        "region_publication": published("workbook", None),
    }


def duplicate_samples(secret_person: Person) -> dict[str, Any]:
    """A pending pair showing the seeded name, a merge (of two more such records) to undo, and
    two more pairs of such records for the group merges."""
    twin = make_person(name=SECRET_NAME, code="KH")
    low, high = sorted([secret_person, twin], key=lambda p: p.pk)
    candidate = DuplicateCandidate.objects.create(
        person_a=low, person_b=high, score=0.9, reasons=["same_name"]
    )
    kept, merged = (make_person(name=SECRET_NAME, code="KH") for _ in range(2))
    return {
        "candidate": candidate,
        "merge": person_merge(actor=None, kept=kept, merged=merged),
        "group_pair": _pair(reasons=["same_name"], score=0.9),
        "sure_pair": _pair(reasons=["same_name", "same_phone"], score=0.95),
    }


def _pair(**fields: Any) -> DuplicateCandidate:
    """Two more records of the seeded name, paired, for the group merges to merge."""
    low, high = sorted(
        (make_person(name=SECRET_NAME, code="KH") for _ in range(2)), key=lambda p: p.pk
    )
    return DuplicateCandidate.objects.create(person_a=low, person_b=high, **fields)


def results_samples() -> dict[str, Any]:
    """A reported indicator with a target and a value, and Cambodia achievements in each
    state of the workflow, the verified one with an evidence file."""
    from pathways.results import services

    indicator = Indicator.objects.create(
        outcome_area=OutcomeArea.objects.get(code="justice"),
        code="synthetic-reported",
        name="Synthetic reported indicator",
        unit="laws",
        kind=Indicator.Kind.REPORTED,
    )
    kh_fy = {"country": Country.objects.get(code="KH"), "period_start": dt.date(2021, 7, 1)}
    kh_fy["period_end"] = dt.date(2022, 6, 30)
    IndicatorTarget.objects.create(indicator=indicator, target=2, **kh_fy)
    ReportedValue.objects.create(indicator=indicator, value=1, **kh_fy)

    def achievement(status: str, title: str) -> Achievement:
        return Achievement.objects.create(
            title=title,
            text="Synthetic text.",
            date=dt.date(2022, 3, 1),
            country=kh_fy["country"],
            outcome_area=OutcomeArea.objects.get(code="justice"),
            status=status,
        )

    verified = achievement(Achievement.Status.DRAFT, "Synthetic verified result")
    evidence = services.evidence_add(
        actor=None, upload=io.BytesIO(PDF), filename="synthetic.pdf", achievement=verified
    )
    Achievement.objects.filter(pk=verified.pk).update(status=Achievement.Status.VERIFIED)
    verified.refresh_from_db()
    return {
        "reported_indicator": indicator,
        "verified": verified,
        "evidence": evidence,
        "draft": achievement(Achievement.Status.DRAFT, "Synthetic draft"),
        "draft_to_submit": achievement(Achievement.Status.DRAFT, "Synthetic draft to submit"),
        "submitted": achievement(Achievement.Status.SUBMITTED, "Synthetic submitted"),
        "submitted_to_send_back": achievement(
            Achievement.Status.SUBMITTED, "Synthetic submitted to send back"
        ),
    }


def admin_samples() -> None:
    """One row for each admin list that starts empty, so its change pages can be opened."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name="Synthetic group")
    who = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "test"}
    AccessAttempt.objects.create(**who, failures_since_start=1)
    AccessLog.objects.create(**who)
    AccessFailureLog.objects.create(**who)
    from pathways.activities.importing.background import import_job_run

    import_job_run.enqueue(0)  # a task no worker runs here: the admin lists what waits
    from pathways.jobs.periodic import periodic_entries, scheduler_tick

    scheduler_tick(entries=periodic_entries())  # queued, not run: no worker here


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
    url = reverse(key.split("|")[0], kwargs=expect.kwargs(d) if expect.kwargs else None)
    return f"{url}?{urlencode(expect.query)}" if expect.query else url


def request(client: Client, key: str, expect: Expect, d: SimpleNamespace):
    send = getattr(client, expect.method)
    url = url_for(key, expect, d)
    if expect.json is not None:
        return url, send(url, expect.json(d), content_type="application/json")
    if expect.form is not None:
        return url, send(url, expect.form(d))
    return url, send(url)


def body_of(response) -> str:
    """The text of a response, also of a streamed file (evidence downloads) and of the XML
    inside a workbook (XLSX downloads), so the leak check reads those too."""
    # Read to the end, a streamed file is closed by the test client (closing it again here
    # would also close the database connection).
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    return content.decode(errors="replace")


def personal_data_leaks(persona: str, body: str) -> list[str]:
    leaks = []
    if persona not in MAY_SEE_SECRET:
        leaks += [secret for secret in (SECRET_NAME, *SECRET_CONTACTS.values()) if secret in body]
    if PARTNER_NAME in body and persona not in MAY_SEE_PARTNER_NAME:
        leaks.append(PARTNER_NAME)
    return leaks


def walk_matrix(persona: str, d: SimpleNamespace) -> tuple[list[str], list[str], bool]:
    """Every entry as `persona`: (wrong statuses, personal data leaks, saw the seeded name)."""
    wrong, leaks, seen_secret = [], [], False
    clients = clients_for(persona, d)
    for key, expect in MATRIX.items():
        # Writes get fresh clients, so a sign-out or a change cannot affect later entries.
        fresh = expect.method != "get"
        client = (clients_for(persona, d) if fresh else clients)[expect.is_api]
        before = _written(expect, d)
        url, response = request(client, key, expect, d)
        expected = expect.statuses[persona]
        if response.status_code != expected:
            wrong.append(
                f"{key} {expect.method.upper()} {url}: {response.status_code}, expected {expected}"
            )
        wrong += _unexpected_writes(key, url, persona, expect, before, _written(expect, d))
        body = body_of(response)
        leaks += [f"{key} {url} shows {name!r}" for name in personal_data_leaks(persona, body)]
        seen_secret |= SECRET_NAME in body
    return wrong, leaks, seen_secret


def _written(expect: Expect, d: SimpleNamespace) -> tuple[int, Any] | None:
    """What a write could change: the audit trail's length and the entry's own state."""
    if expect.method == "get":
        return None
    return AuditEvent.objects.count(), expect.state(d) if expect.state else None


def _unexpected_writes(
    key: str, url: str, persona: str, expect: Expect, before: Any, after: Any
) -> list[str]:
    if before is None:
        return []
    where = f"{key} {expect.method.upper()} {url}"
    (audits_before, state_before), (audits_after, state_after) = before, after
    problems = []
    if expect.statuses[persona] >= 400 and audits_after != audits_before:
        problems.append(f"{where}: refused, yet {audits_after - audits_before} audited write(s)")
    if expect.state is not None:
        changed = state_after != state_before
        if changed and persona not in expect.changed_by:
            problems.append(f"{where}: changed {state_before!r} to {state_after!r}")
        if not changed and persona in expect.changed_by:
            problems.append(f"{where}: was to change {state_before!r}, did not")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix(persona: str, sample_data: SimpleNamespace):
    wrong, leaks, seen_secret = walk_matrix(persona, sample_data)
    assert not wrong, f"{persona}: unexpected statuses:\n" + "\n".join(wrong)
    assert not leaks, f"{persona}: personal data it may not see:\n" + "\n".join(leaks)
    if persona in MAY_SEE_SECRET:
        # The check above must be able to fail: staff do see the seeded person somewhere.
        assert seen_secret, f"{persona} never saw {SECRET_NAME!r}; the leak check is blind"


@pytest.mark.django_db
def test_matrix_fails_when_an_access_check_is_removed(monkeypatch, sample_data):
    """Take out checks as a careless change would: the role check of the API's persons, the
    one that keeps names off a drill-down, and the scope check of a region-wide export. The
    walk must name the URLs and the name the donor may now read."""
    import pathways.activities.universe
    import pathways.api.routers.persons
    import pathways.reports.background
    import pathways.reports.views

    monkeypatch.setattr(pathways.api.routers.persons, "require", lambda *args, **kwargs: None)
    monkeypatch.setattr(pathways.activities.universe, "_partner_sees_personal", lambda *args: True)
    monkeypatch.setattr(pathways.reports.views, "require_region_export", lambda user: None)
    monkeypatch.setattr(pathways.reports.background, "require_region_export", lambda user: None)
    wrong, leaks, _ = walk_matrix("donor", sample_data)
    assert any(w.startswith("api:person_list GET") and "200, expected 403" in w for w in wrong)
    assert any(leak.startswith("results:records_country ") for leak in leaks)
    assert any(SECRET_NAME in leak for leak in leaks)
    wrong, _, _ = walk_matrix("kh_officer", sample_data)
    assert any(
        w.startswith("reports:iati_prepare POST") and "302, expected 404" in w for w in wrong
    )


@pytest.mark.django_db
def test_matrix_fails_when_a_partner_viewer_is_given_the_partners_data_role(
    monkeypatch, sample_data
):
    """A careless change that reads a partner membership as the partner's data officer role,
    whatever the membership's role: the walk as LSCW's viewer must name the edit page it may
    now open and the attendee's name it may now read. (The API's edit stays refused: the
    event service checks the membership's role itself.)"""
    from pathways.accounts.access import Scope
    from pathways.accounts.models import EDITING_ROLES, PERSONAL_DATA_ROLES

    def any_membership(scope: Scope, event: Event) -> frozenset[str]:
        org_ids = {event.lead_organisation_id, *event.co_organisers.values_list("pk", flat=True)}
        return (
            EDITING_ROLES | PERSONAL_DATA_ROLES if org_ids & scope.organisation_ids else frozenset()
        )

    monkeypatch.setattr(Scope, "partner_roles_for_event", any_membership)
    wrong, leaks, _ = walk_matrix("lscw_viewer", sample_data)
    assert any(
        w.startswith("activities:event_edit|partner GET") and "200, expected 403" in w
        for w in wrong
    )
    assert any(leak.startswith("activities:event_detail|partner ") for leak in leaks)
    assert any(leak.startswith("api:attendance_list|partner ") for leak in leaks)
    assert any(PARTNER_NAME in leak for leak in leaks)


@pytest.mark.django_db
def test_admin_without_two_factor_reaches_no_page_while_it_is_required(settings, sample_data):
    """Production mode: an admin who has not set up two-factor sign-in is sent to set it up
    from every page and download of the matrix (the API has its own tokens)."""
    from pathways.accounts.two_factor import EXEMPT_URL_NAMES

    settings.TWO_FACTOR_REQUIRED_FOR_ADMINS = True
    setup = reverse("accounts:two_factor")
    let_through = []
    for key, expect in MATRIX.items():
        client = clients_for("admin", sample_data)[False]
        url = url_for(key, expect, sample_data)
        if key.split("|")[0] in EXEMPT_URL_NAMES or url.startswith("/api/"):
            continue
        url, response = request(client, key, expect, sample_data)
        if not (response.status_code == 302 and response["Location"].startswith(setup)):
            let_through.append(f"{key} {expect.method.upper()} {url}: {response.status_code}")
    assert not let_through, "Pages an admin reached without two-factor:\n" + "\n".join(let_through)
