"""The 31 articles of ACTIP (2015). Only Article 14's title is confirmed against a copy of the
Convention's text; the other chapters and titles are entered from recollection and flagged
`confirmed=False`, and titles that could not be recalled are left empty (see
pathways/reports/actip_articles.py). Correct them with a later data migration once checked
against the ASEAN Secretariat's text."""

from django.db import migrations

# Frozen here: a migration must not change when the module it came from is edited later.
ARTICLES = [
    (1, 1, "General Provisions", "Objectives", False),
    (2, 1, "General Provisions", "Use of Terms", False),
    (3, 1, "General Provisions", "Scope of Application", False),
    (4, 1, "General Provisions", "Protection of Sovereignty", False),
    (5, 2, "Criminalisation", "Criminalisation of Trafficking in Persons", False),
    (
        6,
        2,
        "Criminalisation",
        "Criminalisation of Participation in an Organised Criminal Group",
        False,
    ),
    (7, 2, "Criminalisation", "Criminalisation of Laundering of Proceeds of Crime", False),
    (8, 2, "Criminalisation", "Criminalisation of Corruption", False),
    (9, 2, "Criminalisation", "Criminalisation of Obstruction of Justice", False),
    (10, 2, "Criminalisation", "Jurisdiction", False),
    (11, 3, "Prevention", "Prevention of Trafficking in Persons", False),
    (12, 3, "Prevention", "", False),
    (13, 3, "Prevention", "", False),
    (14, 4, "Protection", "Protection of Victims of Trafficking in Persons", True),
    (15, 4, "Protection", "Repatriation and Return of Victims of Trafficking in Persons", False),
    (16, 5, "Law Enforcement", "Law Enforcement and Prosecution", False),
    (17, 5, "Law Enforcement", "", False),
    (18, 6, "International Cooperation", "Mutual Legal Assistance in Criminal Matters", False),
    (19, 6, "International Cooperation", "Extradition", False),
    (20, 6, "International Cooperation", "", False),
    (21, 6, "International Cooperation", "", False),
    (22, 6, "International Cooperation", "", False),
    (23, 7, "Mechanism for Implementation, Monitoring and Reporting", "", False),
    (24, 7, "Mechanism for Implementation, Monitoring and Reporting", "", False),
    *[(n, 8, "Final Provisions", "", False) for n in range(25, 32)],
]


def load(apps, schema_editor):
    Article = apps.get_model("reports", "ConventionArticle")
    for number, chapter, chapter_title, title, confirmed in ARTICLES:
        Article.objects.update_or_create(
            number=number,
            defaults={
                "chapter": chapter,
                "chapter_title": chapter_title,
                "title": title,
                "confirmed": confirmed,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("reports", "ConventionArticle").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_conventionarticle_obligationstatus")]

    operations = [migrations.RunPython(load, unload)]
