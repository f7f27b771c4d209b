from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from pathways.ops.backup import RestoreResult
from pathways.ops.management.commands import restore


def test_restore_prints_the_manifest_and_the_audit_problem_escaped(monkeypatch, tmp_path):
    result = RestoreResult(
        manifest={"created_at": "2026-01-01\x1b[2J"},
        counts={"events": 1},
        audit_problem="Audit chain broken at event 7 (update Cambodia\x1b[1A\x1b[2Kok)",
    )
    monkeypatch.setattr(restore, "backup_restore", lambda **kwargs: result)
    out, err = StringIO(), StringIO()
    call_command("restore", str(tmp_path / "backup.tar.gz"), stdout=out, stderr=err)
    assert "Restored the backup of 2026-01-01\\u001b[2J: 1 events" in out.getvalue()
    assert "Cambodia\\u001b[1A\\u001b[2Kok)" in err.getvalue()
    assert "\x1b" not in out.getvalue() + err.getvalue()
