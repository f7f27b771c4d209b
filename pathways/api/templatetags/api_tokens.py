from __future__ import annotations

from typing import Any

from django import template

from pathways.api.forms import ApiTokenForm
from pathways.api.models import ApiToken

register = template.Library()


@register.inclusion_tag("api/profile_tokens.html", takes_context=True)
def api_token_panel(context: Any) -> dict[str, Any]:
    """The profile page's API token section, for the signed-in user's own tokens."""
    user = context["request"].user
    return {
        "tokens": ApiToken.objects.filter(user=user).select_related("user"),
        "form": ApiTokenForm(),
        "csrf_token": context.get("csrf_token"),
    }
