from __future__ import annotations

from django.urls import path

from pathways.casework.views import (
    access_log,
    attachments,
    break_glass,
    care,
    care_records,
    case_stages,
    cases,
    consent,
    directory,
    exports,
    identification,
    intake,
    nrm,
    referral_actions,
    referral_list,
    referral_package,
    referrals,
    returns,
    roster,
    screening,
    screening_end,
    screening_interview,
    screening_outcome,
    staff,
    subject,
    transfers,
    worklist,
)

app_name = "casework"

urlpatterns = [
    path("", worklist.worklist, name="worklist"),
    # The NRM coordinator's dashboard on the country's referrals, and its tables.
    path("nrm/", nrm.nrm_dashboard, name="nrm_dashboard"),
    path("nrm/referrals.<slug:fmt>", nrm.nrm_download, name="nrm_download"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/notes/", cases.note_add, name="note_add"),
    # The person's own data: everything held about them, and their identifiers corrected.
    path("cases/<int:pk>/held/", subject.held_about, name="held_about"),
    path("cases/<int:pk>/held.json", subject.held_about_download, name="held_about_download"),
    path("cases/<int:pk>/identity/", subject.identity_correct, name="identity_correct"),
    # The case's care records (assessments, plan, services, follow-ups, trafficking events).
    path("cases/<int:pk>/assessments/", care.assessment_history, name="assessment_history"),
    path("cases/<int:pk>/assessments/new/", care.assessment_add, name="assessment_add"),
    path("cases/<int:pk>/plan/", care.care_plan_edit, name="care_plan_edit"),
    path(
        "cases/<int:pk>/plan/<int:plan_id>/<slug:move>/",
        care.care_plan_move,
        name="care_plan_move",
    ),
    path("cases/<int:pk>/goals/<int:goal_id>/status/", care.goal_status, name="goal_status"),
    path("cases/<int:pk>/services/new/", care_records.service_add, name="service_add"),
    path("cases/<int:pk>/follow-ups/new/", care_records.followup_add_view, name="followup_add"),
    path(
        "cases/<int:pk>/follow-ups/<int:followup_id>/done/",
        care_records.followup_done_view,
        name="followup_done",
    ),
    path("cases/<int:pk>/events/new/", care_records.event_edit, name="event_add"),
    path("cases/<int:pk>/events/<int:event_id>/", care_records.event_edit, name="event_edit"),
    path(
        "cases/<int:pk>/stage/<slug:action>/",
        case_stages.case_stage_action,
        name="case_stage_action",
    ),
    path(
        "cases/<int:pk>/identification/<int:decision_pk>/interview/",
        identification.interview,
        name="identification_schedule",
    ),
    path(
        "cases/<int:pk>/identification/<int:decision_pk>/decision/",
        identification.decide,
        name="identification_decide",
    ),
    path(
        "cases/<int:pk>/identification/<int:decision_pk>/review/",
        identification.review,
        name="identification_review",
    ),
    path(
        "cases/<int:pk>/identification/<int:decision_pk>/request-review/",
        identification.request_review,
        name="identification_request_review",
    ),
    path(
        "cases/<int:pk>/identification/<int:decision_pk>/recognise/",
        identification.recognise,
        name="identification_recognise",
    ),
    path(
        "cases/<int:pk>/country-notifications/<int:notification_pk>/objection/",
        identification.object_to_notification,
        name="country_notification_objection",
    ),
    path("cases/<int:pk>/consents/new/", consent.consent_add, name="consent_add"),
    path(
        "cases/<int:pk>/consents/<int:consent_id>/",
        consent.consent_detail,
        name="consent_detail",
    ),
    path(
        "cases/<int:pk>/consents/<int:consent_id>/withdraw/",
        consent.consent_withdraw_view,
        name="consent_withdraw",
    ),
    # Returns across a border: asked from the case, one page each, one POST per step, and
    # the NRM coordinators' list.
    path("cases/<int:pk>/returns/new/", returns.return_request_view, name="return_request"),
    path("returns/", returns.return_list, name="return_list"),
    path("returns/<int:pk>/", returns.return_detail, name="return_detail"),
    path("returns/<int:pk>/<slug:action>/", returns.return_action, name="return_action"),
    path(
        "cases/<int:pk>/consents/override/",
        consent.consent_override_view,
        name="consent_override",
    ),
    # Referrals between agencies: the offer on the case, the user's referrals, one referral
    # and one page per action on it.
    path("cases/<int:pk>/referrals/new/", referrals.referral_offer_view, name="referral_offer"),
    path("referrals/", referral_list.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    # The package for an agency not on Pathways, before the action pattern it would match.
    path(
        "referrals/<int:pk>/package/",
        referral_package.referral_package,
        name="referral_package",
    ),
    path(
        "referrals/packages/import/",
        referral_package.referral_package_import_view,
        name="referral_package_import",
    ),
    path(
        "referrals/<int:pk>/<slug:action>/",
        referral_actions.referral_action,
        name="referral_action",
    ),
    path("cases/<int:pk>/export/", exports.case_export, name="case_export"),
    # Transfers of a case's ownership to another agency.
    path("cases/<int:pk>/transfer/", transfers.transfer_new, name="transfer_new"),
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    path(
        "transfers/<int:pk>/<slug:action>/",
        transfers.transfer_action,
        name="transfer_action",
    ),
    path("exports/", exports.export_list, name="export_list"),
    path("exports/<int:pk>/", exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/decide/", exports.export_decide, name="export_decide"),
    path("exports/<int:pk>/prepare/", exports.export_prepare_view, name="export_prepare"),
    path("exports/<int:pk>/download/", exports.export_download_view, name="export_download"),
    path("intake/", intake.intake_search_page, name="intake"),
    path("intake/register/", intake.intake_register_page, name="intake_register"),
    path("groups/", roster.group_list, name="group_list"),
    path("groups/new/", roster.roster_upload, name="roster_upload"),
    path("groups/<int:pk>/", roster.group_detail, name="group_detail"),
    path("screenings/<int:pk>/take/", roster.take_over, name="screening_take_over"),
    path("access-log/", access_log.access_log, name="access_log"),
    path("break-glass/", break_glass.report, name="break_glass_report"),
    path("break-glass/open/", break_glass.start, name="break_glass_start"),
    path("break-glass/<int:pk>/review/", break_glass.review, name="break_glass_review"),
    path(
        "cases/<int:case_id>/attachments/new/",
        attachments.attachment_add_view,
        name="attachment_add",
    ),
    path(
        "cases/<int:case_id>/attachments/<int:pk>/",
        attachments.attachment_download,
        name="attachment",
    ),
    path("screenings/", screening.screening_list, name="screening_list"),
    path("screenings/new/", screening.screening_new, name="screening_new"),
    path("screenings/<int:pk>/", screening.screening_detail, name="screening_detail"),
    path("screenings/<int:pk>/setup/", screening.screening_setup, name="screening_setup"),
    path("screenings/<int:pk>/consent/", screening.screening_consent, name="screening_consent"),
    path(
        "screenings/<int:pk>/questions/<int:step>/",
        screening_interview.screening_questions,
        name="screening_questions",
    ),
    path(
        "screenings/<int:pk>/notes/",
        screening_interview.screening_notes,
        name="screening_notes",
    ),
    path(
        "screenings/<int:pk>/triage/",
        screening_outcome.screening_triage_page,
        name="screening_triage",
    ),
    path(
        "screenings/<int:pk>/outcome/",
        screening_outcome.screening_outcome,
        name="screening_outcome",
    ),
    path(
        "screenings/<int:pk>/decline/",
        screening_outcome.screening_decline,
        name="screening_decline",
    ),
    path("screenings/<int:pk>/close/", screening_outcome.screening_close, name="screening_close"),
    path("directory/", directory.directory, name="directory"),
    path("directory/agencies/<int:pk>/", directory.agency, name="directory_agency"),
    path(
        "directory/agencies/<int:pk>/profile/",
        directory.profile_save,
        name="directory_profile",
    ),
    path(
        "directory/agencies/<int:pk>/entries/new/",
        directory.entry_add,
        name="directory_entry_add",
    ),
    path("directory/entries/<int:pk>/", directory.entry_edit, name="directory_entry"),
    path(
        "directory/entries/<int:pk>/remove/",
        directory.entry_remove,
        name="directory_entry_remove",
    ),
    path("screenings/<int:pk>/void/", screening_end.screening_void_page, name="screening_void"),
    path(
        "screenings/<int:pk>/duplicate/",
        screening_end.screening_duplicate_page,
        name="screening_duplicate",
    ),
    path("staff/", staff.staff_list, name="staff"),
    path("staff/<int:pk>/remove/", staff.staff_remove, name="staff_remove"),
    path("staff/<int:pk>/break-glass/", staff.staff_break_glass, name="staff_break_glass"),
]
