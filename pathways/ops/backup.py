"""Backups: one archive holding a consistent snapshot of the database and the uploaded files.

An archive is a .tar.gz with `manifest.json` (when, which database engine and server,
the applied migrations, row counts, the audit chain head and a SHA-256 checksum of every
other member), the database (`database.sqlite3` made with SQLite's online backup API, or
`database.pgdump` made with `pg_dump --format=custom`, both consistent while the app keeps
running), the uploads under `media/` and the casework attachments under `casework-files/`
(sealed files: they open only with the master key). Never the keys: the casework master key and the
audit key are backed up apart (docs/operations.md), so a stolen archive opens no victim's
identifiers.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from pathways.audit.keys import AuditKeyError
from pathways.audit.models import AuditChainHead, AuditEvent
from pathways.audit.services import describe_break, verify_chain

FORMAT = 1
MANIFEST = "manifest.json"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_DIR = "media"
CASEWORK_FILES_DIR = "casework-files"


class BackupError(Exception):
    """A problem an operator can act on; the message says what and what to do."""


# --- Small helpers ------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def engine() -> str:
    if connection.vendor not in DB_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def counted_models() -> dict[str, type[models.Model]]:
    from pathways.accounts.models import User
    from pathways.activities.models import Attendance, Event, Person

    return {
        "users": User,
        "events": Event,
        "persons": Person,
        "attendance": Attendance,
        "audit events": AuditEvent,
    }


def record_counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in counted_models().items()}


def database_is_empty() -> bool:
    """No users, events or audit events: nothing a restore could destroy."""
    tables = set(connection.introspection.table_names())
    if AuditEvent._meta.db_table not in tables:
        return True
    counts = record_counts()
    return not (counts["users"] or counts["events"] or counts["audit events"])


def default_archive_name() -> str:
    return f"pathways-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz"


def archive_path(output: str | None) -> Path:
    """`-o` may name a directory (the archive gets a dated name inside) or a file."""
    if not output:
        return Path(settings.VAR_DIR) / "backups" / default_archive_name()
    path = Path(output)
    if path.is_dir() or output.endswith(os.sep):
        return path / default_archive_name()
    return path


# --- Database snapshots -------------------------------------------------------------------


def sqlite_snapshot(target: Path) -> dict[str, Any]:
    """Copy the database with SQLite's online backup API, then describe the copy itself."""
    if connection.in_atomic_block:
        # The source would be mid-write, and SQLite would wait for it for ever.
        raise BackupError("A backup cannot be taken inside a database transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step copies every page under a read lock: a consistent snapshot, while
        # writers in WAL mode carry on.
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        return sqlite_state(copy)
    finally:
        copy.close()


def sqlite_state(copy: sqlite3.Connection) -> dict[str, Any]:
    migrations: dict[str, list[str]] = {}
    for app, name in copy.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
        migrations.setdefault(app, []).append(name)
    counts = {
        name: copy.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"').fetchone()[0]  # noqa: S608
        for name, model in counted_models().items()
    }
    head = copy.execute(
        f'SELECT last_hash FROM "{AuditChainHead._meta.db_table}" WHERE id = 1'  # noqa: S608
    ).fetchone()
    return {"migrations": migrations, "counts": counts, "audit_chain_head": head and head[0]}


def pg_settings() -> dict[str, str]:
    db = settings.DATABASES["default"]
    return {
        "host": str(db.get("HOST") or ""),
        "port": str(db.get("PORT") or ""),
        "user": str(db.get("USER") or ""),
        "password": str(db.get("PASSWORD") or ""),
        "name": str(connection.settings_dict["NAME"]),
    }


def pg_args(pg: dict[str, str]) -> list[str]:
    args = [f"--host={pg['host']}"] if pg["host"] else []
    args += [f"--port={pg['port']}"] if pg["port"] else []
    args += [f"--username={pg['user']}"] if pg["user"] else []
    return args


def pg_env(pg: dict[str, str]) -> dict[str, str]:
    env = {**os.environ}
    if pg["password"]:
        env["PGPASSWORD"] = pg["password"]
    return env


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client tool whose major version can talk to this server."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client (postgresql-client)."
        )
    output = subprocess.run(  # noqa: S603 - a fixed tool, no shell
        [path, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"\) (\d+)", output)
    tool_major = int(match.group(1)) if match else 0
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if tool_major < server_major:
        raise BackupError(
            f"{name} is version {tool_major} but the database server is version {server_major}; "
            f"install postgresql-client-{server_major}."
        )
    return path


def run_pg(args: list[str], pg: dict[str, str], what: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, env=pg_env(pg))  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")


def postgres_snapshot(target: Path) -> dict[str, Any]:
    """pg_dump reads the snapshot of our own repeatable-read transaction, so the manifest's
    counts and migrations describe exactly what was dumped; nobody is blocked."""
    pg = pg_settings()
    pg_dump = pg_tool("pg_dump")
    outer_atomic = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if not outer_atomic:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
        args = [pg_dump, "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot_id}"]
        args += [f"--file={target}", *pg_args(pg), f"--dbname={pg['name']}"]
        run_pg(args, pg, "pg_dump")
        return {
            "migrations": applied_migrations(),
            "counts": record_counts(),
            "audit_chain_head": AuditChainHead.objects.filter(pk=1)
            .values_list("last_hash", flat=True)
            .first(),
        }


def snapshot_database(staging: Path, vendor: str) -> dict[str, Any]:
    snapshot = sqlite_snapshot if vendor == "sqlite" else postgres_snapshot
    state = snapshot(staging / DB_FILES[vendor])
    return {**state, "engine": vendor, "file": DB_FILES[vendor]}


def key_files() -> set[Path]:
    """The files holding keys (the casework master key, the audit key): never in an archive,
    even when an operator put one under the uploads' folder. They are backed up apart."""
    return {
        Path(settings.CASEWORK_MASTER_KEY_FILE).resolve(),
        Path(settings.AUDIT_KEY_FILE).resolve(),
    }


def casework_files_root() -> Path | None:
    """The casework attachments' folder, when they are stored on the file system."""
    options = settings.STORAGES.get("casework", {}).get("OPTIONS", {})
    location = options.get("location")
    return Path(location) if location else None


def copy_media(staging: Path) -> None:
    """The uploads and the casework attachments (already sealed), without any key file."""
    secret = key_files()

    def keys_among(folder: str, names: list[str]) -> set[str]:
        return {name for name in names if (Path(folder) / name).resolve() in secret}

    folders = [(Path(settings.MEDIA_ROOT), MEDIA_DIR), (casework_files_root(), CASEWORK_FILES_DIR)]
    for root, name in folders:
        target = staging / name
        if root is not None and root.is_dir():
            shutil.copytree(root, target, symlinks=False, ignore=keys_among)
        else:
            target.mkdir()


def server_version(vendor: str) -> str:
    if vendor == "sqlite":
        return sqlite3.sqlite_version
    version = connection.pg_version
    return f"{version // 10000}.{version % 10000}"


def build_manifest(staging: Path, state: dict[str, Any]) -> dict[str, Any]:
    files = {
        path.relative_to(staging).as_posix(): sha256_of(path)
        for path in sorted(staging.rglob("*"))
        if path.is_file()
    }
    database = {
        "engine": state["engine"],
        "file": state["file"],
        "server_version": server_version(state["engine"]),
    }
    return {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": database,
        "django": django.get_version(),
        "migrations": state["migrations"],
        "counts": state["counts"],
        "audit_chain_head": state["audit_chain_head"],
        "files": files,
    }


def write_archive(staging: Path, target: Path) -> None:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    # Readable by the owner only from the first byte: the archive holds personal data.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream, tarfile.open(fileobj=stream, mode="w:gz") as tar:
        for path in sorted(staging.rglob("*")):
            tar.add(path, arcname=path.relative_to(staging).as_posix(), recursive=False)
    partial.replace(target)


def backup_create(*, output: str | None = None) -> tuple[Path, dict[str, Any]]:
    """Write one archive; the database first, so every upload it refers to is included."""
    vendor = engine()
    target = archive_path(output)
    with tempfile.TemporaryDirectory(prefix="pathways-backup-") as tmp:
        staging = Path(tmp)
        state = snapshot_database(staging, vendor)
        copy_media(staging)
        manifest = build_manifest(staging, state)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        write_archive(staging, target)
    return target, manifest


# --- Restore ------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    counts: dict[str, int]
    unapplied_migrations: list[str] = field(default_factory=list)
    audit_problem: str | None = None


def unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Extract an archive and prove it whole: a manifest, and every file as it lists it."""
    if not archive.is_file():
        raise BackupError(f"No backup archive at {archive}.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{archive} is not a readable backup archive ({error}).") from error
    try:
        manifest = json.loads((staging / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(
            f"{archive} has no readable {MANIFEST}; it is not a Pathways backup."
        ) from error
    check_manifest(manifest)
    check_files(staging, manifest["files"])
    return manifest


def check_manifest(manifest: dict[str, Any]) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}; expected {FORMAT}.")
    backup_engine = manifest["database"]["engine"]
    if backup_engine != engine():
        raise BackupError(
            f"This backup holds a {backup_engine} database but this installation uses "
            f"{engine()}; restore it on an installation with the same database engine."
        )
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    )
    if unknown:
        raise BackupError(
            "This backup comes from a newer version of Pathways (migrations this code does "
            f"not have: {', '.join(unknown[:5])}). Upgrade Pathways first, then restore."
        )


def check_files(staging: Path, listed: dict[str, str]) -> None:
    present = {
        path.relative_to(staging).as_posix()
        for path in staging.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }
    if missing := sorted(set(listed) - present):
        raise BackupError(f"The archive is incomplete: {', '.join(missing[:5])} missing.")
    if extra := sorted(present - set(listed)):
        raise BackupError(f"The archive holds files its manifest does not list: {extra[:5]}.")
    for name, checksum in listed.items():
        if sha256_of(staging / name) != checksum:
            raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")


def sqlite_restore(source: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a database transaction.")
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        # The copy replaces every page of the live database in one step.
        origin.backup(connection.connection)
    finally:
        origin.close()


def postgres_restore(source: Path) -> None:
    """Replace the public schema with the dump's, in one transaction: all or nothing."""
    pg = pg_settings()
    pg_restore, psql = pg_tool("pg_restore"), pg_tool("psql")
    connection.close()
    with tempfile.TemporaryDirectory(prefix="pathways-restore-") as tmp:
        script = Path(tmp) / "restore.sql"
        run_pg(
            [pg_restore, "--no-owner", "--no-acl", f"--file={script}", str(source)],
            pg,
            "pg_restore",
        )
        args = [psql, "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
        args += ["-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public"]
        run_pg([*args, "-f", str(script), *pg_args(pg), f"--dbname={pg['name']}"], pg, "psql")


def swap_media(staging: Path) -> None:
    """Put the archive's uploads and casework attachments in place; the old ones are removed
    only once all is done. An archive made before attachments were backed up leaves the
    attachments' folder as it is."""
    _swap_folder(staging / MEDIA_DIR, Path(settings.MEDIA_ROOT))
    casework_root = casework_files_root()
    if casework_root is not None and (staging / CASEWORK_FILES_DIR).is_dir():
        _swap_folder(staging / CASEWORK_FILES_DIR, casework_root)


def _swap_folder(source: Path, root: Path) -> None:
    root.parent.mkdir(parents=True, exist_ok=True)
    incoming = root.with_name(root.name + ".restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(source, incoming)
    previous = root.with_name(root.name + ".before-restore")
    shutil.rmtree(previous, ignore_errors=True)
    if root.exists():
        root.rename(previous)
    incoming.rename(root)
    shutil.rmtree(previous, ignore_errors=True)


def backup_restore(*, archive: Path, replace: bool = False) -> RestoreResult:
    """Bring back a backup. Refuses to overwrite a database holding data unless `replace`."""
    vendor = engine()
    with tempfile.TemporaryDirectory(prefix="pathways-restore-") as tmp:
        staging = Path(tmp)
        manifest = unpack(archive, staging)
        if not replace and not database_is_empty():
            raise BackupError(
                "The database already holds data; restoring would replace all of it. "
                "Run again with --yes to go ahead."
            )
        restore = sqlite_restore if vendor == "sqlite" else postgres_restore
        restore(staging / manifest["database"]["file"])
        swap_media(staging)
    ContentType.objects.clear_cache()
    return RestoreResult(
        manifest=manifest,
        counts=record_counts(),
        unapplied_migrations=unapplied_migrations(),
        audit_problem=audit_problem(),
    )


def unapplied_migrations() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(
        f"{app}.{name}" for app, name in loader.disk_migrations if (app, name) not in applied
    )


def audit_problem() -> str | None:
    # The audit key file is not in the archive; the operator restores it separately.
    try:
        broken = verify_chain()
    except AuditKeyError as error:
        return f"The audit chain cannot be checked: {error}"
    return None if broken is None else describe_break(broken)
