"""Who may do what with statistics releases (casework.md §8.2 rule 5). Decides only.

- A published release is safe by construction (suppressed and rounded, never an exact small
  count): every signed-in user reads it, whatever their role.
- Drafts (draft, returned, reviewed) are read only by the country's casework statistician
  and its data-protection focal point (a casework role at an agency of the country).
- The statistician drafts, recomputes and publishes the country's releases and sees its
  exact internal counts; the focal point reviews (approves or returns), never a release
  they drafted themselves.

Out of scope is a 404 (a draft of another country does not exist for you); a write without
the role is a 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pathways.casework.access import casework_scope
from pathways.casework.models import CaseworkRole
from pathways.programs.models import Country
from pathways.stats.models import StatRelease

STATISTICIAN = CaseworkRole.STATISTICIAN
FOCAL_POINT = CaseworkRole.DATA_PROTECTION
# What each role may do to a release (the service checks the state).
STATISTICIAN_ACTIONS = frozenset({"draft", "recompute", "publish"})
FOCAL_POINT_ACTIONS = frozenset({"review"})


def signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def statistician_country_ids(user: Any) -> frozenset[int]:
    return casework_scope(user).countries_with(STATISTICIAN)


def focal_point_country_ids(user: Any) -> frozenset[int]:
    return casework_scope(user).countries_with(FOCAL_POINT)


def draft_reader_country_ids(user: Any) -> frozenset[int]:
    return statistician_country_ids(user) | focal_point_country_ids(user)


def visible_to(user: Any) -> QuerySet[StatRelease]:
    """Published releases for every signed-in user; drafts of the countries where the user is
    the statistician or the data-protection focal point."""
    if not signed_in(user):
        return StatRelease.objects.none()
    published = Q(status=StatRelease.Status.PUBLISHED)
    countries = draft_reader_country_ids(user)
    return StatRelease.objects.filter(published | Q(country_id__in=countries))


def published_releases(user: Any) -> QuerySet[StatRelease]:
    """What pages, PDFs, exports and the API list: published releases only."""
    return visible_to(user).filter(status=StatRelease.Status.PUBLISHED)


def release_for(user: Any, pk: int | str) -> StatRelease:
    """A release the user may read; 404 otherwise."""
    try:
        return visible_to(user).select_related("country").get(pk=int(pk))
    except (StatRelease.DoesNotExist, ValueError, TypeError):
        raise Http404("No such statistics release.") from None


def published_release_for(user: Any, pk: int | str) -> StatRelease:
    """A published release (its PDF, XLSX, API answer); a draft is a 404 here for everyone."""
    release = release_for(user, pk)
    if not release.is_published:
        raise Http404("No such published statistics release.")
    return release


def workspace_countries(user: Any) -> tuple[list[Country], list[Country]]:
    """(countries the user is statistician of, countries they are focal point of): a 404 for
    someone with no casework role, a 403 for a casework role that is neither."""
    scope = casework_scope(user)
    if not scope.is_casework_user:
        raise Http404("No such page.")
    drafting = scope.countries_with(STATISTICIAN)
    reviewing = scope.countries_with(FOCAL_POINT)
    if not drafting and not reviewing:
        raise PermissionDenied(
            _("Only a casework statistician or a data-protection focal point works on releases.")
        )
    countries = Country.objects.order_by("name")
    return (
        list(countries.filter(id__in=drafting)),
        list(countries.filter(id__in=reviewing)),
    )


def statistician_country(user: Any, code: str = "") -> Country:
    """A country the user is statistician of, by ISO code (the first when none is given):
    404 without a casework role or for another country, 403 for another casework role."""
    scope = casework_scope(user)
    if not scope.is_casework_user:
        raise Http404("No such page.")
    ids = scope.countries_with(STATISTICIAN)
    if not ids:
        raise PermissionDenied(_("Only a casework statistician sees exact internal counts."))
    countries = Country.objects.filter(id__in=ids).order_by("name")
    if not code:
        return countries[0]
    country = countries.filter(code=code.upper()).first()
    if country is None:
        raise Http404("No such country.")
    return country


def require_draft(user: Any, country: Country) -> None:
    """403 unless the user is the country's statistician."""
    if country.pk not in statistician_country_ids(user):
        raise PermissionDenied(
            _("Only a casework statistician of %(country)s drafts its releases.")
            % {"country": country.name}
        )


def require_release_action(user: Any, release: StatRelease, action: str) -> None:
    """403 unless the user's role in the release's country allows `action` on it; the
    release must be one the user reads (`release_for`) before this is asked."""
    if action in STATISTICIAN_ACTIONS:
        if release.country_id not in statistician_country_ids(user):
            raise PermissionDenied(
                _("Only a casework statistician of the country drafts and publishes releases.")
            )
        return
    if action in FOCAL_POINT_ACTIONS:
        if release.country_id not in focal_point_country_ids(user):
            raise PermissionDenied(
                _("Only the country's data-protection focal point reviews its releases.")
            )
        if release.created_by_id == getattr(user, "pk", None):
            raise PermissionDenied(_("A release is reviewed by someone other than its drafter."))
        return
    raise ValueError(f"Unknown release action {action!r}.")


def may(user: Any, release: StatRelease, action: str) -> bool:
    try:
        require_release_action(user, release, action)
    except PermissionDenied:
        return False
    return True
