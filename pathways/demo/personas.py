"""The demo personas of design.md: one user for each kind of scope, with one password.

The demo loads them, `demo_logins` prints them, and the tests and benchmarks sign in as them.
"""

from __future__ import annotations

from pathways.accounts.models import Role, User
from pathways.accounts.services import user_create
from pathways.programs.models import Country, Organisation

# username, first name, last name, role, country code, organisation acronym, language
DEMO_PERSONAS = [
    ("admin", "Regional", "MEL admin", Role.MEL_ADMIN, "", "", ""),
    ("kh_manager", "Cambodia", "country manager", Role.COUNTRY_MANAGER, "KH", "", ""),
    ("kh_officer", "Cambodia", "data officer", Role.DATA_OFFICER, "KH", "", ""),
    ("la_manager", "Lao PDR", "country manager", Role.COUNTRY_MANAGER, "LA", "", ""),
    ("lscw_partner", "LSCW", "partner", Role.DATA_OFFICER, "", "LSCW", ""),
    ("donor", "Donor", "viewer", Role.DONOR, "", "", ""),
    ("km_translator", "Khmer", "translator", Role.TRANSLATOR, "", "", "km"),
]


def ensure_demo_personas(*, password: str) -> list[User]:
    """The six demo personas of design.md and the Khmer translator; existing ones are left
    as they are."""
    users = []
    for username, first, last, role, country, org, language in DEMO_PERSONAS:
        existing = User.objects.filter(username=username).first()
        if existing:
            users.append(existing)
            continue
        users.append(
            user_create(
                actor=None,
                username=username,
                password=password,
                role=role,
                country=Country.objects.get(code=country) if country else None,
                organisation=Organisation.objects.get(acronym=org) if org else None,
                language=language,
                first_name=first,
                last_name=last,
            )
        )
    return users
