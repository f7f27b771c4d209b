"""Links to pages that another part of casework may or may not provide yet."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, **kwargs: object) -> str:
    """The URL of the named page, or "" when no such page exists: the group page links to a
    screening's interview only once the interview page is there."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""
