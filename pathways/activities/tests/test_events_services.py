from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pathways.activities import services
from pathways.activities.models import Event, Topic
from pathways.activities.tests.factories import country, make_attendance, make_event, organisation
from pathways.audit.models import AuditEvent
from pathways.audit.services import verify_chain
from pathways.programs.models import Pathway, Province

pytestmark = pytest.mark.django_db


def values(**overrides):
    base = {
        "title": "Synthetic workshop on SOPs",
        "event_type": Event.Type.WORKSHOP,
        "start_date": dt.date(2021, 10, 4),
        "end_date": dt.date(2021, 10, 5),
        "country": country("KH"),
        "modality": Event.Modality.IN_PERSON,
        "description": "",
    }
    return {**base, **overrides}


def audits_of(instance, action):
    return AuditEvent.objects.filter(object_id=str(instance.pk), action=action).filter(
        content_type__model=instance._meta.model_name
    )


def test_event_create_records_reporter_and_audit(kh_officer):
    topic = Topic.objects.create(name="Victim identification")
    event = services.event_create(
        actor=kh_officer, values=values(), topics=[topic], co_organisers=[organisation("LSCW")]
    )
    assert event.reported_by == kh_officer
    assert event.version == 1
    audit = audits_of(event, AuditEvent.Action.CREATE).get()
    assert audit.changes["title"] == [None, "Synthetic workshop on SOPs"]
    assert audit.changes["topics"] == [None, [topic.pk]]
    assert verify_chain() is None


def test_event_update_audits_old_and_new_values_and_bumps_version(kh_officer):
    event = services.event_create(actor=kh_officer, values=values())
    pathway = Pathway.objects.first()
    updated = services.event_update(
        actor=kh_officer,
        event=event,
        version=1,
        values={"title": "Renamed", "pathway": pathway},
    )
    assert updated.version == 2
    audit = audits_of(event, AuditEvent.Action.UPDATE).get()
    assert audit.changes["title"] == ["Synthetic workshop on SOPs", "Renamed"]
    assert audit.changes["pathway"] == [None, pathway.pk]
    assert audit.changes["version"] == [1, 2]


def test_second_user_saving_a_stale_event_gets_a_conflict_listing_the_changes(
    kh_officer, kh_manager
):
    event = services.event_create(actor=kh_officer, values=values())
    loaded_version = event.version
    services.event_update(
        actor=kh_manager, event=event, version=loaded_version, values={"title": "Manager title"}
    )
    with pytest.raises(services.ConflictError) as caught:
        services.event_update(
            actor=kh_officer,
            event=event,
            version=loaded_version,
            values={"title": "Officer title", "description": "Officer notes"},
        )
    conflicts = caught.value.conflicts
    assert [(c.field, c.theirs, c.yours) for c in conflicts] == [
        ("title", "Manager title", "Officer title")
    ]
    assert conflicts[0].label == "Title"
    assert caught.value.current_version == 2
    event.refresh_from_db()
    assert event.title == "Manager title"
    assert event.description == ""


def test_saving_again_with_the_current_version_overwrites_deliberately(kh_officer, kh_manager):
    event = services.event_create(actor=kh_officer, values=values())
    services.event_update(actor=kh_manager, event=event, version=1, values={"title": "A"})
    services.event_update(actor=kh_officer, event=event, version=2, values={"title": "B"})
    event.refresh_from_db()
    assert (event.title, event.version) == ("B", 3)


def test_end_date_before_start_date_is_refused(kh_officer):
    bad = values(start_date=dt.date(2021, 10, 5), end_date=dt.date(2021, 10, 4))
    with pytest.raises(ValidationError):
        services.event_create(actor=kh_officer, values=bad)
    assert not Event.objects.exists()


def test_province_of_another_country_is_refused(kh_officer):
    lao_province = Province.objects.filter(country__code="LA").first()
    with pytest.raises(ValidationError) as caught:
        services.event_create(actor=kh_officer, values=values(province=lao_province))
    assert "province" in caught.value.error_dict


def test_country_staff_cannot_create_in_another_country(kh_officer):
    with pytest.raises(PermissionDenied):
        services.event_create(actor=kh_officer, values=values(country=country("LA")))


@pytest.mark.parametrize("persona", ["donor"])
def test_donor_never_writes(personas, persona):
    with pytest.raises(PermissionDenied):
        services.event_create(actor=personas[persona], values=values())


def test_partner_must_lead_or_co_organise_the_event_they_create(lscw_partner):
    with pytest.raises(ValidationError) as caught:
        services.event_create(actor=lscw_partner, values=values())
    assert "lead_organisation" in caught.value.error_dict
    event = services.event_create(
        actor=lscw_partner, values=values(lead_organisation=organisation("LSCW"))
    )
    assert event.lead_organisation.acronym == "LSCW"


def test_partner_cannot_remove_their_organisation_from_an_event(lscw_partner):
    event = make_event(lead="LSCW")
    with pytest.raises(ValidationError):
        services.event_update(
            actor=lscw_partner, event=event, version=1, values={"lead_organisation": None}
        )


def test_partner_cannot_edit_an_event_of_another_organisation(lscw_partner):
    event = make_event(lead="MoJ")
    with pytest.raises(PermissionDenied):
        services.event_update(actor=lscw_partner, event=event, version=1, values={"title": "x"})


def test_event_delete_is_audited_with_its_attendances(kh_officer):
    event = make_event()
    attendance = make_attendance(event=event)
    services.event_delete(actor=kh_officer, event=event)
    assert not Event.objects.filter(pk=event.pk).exists()
    audit = AuditEvent.objects.get(
        action=AuditEvent.Action.DELETE, content_type__model="event", object_id=str(event.pk)
    )
    assert audit.changes["attendances"] == [[attendance.person_id], None]


def test_new_topic_names_reuse_existing_topics_case_insensitively():
    existing = Topic.objects.create(name="Anti-money laundering")
    topics = services.topics_from_names(["anti-money  laundering", "Victim identification", ""])
    assert existing in topics
    assert {t.name for t in topics} == {"Anti-money laundering", "Victim identification"}


def test_a_refused_save_creates_no_new_topics(kh_officer, kh_manager):
    event = services.event_create(actor=kh_officer, values=values())
    services.event_update(actor=kh_manager, event=event, version=1, values={"title": "A"})
    with pytest.raises(services.ConflictError):
        services.event_update(
            actor=kh_officer, event=event, version=1, values={}, new_topics=["Brand new"]
        )
    assert not Topic.objects.filter(name="Brand new").exists()


def test_new_topics_are_added_to_the_kept_ones(kh_officer):
    kept = Topic.objects.create(name="SOPs")
    event = services.event_create(actor=kh_officer, values=values(), topics=[kept])
    services.event_update(actor=kh_officer, event=event, version=1, values={}, new_topics=["AML"])
    assert sorted(t.name for t in event.topics.all()) == ["AML", "SOPs"]


# --- the scope of the new values, not only of the stored ones --------------------------------


def test_partner_cannot_move_their_event_to_another_country(lscw_partner):
    event = make_event(lead="LSCW")
    with pytest.raises(PermissionDenied, match="Lao"):
        services.event_update(
            actor=lscw_partner, event=event, version=1, values={"country": country("LA")}
        )
    event.refresh_from_db()
    assert event.country.code == "KH" and event.version == 1
    assert not audits_of(event, "update").exists()


def test_partner_cannot_create_an_event_in_another_country(lscw_partner):
    with pytest.raises(PermissionDenied, match="Lao"):
        services.event_create(
            actor=lscw_partner,
            values=values(country=country("LA"), lead_organisation=organisation("LSCW")),
        )
    assert not Event.objects.exists()


def test_partner_still_edits_their_event_where_it_is(lscw_partner):
    event = make_event(lead="LSCW")
    services.event_update(actor=lscw_partner, event=event, version=1, values={"title": "Kept"})
    event.refresh_from_db()
    assert event.title == "Kept" and event.country.code == "KH"


def test_country_staff_cannot_move_an_event_to_another_country(kh_manager):
    event = make_event()
    with pytest.raises(PermissionDenied):
        services.event_update(
            actor=kh_manager, event=event, version=1, values={"country": country("LA")}
        )
    event.refresh_from_db()
    assert event.country.code == "KH"


def test_an_event_with_attendance_keeps_its_country_even_for_the_admin(personas):
    event = make_event()
    make_attendance(event=event)
    with pytest.raises(ValidationError) as caught:
        services.event_update(
            actor=personas["admin"], event=event, version=1, values={"country": country("LA")}
        )
    assert "country" in caught.value.error_dict
    event.refresh_from_db()
    assert event.country.code == "KH"


def test_the_admin_moves_an_event_without_attendance(personas):
    event = make_event()
    services.event_update(
        actor=personas["admin"], event=event, version=1, values={"country": country("LA")}
    )
    event.refresh_from_db()
    assert event.country.code == "LA"


def test_an_event_without_a_country_is_a_validation_error(kh_officer):
    bare = {k: v for k, v in values().items() if k != "country"}
    with pytest.raises(ValidationError) as caught:
        services.event_create(actor=kh_officer, values=bare)
    assert "country" in caught.value.error_dict
