"""A deterministic corpus of malformed attendance sheets for fuzzing the importer.

`corpus(count, seed=...)` yields `(label, data)` pairs: a handful of well-formed synthetic
sign-in sheets (CSV in several encodings, XLSX with merged cells, hidden sheets, formulas,
wrong types and huge cells) and files that are not sheets at all, each put through one or
more cheap mutations: truncation, flipped and inserted bytes, broken encodings, damaged or
missing members inside the workbook's ZIP, XML that lies about its cells, entity bombs and
ZIP bombs. The same seed always gives the same files, and the label says how each one was
made, so a failure can be reproduced from the test output alone.

Every name, phone number and event in the seeds is invented.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import random
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from openpyxl import Workbook

SHEETS_DIR = Path(__file__).parent / "sheets"

HEADER = ["No.", "Name", "Sex", "Birth year", "Position", "Organisation", "Phone", "Signature"]
PEOPLE = [
    ["1", "Sok Dara", "M", "1985", "Police officer", "CNP", "012 345 678", ""],
    ["2", "Chan Sreymom", "F", "1990", "Prosecutor", "MoJ", "092 555 111", ""],
    ["3", "សុខ ដារា", "ប្រុស", "១៩៨៥", "Judge", "MoJ", "", ""],
    ["4", "Keo Vanna", "ស្រី", "", "Social worker", "MoSVY", "", ""],
]
TITLE = ["Training on victim identification (synthetic sample)"]


def _signin_rows() -> list[list[str]]:
    return [TITLE, [], HEADER, *PEOPLE, [], ["Total", "", "4"]]


# --- Seeds: well-formed files the mutations start from ------------------------------------


def _csv(rows, *, delimiter: str = ",", encoding: str = "utf-8", bom: bytes = b"") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return bom + out.getvalue().encode(encoding, errors="replace")


def _xlsx(build: Callable) -> bytes:
    workbook = Workbook()
    build(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _plain(workbook) -> None:
    for row in _signin_rows():
        workbook.active.append(row)


def _merged(workbook) -> None:
    sheet = workbook.active
    _plain(workbook)
    sheet.merge_cells("A1:H1")
    sheet.merge_cells("F4:F5")
    sheet.merge_cells("A10:B10")


def _hidden_first(workbook) -> None:
    workbook.active.append(["Name", "Sex"])
    workbook.active.append(["Hidden person (synthetic)", "F"])
    workbook.active.sheet_state = "hidden"
    _plain_sheet(workbook.create_sheet("Attendance"))
    workbook.create_sheet("Notes").append(["Prepared by the organiser"])


def _plain_sheet(sheet) -> None:
    for row in _signin_rows():
        sheet.append(row)


def _formulas(workbook) -> None:
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["1", '=CONCATENATE("Sok"," ","Dara")', "M", "=1980+5", "", "", "", ""])
    sheet.append(["2", '=HYPERLINK("http://example.invalid","x")', "=B2", "1990", "", "", "", ""])
    sheet.append(["3", "+cmd|' /C calc'!A0", "@SUM(A1)", "-1", "", "", "", ""])
    sheet.append(["Total", "", "=COUNTA(B2:B4)"])


def _wrong_types(workbook) -> None:
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([1, 12345, True, dt.date(1985, 3, 2), 3.5, None, 85512345678, False])
    sheet.append([2, dt.datetime(2022, 1, 1, 9, 30), 0, 1e300, -7, "MoJ", 1.5, dt.time(8, 0)])
    sheet.append([3, "Sok Dara", dt.date(2020, 2, 29), "nineteen eighty", "", "", "abc", ""])


def _huge_cells(workbook) -> None:
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["1", "Sok Dara " * 3500, "M" * 30000, "1" * 5000, "", "x" * 32000, "9" * 400])
    sheet.append(["2", "Chan Sreymom", "F", "1990", "", "", "", ""])


def _wide(workbook) -> None:
    sheet = workbook.active
    sheet.append([*HEADER, *[f"Extra {i}" for i in range(300)]])
    sheet.append([*PEOPLE[0], *["x"] * 300])
    sheet.cell(row=200, column=1, value="stray cell far below")


@functools.cache
def seeds() -> tuple[tuple[str, bytes], ...]:
    """Well-formed (or at least honest) files; built once per process."""
    rows = _signin_rows()
    latin = [TITLE, HEADER, *PEOPLE[:2], ["3", "Keo Vanna", "F"]]
    thai = [["ชื่อ-นามสกุล", "เพศ", "เบอร์โทร"], ["สมชาย ใจดี", "ชาย", "081 234 5678"]]
    found = [
        ("csv-utf8", _csv(rows)),
        ("csv-utf8-bom", _csv(rows, bom=codecs.BOM_UTF8)),
        ("csv-utf16", _csv(rows, encoding="utf-16")),
        ("csv-utf16le-nobom", _csv(rows, encoding="utf-16-le")),
        ("csv-semicolon", _csv(rows, delimiter=";")),
        ("csv-tab", _csv(rows, delimiter="\t")),
        ("csv-cp1252", _csv(latin, encoding="cp1252")),
        ("csv-tis620", _csv(thai, encoding="tis-620")),
        ("xlsx-plain", _xlsx(_plain)),
        ("xlsx-merged", _xlsx(_merged)),
        ("xlsx-hidden-sheet", _xlsx(_hidden_first)),
        ("xlsx-formulas", _xlsx(_formulas)),
        ("xlsx-wrong-types", _xlsx(_wrong_types)),
        ("xlsx-huge-cells", _xlsx(_huge_cells)),
        ("xlsx-wide", _xlsx(_wide)),
    ]
    for path in sorted(SHEETS_DIR.iterdir()):
        if path.suffix in {".xlsx", ".csv"}:
            found.append((f"sample-{path.name}", path.read_bytes()))
    return tuple(found)


# --- Files that are not sheets -------------------------------------------------------------


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@functools.cache
def _zip_bomb(unpacked: int) -> bytes:
    """A workbook-shaped ZIP whose sheet unpacks to `unpacked` bytes of zeros."""
    members = dict(_members(dict(seeds())["xlsx-plain"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(unpacked >> 20):
                member.write(block)
    return out.getvalue()


def _lying_bomb(unpacked: int) -> bytes:
    """A ZIP bomb whose directory claims each member unpacks to a few bytes."""
    data = bytearray(_zip_bomb(unpacked))
    for match in re.finditer(rb"PK\x01\x02", bytes(data)):
        sizes = match.start() + 24  # uncompressed size in the central directory
        if data[sizes : sizes + 4] == b"\xff\xff\xff\xff":
            continue  # zip64 entries keep their sizes elsewhere
        data[sizes : sizes + 4] = (100).to_bytes(4, "little")
    return bytes(data)


def not_sheets() -> list[tuple[str, bytes]]:
    """Files people upload by mistake, and files made to hurt a reader."""
    plain = dict(_members(dict(seeds())["xlsx-plain"]))
    return [
        ("empty", b""),
        ("whitespace", b" \r\n\t \n"),
        ("bom-only", codecs.BOM_UTF8),
        ("utf16-bom-only", codecs.BOM_UTF16_LE),
        ("nul-bytes", b"\0" * 4096),
        ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256))),
        ("png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256))),
        ("jpeg", b"\xff\xd8\xff\xe0\0\x10JFIF" + bytes(range(256))),
        ("ole-junk", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4),
        ("zip-magic-only", b"PK\x03\x04"),
        ("zip-of-text", _zip({"notes.txt": b"Name,Sex\nSok Dara,M\n"})),
        ("zip-empty", _zip({})),
        ("zip-workbook-xml-only", _zip({"xl/workbook.xml": plain["xl/workbook.xml"]})),
        ("zip-docx", _zip({"word/document.xml": b"<w:document/>"})),
        ("zip-ods-shaped", _zip({"mimetype": b"application/zip", "content.xml": b"<x/>"})),
        ("zip-stored", _zip(plain, zipfile.ZIP_STORED)),
        ("zip-bomb", _zip_bomb(64 << 20)),
        ("zip-bomb-lying-sizes", _lying_bomb(64 << 20)),
        ("html", b"<!DOCTYPE html><html><body><table><tr><td>Name</td></tr></table>"),
        ("json", b'{"Name": "Sok Dara", "Sex": "M"}'),
        ("one-huge-line", b"Name,Sex," + b"x," * 200_000 + b"\n"),
        ("one-huge-cell", b"Name,Sex\n" + b"A" * 2_000_000 + b",F\n"),
        ("unclosed-quote", b'Name,Sex\n"Sok Dara,M\nChan,F\n' + b"x" * 10_000),
        ("cr-only", b"Name,Sex\rSok Dara,M\rChan Sreymom,F\r"),
        ("lone-surrogates", b"Name,Sex\n\xed\xa0\x80Sok,M\n"),
        ("mixed-encodings", b"Name,Sex\nSok Dara,M\n" + "Lê Văn,F\n".encode("cp1258")),
        ("utf8-bom-then-utf16", codecs.BOM_UTF8 + "Name,Sex\nSok,M\n".encode("utf-16-le")),
        ("utf32", "Name,Sex\nSok Dara,M\n".encode("utf-32")),
        ("headers-only", b"Name,Sex,Phone\n"),
        ("no-header", b"1,2,3\n4,5,6\n"),
        ("control-chars", b"Name,Sex\n" + bytes(range(1, 32)) * 20 + b",M\n"),
        ("many-rows-one-cell", b"Name\n" + b"Sok Dara\n" * 50_000),
    ]


# --- Mutations -----------------------------------------------------------------------------


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def truncate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    cut = rng.randrange(len(data) + 1)
    return f"truncate@{cut}", data[:cut]


def flip_bytes(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    if not data:
        return "flip(empty)", data
    buf = bytearray(data)
    spots = [rng.randrange(len(buf)) for _ in range(rng.randint(1, 8))]
    for spot in spots:
        buf[spot] = rng.randrange(256)
    return f"flip@{spots}", bytes(buf)


def insert_junk(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    at = rng.randrange(len(data) + 1)
    junk = rng.choice(
        [
            bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))),
            b"\0" * rng.randint(1, 16),
            b'"' * rng.randint(1, 5),
            b"\xff\xfe",
            b"\xef\xbb\xbf",
            "សរុប Total".encode(),
            b"=cmd|' /C calc'!A0,",
        ]
    )
    return f"insert@{at}:{len(junk)}", data[:at] + junk + data[at:]


def delete_slice(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    if not data:
        return "delete(empty)", data
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 256))
    return f"delete@{start}:{end}", data[:start] + data[end:]


def repeat_slice(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    if not data:
        return "repeat(empty)", data
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 512)]
    times = rng.randint(2, 200)
    return f"repeat@{start}x{times}", data[:start] + piece * times + data[start:]


def zero_tail(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    start = rng.randrange(len(data) + 1)
    return f"zero-tail@{start}", data[:start] + b"\0" * (len(data) - start)


BYTE_MUTATIONS = (truncate, flip_bytes, insert_junk, delete_slice, repeat_slice, zero_tail)


def reencode(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """Text decoded one way and written another, or half in one encoding and half in another."""
    text = data.decode("utf-8", errors="replace")
    encoding = rng.choice(["cp1252", "latin-1", "utf-16-be", "tis-620", "cp1258", "big5", "koi8-r"])
    body = text.encode(encoding, errors="replace")
    if rng.random() < 0.5:
        half = len(data) // 2
        return f"half-{encoding}", data[:half] + body[len(body) // 2 :]
    return f"as-{encoding}", body


def xml_lies(rng: random.Random, xml: bytes) -> tuple[str, bytes]:
    """Worksheet or workbook XML that lies about its cells or is hostile."""
    cell = rb'<c r="([A-Z]+\d+)"'
    choices = [
        ("bad-shared-string", rb"<v>\d+</v>", b"<v>99999999</v>"),
        ("number-with-text", cell, rb'<c r="\1" t="n"><v>abc</v></c><c r="Z1"'),
        ("date-overflow", rb"<v>[^<]*</v>", b"<v>1e308</v>"),
        ("negative-date", cell, rb'<c r="\1" s="1" t="d"><v>-99999</v></c><c r="Y1"'),
        ("far-cell", cell, b'<c r="XFD1048576"'),
        ("far-row", rb'<row r="\d+"', b'<row r="1048576"'),
        ("bad-cell-ref", cell, b'<c r="??"'),
        ("huge-dimension", rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"'),
        ("unclosed-tag", rb"</sheetData>", b""),
        ("bad-merge", rb"</sheetData>", b'</sheetData><mergeCells><mergeCell ref="Z99:A1"/>'),
        ("nul-inline", cell, rb'<c r="\1" t="inlineStr"><is><t>&#0;</t></is></c><c r="X1"'),
        ("error-cell", cell, rb'<c r="\1" t="e"><v>#DIV/0!</v></c><c r="W1"'),
        ("formula-cell", cell, rb'<c r="\1"><f>1/0</f></c><c r="V1"'),
        ("entity-bomb", rb"^", _ENTITY_BOMB),
        ("external-entity", rb"^", _EXTERNAL_ENTITY),
        ("garbage", rb"^.*$", b"\x00\x01not xml at all"),
        ("empty", rb"^.*$", b""),
    ]
    name, pattern, replacement = rng.choice(choices)
    changed = re.sub(pattern, replacement, xml, count=rng.randint(1, 3), flags=re.S)
    return name, changed


_EXTERNAL_ENTITY = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
_ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)


def damage_member(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """Rewrite the workbook with one member damaged, dropped or replaced."""
    try:
        members = _members(data)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
        return "not-a-zip", data
    if not members:
        return "no-members", data
    index = rng.randrange(len(members))
    name, content = members[index]
    action = rng.choice(["xml", "xml", "xml", "bytes", "drop", "duplicate"])
    if action == "drop":
        del members[index]
    elif action == "duplicate":
        members.append((name, content))
    elif action == "bytes":
        how, content = rng.choice(BYTE_MUTATIONS)(rng, content)
        members[index] = (name, content)
        action = how
    else:
        action, content = xml_lies(rng, content)
        members[index] = (name, content)
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # a duplicate member name is the point
        for member, body in members:
            archive.writestr(member, body)
    return f"{name}:{action}", out.getvalue()


def mutate(rng: random.Random, label: str, data: bytes) -> tuple[str, bytes]:
    """One to three mutations suited to the kind of file."""
    steps = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        is_zip = data.startswith(b"PK\x03\x04")
        if is_zip and rng.random() < 0.6:
            how = damage_member
        elif not is_zip and rng.random() < 0.2:
            how = reencode
        else:
            how = rng.choice(BYTE_MUTATIONS)
        step, data = how(rng, data)
        steps.append(step)
    return f"{label}+{'+'.join(steps)}", data


def corpus(count: int, *, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """`count` files: every seed and non-sheet as it is, then mutants of them."""
    base = [*seeds(), *not_sheets()]
    yield from base[:count]
    # Big files are fed in once as they are; mutating them would only slow the run down.
    small = [(label, data) for label, data in base if len(data) < 100_000 and "bomb" not in label]
    rng = random.Random(seed)
    for number in range(max(0, count - len(base))):
        label, data = rng.choice(small)
        label, data = mutate(rng, label, data)
        yield f"#{number} {label}", data


# --- Workbooks made to get past the checks to the workbook reader ----------------------------
# Each was once, or could be, a way to hand the native workbook reader a cell in XFD1048576
# (it then asks for 512 GiB and aborts the process) or another allocation it cannot make.

FAR_CELL = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
SHEET = "xl/worksheets/sheet1.xml"


def plain_members() -> dict[str, bytes]:
    return dict(_members(dict(seeds())["xlsx-plain"]))


def with_far_cell(xml: bytes, cell: bytes = FAR_CELL) -> bytes:
    return xml.replace(b"</sheetData>", cell)


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def raw_zip(entries: list[dict]) -> bytes:
    """A ZIP archive written byte by byte, so its entries can lie: each entry is a dict with
    `name` and `body`, and optionally `local_name` (the name in the local header),
    `local_method`, `stored` (no compression) and `inside` (the entry's local header lies
    within the data of the entry of that index, which must be stored)."""
    out, directory, data_starts = bytearray(), bytearray(), []
    for entry in entries:
        name, body = entry["name"].encode(), entry["body"]
        method = 0 if entry.get("stored") else 8
        packed = body if method == 0 else _deflate(body)
        crc = zlib.crc32(body)
        if "inside" in entry:
            offset = data_starts[entry["inside"]]
        else:
            offset = len(out)
            local = entry.get("local_name", entry["name"]).encode()
            out += struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                entry.get("local_method", method),
                0,
                0x21,
                crc,
                len(packed),
                len(body),
                len(local),
                0,
            )
            out += local
        data_starts.append(len(out))
        if "inside" not in entry:
            out += packed
        directory += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(packed),
            len(body),
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += name
    count = len(entries)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(out), 0)
    return bytes(out + directory + end)


def local_record(name: str, body: bytes) -> bytes:
    """One entry's local header and stored data, as raw_zip would write them."""
    return raw_zip([{"name": name, "body": body, "stored": True}]).split(b"PK\x01\x02")[0]


def _moved_sheet(target: str, member: str, cell: bytes = FAR_CELL) -> bytes:
    """The plain workbook with its sheet (and a far cell) moved where `target` points."""
    members = plain_members()
    members[member] = with_far_cell(members.pop(SHEET), cell)
    rels = "xl/_rels/workbook.xml.rels"
    members[rels] = members[rels].replace(b"/xl/worksheets/sheet1.xml", target.encode())
    return _zip(members)


def _moved_workbook() -> bytes:
    """The package relationships name book/workbook.xml; xl/workbook.xml stays as a decoy."""
    members = plain_members()
    members["_rels/.rels"] = members["_rels/.rels"].replace(
        b"xl/workbook.xml", b"book/workbook.xml"
    )
    members["book/workbook.xml"] = members["xl/workbook.xml"]
    members["book/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"/xl/worksheets/sheet1.xml", b"pages/one.xml"
    )
    members["book/pages/one.xml"] = with_far_cell(members[SHEET])
    return _zip(members)


def _workbook_as_sheet() -> bytes:
    """The workbook part names itself as its sheet and carries the cells: read as both."""
    members = plain_members()
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b"</workbook>",
        b'<sheetData><row r="1"><c r="A1" t="n"><v>1</v></c></row>' + FAR_CELL + b"</workbook>",
    )
    rels = "xl/_rels/workbook.xml.rels"
    members[rels] = members[rels].replace(b"/xl/worksheets/sheet1.xml", b"workbook.xml")
    return _zip(members)


def _entries(members: dict[str, bytes]) -> list[dict]:
    return [{"name": name, "body": body} for name, body in members.items()]


def _mismatched_local_name() -> bytes:
    """The directory names the sheet; its local header names another member."""
    members = plain_members()
    members[SHEET] = with_far_cell(members[SHEET])
    entries = _entries(members)
    for entry in entries:
        if entry["name"] == SHEET:
            entry["local_name"] = "xl/worksheets/sheetX.xml"
    return raw_zip(entries)


def _mismatched_method() -> bytes:
    entries = _entries(plain_members())
    entries[0]["local_method"] = 0
    return raw_zip(entries)


def _case_twin() -> bytes:
    """A second sheet whose name differs only in case: the reader takes the last one."""
    entries = _entries(plain_members())
    entries.append(
        {"name": "XL/Worksheets/Sheet1.xml", "body": with_far_cell(plain_members()[SHEET])}
    )
    return raw_zip(entries)


def _duplicate_name() -> bytes:
    entries = _entries(plain_members())
    entries.append({"name": SHEET, "body": with_far_cell(plain_members()[SHEET])})
    return raw_zip(entries)


def _overlapping() -> bytes:
    """The sheet's entry lies inside the data of another, stored, entry."""
    members = plain_members()
    sheet = members.pop(SHEET)
    entries = _entries(members)
    entries.append(
        {"name": "docProps/custom.xml", "body": local_record(SHEET, sheet), "stored": True}
    )
    entries.append({"name": SHEET, "body": sheet, "stored": True, "inside": len(entries) - 1})
    return raw_zip(entries)


def _second_end_record() -> bytes:
    """Another archive's directory and end record after this one's: a reader that looks for
    the last end record and one that looks for the first complete one read different files."""
    members = plain_members()
    members[SHEET] = with_far_cell(members[SHEET])
    hostile = _zip(members)
    return _zip(plain_members()) + hostile[hostile.index(b"PK\x01\x02") :]


def _implicit_far_cell() -> bytes:
    """No cell or row says where it is: the reader counts rows and cells instead, so a
    million empty rows and a row of 16,384 cells span the whole grid."""
    members = plain_members()
    body = b"<row/>" * 1_048_575 + b"<row>" + b"<c><v>1</v></c>" * 16_384 + b"</row>"
    members[SHEET] = members[SHEET].replace(b"</sheetData>", body + b"</sheetData>")
    return _zip(members)


def _shared_strings(count: int) -> bytes:
    members = plain_members()
    members["xl/sharedStrings.xml"] = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}"><si><t>Name</t></si></sst>'
    ).encode()
    return _zip(members)


def _deep_nesting(depth: int = 100_000) -> bytes:
    members = plain_members()
    nested = b"<x>" * depth + b"</x>" * depth
    members[SHEET] = members[SHEET].replace(b"<sheetData>", b"<sheetData>" + nested)
    return _zip(members)


def _billion_laughs() -> bytes:
    members = plain_members()
    xml = members[SHEET]
    body = xml[xml.index(b"<worksheet") :].replace(b"Sok Dara", b"&lol9;")
    members[SHEET] = _ENTITY_BOMB.replace(b"lolz", b"worksheet") + body
    return _zip(members)


def _utf16_sheet() -> bytes:
    members = plain_members()
    xml = with_far_cell(members[SHEET]).decode()
    xml = xml.replace("encoding='UTF-8'", "").replace('encoding="UTF-8"', "")
    members[SHEET] = codecs.BOM_UTF16_LE + xml.encode("utf-16-le")
    return _zip(members)


def _ods(content: bytes) -> bytes:
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "META-INF/manifest.xml": _ODS_MANIFEST,
            "content.xml": content,
        },
        zipfile.ZIP_STORED if len(content) < 1000 else zipfile.ZIP_DEFLATED,
    )


_ODS_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    b'<manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
_ODS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b'<office:body><office:spreadsheet><table:table table:name="Sheet1">'
)
_ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"


def _ods_repeated() -> bytes:
    """A cell repeated across 5,000 columns in a row repeated 20,000 times: 100 million
    cells, just within what the reader allows itself, some 3 GB."""
    cell = (
        b'<table:table-cell table:number-columns-repeated="5000" office:value-type="string">'
        b"<text:p>x</text:p></table:table-cell>"
    )
    row = b'<table:table-row table:number-rows-repeated="20000">' + cell + b"</table:table-row>"
    return _ods(_ODS_HEAD + row + _ODS_TAIL)


def hostile_workbooks() -> list[tuple[str, bytes, str]]:
    """(label, file, what its refusal says) for workbooks shaped to reach the reader."""
    spans = r"spans \d+ rows and \d+ columns"
    damaged = "cannot be opened: it may be damaged"
    unsafe = "could not be read safely"
    unusual = "XML that spreadsheet programs do not write"
    return [
        ("sheet-elsewhere", _moved_sheet("elsewhere/data.xml", "xl/elsewhere/data.xml"), spans),
        ("sheet-absolute-path", _moved_sheet("/data/one.xml", "data/one.xml"), spans),
        ("sheet-name-in-other-case", _moved_sheet("Worksheets/SHEET1.XML", SHEET), spans),
        (
            "sheet-elsewhere-z1000000",
            _moved_sheet(
                "elsewhere/data.xml",
                "xl/elsewhere/data.xml",
                b'<row r="1000000"><c r="Z1000000" t="n"><v>1</v></c></row></sheetData>',
            ),
            r"1000000 rows and 26 columns",
        ),
        ("workbook-elsewhere", _moved_workbook(), spans),
        ("workbook-as-sheet", _workbook_as_sheet(), spans),
        (
            "single-quoted-far-cell",
            _moved_sheet(
                "elsewhere/data.xml",
                "xl/elsewhere/data.xml",
                b"<row r = '1048576'><c r = 'XFD1048576'><v>1</v></c></row></sheetData>",
            ),
            spans,
        ),
        ("local-name-differs", _mismatched_local_name(), damaged),
        ("local-method-differs", _mismatched_method(), damaged),
        ("duplicate-name", _duplicate_name(), damaged),
        ("duplicate-name-in-other-case", _case_twin(), damaged),
        ("overlapping-entries", _overlapping(), damaged),
        ("second-end-record", _second_end_record(), damaged),
        ("implicit-far-cell", _implicit_far_cell(), unsafe),
        ("huge-shared-string-count", _shared_strings(4_000_000_000), "unpacks to far more data"),
        ("deep-nesting", _deep_nesting(), r"."),
        ("billion-laughs", _billion_laughs(), unusual),
        ("utf16-sheet", _utf16_sheet(), unusual),
        ("ods-repeated-cells", _ods_repeated(), unsafe),
    ]
