from __future__ import annotations

from django.utils import translation

from pathways.results.forms import EvidenceForm


def test_evidence_help_is_in_the_readers_language():
    with translation.override("en"):
        english = str(EvidenceForm().fields["file"].help_text)
    with translation.override("km"):
        khmer = str(EvidenceForm().fields["file"].help_text)
    assert english.startswith("PDF, image or Office document, at most ")
    assert "PDF, image or Office document" not in khmer
