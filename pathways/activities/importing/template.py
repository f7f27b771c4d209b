"""A blank sign-in sheet for an event: the columns the importer reads, named in English and
one language of the country, with drop-down lists for sex and the country's organisations.

Every header is made of words the importer's vocabulary knows (`vocabulary.HEADER_TERMS`),
so a filled-in sheet imports without choosing any column; the title rows above the header
are skipped by the importer as any organiser's title rows are. No personal data: the sheet
holds the event's title and dates and the names of organisations, nothing of any person.
"""

from __future__ import annotations

import io

from django.db.models import Q
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from pathways.activities.models import Event
from pathways.lib.tables import neutralise
from pathways.programs.models import Organisation

# The template's columns, in order: field -> {language: header word}. "en" is always
# there; a language without a word of its own for a column shows the English alone.
COLUMNS: dict[str, dict[str, str]] = {
    "full_name": {
        "en": "Full name",
        "km": "ឈ្មោះ",
        "lo": "ຊື່ ແລະ ນາມສະກຸນ",
        "th": "ชื่อ นามสกุล",
        "vi": "Họ và tên",
        "id": "Nama lengkap",
        "ms": "Nama penuh",
        "fil": "Buong pangalan",
        "my": "အမည်",
    },
    "latin_name": {
        "en": "Name in Latin letters",
        "km": "ឈ្មោះជាអក្សរឡាតាំង",
        "lo": "ຊື່ພາສາອັງກິດ",
        "th": "ชื่อภาษาอังกฤษ",
        "vi": "Tên tiếng Anh",
        "my": "အင်္ဂလိပ်အမည်",
    },
    "sex": {
        "en": "Sex",
        "km": "ភេទ",
        "lo": "ເພດ",
        "th": "เพศ",
        "vi": "Giới tính",
        "id": "Jenis kelamin",
        "ms": "Jantina",
        "fil": "Kasarian",
        "my": "လိင်",
    },
    "birth_year": {
        "en": "Birth year",
        "km": "ឆ្នាំកំណើត",
        "lo": "ປີເກີດ",
        "th": "ปีเกิด",
        "vi": "Năm sinh",
        "id": "Tahun lahir",
        "ms": "Tahun lahir",
        "fil": "Taon ng kapanganakan",
        "my": "မွေးနှစ်",
    },
    "organisation": {
        "en": "Organisation",
        "km": "ស្ថាប័ន",
        "lo": "ອົງການ",
        "th": "หน่วยงาน",
        "vi": "Cơ quan",
        "id": "Instansi",
        "ms": "Organisasi",
        "fil": "Ahensya",
        "my": "အဖွဲ့အစည်း",
    },
    "position": {
        "en": "Position",
        "km": "មុខតំណែង",
        "lo": "ຕຳແໜ່ງ",
        "th": "ตำแหน่ง",
        "vi": "Chức vụ",
        "id": "Jabatan",
        "fil": "Posisyon",
        "my": "ရာထူး",
    },
    "phone": {
        "en": "Phone",
        "km": "លេខទូរស័ព្ទ",
        "lo": "ເບີໂທລະສັບ",
        "th": "เบอร์โทรศัพท์",
        "vi": "Số điện thoại",
        "id": "Nomor telepon",
        "fil": "Numero ng telepono",
        "my": "ဖုန်းနံပါတ်",
    },
    "email": {
        "en": "Email",
        "km": "អ៊ីមែល",
        "lo": "ອີເມວ",
        "th": "อีเมล",
        "vi": "Thư điện tử",
        "id": "Alamat email",
        "my": "အီးမေးလ်",
    },
    "ignore": {
        "en": "Signature",
        "km": "ហត្ថលេខា",
        "lo": "ລາຍເຊັນ",
        "th": "ลายมือชื่อ",
        "vi": "Chữ ký",
        "id": "Tanda tangan",
        "ms": "Tanda tangan",
        "fil": "Lagda",
        "my": "လက်မှတ်",
    },
}

# The drop-down's words for sex (each one the importer reads), English first.
SEX_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("Female", "Male", "Other"),
    "km": ("ស្រី", "ប្រុស", "ផ្សេងៗ"),
    "lo": ("ຍິງ", "ຊາຍ", "ອື່ນໆ"),
    "th": ("หญิง", "ชาย", "อื่นๆ"),
    "vi": ("Nữ", "Nam", "Khác"),
    "id": ("Perempuan", "Laki-laki", "Lainnya"),
    "ms": ("Perempuan", "Lelaki", "Lain-lain"),
    "fil": ("Babae", "Lalaki", "Iba pa"),
    "my": ("မ", "ကျား", "အခြား"),
}

LANGUAGES = tuple(SEX_WORDS)
BLANK_ROWS = 200
HEADER_ROW = 4
LISTS_SHEET = "Lists"


# Two made-up rows, as the import page shows what a good sheet looks like (synthetic names).
_EXAMPLE_ROWS = (
    {
        "full_name": "សុខ ដារ៉ា",
        "latin_name": "Sok Dara",
        "sex": "Female",
        "birth_year": "1988",
        "organisation": "Ministry of Justice",
        "position": "Prosecutor",
        "phone": "012 345 678",
        "email": "",
        "ignore": "",
    },
    {
        "full_name": "Chan Vibol",
        "latin_name": "",
        "sex": "Male",
        "birth_year": "",
        "organisation": "Provincial Police",
        "position": "Police officer",
        "phone": "",
        "email": "vibol@example.org",
        "ignore": "",
    },
)


def example_sheet(event: Event) -> tuple[list[str], list[list[str]]]:
    """The blank sheet's column names (in English and the country's language) over two
    made-up rows: what a sheet the import reads well looks like."""
    language = template_languages(event)[0]
    fields = list(COLUMNS)
    return (
        [header(f, language) for f in fields],
        [[row[f] for f in fields] for row in _EXAMPLE_ROWS],
    )


def template_languages(event: Event) -> list[str]:
    """The languages a template for the event's country can be in: the country's, then
    English; the first is the default (English alongside the country's language)."""
    codes = [c.strip() for c in (event.country.languages or "").split(",") if c.strip()]
    ordered = [c for c in codes if c in LANGUAGES and c != "en"]
    return [*ordered, "en"]


def header(field: str, language: str) -> str:
    words = COLUMNS[field]
    english, local = words["en"], words.get(language)
    return f"{english} / {local}" if local and language != "en" else english


def _organisations(event: Event) -> list[str]:
    orgs = Organisation.objects.filter(Q(country_id=event.country_id) | Q(country__isnull=True))
    return sorted({o.name for o in orgs.only("name")}, key=str.casefold)


def _title_rows(event: Event) -> list[str]:
    dates = event.start_date.isoformat()
    if event.end_date != event.start_date:
        dates += f" – {event.end_date.isoformat()}"
    return [str(event.title), f"{dates} · {event.country.name}"]


def _list_validation(sheet, column: int, lists_column: str, count: int) -> None:
    """A drop-down over the first blank rows, its values from the hidden lists sheet (a list
    written into the rule itself may not pass 255 characters). Other text is allowed after
    a warning: an organisation not on record is imported without one."""
    source = f"={quote_sheetname(LISTS_SHEET)}!${lists_column}$1:${lists_column}${max(count, 1)}"
    rule = DataValidation(type="list", formula1=source, allow_blank=True, errorStyle="warning")
    letter = get_column_letter(column)
    rule.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + BLANK_ROWS}")
    sheet.add_data_validation(rule)


def signin_template(event: Event, language: str) -> bytes:
    """The blank sign-in sheet for `event`, headed in English and `language`."""
    if language not in LANGUAGES:
        language = "en"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sign-in"
    for text in _title_rows(event):
        sheet.append([neutralise(text)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    fields = list(COLUMNS)
    sheet.append([header(f, language) for f in fields])
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    for i, f in enumerate(fields, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = 30 if f != "birth_year" else 16

    sexes = list(SEX_WORDS["en"]) + ([*SEX_WORDS[language]] if language != "en" else [])
    organisations = _organisations(event)
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for row, word in enumerate(sexes, start=1):
        lists.cell(row=row, column=1, value=word)
    for row, name in enumerate(organisations, start=1):
        lists.cell(row=row, column=2, value=neutralise(name))
    _list_validation(sheet, fields.index("sex") + 1, "A", len(sexes))
    if organisations:
        _list_validation(sheet, fields.index("organisation") + 1, "B", len(organisations))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_file_name(event: Event, language: str) -> str:
    return f"sign-in-{slugify(event.title)[:40] or event.pk}-{language}.xlsx"
