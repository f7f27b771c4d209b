"""Synthetic persons with labelled duplicates, for de-duplication benchmarks and tests.

Every name here is synthetic: built from syllables, in each country's script and in Latin
letters. `generate(n, seed=...)` returns PersonRecords (no database needed) and the set of
pairs that are truly one person recorded twice, each duplicate made by one of the ways real
sign-in sheets differ: name order swapped, the other script, a typo, spacing and case, or the
phone written in another format. Distinct persons who happen to share a name are left in,
as they are in real programs.

A minority of persons give an identity number (a national ID card's or passport's), as few
sheets ask for one; a duplicate's sheet records it only sometimes, now and then with a digit
miscopied. Two distinct persons never share one. The numbers are drawn from a random stream
of their own (`IdNumbers`), so adding them left every other fact of the data as it was.

Used by bench/dedup_bench.py and by pathways/activities/tests; the performance engineer's
generator can call `make_person` and `make_duplicate` for its labelled set.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from pathways.activities.dedup.records import PersonRecord

# (script, Latin) syllables. Surnames are one syllable or two; given names two.
KHMER_SURNAMES = [
    ("សុខ", "Sok"), ("ចាន់", "Chan"), ("ហេង", "Heng"), ("គឹម", "Kim"), ("ព្រាប", "Preap"),
    ("ឈឹម", "Chhim"), ("ម៉ៅ", "Mao"), ("ឡុង", "Long"), ("នួន", "Nuon"), ("ខៀវ", "Khieu"),
    ("ទេព", "Tep"), ("ប៊ុន", "Bun"), ("អ៊ុំ", "Oum"), ("សៀង", "Seang"), ("ស៊ុន", "Sun"),
    ("មាស", "Meas"), ("ស្រេង", "Sreng"), ("ហ៊ុន", "Hun"), ("លី", "Ly"), ("កែវ", "Keo"),
    ("យឹម", "Yim"), ("សំ", "Sam"), ("ចេង", "Cheng"), ("ឃុន", "Khun"), ("រស់", "Ros"),
    ("ផាន", "Phan"), ("អ៊ុក", "Ouk"), ("ជា", "Chea"), ("ទូច", "Touch"), ("ហុង", "Hong"),
]  # fmt: skip
KHMER_SYLLABLES = [
    ("សុ", "So"), ("ភា", "phea"), ("ដា", "Da"), ("រ៉ា", "ra"), ("ចាន់", "Chan"), ("ថា", "tha"),
    ("សំ", "Sam"), ("ណាង", "nang"), ("វណ្ណ", "Vann"), ("ធី", "thy"), ("ពិ", "Pi"),
    ("សិដ្ឋ", "seth"), ("ស្រី", "Srey"), ("មុំ", "mom"), ("លី", "ly"), ("ណា", "na"),
    ("រិទ្ធ", "rith"), ("វី", "Vi"), ("បុ", "Bo"), ("ផា", "pha"), ("កា", "ka"), ("ម៉ា", "ma"),
    ("នី", "ni"), ("ទី", "ti"), ("ឡា", "la"), ("ពៅ", "pov"), ("ហេង", "heng"), ("វុធ", "vuth"),
    ("មករា", "makara"), ("ដែន", "den"), ("សុខ", "sok"), ("ពន្លក", "ponlok"),
]  # fmt: skip
THAI_SYLLABLES = [
    ("สม", "Som"), ("ชาย", "chai"), ("ศักดิ์", "sak"), ("บุญ", "Boon"), ("มี", "mee"),
    ("ศรี", "Sri"), ("สุข", "suk"), ("ทอง", "thong"), ("ดี", "dee"), ("แก้ว", "kaew"),
    ("วงศ์", "wong"), ("ชัย", "chai"), ("พร", "porn"), ("แสง", "saeng"), ("ใจ", "jai"),
    ("นา", "na"), ("มา", "ma"), ("ประ", "Pra"), ("สิทธิ์", "sit"), ("กมล", "kamon"),
    ("วัน", "wan"), ("เพชร", "phet"), ("รัก", "rak"), ("ไทย", "thai"),
]  # fmt: skip
LAO_SYLLABLES = [
    ("ສົມ", "Som"), ("ພອນ", "phone"), ("ບຸນ", "Boun"), ("ມີ", "mee"), ("ສີ", "Si"),
    ("ຈັນ", "chanh"), ("ແກ້ວ", "keo"), ("ທອງ", "thong"), ("ຄຳ", "kham"), ("ວົງ", "vong"),
    ("ໄຊ", "xay"), ("ພັນ", "phan"), ("ດາ", "da"), ("ລີ", "ly"), ("ນາ", "na"), ("ສຸກ", "souk"),
    ("ມະນີ", "many"), ("ວັນ", "vanh"), ("ແສງ", "saeng"), ("ສັກ", "sak"),
]  # fmt: skip
VIETNAMESE_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
                       "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]  # fmt: skip
VIETNAMESE_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang"]
VIETNAMESE_GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hoa",
                    "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc",
                    "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thu", "Trang", "Tuấn", "Việt",
                    "Yến"]  # fmt: skip
LATIN_SYLLABLES = ["Ma", "ri", "a", "Jo", "se", "An", "ton", "Ro", "sa", "Li", "za", "Bu",
                   "di", "Sri", "ya", "nti", "Ra", "hma", "Dew", "Nur", "ha", "Fa", "ti",
                   "Ag", "us", "Sit", "Cruz", "Re", "yes", "Tan", "Lim", "ng", "Wa",
                   "hyu"]  # fmt: skip

# Country id → how names are written there.
COUNTRY_STYLES = {
    1: "khmer",
    2: "thai",
    3: "lao",
    4: "vietnamese",
    5: "latin",
    6: "latin",
    7: "latin",
    8: "latin",
    9: "latin",
    10: "latin",
}
DIAL_CODES = {1: "855", 2: "66", 3: "856", 4: "84", 5: "63", 6: "62", 7: "60", 8: "65",
              9: "673", 10: "95"}  # fmt: skip
KINDS = ("swap", "script", "typo", "spacing", "phone")
# Identity numbers: the share of persons whose sheet recorded one, the share of a duplicate's
# sheets that recorded it again, and the share of those copies with one digit miscopied.
ID_SHARE = 0.25
ID_AGAIN = 0.5
ID_TYPO = 0.03


class IdNumbers:
    """Identity numbers from a random stream of their own: each person's, unique to it (its
    key scrambled by a multiplier prime to the modulus, so no two persons share one), and a
    duplicate's copy of it."""

    _MODULUS = 10**8
    _MULTIPLIER = 48_271_007  # odd and not a multiple of 5: a bijection modulo 10**8

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"identity numbers {seed}")

    def of(self, pk: int) -> str:
        if self.rng.random() >= ID_SHARE:
            return ""
        letter = "N" if self.rng.random() < 0.8 else "P"  # a national ID card, or a passport
        return f"{letter}{pk * self._MULTIPLIER % self._MODULUS:08d}"

    def again(self, original: str) -> str:
        if not original or self.rng.random() >= ID_AGAIN:
            return ""
        if self.rng.random() >= ID_TYPO:
            return original
        i = self.rng.randrange(1, len(original))
        digit = str((int(original[i]) + self.rng.randint(1, 9)) % 10)
        return original[:i] + digit + original[i + 1 :]


@dataclass(frozen=True)
class Name:
    written: str
    latin: str


def _syllable_word(rng: random.Random, table) -> tuple[str, str]:
    (s1, l1), (s2, l2) = rng.choice(table), rng.choice(table)
    return s1 + s2, (l1 + l2).capitalize()


def _latin_word(rng: random.Random) -> str:
    return "".join(rng.choice(LATIN_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()


def make_name(rng: random.Random, style: str) -> Name:
    if style == "khmer":
        family = rng.choice(KHMER_SURNAMES)
        given = _syllable_word(rng, KHMER_SYLLABLES)
        return Name(f"{family[0]} {given[0]}", f"{family[1]} {given[1]}")
    if style in ("thai", "lao"):
        table = THAI_SYLLABLES if style == "thai" else LAO_SYLLABLES
        given, family = _syllable_word(rng, table), _syllable_word(rng, table)
        return Name(f"{given[0]} {family[0]}", f"{given[1]} {family[1]}")
    if style == "vietnamese":
        parts = [rng.choice(VIETNAMESE_SURNAMES), rng.choice(VIETNAMESE_MIDDLE)]
        written = " ".join([*parts, rng.choice(VIETNAMESE_GIVEN)])
        return Name(written, "")
    return Name(f"{_latin_word(rng)} {_latin_word(rng)}", "")


def _phone(rng: random.Random, country_id: int) -> str:
    return f"+{DIAL_CODES[country_id]}{rng.randint(10_000_000, 99_999_999)}"


def make_person(
    rng: random.Random, pk: int, country_id: int, ids: IdNumbers | None = None
) -> tuple[PersonRecord, Name]:
    """One synthetic person as a sheet would record it, and its name in both forms; with
    `ids`, the identity number it gave, if any."""
    name = make_name(rng, COUNTRY_STYLES[country_id])
    in_script = name.latin and rng.random() < 0.5
    record = PersonRecord(
        pk=pk,
        country_id=country_id,
        full_name=name.written if in_script or not name.latin else name.latin,
        latin_name=name.latin if in_script and rng.random() < 0.5 else "",
        sex=rng.choice(
            ("woman", "man", "not_recorded") if rng.random() < 0.1 else ("woman", "man")
        ),
        birth_year=rng.randint(1960, 2002) if rng.random() < 0.7 else None,
        organisation_id=country_id * 100 + rng.randint(1, 25) if rng.random() < 0.9 else None,
        phone=_phone(rng, country_id) if rng.random() < 0.6 else "",
        email=f"p{pk}@example.org" if rng.random() < 0.3 else "",
        id_number=ids.of(pk) if ids else "",
    )
    return record, name


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 4:
        return text
    i = rng.choice(letters[1:])
    operation = rng.choice(("drop", "double", "swap"))
    if operation == "drop":
        return text[:i] + text[i + 1 :]
    if operation == "double":
        return text[:i] + text[i] + text[i:]
    j = min(i + 1, len(text) - 1)
    return text[:i] + text[j] + text[i] + text[j + 1 :] if text[j].isalpha() else text


def _reformat_phone(rng: random.Random, phone: str, country_id: int) -> str:
    national = "0" + phone[len(DIAL_CODES[country_id]) + 1 :]
    spaced = f"{national[:3]} {national[3:6]} {national[6:]}"
    return rng.choice((national, spaced, phone[1:], f"({national[:3]}) {national[3:]}"))


def _renamed(rng: random.Random, original: PersonRecord, name: Name, kind: str) -> tuple[str, str]:
    """The duplicate's names for one kind of difference."""
    latin = name.latin or name.written
    if kind == "swap":
        return " ".join(reversed(original.full_name.split())), ""
    if kind == "script" and name.latin:
        other = name.latin if original.full_name == name.written else name.written
        return other, ""
    if kind == "script":  # a Latin-only name: another sheet writes it in capitals, reordered
        return " ".join(reversed(original.full_name.upper().split())), ""
    if kind == "typo":
        return _typo(rng, latin), ""
    if kind == "spacing":
        return (latin.upper() if rng.random() < 0.5 else latin.replace(" ", "", 1)), ""
    return original.full_name, original.latin_name


def make_duplicate(
    rng: random.Random,
    original: PersonRecord,
    name: Name,
    pk: int,
    kind: str,
    ids: IdNumbers | None = None,
) -> PersonRecord:
    """The same person on another sheet: names differ by `kind`, other facts recorded or not
    as that sheet happened to ask for them (the identity number through `ids`)."""
    full_name, latin_name = _renamed(rng, original, name, kind)
    phone = original.phone if rng.random() < 0.6 else ""
    if kind == "phone" or (phone and rng.random() < 0.5):
        phone = _reformat_phone(rng, original.phone, original.country_id) if original.phone else ""
    return replace(
        original,
        pk=pk,
        full_name=full_name,
        latin_name=latin_name,
        birth_year=original.birth_year if rng.random() < 0.7 else None,
        organisation_id=original.organisation_id if rng.random() < 0.85 else None,
        phone=phone,
        email=original.email if rng.random() < 0.5 else "",
        sex=original.sex if rng.random() < 0.95 else "not_recorded",
        id_number=ids.again(original.id_number) if ids else "",
        match_key="",
    )


def generate(
    n: int, *, seed: int = 1, duplicate_share: float = 0.1, countries: int = 10
) -> tuple[list[PersonRecord], set[tuple[int, int]]]:
    """`n` persons (about `duplicate_share` of them duplicates) and the labelled pairs."""
    rng, ids = random.Random(seed), IdNumbers(seed)
    originals = round(n * (1 - duplicate_share))
    people = [
        make_person(rng, pk, rng.randint(1, countries), ids) for pk in range(1, originals + 1)
    ]
    persons = [record for record, _ in people]
    clusters: dict[int, list[int]] = {}
    for pk in range(originals + 1, n + 1):
        original, name = people[rng.randrange(originals)]
        persons.append(make_duplicate(rng, original, name, pk, KINDS[pk % len(KINDS)], ids))
        clusters.setdefault(original.pk, [original.pk]).append(pk)
    rng.shuffle(persons)
    return persons, _cluster_pairs(clusters.values())


def _cluster_pairs(clusters) -> set[tuple[int, int]]:
    """Every pair within a cluster: two duplicates of one person are duplicates too."""
    return {(a, b) for pks in clusters for a in pks for b in pks if a < b}
