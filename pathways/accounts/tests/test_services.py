from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pathways.accounts.models import Role, User
from pathways.accounts.services import user_create
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["kh_manager", "lscw_partner", "donor"])
def test_only_the_admin_or_the_command_line_creates_users(personas, persona):
    with pytest.raises(PermissionDenied):
        user_create(
            actor=personas[persona],
            username="synthetic_new_manager",
            password="x-Long-Passw0rd!",
            role=Role.COUNTRY_MANAGER,
            country=Country.objects.get(code="LA"),
        )
    assert not User.objects.filter(username="synthetic_new_manager").exists()


def test_the_admin_creates_a_user(admin_user):
    user = user_create(
        actor=admin_user,
        username="synthetic_new_viewer",
        password="x-Long-Passw0rd!",
        role=Role.VIEWER,
        country=Country.objects.get(code="KH"),
    )
    assert user.memberships.get().role == Role.VIEWER
