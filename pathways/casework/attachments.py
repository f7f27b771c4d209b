"""Where attachments' sealed bytes live: the private `casework` storage (settings.STORAGES),
a folder no URL serves. This module reads and writes sealed bytes only; sealing and opening
are `sealing.seal_bytes` / `open_bytes`, and a reader gets a file only through
`reading.open_attachment`.

A stored file is named by the attachment's global id and the key that sealed it
(`ab/ab12…-kh-20261207-5a1c9e2b.sealed`): nothing about the person or the document.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils.translation import gettext as _

from pathways.casework.models import Attachment

# What an attachment may be, recognised by its first bytes, never by the name or the type
# the browser sent.
SIGNATURES = (
    (b"%PDF-", Attachment.ContentType.PDF),
    (b"\xff\xd8\xff", Attachment.ContentType.JPEG),
    (b"\x89PNG\r\n\x1a\n", Attachment.ContentType.PNG),
)
EXTENSIONS = {
    Attachment.ContentType.PDF: ".pdf",
    Attachment.ContentType.JPEG: ".jpg",
    Attachment.ContentType.PNG: ".png",
}


class AttachmentUnreadable(Exception):
    """An attachment's stored file is missing, altered, or not this attachment's; the message
    says so in words a user can act on, and nothing of the file is returned."""


def storage() -> Storage:
    return storages["casework"]


def sniff_type(data: bytes) -> str:
    """The content type the bytes are (PDF, JPEG or PNG); "" for anything else."""
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    return ""


def allowed_types_text() -> str:
    return _("PDF, JPEG or PNG")


def blob_name(attachment: Attachment) -> str:
    gid = attachment.global_id.hex
    return f"{gid[:2]}/{gid}-{attachment.data_key_id}.sealed"


def write_blob(name: str, sealed: bytes) -> str:
    """Store `sealed` under `name`; the name stored (the storage never overwrites: an
    existing name is a bug, refused)."""
    if storage().exists(name):
        raise FileExistsError(f"A sealed file named {name} is already stored.")
    return storage().save(name, ContentFile(sealed))


def read_blob(attachment: Attachment) -> bytes:
    try:
        with storage().open(attachment.blob_path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise AttachmentUnreadable(
            _(
                "The file of this attachment is missing from the server's casework files. "
                "Nothing was downloaded; an administrator can restore the folder from a backup."
            )
        ) from None


def delete_blob(name: str) -> None:
    if name and storage().exists(name):
        storage().delete(name)


def orphan_blobs() -> list[str]:
    """Stored files no attachment names: left when a caller's transaction was rolled back
    after `attachment_add` wrote its file, or a rotation stopped between committing a batch
    and removing the files it replaced. They are sealed; removing them loses nothing."""
    known = set(Attachment.objects.values_list("blob_path", flat=True))
    found = []
    folders, _files = storage().listdir("")
    for folder in folders:
        for name in storage().listdir(folder)[1]:
            path = f"{folder}/{name}"
            if path not in known:
                found.append(path)
    return sorted(found)
