"""Hostile text, CSV, JSON and PDF (issue 11): a message naming the limit and the place, never a traceback."""

from __future__ import annotations

import codecs
import json

import pytest

from hyoka import interchange as ix
from hyoka.ingest import Context, IngestError, read_bytes, read_file
from hyoka.ingest.encoding import decode
from hyoka.ingest.limits import Limits, json_depth, strip_controls
from hyoka.ingest.readers.csv import read_csv
from hyoka.ingest.readers.pdf import pdf_text
from hyoka.ingest.tests.pdfmaker import text_to_pdf
from hyoka.plans.demo import demo_files

IRUMA = ix.Municipality(code="112259", name="入間市", prefecture="埼玉県")
CSV = "入間市総合戦略\n指標名,単位,基準値,目標値\n市内事業所数,事業所,4986,5000\n創業者数,件,10,15\n"
PLAN = next(p for p in demo_files() if p.stem == "iruma_strategy_h29").read_bytes()


def context(source: str = "kpi.csv", **limits: int) -> Context:
    return Context(municipality=IRUMA, source=source, limits=Limits(**limits))


# ---------------------------------------------------------------- text and encodings


def test_utf16_with_an_odd_byte_count_is_a_message():
    data = codecs.BOM_UTF16_LE + "指標名\t単位\n市内事業所数".encode("utf-16-le") + b"\x00"[:1]
    assert len(data) % 2
    with pytest.raises(IngestError) as e:
        decode(data, "kpi.txt")
    assert str(e.value) == "kpi.txt:line 2: not valid UTF-16 text: an odd number of bytes (cut off?)"


def test_utf16_with_an_even_count_still_reads():
    assert decode(codecs.BOM_UTF16_LE + "指標名".encode("utf-16-le"), "kpi.txt") == "指標名"


@pytest.mark.parametrize(
    "data",
    [b"x" * 10_000 + b"\n\x00abc", codecs.BOM_UTF16_LE + "a\n\x00".encode("utf-16-le")],
    ids=["nul-byte-after-the-sniffed-start", "nul-character-in-utf16"],
)
def test_nul_anywhere_in_a_text_is_refused_naming_the_line(data):
    with pytest.raises(IngestError, match=r"^a.txt:line 2: a NUL"):
        decode(data, "a.txt")


def test_text_size_and_file_size_are_limits():
    with pytest.raises(
        IngestError, match=r"a.txt: the text has 101 characters: more than the limit of 100 \(text_chars"
    ):
        decode(b"a" * 101, "a.txt", Limits(text_chars=100))
    with pytest.raises(IngestError, match=r"a.txt: the file has 101 bytes: more than the limit of 100 \(file_bytes"):
        read_bytes(b"a" * 101, Context(source="a.txt", limits=Limits(file_bytes=100)))


def test_read_file_checks_the_size_before_loading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(IngestError, match=r"big.txt: the file has 2,000 bytes.*file_bytes"):
        read_file(path, Context(source="big.txt", limits=Limits(file_bytes=1000)))


# ---------------------------------------------------------------- CSV


def test_csv_reads_within_the_limits():
    assert [k.name for k in read_csv(CSV.encode(), context(), "kpi.csv").document.indicators] == [
        "市内事業所数",
        "創業者数",
    ]


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"rows": 3}, "kpi.csv:line 4: too many rows: more than the limit of 3 (rows;"),
        ({"columns": 3}, "kpi.csv:line 2: the row has 4 columns: more than the limit of 3 (columns;"),
        ({"sheet_cells": 10}, "kpi.csv:line 4: too many cells: more than the limit of 10 (sheet_cells;"),
        ({"cell_chars": 5}, "kpi.csv:line 1: column 1 has 7 characters: more than the limit of 5 (cell_chars;"),
    ],
)
def test_csv_limits_name_the_line(limits, message):
    with pytest.raises(IngestError) as e:
        read_csv(CSV.encode(), context(**limits), "kpi.csv")
    assert str(e.value).startswith(message)


def test_a_100000_character_name_in_csv_is_refused():
    data = (CSV + "名" * 100_000 + ",人,1,2\n").encode()
    with pytest.raises(IngestError, match=r"kpi.csv:line 5: column 1 has 100,000 characters.*cell_chars"):
        read_csv(data, context(), "kpi.csv")


def test_a_field_past_the_csv_modules_own_limit_is_a_message():
    data = (CSV + '"' + "x" * 200_000 + '"\n').encode()
    with pytest.raises(IngestError, match=r"kpi.csv:line 5: not readable as CSV: field larger than field limit"):
        read_csv(data, context(cell_chars=10**6), "kpi.csv")


def test_control_characters_in_csv_are_removed_with_one_warning():
    data = CSV.replace("創業者数", "創業\x01者数\x1f").encode()
    result = read_csv(data, context(), "kpi.csv")
    assert "創業者数" in [k.name for k in result.document.indicators]
    assert [str(w) for w in result.warnings if "control" in w.message] == [
        "kpi.csv:line 4: 2 control characters removed (first on this line)"
    ]


def test_csv_cells_guarded_against_formulas_read_as_written():
    data = CSV.replace("創業者数", "'=創業者数").encode()
    assert "=創業者数" in [k.name for k in read_csv(data, context(), "kpi.csv").document.indicators]


# ---------------------------------------------------------------- JSON


def test_json_nested_a_thousand_deep_is_refused_before_parsing():
    data = b'{"schema": "hyoka.plan/1", "x": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    with pytest.raises(IngestError) as e:
        read_bytes(data, Context(source="deep.json"))
    assert str(e.value) == (
        "deep.json:line 1: the JSON nests 1,001 levels deep: more than the limit of 64 "
        "(json_depth; HYOKA_IMPORT_LIMITS['json_depth'])"
    )


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth(b'{"a": "[[[{{{\\"[[[", "b": [[1]]}') == (3, 27)
    assert json_depth(b"[" * 5 + b"]" * 5) == (5, 4)


def test_nul_in_json_strings_is_removed_with_a_warning():
    doc = json.loads(PLAN)
    doc["plan"]["title"] = "入間市\u0000総合戦略"
    result = read_bytes(json.dumps(doc).encode(), Context(source="plan.json"))
    assert result.document.plan.title == "入間市総合戦略"
    assert [str(w) for w in result.warnings] == [
        "plan.json: 1 strings had control characters (NUL …), removed: $.plan.title"
    ]


def test_a_100000_character_name_in_json_names_its_path():
    doc = json.loads(PLAN)
    doc["sections"][0]["title"] = "名" * 100_000
    with pytest.raises(IngestError) as e:
        read_bytes(json.dumps(doc).encode(), Context(source="plan.json"))
    assert str(e.value).startswith("plan.json:$.sections[0].title: a string of 100,000 characters: more than")


def test_broken_json_names_its_line():
    with pytest.raises(IngestError, match=r"^x.json:line 2: not valid JSON"):
        read_bytes(b'{"schema": "hyoka.plan/1",\n oops}', Context(source="x.json"))


def test_strip_controls_keeps_tabs_and_line_breaks():
    assert strip_controls("a\tb\nc\r\x00d\x07\x7f") == ("a\tb\nc\rd", 3)


# ---------------------------------------------------------------- PDF


def test_pdf_pages_are_counted_before_any_page_is_read():
    data = text_to_pdf("基本目標1\f基本目標2\f基本目標3")
    with pytest.raises(IngestError) as e:
        pdf_text(data, "plan.pdf", Limits(pdf_pages=2))
    assert str(e.value) == (
        "plan.pdf: the PDF has too many pages: more than the limit of 2 (pdf_pages; HYOKA_IMPORT_LIMITS['pdf_pages'])"
    )
    assert pdf_text(data, "plan.pdf", Limits(pdf_pages=3)).count("基本目標") == 3


def test_pdf_text_is_counted_page_by_page():
    data = text_to_pdf("基本目標1 働きやすいまち\f基本目標2 子どもを育てる")
    with pytest.raises(
        IngestError, match=r"^plan.pdf:page 2: the PDF's text is too long: more than the limit of 20 \(text_chars"
    ):
        pdf_text(data, "plan.pdf", Limits(text_chars=20))
