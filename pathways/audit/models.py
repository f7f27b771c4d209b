"""The audit trail: an append-only, hash-chained record of every change made through the app.

Two rules make an entry's hash. Entries written before the chain was signed (`key_id`
empty) keep the plain SHA-256 of their content they were written with: re-hashing them
would be the very rewrite the chain exists to catch. From a key marker on, every entry is
an HMAC-SHA256 with the key its `key_id` names, which lives in a file outside the database
(`pathways/audit/keys.py`), so whoever can write to the database alone cannot forge one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from pathways.audit.keys import KeyRing


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        MERGE = "merge", _("Merged")
        UNMERGE = "unmerge", _("Merge undone")
        IMPORT = "import", _("Imported")
        STATUS = "status", _("Status changed")
        KEY = "key", _("Signing key changed")
        # Personal data taken away in a file (who, and which records; never what they hold).
        DOWNLOAD = "download", _("Downloaded")

    class Source(models.TextChoices):
        WEB = "web", _("Web page")
        ADMIN = "admin", _("Admin")
        COMMAND = "command", _("Command line")
        API = "api", _("API")
        IMPORT = "import", _("Importer")

    at = models.DateTimeField(_("time"), db_index=True)
    # Users who acted cannot be deleted (deactivate them): the trail keeps naming them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # The actor as recorded, which the hash covers: it does not change with the user row.
    recorded_actor_id = models.BigIntegerField(_("actor id as recorded"), null=True, blank=True)
    actor_name = models.CharField(_("actor name"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("object type")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Empty for entries hashed with plain SHA-256 before signing began; else the id of the
    # key whose HMAC `hash` is.
    key_id = models.CharField(_("signing key"), max_length=32, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def compute_hash(self, keys: KeyRing | None = None) -> str:
        """The hash of this row's content chained to the previous row's hash: the HMAC with
        the key named by `key_id` (from `keys`, else the key file), or for entries from
        before signing began the plain SHA-256 they were written with.

        Raises AuditKeyError when the key is not in the key file.
        """
        if not self.key_id:
            return hashlib.sha256(self._payload()).hexdigest()
        if keys is None:
            from pathways.audit.keys import read_keys

            keys = read_keys()
        key = keys.key(self.key_id)
        return hmac.new(key, self._payload(key_id=self.key_id), hashlib.sha256).hexdigest()

    def _payload(self, **extra: str) -> bytes:
        # The legacy rule hashed the actor's user id through the foreign key; it is read
        # from the recorded copy (filled from the key before any user could be deleted),
        # so the formula, and every old hash, is unchanged.
        payload = json.dumps(
            {
                "at": self.at.isoformat(),
                "actor_id": self.recorded_actor_id,
                "actor_name": self.actor_name,
                "action": self.action,
                "source": self.source,
                "content_type": self.content_type_id,
                "object_id": self.object_id,
                "object_repr": self.object_repr,
                "changes": self.changes,
                "prev_hash": self.prev_hash,
                **extra,
            },
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return payload.encode()


class AuditChainHead(models.Model):
    """A single row holding the latest hash; locking it serialises appends to the chain."""

    last_hash = models.CharField(max_length=64)
    # The key that signed the latest entry; a write under another key starts with a marker.
    key_id = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return self.last_hash
