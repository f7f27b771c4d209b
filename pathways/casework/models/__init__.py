"""The casework models, one module per part of the domain:

- `registry`: clients (victims and possible victims) and the countries' data keys;
- `staff`: casework roles of users for agencies;
- `cases`: cases, their sealed sections and notes, break-glass grants;
- `attachments`: a case's files, sealed, in private storage;
- `log`: the access log and its daily anchors;
- `intake`: the log of searches before a registration;
- `screening`: indicator sets, country settings, group rosters and screenings;
- `identification`: identification decisions and country-of-origin notifications;
- `care`: assessments, care plans and goals, services delivered, follow-ups and trafficking
  events of a case.
- `exports`: requests to export a case in the HTCDS, and their approval;
- `country_settings`: a country's casework durations (deadlines, retention) and authorities;
- `directory`: agencies' referral profiles and the service directory;
- `consent`: consent records by kind, and overrides on a legal basis;
- `referrals`: referrals between agencies and their threads;
- `referral_packages`: referral packages imported from agencies not on this deployment;
- `transfers`: transfers of a case's ownership and returns across borders;
- `deadlines`: the reminders and escalations sent for deadlines, once each.
"""

from pathways.casework.models.attachments import KIND_SECTIONS, Attachment
from pathways.casework.models.care import (
    CARE_SEALED_MODELS,
    Assessment,
    AssessmentDomainSet,
    CarePlan,
    CareRecord,
    FollowUp,
    Goal,
    ServiceDelivery,
    ServiceType,
    TraffickingEvent,
)
from pathways.casework.models.cases import (
    ALL_SECTIONS,
    CASE_SEALED_FIELDS,
    BreakGlassGrant,
    Case,
    CaseNote,
    CaseNumberSequence,
    Section,
)
from pathways.casework.models.consent import (
    CONSENT_SEALED_FIELDS,
    OVERRIDE_SEALED_FIELDS,
    ConsentOverride,
    ConsentRecord,
)
from pathways.casework.models.country_settings import CountryCaseworkSettings
from pathways.casework.models.deadlines import DeadlineNotice
from pathways.casework.models.directory import AgencyProfile, ServiceDirectoryEntry
from pathways.casework.models.exports import ExportRequest
from pathways.casework.models.identification import (
    IDENTIFICATION_SEALED_FIELDS,
    CountryNotification,
    IdentificationDecision,
)
from pathways.casework.models.intake import IntakeSearch
from pathways.casework.models.log import AccessEvent, AccessLogDay
from pathways.casework.models.referral_packages import ReferralPackageImport
from pathways.casework.models.referrals import (
    REFERRAL_SEALED_FIELDS,
    REFERRAL_UPDATE_SEALED_FIELDS,
    Referral,
    ReferralUpdate,
)
from pathways.casework.models.registry import BLIND_INDEXES, SEALED_FIELDS, Client, DataKey
from pathways.casework.models.screening import (
    SCREENING_SEALED_FIELDS,
    IndicatorSet,
    Screening,
    ScreeningGroup,
    ScreeningIndicator,
)
from pathways.casework.models.staff import CaseworkRole, StaffMembership
from pathways.casework.models.transfers import TRANSFER_SEALED_FIELDS, ReturnRequest, Transfer

__all__ = [
    "ALL_SECTIONS",
    "BLIND_INDEXES",
    "CARE_SEALED_MODELS",
    "CASE_SEALED_FIELDS",
    "CONSENT_SEALED_FIELDS",
    "IDENTIFICATION_SEALED_FIELDS",
    "KIND_SECTIONS",
    "OVERRIDE_SEALED_FIELDS",
    "REFERRAL_SEALED_FIELDS",
    "REFERRAL_UPDATE_SEALED_FIELDS",
    "SCREENING_SEALED_FIELDS",
    "SEALED_FIELDS",
    "TRANSFER_SEALED_FIELDS",
    "AccessEvent",
    "AccessLogDay",
    "AgencyProfile",
    "Assessment",
    "AssessmentDomainSet",
    "Attachment",
    "BreakGlassGrant",
    "CarePlan",
    "CareRecord",
    "Case",
    "CaseNote",
    "CaseNumberSequence",
    "CaseworkRole",
    "Client",
    "ConsentOverride",
    "ConsentRecord",
    "CountryCaseworkSettings",
    "CountryNotification",
    "DataKey",
    "DeadlineNotice",
    "ExportRequest",
    "FollowUp",
    "Goal",
    "IdentificationDecision",
    "IndicatorSet",
    "IntakeSearch",
    "Referral",
    "ReferralPackageImport",
    "ReferralUpdate",
    "ReturnRequest",
    "Screening",
    "ScreeningGroup",
    "ScreeningIndicator",
    "Section",
    "ServiceDelivery",
    "ServiceDirectoryEntry",
    "ServiceType",
    "StaffMembership",
    "TraffickingEvent",
    "Transfer",
]
