from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from pathways.api.forms import ApiTokenForm
from pathways.api.models import ApiToken
from pathways.api.tokens import expires_at
from pathways.casework.signin import is_casework_user, token_lifetime

register = template.Library()


@register.inclusion_tag("api/profile_tokens.html", takes_context=True)
def api_token_panel(context: Any) -> dict[str, Any]:
    """The profile page's API token section, for the signed-in user's own tokens."""
    user = context["request"].user
    tokens = list(ApiToken.objects.filter(user=user).select_related("user"))
    now = timezone.now()
    for token in tokens:
        end = expires_at(token)
        token.expired = end is not None and end <= now
    casework = is_casework_user(user)
    return {
        "tokens": tokens,
        "casework_hours": int(token_lifetime().total_seconds() // 3600) if casework else None,
        "form": ApiTokenForm(),
        "csrf_token": context.get("csrf_token"),
    }
