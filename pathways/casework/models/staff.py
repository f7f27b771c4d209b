"""Who works on casework, for which agency: roles of their own, never the programme's.

A casework role is held for one agency (a `programs.Organisation` with a country). It is a
model of its own rather than a programme `Membership`: no code that decides what a
programme role sees can mistake a case worker for a partner of the same organisation, and
no programme role ever implies casework access.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseworkRole(models.TextChoices):
    SCREENER = "screener", _("Screener")
    CASE_WORKER = "case_worker", _("Case worker")
    CASE_SUPERVISOR = "case_supervisor", _("Case supervisor")
    LEGAL_OFFICER = "legal_officer", _("Legal officer")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    NRM_COORDINATOR = "nrm_coordinator", _("NRM coordinator")
    STATISTICIAN = "casework_statistician", _("Casework statistician")
    ACCESS_AUDITOR = "access_auditor", _("Access auditor")
    # Reviews a country's statistics releases before they are published (casework.md §8.2).
    DATA_PROTECTION = "data_protection", _("Data-protection focal point")


class StaffMembership(models.Model):
    """One casework role of one user for one agency (its country is the agency's)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="casework_memberships",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency"),
    )
    role = models.CharField(_("role"), max_length=24, choices=CaseworkRole.choices)
    # Break-glass is a named capability of senior staff, not a role (§6.4).
    can_break_glass = models.BooleanField(
        _("may open a case under break-glass"),
        default=False,
        help_text=_("Emergency read access to one case of another agency, for 4 hours."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["agency", "role", "user"]
        verbose_name = _("casework role")
        verbose_name_plural = _("casework roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="casework_staff_one_role_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency_id}"
