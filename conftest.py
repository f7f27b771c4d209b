"""Shared test fixtures: reference data once per database, and the demo personas."""

from __future__ import annotations

import base64
import io
import secrets

import pytest
from django.core.management import call_command
from django.db import transaction

from pathways.accounts.models import User
from pathways.demo.personas import ensure_demo_personas
from pathways.programs.services import load_reference_data

PASSWORD = "pathways-demo"  # noqa: S105 - the documented demo password


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()
        ensure_demo_personas(password=PASSWORD)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo database (load_demo), built once per test module and rolled back after it.

    Use it together with `db` (or a persona fixture) in each test.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def personas(db) -> dict[str, User]:
    """The demo personas by username. Reloaded per test so cached scopes never leak."""
    return {u.username: u for u in User.objects.all()}


def _persona(username: str):
    @pytest.fixture
    def fixture(db) -> User:
        return User.objects.get(username=username)

    return fixture


admin_user = _persona("admin")
kh_manager = _persona("kh_manager")
kh_officer = _persona("kh_officer")
la_manager = _persona("la_manager")
lscw_partner = _persona("lscw_partner")
donor = _persona("donor")
km_translator = _persona("km_translator")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Tests write records without the audit trail (factories), which caches keyed by the
    audit chain's head cannot see; each test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _language_of_the_site():
    """A request by a user who prefers another language leaves that language active in the
    thread (the middleware activates it for the request); each test starts in the site's."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _translation_reviews_just_checked(monkeypatch):
    """Each process asks the database every few seconds whether translation reviews changed
    (pathways/translations/overlay.py). In tests that question would fall into whichever
    request the clock chose, and a page's query count would vary: it counts as just asked.
    The overlay's own tests ask again with overlay.forget()."""
    import time

    from pathways.translations import overlay

    monkeypatch.setattr(overlay, "CHECK_EVERY", float("inf"))
    monkeypatch.setattr(overlay, "_checked_at", time.monotonic())


@pytest.fixture(autouse=True, scope="session")
def _api_rate_counts_in_a_temporary_file(tmp_path_factory):
    """With SQLite, API requests are counted in a file beside the database (var/); tests
    count in a file of their own instead."""
    from django.conf import settings

    if settings.API_RATE_STORE.startswith("sqlite:///"):
        path = tmp_path_factory.mktemp("api-rate") / "api-rate.sqlite3"
        settings.API_RATE_STORE = f"sqlite:///{path}"


@pytest.fixture(autouse=True)
def _job_progress_in_a_temporary_folder(settings, tmp_path):
    """Jobs keep their progress in a cache every process shares (files under var/ without
    Redis); each test keeps it in a folder of its own, as job ids repeat between tests."""
    jobs = settings.CACHES["jobs"]
    if jobs["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES = {**settings.CACHES, "jobs": {**jobs, "LOCATION": str(tmp_path / "jobs")}}
    else:
        from django.core.cache import caches

        caches["jobs"].clear()


@pytest.fixture(autouse=True)
def _shared_files_in_a_temporary_folder(settings, tmp_path):
    """Files jobs make go to the `shared` storage; each test keeps them in a folder of its
    own (a storage on the file system; another backend is left as it is configured)."""
    shared = settings.STORAGES.get("shared", {})
    if shared.get("BACKEND", "").endswith("FileSystemStorage"):
        options = {**shared.get("OPTIONS", {}), "location": str(tmp_path / "shared")}
        settings.STORAGES = {**settings.STORAGES, "shared": {**shared, "OPTIONS": options}}


@pytest.fixture(autouse=True)
def casework_files_in_a_temporary_folder(settings, tmp_path):
    """Casework attachments go to a folder of each test's own, never var/casework-files."""
    storage = settings.STORAGES["casework"]
    options = {**storage.get("OPTIONS", {}), "location": str(tmp_path / "casework-files")}
    settings.STORAGES = {**settings.STORAGES, "casework": {**storage, "OPTIONS": options}}
    return tmp_path / "casework-files"


@pytest.fixture(autouse=True)
def master_key_file(settings, tmp_path_factory):
    """Casework encrypts under a temporary master key in every test, never the development
    one under var/ (and a key made in one test is not found by the next). Its folder is not
    the test's `tmp_path`, which tests search for files they wrote."""
    from pathways.casework import keys

    path = tmp_path_factory.mktemp("casework-key") / "casework-master.key"
    path.write_bytes(base64.b64encode(secrets.token_bytes(32)) + b"\n")
    path.chmod(0o600)
    settings.CASEWORK_MASTER_KEY_FILE = path
    keys.clear_cache()
    yield path
    keys.clear_cache()
