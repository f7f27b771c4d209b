from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from pathways.lib.uploads import check_upload, sniff


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Name", "Sex"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


SAMPLES = {
    "xlsx": ("sheet.xlsx", xlsx_bytes()),
    "docx": ("report.docx", zip_bytes("[Content_Types].xml", "word/document.xml")),
    "zip": ("photos.zip", zip_bytes("a.txt")),
    "csv": ("sheet.csv", b"Name,Sex\nSok Dara,F\n"),
    "pdf": ("agenda.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    "png": ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
    "jpeg": ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 32),
}


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_each_kind_is_recognised_by_its_content(kind, settings):
    name, content = SAMPLES[kind]
    assert check_upload(upload(name, content), allowed={kind}) == kind


def test_csv_in_khmer_utf8_utf16_and_a_legacy_code_page_are_text():
    khmer = "ឈ្មោះ,ភេទ\nសុខ ដារ៉ា,ស្រី\n"
    assert sniff(io.BytesIO(khmer.encode())) == "csv"
    assert sniff(io.BytesIO(khmer.encode("utf-16"))) == "csv"
    assert sniff(io.BytesIO("ชื่อ,เพศ\nสมชาย,ชาย\n".encode("cp874"))) == "csv"


def test_multibyte_character_cut_by_the_sniffing_window_is_still_text():
    text = ("ក" * 5000).encode()  # three bytes each: the window ends mid-character
    assert sniff(io.BytesIO(text)) == "csv"


def test_binary_junk_is_refused_with_the_accepted_kinds_named():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("sheet.csv", b"\x00\x01\x02binary" * 10), allowed={"xlsx", "csv"})
    message = excinfo.value.messages[0]
    assert "Excel workbook (.xlsx)" in message and "CSV or text file" in message


def test_old_excel_file_is_refused_with_advice_to_save_as_xlsx():
    old_xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("sheet.xls", old_xls), allowed={"xlsx"})
    assert "save it as Excel workbook (.xlsx)" in excinfo.value.messages[0]


def test_pdf_on_a_spreadsheet_page_says_what_it_found():
    name, content = SAMPLES["pdf"]
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload(name, content), allowed={"xlsx", "csv"})
    assert excinfo.value.messages[0].startswith("This file is a PDF;")


def test_workbook_renamed_to_csv_is_refused_as_misnamed():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("sheet.csv", xlsx_bytes()), allowed={"xlsx", "csv"})
    assert excinfo.value.code == "misnamed"
    assert "named sheet.csv but holds a Excel workbook" in excinfo.value.messages[0]


def test_broken_zip_is_not_taken_for_a_workbook():
    truncated = xlsx_bytes()[:200]
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("sheet.xlsx", truncated), allowed={"xlsx"})
    assert excinfo.value.code == "wrong_kind"


def test_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("big.csv", b"a,b\n" * 1000), allowed={"csv"})
    assert excinfo.value.code == "too_big"
    assert "3.9" in excinfo.value.messages[0] and "1.0" in excinfo.value.messages[0]


def test_explicit_limit_overrides_the_setting():
    with pytest.raises(ValidationError):
        check_upload(upload("a.csv", b"a,b\n" * 10), allowed={"csv"}, max_bytes=10)


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(upload("empty.csv", b""), allowed={"csv"})
    assert excinfo.value.code == "empty"


def test_plain_file_object_without_size_is_measured_and_rewound():
    stream = io.BytesIO(b"a,b\n1,2\n")
    stream.name = "rows.csv"
    stream.read(3)
    assert check_upload(stream, allowed={"csv"}) == "csv"
    assert stream.tell() == 0
