"""What a translation must keep of its English source: the placeholders the code fills in
and the HTML tags around its words. A translation that drops or adds one breaks the page
(a KeyError at run time, or a tag left open)."""

from __future__ import annotations

import re
from collections import Counter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# %(name)s, %s, %d, %(n)d, %.1f; `%%` is a literal percent sign, not a placeholder.
_PERCENT = re.compile(r"%%|%(?:\(\w+\))?[-#0+]*\d*(?:\.\d+)?[sdifr]")
_BRACE = re.compile(r"\{\w*\}")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>")


def markers(text: str) -> Counter[str]:
    """The placeholders and tags of `text`, each as often as it occurs. Tags count by name
    (attributes such as a title may be translated)."""
    found: Counter[str] = Counter(m for m in _PERCENT.findall(text) if m != "%%")
    found.update(_BRACE.findall(text))
    found.update(
        f"<{close}{name.lower()}{selfclose}>" for close, name, selfclose in _TAG.findall(text)
    )
    return found


def check_markers(*, sources: tuple[str, ...], texts: tuple[str, ...]) -> None:
    """Raise a ValidationError naming, for each text, the markers it lacks or adds.

    A plural form may follow either English form: a singular often says "one" where the
    plural says %(n)d."""
    errors = []
    wanted = [markers(s) for s in sources]
    for number, text in enumerate(texts, start=1):
        got = markers(text)
        if any(got == w for w in wanted):
            continue
        closest = min(wanted, key=lambda w: sum(((w - got) + (got - w)).values()))
        missing = ", ".join(sorted((closest - got).elements()))
        extra = ", ".join(sorted((got - closest).elements()))
        parts = []
        if missing:
            parts.append(_("missing %(markers)s") % {"markers": missing})
        if extra:
            parts.append(_("not in the English text: %(markers)s") % {"markers": extra})
        label = (
            _("Form %(number)d") % {"number": number} if len(texts) > 1 else _("The translation")
        )
        errors.append(
            ValidationError(
                _(
                    "%(label)s must keep the placeholders and tags of the English text: "
                    "%(problems)s."
                )
                % {"label": label, "problems": "; ".join(parts)}
            )
        )
    if errors:
        raise ValidationError(errors)
