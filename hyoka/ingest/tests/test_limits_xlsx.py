"""Decompression bombs and huge workbooks (issue 11): refused while reading, naming the limit and the place.

Every hostile file is made here (hyoka.ingest.bench_limits); none is committed.
"""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from hyoka import interchange as ix
from hyoka.ingest import Context, IngestError, read_bytes
from hyoka.ingest.bench_limits import SHEET, _skeleton, bomb_xlsx, rows_xlsx, sheet_head
from hyoka.ingest.limits import Limits
from hyoka.ingest.readers.workbook import read_workbook
from hyoka.ingest.readers.xlsx import read_xlsx

IRUMA = ix.Municipality(code="112259", name="入間市", prefecture="埼玉県")


def context(**limits: int) -> Context:
    return Context(municipality=IRUMA, plan_title="計画", source="x.xlsx", limits=Limits(**limits))


def workbook(rows: list[list[object]], merges: list[str] = ()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "KPI"
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_sheet(xml: bytes) -> bytes:
    """A real workbook's parts with this sheet XML in place of its own."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _skeleton().items():
            archive.writestr(name, xml if name == SHEET else data)
    return buffer.getvalue()


TABLE = [["指標名", "単位", "基準値", "目標値"], ["市内事業所数", "事業所", 4986, 5000]]


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return bomb_xlsx()


def test_gigabyte_bomb_is_refused_from_the_zip_directory_fast_and_small(bomb):
    assert len(bomb) < 2 * 2**20
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo(SHEET).file_size > 2**30
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(IngestError) as e:
        read_bytes(bomb, Context(source="bomb.xlsx"))
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert str(e.value).startswith("bomb.xlsx:xl/worksheets/sheet1.xml: the part expands to 1,153,")
    assert "xlsx_sheet_bytes" in str(e.value)
    assert elapsed < 2 and peak < 50 * 2**20


def test_ratio_is_checked_even_when_the_sizes_are_allowed(bomb):
    with pytest.raises(IngestError, match=r"expands 1,0\d\d-fold: more than the limit of 200 \(xlsx_ratio"):
        read_xlsx(bomb, context(xlsx_sheet_bytes=2**31, xlsx_total_bytes=2**31), "x.xlsx")


def test_sheet_bytes_are_counted_while_streaming_when_the_directory_lies():
    """A part whose directory entry claims less than it inflates to is stopped at the claim."""
    xml = sheet_head("A1:A1") + b" " * (3 * 2**20) + b"</sheetData></worksheet>"
    data = bytearray(with_sheet(xml))
    name = SHEET.encode()  # the sheet's central directory entry: its declared size shrunk to 1 KB
    at = data.find(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.find(b"PK\x01\x02", at + 4)
    struct.pack_into("<L", data, at + 24, 1024)
    with pytest.raises(IngestError) as e:
        read_xlsx(bytes(data), context(), "x.xlsx")
    assert str(e.value).startswith("x.xlsx")  # zipfile stops at the declared size; the CRC then fails


def test_entry_count_is_read_from_the_end_record_before_the_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in _skeleton().items():
            archive.writestr(name, data)
        for i in range(1_100):
            archive.writestr(f"junk/{i}", b"")
    with pytest.raises(IngestError, match=r"1,10\d parts: more than the limit of 1,000 \(xlsx_entries"):
        read_bytes(buffer.getvalue(), Context(source="x.xlsx"))


def test_million_row_workbook_is_refused_at_the_size_or_the_row_limit():
    data = rows_xlsx()
    with pytest.raises(IngestError, match="xlsx_sheet_bytes"):
        read_bytes(data, Context(source="million.xlsx"))
    with pytest.raises(IngestError) as e:  # past the size check, the rows are counted as they stream
        read_xlsx(data, context(xlsx_sheet_bytes=2**30, xlsx_total_bytes=2**30, rows=20_000), "million.xlsx")
    assert str(e.value).startswith("million.xlsx:Sheet!A20001: too many rows: more than the limit of 20,000 (rows;")


def test_rows_columns_cells_and_characters_name_their_cell():
    cases = [
        ({"rows": 3}, TABLE + [["a"], ["b"]], "KPI!A4: too many rows"),
        ({"columns": 5}, TABLE + [[None] * 6 + ["x"]], "KPI!G3: too many columns"),
        ({"sheet_cells": 10}, TABLE + [["a", "b", "c", "d"]] * 2, "KPI!A3: too many cells"),
        ({"cell_chars": 10}, TABLE + [["x" * 11]], "KPI!A3: the cell has 11 characters"),
    ]
    for limits, rows, message in cases:
        with pytest.raises(IngestError) as e:
            read_xlsx(workbook(rows), context(**limits), "x.xlsx")
        assert str(e.value).startswith(f"x.xlsx:{message}"), (limits, str(e.value))


def test_a_100000_character_name_is_refused_in_a_workbook():
    """Written by hand: openpyxl itself cuts strings at Excel's 32,767 characters, other tools need not."""
    cell = '<c r="A2" t="inlineStr"><is><t>' + "名" * 100_000 + "</t></is></c>"
    xml = (
        sheet_head("A1:A2").decode()
        + f'<row r="1"><c r="A1" t="inlineStr"><is><t>指標名</t></is></c></row><row r="2">{cell}</row>'
    )
    with pytest.raises(IngestError, match=r"x.xlsx:Sheet!A2: the cell has 100,000 characters.*cell_chars"):
        read_xlsx(with_sheet(xml.encode() + b"</sheetData></worksheet>"), context(), "x.xlsx")


def test_workbook_cells_count_across_sheets():
    wb = Workbook()
    for name in ("a", "b"):
        ws = wb.create_sheet(name)
        for row in TABLE * 3:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(IngestError, match=r"x.xlsx:b!A\d: too many cells in the workbook"):
        read_xlsx(buffer.getvalue(), context(workbook_cells=30), "x.xlsx")


def test_a_claimed_dimension_and_a_far_cell_pad_nothing():
    """<dimension ref="A1:XFD1048576"> is ignored; a cell at XFD1 is refused, not padded across every row."""
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{n}</t></is></c></row>' for n in range(1, 4))
    claimed = sheet_head("A1:XFD1048576") + rows.encode() + b"</sheetData></worksheet>"
    with pytest.raises(IngestError, match="no KPI table"):  # read as the three small rows it has
        read_xlsx(with_sheet(claimed), context(), "x.xlsx")
    far = sheet_head("A1:XFD1") + b'<row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>'
    with pytest.raises(IngestError, match=r"Sheet!XFD1: too many columns"):
        read_xlsx(with_sheet(far), context(), "x.xlsx")


def test_a_merge_over_the_whole_sheet_fills_only_what_the_limits_allow():
    """Written by hand: openpyxl's own writer would build every cell of A3:XFD1048576 in memory."""
    rows = "".join(
        f'<row r="{n}">'
        + "".join(f'<c r="{c}{n}" t="inlineStr"><is><t>{v}</t></is></c>' for c, v in zip("AB", cells, strict=True))
        + "</row>"
        for n, cells in enumerate([("指標名", "単位"), ("市内事業所数", "事業所"), ("a", "b")] * 2, start=1)
    )
    xml = (
        sheet_head("A1:B6")
        + rows.encode()
        + b'</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells></worksheet>'
    )
    data = with_sheet(xml)
    with pytest.raises(IngestError, match=r"x.xlsx:Sheet!A3:XFD1048576: merged cells fill too many cells"):
        read_xlsx(data, context(sheet_cells=500), "x.xlsx")
    read = read_xlsx(data, context(), "x.xlsx")  # with the defaults: 1,000 columns of 4 rows, read
    assert "市内事業所数" in [k.name for k in read.document.indicators]


def test_hyoka_workbook_reader_counts_too():
    from hyoka.ingest.readers.workbook import write_workbook
    from hyoka.plans.demo import demo_files

    doc = ix.parse_document(next(p for p in demo_files() if p.stem == "akiruno_child_plan_r2").read_bytes())
    data = write_workbook(doc)
    with pytest.raises(IngestError, match=r"akiruno.xlsx:.+!A\d+: too many cells"):
        read_workbook(data, "akiruno.xlsx", Limits(sheet_cells=200))
    assert read_workbook(data, "akiruno.xlsx").document == doc


def test_settings_override_the_defaults(settings):
    from hyoka.ingest.limits import configured

    settings.HYOKA_IMPORT_LIMITS = {"rows": 3}
    assert configured().rows == 3 and Context().limits.rows == 3
    settings.HYOKA_IMPORT_LIMITS = {"rows": 0}
    with pytest.raises(ValueError, match=r"HYOKA_IMPORT_LIMITS\['rows'\]: expected a positive whole number"):
        configured()
    settings.HYOKA_IMPORT_LIMITS = {"rowz": 3}
    with pytest.raises(ValueError, match="unknown limit rowz"):
        configured()


def with_parts(replace: dict[str, bytes], content_types: bytes = b"") -> bytes:
    """A real workbook with some parts replaced or added (and [Content_Types].xml entries added)."""
    parts = _skeleton()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", content_types + b"</Types>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**parts, **replace}.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_workbook_listing_thousands_of_sheets_stops_at_the_sheet_limit():
    """Each listed sheet makes openpyxl open its part: 3,000 names for one part would take minutes."""
    book = _skeleton()["xl/workbook.xml"]
    sheets = b"".join(b'<sheet name="s%d" sheetId="%d" r:id="rId1"/>' % (i, i + 2) for i in range(3_000))
    data = with_parts({"xl/workbook.xml": book.replace(b"</sheets>", sheets + b"</sheets>")})
    start = time.perf_counter()
    with pytest.raises(IngestError, match=r"^x.xlsx: the workbook lists too many sheets: more than the limit of 255"):
        read_xlsx(data, context(), "x.xlsx")
    assert time.perf_counter() - start < 10


def test_shared_strings_have_their_own_size_limit():
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = (
        f'<sst xmlns="{main}">'.encode() + b"".join(b"<si><t>%05d</t></si>" % i for i in range(70_000)) + b"</sst>"
    )
    kind = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    data = with_parts(
        {"xl/sharedStrings.xml": strings}, b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + kind + b'"/>'
    )
    with pytest.raises(
        IngestError, match=r"^x.xlsx:xl/sharedStrings.xml: the part expands to 1,470,077 bytes.*xlsx_strings_bytes"
    ):
        read_xlsx(data, context(xlsx_strings_bytes=2**20, xlsx_ratio=10**6), "x.xlsx")
    with pytest.raises(IngestError, match="no KPI table"):  # within the limits: read
        read_xlsx(data, context(xlsx_ratio=10**6), "x.xlsx")


def test_a_part_openpyxl_parses_whole_has_the_small_limit():
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    styles = f'<styleSheet xmlns="{main}">'.encode() + b"<numFmts/>" * 120_000 + b"</styleSheet>"
    with pytest.raises(IngestError, match=r"^x.xlsx:xl/styles.xml: the part expands to 1,2.*xlsx_part_bytes"):
        read_xlsx(with_parts({"xl/styles.xml": styles}), context(xlsx_part_bytes=2**20, xlsx_ratio=10**6), "x.xlsx")
