"""CSV text encodings: sign-in sheets as spreadsheet programs in the program's countries save
them, read with every name as written, or refused with a request to choose the encoding.

Every name here is invented.
"""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from pathways.activities.tests.import_sheets import csv_bytes
from pathways.lib.spreadsheets import SpreadsheetError, read_sheets

WESTERN = [
    ["No.", "Name", "Sex", "Organisation", "Phone"],
    ["1", "José Müller", "M", "Fundación Esperanza", "+34 612 345 678"],
    ["2", "María Peña Ibáñez", "F", "Associação São João", "+351 912 345 678"],
    ["3", "François Lefèvre", "M", "Médecins du Monde", "+33 6 12 34 56 78"],
    ["4", "Jürgen Groß", "M", "Caritas Österreich", ""],
    ["5", "Conceição Gonçalves", "F", "Cáritas Timor-Leste", ""],
    ["6", "Zoë Dupré-Nuñez", "F", "Équipe d’appui", ""],
]
FILIPINO_INDONESIAN = [
    ["Name", "Sex", "Agency", "Mobile"],
    ["Ma. Niña Dela Cruz", "F", "DSWD Region VII", "0917 123 4567"],
    ["Santo Niño Bautista", "M", "PNP – WCPC", "0928 765 4321"],
    ["Kristine Joy Pañares", "F", "IACAT", ""],
    ["Dewi Sartika", "P", "Yayasan Pulih", "0812 3456 7890"],
    ["Bambang Susilo", "L", "Bareskrim Polri", ""],
    ["Ni Luh Putu Ayu", "P", "LBH APIK", ""],
]
THAI = [
    ["ลำดับ", "ชื่อ-นามสกุล", "เพศ", "หน่วยงาน", "เบอร์โทร"],
    ["1", "สมชาย ใจดี", "ชาย", "สำนักงานตำรวจแห่งชาติ", "081 234 5678"],
    ["2", "สมหญิง รักไทย", "หญิง", "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", ""],
    ["3", "ณัฐวุฒิ ศรีสวัสดิ์", "ชาย", "มูลนิธิเพื่อนหญิง", "089 876 5432"],
    ["4", "กัญญารัตน์ แก้วมณี", "หญิง", "อัยการจังหวัดเชียงราย", ""],
]
VIETNAMESE = [
    ["STT", "Họ và tên", "Giới tính", "Cơ quan", "Điện thoại"],
    ["1", "Nguyễn Thị Hoa", "Nữ", "Bộ Công an", "0912 345 678"],
    ["2", "Trần Văn Đức", "Nam", "Sở Lao động – Thương binh và Xã hội", ""],
    ["3", "Lê Thị Thủy", "Nữ", "Hội Liên hiệp Phụ nữ", "0987 654 321"],
    ["4", "Phạm Quốc Hưng", "Nam", "Viện Kiểm sát nhân dân", ""],
    ["5", "Đỗ Ngọc Ánh", "Nữ", "Tòa án nhân dân tỉnh Lào Cai", ""],
]
KHMER = [
    ["ល.រ", "ឈ្មោះ", "ភេទ", "ស្ថាប័ន", "ទូរស័ព្ទ"],
    ["1", "សុខ ដារា", "ប្រុស", "ក្រសួងយុត្តិធម៌", "012 345 678"],
    ["2", "ចាន់ ស្រីមុំ", "ស្រី", "ក្រសួងសង្គមកិច្ច", ""],
    ["3", "កែវ វណ្ណា", "ស្រី", "នគរបាលជាតិ", "092 555 111"],
]


def _sheet(data: bytes, encoding: str | None = None):
    return (read_sheets(data, encoding=encoding) if encoding else read_sheets(data))[0]


def cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 holds it: a letter the code page has (â, ơ, ư...) followed
    by a combining tone mark, as Windows writes it."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        base, *marks = unicodedata.normalize("NFD", ch)
        # The whole letter, its letter with one mark composed and the others combining, or
        # the plain letter and every mark combining.
        forms = [ch, base + "".join(marks)] + [
            unicodedata.normalize("NFC", base + mark) + "".join(marks[:i] + marks[i + 1 :])
            for i, mark in enumerate(marks)
        ]
        for form in forms:
            try:
                out += form.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            raise AssertionError(f"{ch!r} has no Windows-1258 form")
    return bytes(out)


def _vietnamese_cp1258() -> bytes:
    return b"".join(cp1258(",".join(row)) + b"\r\n" for row in VIETNAMESE)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_names_saved_in_windows_1252_or_latin_1_read_as_written(encoding):
    rows = [[c.replace("’", "'") for c in row] for row in WESTERN]  # Latin-1 has no ’
    sheet = _sheet(csv_bytes(rows, encoding=encoding))
    assert sheet.rows == rows
    assert sheet.encoding == "cp1252"


def test_filipino_and_indonesian_names_from_excel_on_windows_read_as_written():
    sheet = _sheet(csv_bytes(FILIPINO_INDONESIAN, encoding="cp1252"))
    assert sheet.rows == FILIPINO_INDONESIAN
    assert sheet.encoding == "cp1252"


def test_excel_csv_comma_delimited_with_semicolons_in_windows_1252():
    # Excel on Windows with a European list separator: semicolons, CRLF, a title row, an
    # en dash and "Nº" from the code page, empty cells at the ends of rows.
    text = (
        "Lista de asistencia – Taller sobre trata de personas;;;;\r\n"
        "Nº;Nombre y apellidos;Sexo;Institución;Teléfono\r\n"
        "1;José Müller;M;Fundación Esperanza;612 345 678\r\n"
        "2;María Peña Ibáñez;F;Policía Nacional;\r\n"
        "3;Ramón Núñez;M;Fiscalía;\r\n"
    )
    sheet = _sheet(text.encode("cp1252"))
    assert sheet.encoding == "cp1252"
    assert sheet.rows[0][0] == "Lista de asistencia – Taller sobre trata de personas"
    assert sheet.rows[1] == ["Nº", "Nombre y apellidos", "Sexo", "Institución", "Teléfono"]
    assert [row[1] for row in sheet.rows[2:]] == ["José Müller", "María Peña Ibáñez", "Ramón Núñez"]


def test_thai_names_in_tis_620_read_as_thai():
    sheet = _sheet(csv_bytes(THAI, encoding="tis-620"))
    assert sheet.rows == THAI
    assert sheet.encoding == "cp874"


def test_thai_names_in_windows_874_with_its_quotes_and_dashes_read_as_thai():
    rows = [
        *THAI,
        ["5", "“ต้น” ทองดี", "ชาย", "ศูนย์ฯ – เชียงใหม่", ""],
        ["6", "สมศักดิ์ มั่นคง(Somsak)", "ชาย", "IOM/ไอโอเอ็ม", ""],
        ["7", "ปิยะ ดีดี", "ชาย", "เครือข่ายต่าง ๆ", ""],
    ]
    sheet = _sheet(csv_bytes(rows, encoding="cp874"))
    assert sheet.rows == rows


def test_vietnamese_names_in_windows_1258_read_as_written():
    sheet = _sheet(_vietnamese_cp1258())
    assert sheet.rows == VIETNAMESE
    assert sheet.encoding == "cp1258"


@pytest.mark.parametrize("bom", [True, False])
def test_vietnamese_names_in_utf8_read_as_written(bom):
    sheet = _sheet(csv_bytes(VIETNAMESE, encoding="utf-8", bom=bom))
    assert sheet.rows == VIETNAMESE
    assert sheet.encoding == "utf-8"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be"])
def test_khmer_names_in_utf8_and_utf16_read_as_written(encoding):
    sheet = _sheet(csv_bytes(KHMER, encoding=encoding))
    assert sheet.rows == KHMER
    assert sheet.encoding == encoding[:6]


def test_a_chosen_encoding_is_read_as_chosen():
    data = csv_bytes(WESTERN[:3], encoding="cp1252")
    assert _sheet(data, "mac_roman").rows[1][1] == "JosÈ M¸ller"
    assert _sheet(data, "cp1252").rows[1][1] == "José Müller"
    assert _sheet(data, "cp1252").encoding == "cp1252"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (csv_bytes(KHMER, encoding="utf-16"), "utf-16"),
        (csv_bytes(KHMER, encoding="utf-16-be"), "utf-16"),
        (codecs.BOM_UTF8 + csv_bytes(KHMER), "utf-8"),
        (_vietnamese_cp1258(), "cp1258"),
        (csv_bytes(THAI, encoding="tis-620"), "cp874"),
    ],
)
def test_the_right_encoding_chosen_by_hand_reads_the_names(data, encoding):
    assert _sheet(data, encoding).rows[1:] == _sheet(data).rows[1:]


def test_a_chosen_encoding_that_cannot_read_the_file_is_refused_in_plain_words():
    data = csv_bytes(WESTERN, encoding="cp1252")
    with pytest.raises(SpreadsheetError, match=r"cannot be read as Unicode \(UTF-8\)"):
        _sheet(data, "utf-8")
    with pytest.raises(SpreadsheetError, match="not an encoding we can read"):
        _sheet(data, "cp775")


def test_text_no_encoding_reads_as_names_asks_for_the_encoding():
    data = csv_bytes(
        [["Фамилия", "Пол"], ["Иван Петров", "М"], ["Мария Сидорова", "Ж"]], encoding="cp1251"
    )
    with pytest.raises(SpreadsheetError, match="Choose the encoding it was saved in") as refusal:
        _sheet(data)
    assert "CSV UTF-8" in str(refusal.value)


def test_utf8_with_a_damaged_byte_is_refused_rather_than_garbled():
    data = csv_bytes(VIETNAMESE)
    damaged = data[:60] + b"\xff" + data[61:]
    with pytest.raises(SpreadsheetError, match="mostly UTF-8 text, but byte 60"):
        _sheet(damaged)
