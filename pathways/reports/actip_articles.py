"""The articles of the ASEAN Convention Against Trafficking in Persons, Especially Women and
Children (ACTIP, signed at Kuala Lumpur on 21 November 2015): number, chapter and title, in
the Convention's English (not translated: they are the treaty's own words).

Sources and what is confirmed. No authoritative copy of the whole text could be read while
this list was made. Confirmed against a copy of the Convention's English text: the heading of
Article 14, "Protection of Victims of Trafficking in Persons", and the content of Article 15
(the return of victims). Every other chapter and title is entered from recollection of the
published text and flagged `confirmed=False`; where the title could not be recalled with
confidence it is left empty, and the pages show "Article N" alone, never a made-up title.
Before the tracker is used for reporting, check this list against the ASEAN Secretariat's
text (asean.org) and correct it with a data migration (see 0003_actip_articles).
"""

from __future__ import annotations

from typing import NamedTuple


class ArticleRow(NamedTuple):
    number: int
    chapter: int
    chapter_title: str
    title: str
    confirmed: bool


_GENERAL = "General Provisions"
_CRIMINALISATION = "Criminalisation"
_PREVENTION = "Prevention"
_PROTECTION = "Protection"
_LAW_ENFORCEMENT = "Law Enforcement"
_COOPERATION = "International Cooperation"
_MECHANISM = "Mechanism for Implementation, Monitoring and Reporting"
_FINAL = "Final Provisions"

ARTICLES: tuple[ArticleRow, ...] = (
    ArticleRow(1, 1, _GENERAL, "Objectives", False),
    ArticleRow(2, 1, _GENERAL, "Use of Terms", False),
    ArticleRow(3, 1, _GENERAL, "Scope of Application", False),
    ArticleRow(4, 1, _GENERAL, "Protection of Sovereignty", False),
    ArticleRow(5, 2, _CRIMINALISATION, "Criminalisation of Trafficking in Persons", False),
    ArticleRow(
        6,
        2,
        _CRIMINALISATION,
        "Criminalisation of Participation in an Organised Criminal Group",
        False,
    ),
    ArticleRow(7, 2, _CRIMINALISATION, "Criminalisation of Laundering of Proceeds of Crime", False),
    ArticleRow(8, 2, _CRIMINALISATION, "Criminalisation of Corruption", False),
    ArticleRow(9, 2, _CRIMINALISATION, "Criminalisation of Obstruction of Justice", False),
    ArticleRow(10, 2, _CRIMINALISATION, "Jurisdiction", False),
    ArticleRow(11, 3, _PREVENTION, "Prevention of Trafficking in Persons", False),
    ArticleRow(12, 3, _PREVENTION, "", False),
    ArticleRow(13, 3, _PREVENTION, "", False),
    ArticleRow(14, 4, _PROTECTION, "Protection of Victims of Trafficking in Persons", True),
    ArticleRow(
        15, 4, _PROTECTION, "Repatriation and Return of Victims of Trafficking in Persons", False
    ),
    ArticleRow(16, 5, _LAW_ENFORCEMENT, "Law Enforcement and Prosecution", False),
    ArticleRow(17, 5, _LAW_ENFORCEMENT, "", False),
    ArticleRow(18, 6, _COOPERATION, "Mutual Legal Assistance in Criminal Matters", False),
    ArticleRow(19, 6, _COOPERATION, "Extradition", False),
    ArticleRow(20, 6, _COOPERATION, "", False),
    ArticleRow(21, 6, _COOPERATION, "", False),
    ArticleRow(22, 6, _COOPERATION, "", False),
    ArticleRow(23, 7, _MECHANISM, "", False),
    ArticleRow(24, 7, _MECHANISM, "", False),
    ArticleRow(25, 8, _FINAL, "", False),
    ArticleRow(26, 8, _FINAL, "", False),
    ArticleRow(27, 8, _FINAL, "", False),
    ArticleRow(28, 8, _FINAL, "", False),
    ArticleRow(29, 8, _FINAL, "", False),
    ArticleRow(30, 8, _FINAL, "", False),
    ArticleRow(31, 8, _FINAL, "", False),
)
