"""The storages of files every process of a deployment reads (`STORAGES["shared"]`):
uploaded sheets waiting for their import, and files background jobs produce.

A worker may run on another machine than the web process that stored a file, so the shared
storage is never the web machine's own disk unless there is one machine
(PATHWAYS_SHARED_STORAGE, docs/operations.md):

- `database` (the default): `DatabaseStorage`, files as rows of `StoredFile` in the database
  every process already shares;
- `files`: `PrivateFileSystemStorage`, a folder readable by the server's user only, for one
  machine (or a folder every host mounts);
- `s3`: django-storages' S3Storage, any S3-compatible object store.

Use it as `django.core.files.storage.storages["shared"]`; names are paths such as
`imports/<token>.upload`, one folder per kind of file.
"""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible

from pathways.jobs.models import StoredFile


@deconstructible(path="pathways.jobs.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Files as rows of one table. A file is read and written whole (`StoredFile.content`):
    fine for what is kept here, a sheet of at most PATHWAYS_UPLOAD_MAX_BYTES or a job's file,
    not for archives of any size."""

    def _open(self, name: str, mode: str = "rb") -> File:
        if any(flag in mode for flag in "wa+"):
            raise ValueError("Files in the database are written with save(), not open().")
        content = StoredFile.objects.filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(f"No stored file {name!r}.")
        return ContentFile(bytes(content), name=name)

    def _save(self, name: str, content: File) -> str:
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(_as_bytes(chunk) for chunk in content.chunks())
        for _attempt in range(10):
            try:
                with transaction.atomic():  # a savepoint: a name taken meanwhile spoils nothing
                    StoredFile.objects.create(name=name, content=data, size=len(data))
                return name
            except IntegrityError:
                # Another process saved the same name since get_available_name looked.
                name = self.get_available_name(name)
        raise FileExistsError(f"No free name for {name!r}.")

    def delete(self, name: str) -> None:
        StoredFile.objects.filter(name=name).delete()

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists()

    def size(self, name: str) -> int:
        return self._field(name, "size")

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        names = StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True)
        folders, files = set(), []
        for name in names:
            head, slash, _rest = name.removeprefix(prefix).partition("/")
            if slash:
                folders.add(head)
            else:
                files.append(head)
        return sorted(folders), sorted(files)

    def get_created_time(self, name: str) -> datetime:
        return self._field(name, "created_at")

    def get_modified_time(self, name: str) -> datetime:
        return self._field(name, "created_at")  # a stored file is never changed, only replaced

    def _field(self, name: str, field: str) -> Any:
        value = StoredFile.objects.filter(name=name).values_list(field, flat=True).first()
        if value is None:
            raise FileNotFoundError(f"No stored file {name!r}.")
        return value


def _as_bytes(chunk: bytes | str) -> bytes:
    return chunk.encode() if isinstance(chunk, str) else chunk


@deconstructible(path="pathways.jobs.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
    """A folder on disk whose files only the server's user can read (files 0600, folders
    0700): they hold personal data. A folder an earlier version left readable by others is
    closed again before a file is put in it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    def _save(self, name: str, content: File) -> str:
        folder = Path(self.path(name)).parent
        root = Path(self.location)
        for path in (folder, *folder.parents):
            if not path.is_relative_to(root):
                break
            if path.is_dir() and stat.S_IMODE(path.stat().st_mode) & 0o077:
                os.chmod(path, 0o700)
        return super()._save(name, content)
