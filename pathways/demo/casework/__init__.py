"""The casework demo: synthetic Cambodian agencies, casework personas and clients with cases.

Everything is made up and marked `is_synthetic`: names are drawn from syllable and name lists
(Khmer script with a Latin spelling, and the scripts of the other nationalities), phones and
identity numbers are random, case notes come from templates. A fixed random seed makes every
load the same (the dates of the screener's recent registrations aside, which follow today).

The 1,500 clients are written in bulk, a demo-only shortcut: `client_register`, `case_open`
and `case_note_add` per record take the same path but lock the audit chain and check roles
per row. The values go through the very sealing functions the services use
(`sealing.seal_identity`, `sealing.seal_record`, with the data key unwrapped once and cached
by `keys`), so the database holds real ciphertext and blind indexes, and every record gets
its audit entry without values (`audit_bulk(without_values=True)`), as the services write it.

Only the countries this deployment holds are loaded (`casework.residency`): the demo is
Cambodian, so a deployment limited to another country gets none of it.

Beside them, a smaller part is taken with the real services, one action at a time, so that
its history is what the pages would have left: the shipped indicator sets, Cambodia's
casework settings (the police's anti-trafficking department makes formal identifications),
screenings in every state with a roster of returnees (`screenings`), and presumed victims
whose identification and case go through every stage (`stages`), with the records each stage
implies (`care`: assessments on the shipped domain sets, care plans, services, follow-ups,
trafficking events).

The package: `people` (agencies, personas, their two-factor secret), `plan` (what the demo
holds, planned in clear), `write` (sealing and writing it in bulk), `screenings` and
`stages` and `care` (the part taken with the services).
"""

from pathways.demo.casework.people import (
    CASEWORK_PERSONAS,
    COUNTRY,
    DEMO_CLIENTS,
    DEMO_TOTP_SECRET,
    NEW_AGENCIES,
    current_code,
    secret_for_typing,
)
from pathways.demo.casework.plan import CaseworkDemo, plan_clients
from pathways.demo.casework.write import casework_demo_loaded, load_casework_demo

__all__ = [
    "CASEWORK_PERSONAS",
    "COUNTRY",
    "DEMO_CLIENTS",
    "DEMO_TOTP_SECRET",
    "NEW_AGENCIES",
    "CaseworkDemo",
    "casework_demo_loaded",
    "current_code",
    "load_casework_demo",
    "plan_clients",
    "secret_for_typing",
]
