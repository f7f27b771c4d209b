"""The shared storage: files every process reads, in the database, a private folder or S3."""

from __future__ import annotations

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.utils import timezone
from storages.backends.s3 import S3Storage

from pathways import settings as project_settings
from pathways.jobs.models import StoredFile
from pathways.jobs.storage import DatabaseStorage, PrivateFileSystemStorage


@pytest.fixture
def storage() -> DatabaseStorage:
    return DatabaseStorage()


@pytest.mark.django_db
def test_a_file_saved_in_the_database_reads_back_whole(storage):
    data = bytes(range(256)) * 1000
    name = storage.save("exports/report.xlsx", ContentFile(data))
    assert name == "exports/report.xlsx"
    assert storage.exists(name) and storage.size(name) == len(data)
    with storage.open(name) as stored:
        assert stored.read() == data
    assert storage.get_created_time(name) <= timezone.now()
    assert storage.get_modified_time(name) == storage.get_created_time(name)


@pytest.mark.django_db
def test_a_name_taken_gets_a_name_of_its_own(storage):
    first = storage.save("imports/a.upload", ContentFile(b"first"))
    second = storage.save("imports/a.upload", ContentFile(b"second"))
    assert first != second and second.startswith("imports/a_")
    assert storage.open(first).read() == b"first" and storage.open(second).read() == b"second"


@pytest.mark.django_db
def test_a_name_taken_between_the_check_and_the_write_is_not_overwritten(storage, monkeypatch):
    storage.save("imports/b.upload", ContentFile(b"theirs"))
    # As if another process saved it just after this one found the name free.
    real_exists = storage.exists
    looked = []
    monkeypatch.setattr(storage, "exists", lambda name: bool(looked) and real_exists(name))
    looked.append(storage.get_available_name("imports/b.upload"))
    ours = storage._save(looked[0], ContentFile(b"ours"))
    assert ours != "imports/b.upload"
    assert storage.open("imports/b.upload").read() == b"theirs"
    assert storage.open(ours).read() == b"ours"


@pytest.mark.django_db
def test_listing_gives_the_folders_and_files_of_one_folder(storage):
    for name in ["imports/x.upload", "imports/y.upload", "imports/old/z.upload", "exports/e.csv"]:
        storage.save(name, ContentFile(b"."))
    assert storage.listdir("imports") == (["old"], ["x.upload", "y.upload"])
    assert storage.listdir("imports/") == (["old"], ["x.upload", "y.upload"])
    assert storage.listdir("") == (["exports", "imports"], [])
    assert storage.listdir("nothing") == ([], [])


@pytest.mark.django_db
def test_a_missing_file_is_not_found_and_deleting_it_twice_is_harmless(storage):
    name = storage.save("imports/gone.upload", ContentFile(b"data"))
    storage.delete(name)
    storage.delete(name)
    assert not storage.exists(name)
    for read in (storage.open, storage.size, storage.get_created_time):
        with pytest.raises(FileNotFoundError):
            read(name)


@pytest.mark.django_db
def test_database_files_are_written_with_save_not_opened_for_writing(storage):
    with pytest.raises(ValueError, match="save"):
        storage.open("imports/new.upload", "wb")
    assert not StoredFile.objects.exists()


@pytest.mark.django_db
def test_names_leaving_the_storage_are_refused(storage):
    from django.core.exceptions import SuspiciousFileOperation

    with pytest.raises(SuspiciousFileOperation):
        storage.save("../escape.upload", ContentFile(b"x"))
    assert not StoredFile.objects.exists()


def test_files_on_disk_are_readable_by_the_server_user_only(tmp_path):
    storage = PrivateFileSystemStorage(location=str(tmp_path / "shared"))
    name = storage.save("exports/deep/report.csv", ContentFile(b"a,b\n"))
    path = tmp_path / "shared" / name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (path.parent, path.parent.parent, tmp_path / "shared"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.parametrize("kind", ["database", "files"])
def test_the_shared_storage_is_chosen_by_its_setting(kind, monkeypatch, tmp_path):
    monkeypatch.setenv("PATHWAYS_SHARED_FILES_DIR", str(tmp_path))
    config = project_settings.shared_storage(kind)
    expected = {"database": DatabaseStorage, "files": PrivateFileSystemStorage}[kind]
    assert config["BACKEND"] == f"{expected.__module__}.{expected.__name__}"
    if kind == "files":
        assert config["OPTIONS"] == {"location": str(tmp_path)}


def test_s3_takes_its_bucket_endpoint_and_keys_from_the_environment(monkeypatch):
    for variable, value in {
        "PATHWAYS_S3_BUCKET": "pathways-shared",
        "PATHWAYS_S3_ENDPOINT_URL": "https://objects.example.org",
        "PATHWAYS_S3_REGION": "eu-west-1",
        "PATHWAYS_S3_ACCESS_KEY_ID": "key-id",
        "PATHWAYS_S3_SECRET_ACCESS_KEY": "key-secret",
        "PATHWAYS_S3_PREFIX": "staging",
    }.items():
        monkeypatch.setenv(variable, value)
    config = project_settings.shared_storage("s3")
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    storage = S3Storage(**config["OPTIONS"])  # builds no connection until a file is used
    assert storage.bucket_name == "pathways-shared"
    assert storage.endpoint_url == "https://objects.example.org"
    assert storage.region_name == "eu-west-1"
    assert (storage.access_key, storage.secret_key) == ("key-id", "key-secret")
    assert storage.location == "staging" and storage.file_overwrite is False


def test_s3_without_keys_leaves_them_to_boto3_and_has_no_default_secret(monkeypatch):
    monkeypatch.setenv("PATHWAYS_S3_BUCKET", "pathways-shared")
    for variable in ("PATHWAYS_S3_ACCESS_KEY_ID", "PATHWAYS_S3_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(variable, raising=False)
    options = project_settings.shared_storage("s3")["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options


def test_s3_without_a_bucket_or_an_unknown_kind_stops_the_start(monkeypatch):
    monkeypatch.delenv("PATHWAYS_S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="PATHWAYS_S3_BUCKET"):
        project_settings.shared_storage("s3")
    with pytest.raises(ImproperlyConfigured, match="'database', 'files' or 's3'"):
        project_settings.shared_storage("disk")
