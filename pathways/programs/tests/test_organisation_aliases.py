"""Organisations recognised as sheets write them: names, acronyms and aliases under one key,
the seed aliases, and the services that remember an alias or add an organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pathways.audit.models import AuditEvent
from pathways.programs import reference_data as ref
from pathways.programs.models import Country, Organisation, OrganisationAlias
from pathways.programs.organisations import (
    organisation_alias_create,
    organisation_create_from_text,
    organisation_key,
    organisation_lookup,
)
from pathways.programs.services import load_reference_data

pytestmark = pytest.mark.django_db


def _kh() -> Country:
    return Country.objects.get(code="KH")


def _moj() -> Organisation:
    return Organisation.objects.get(acronym="MoJ", country__code="KH")


@pytest.mark.parametrize(
    "written",
    [
        "ក្រសួងយុត្តិធម៌",
        "ក្រសួង យុត្តិធម៌",  # a space between the words
        "ក្រសួង\u200bយុត្តិធម៌",  # a zero-width space, as Khmer keyboards write
        "\u200bក្រសួងយុត្តិធម៌\u200c",
        "MOJ",
        "moj",
        "M.o.J.",
        "Ministry of Justice",
        "  MINISTRY   OF   JUSTICE ",
        "Ministry of\u00adJustice",  # a soft hyphen from a pasted document
        "Ministry of Justice.",
        "Ministery of Justice",  # the usual misspelling
        "\u202eMinistry of Justice",  # a bidirectional override from a crafted cell
    ],
)
def test_cambodian_sheets_name_the_ministry_of_justice_many_ways(written):
    assert organisation_lookup(_kh().pk).get(organisation_key(written)) == _moj().pk


def test_khmer_names_and_acronyms_of_the_justice_sector_are_seeded():
    lookup = organisation_lookup(_kh().pk)
    for written, acronym in [
        ("ក្រសួងមហាផ្ទៃ", "MoI"),
        ("នគរបាលជាតិកម្ពុជា", "CNP"),
        ("ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា", "MoSVY"),
        ("MoSAVY", "MoSVY"),
        ("គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស", "NCCT"),
        ("រាជបណ្ឌិត្យសភាវិជ្ជាជីវៈតុលាការ", "RAJP"),
        ("LSCW", "LSCW"),
        ("DFAT", "DFAT"),  # a regional organisation, named in every country's sheets
    ]:
        org = Organisation.objects.get(acronym=acronym)
        assert lookup.get(organisation_key(written)) == org.pk, written


def test_another_countrys_organisation_is_not_recognised_in_cambodia():
    assert organisation_key("Bộ Công an") not in organisation_lookup(_kh().pk)
    vn = Country.objects.get(code="VN")
    vn_mps = Organisation.objects.get(acronym="MPS")
    assert organisation_lookup(vn.pk)[organisation_key("Bộ Công an")] == vn_mps.pk


def test_every_seed_alias_names_an_organisation_and_adds_a_new_spelling():
    orgs = {row[0]: row for row in ref.ORGANISATIONS}
    for name, texts in ref.ORGANISATION_ALIASES.items():
        name_, acronym = orgs[name][:2]
        keys = [organisation_key(t) for t in texts]
        assert len(set(keys)) == len(keys), name
        assert not {organisation_key(name_), organisation_key(acronym)} & set(keys), name


def test_loading_the_reference_data_again_adds_no_alias_and_no_audit_event():
    before = OrganisationAlias.objects.count()
    audits = AuditEvent.objects.count()
    assert load_reference_data() == 0
    assert OrganisationAlias.objects.count() == before > 0
    assert AuditEvent.objects.count() == audits


def test_an_alias_is_remembered_once_and_audited(kh_officer):
    org = Organisation.objects.get(acronym="MoI")
    alias = organisation_alias_create(
        actor=kh_officer, country=_kh(), organisation=org, text=" Interior  Ministry ", source="web"
    )
    assert alias is not None and alias.text == "Interior Ministry"
    assert AuditEvent.objects.filter(
        content_type__model="organisationalias", object_id=str(alias.pk)
    ).exists()
    again = organisation_alias_create(
        actor=kh_officer, country=_kh(), organisation=org, text="interior ministry", source="web"
    )
    assert again is None
    assert OrganisationAlias.objects.filter(key=organisation_key("Interior Ministry")).count() == 1


def test_a_text_that_means_another_organisation_is_refused(kh_officer):
    with pytest.raises(ValidationError, match="already means Ministry of Justice"):
        organisation_alias_create(
            actor=kh_officer,
            country=_kh(),
            organisation=Organisation.objects.get(acronym="MoI"),
            text="ក្រសួងយុត្តិធម៌",
            source="web",
        )


def test_an_alias_for_another_countrys_organisation_is_refused(kh_officer):
    with pytest.raises(ValidationError, match="country's organisations"):
        organisation_alias_create(
            actor=kh_officer,
            country=_kh(),
            organisation=Organisation.objects.get(acronym="RTP"),
            text="Police",
            source="web",
        )
    assert not OrganisationAlias.objects.filter(key="police").exists()


def test_an_empty_or_invisible_text_is_refused(kh_officer):
    for text in ["", "   ", "\u200b\u200c", "..."]:
        with pytest.raises(ValidationError, match="empty"):
            organisation_alias_create(
                actor=kh_officer, country=_kh(), organisation=_moj(), text=text, source="web"
            )


def test_a_new_organisation_is_named_as_written_and_audited(kh_officer):
    org = organisation_create_from_text(
        actor=kh_officer, country=_kh(), text="សមាគម ការពារ សិទ្ធិ", type="ngo", source="web"
    )
    assert (org.name, org.country, org.type) == ("សមាគម ការពារ សិទ្ធិ", _kh(), "ngo")
    assert AuditEvent.objects.filter(content_type__model="organisation", object_id=str(org.pk))
    with pytest.raises(ValidationError, match="already means"):
        organisation_create_from_text(
            actor=kh_officer, country=_kh(), text="សមាគមការពារសិទ្ធិ", type="ngo", source="web"
        )


def test_a_new_organisation_with_a_bad_type_writes_nothing(kh_officer):
    count = Organisation.objects.count()
    with pytest.raises(ValidationError):
        organisation_create_from_text(
            actor=kh_officer, country=_kh(), text="New Body", type="secret", source="web"
        )
    assert Organisation.objects.count() == count


def test_the_admin_adds_an_alias_with_its_key_and_refuses_one_that_means_another(
    client, admin_user
):
    from django.urls import reverse

    client.force_login(admin_user)
    url = reverse("admin:programs_organisationalias_add")
    moi = Organisation.objects.get(acronym="MoI")
    response = client.post(url, {"organisation": moi.pk, "text": "Interior Ministry (KH)"})
    assert response.status_code == 302
    alias = OrganisationAlias.objects.get(text="Interior Ministry (KH)")
    assert alias.key == organisation_key("interior ministry kh")
    assert AuditEvent.objects.latest("id").action == "create"
    count = OrganisationAlias.objects.count()
    response = client.post(url, {"organisation": moi.pk, "text": "ក្រសួងយុត្តិធម៌"})
    assert response.status_code == 200
    assert "already means Ministry of Justice" in response.content.decode()
    assert OrganisationAlias.objects.count() == count
