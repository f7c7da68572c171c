"""Fuzzing every reader (issue 11): made-up and mutated documents end in a plan or an IngestError, quickly.

Each test generates documents of one kind (text, PDF, xlsx, CSV, JSON) from plan vocabulary, or
mutates a real one (bytes replaced, cut, repeated), and reads them through `read_bytes` as
`hyoka import` does. Anything but IngestError is a failure, and so is a case slower than the
deadline. CI runs a few dozen cases per reader; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) runs many
more and prints cases tried, failures and the slowest case (conftest.py).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from hyoka import interchange as ix
from hyoka.ingest import Context, IngestError, read_bytes
from hyoka.ingest.readers.workbook import write_workbook
from hyoka.ingest.tests.conftest import fuzz_case, fuzz_settings
from hyoka.ingest.tests.pdfmaker import text_to_pdf
from hyoka.plans.demo import demo_files
from hyoka.safecells import xlsx_value

IRUMA = ix.Municipality(code="112259", name="入間市", prefecture="埼玉県")
DOCUMENTS = sorted((Path(__file__).parent / "documents").glob("*.txt"))
PLANS = {p.stem: p.read_bytes() for p in demo_files()}

# Words the readers look for, so generated documents reach past the first checks.
WORDS = [
    "基本目標", "基本施策", "施策", "指標名", "指標", "KPI", "単位", "基準値", "目標値", "実績値", "現状値",
    "H26", "H28末現在", "令和2年度", "平成29年度", "R6", "2021年度", "事業名", "所管課", "評価", "達成度",
    "①", "◇", "○", "【継続】", "【新規】", "※", "人", "件", "%", "△24", "4,986", "1.18", "確報値待ち",
    "基準値以上", "年間15件", "A", "B", "1", "2", "0104010242", "健康推進課", "=HYPERLINK(\"x\")", "—", "",
]  # fmt: skip
WORD = st.sampled_from(WORDS)
CELL = st.one_of(WORD, st.text(max_size=12), st.integers(-(10**6), 10**6).map(str))
ROWS = st.lists(st.lists(CELL, max_size=8), max_size=25)


def context(source: str) -> Context:
    return Context(municipality=IRUMA, plan_title="入間市総合戦略", source=source)


def read(data: bytes, source: str) -> None:
    """Read as `hyoka import` does: a plan or an IngestError; any other exception fails the test."""
    with fuzz_case(source, data):
        try:
            read_bytes(data, context(source))
        except IngestError as e:
            assert str(e)  # a message, with its place


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """`base` with a few slices replaced by random bytes, cut out or repeated."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        start = draw(st.integers(0, len(data) - 1))
        end = min(len(data), start + draw(st.integers(1, 64)))
        action = draw(st.sampled_from(["replace", "cut", "repeat", "truncate"]))
        if action == "replace":
            data[start:end] = draw(st.binary(min_size=1, max_size=end - start))
        elif action == "cut":
            del data[start:end]
        elif action == "repeat":
            data[start:start] = data[start:end] * draw(st.integers(1, 20))
        else:
            del data[start:]
    return bytes(data)


def lines_of(rows: list[list[str]], separator: str) -> str:
    return "\n".join(separator.join(row) for row in rows)


# ---------------------------------------------------------------- text


@fuzz_settings()
@given(rows=ROWS, separator=st.sampled_from(["\t", "　", " ", ""]), encoding=st.sampled_from(["utf-8", "cp932"]))
def test_fuzz_text_generated(rows, separator, encoding):
    text = lines_of(rows, separator)
    read(text.encode(encoding, errors="replace"), "fuzz.txt")


@fuzz_settings()
@given(data=st.data())
def test_fuzz_text_mutated(data):
    base = data.draw(st.sampled_from(DOCUMENTS)).read_bytes()
    read(data.draw(mutated(base)), "fuzz.txt")


# ---------------------------------------------------------------- PDF


@fuzz_settings(fraction=0.3)  # each case draws and parses a PDF: slower than the rest
@given(rows=st.lists(st.lists(WORD, max_size=5), min_size=1, max_size=12), pages=st.integers(1, 3))
def test_fuzz_pdf_generated(rows, pages):
    text = "\f".join([lines_of(rows, "\t")] * pages)
    read(text_to_pdf(text), "fuzz.pdf")


PDF_BASE = text_to_pdf(
    "入間市総合戦略\n基本目標1 働きやすいまち\n指標名\t単位\t基準値\t目標値\n市内事業所数\t事業所\t4,986\t5,000"
)


@fuzz_settings(fraction=0.5)
@given(data=mutated(PDF_BASE))
def test_fuzz_pdf_mutated(data):
    read(data, "fuzz.pdf")


# ---------------------------------------------------------------- xlsx


def xlsx_of(sheets: list[list[list[object]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for i, rows in enumerate(sheets):
        ws = wb.create_sheet(f"基本目標{i + 1}")
        for row in rows:
            ws.append([_number(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _number(value: str) -> object:
    """Digits as a number cell, anything else as text openpyxl can store (formulas included: read as empty)."""
    return int(value) if re.fullmatch(r"-?[0-9]{1,11}", value) else xlsx_value(value)


@fuzz_settings()
@given(sheets=st.lists(ROWS, min_size=1, max_size=3))
def test_fuzz_xlsx_generated(sheets):
    read(xlsx_of([[["指標名", "単位", "基準値", "目標値"]] + rows for rows in sheets]), "fuzz.xlsx")


XLSX_BASES = [
    xlsx_of(
        [[["入間市総合戦略"], ["指標名", "単位", "基準値（H26）", "H28", "目標値"], ["事業所数", "所", "1", "2", "3"]]]
    ),
    write_workbook(ix.parse_document(PLANS["iruma_strategy_h29"])),
]


@fuzz_settings()
@given(data=st.data())
def test_fuzz_xlsx_mutated(data):
    read(data.draw(mutated(data.draw(st.sampled_from(XLSX_BASES)))), "fuzz.xlsx")


HYOKA_BOOK = XLSX_BASES[1]


@fuzz_settings()
@given(data=st.data())
def test_fuzz_hyoka_workbook_cells_edited(data):
    """Hyoka's own workbook as a city might edit it: any cell of any sheet given any value."""
    wb = load_workbook(io.BytesIO(HYOKA_BOOK))
    for _ in range(data.draw(st.integers(1, 6))):
        ws = wb[data.draw(st.sampled_from(wb.sheetnames))]
        row = data.draw(st.integers(1, ws.max_row + 1))
        column = data.draw(st.integers(1, ws.max_column + 1))
        value = data.draw(st.one_of(CELL, st.floats(allow_nan=False, allow_infinity=False), st.integers(), st.none()))
        ws.cell(row, column, _number(value) if isinstance(value, str) else value)
    buffer = io.BytesIO()
    wb.save(buffer)
    read(buffer.getvalue(), "edited.xlsx")


# ---------------------------------------------------------------- CSV


@fuzz_settings()
@given(rows=ROWS, separator=st.sampled_from([",", "\t"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932"]))
def test_fuzz_csv_generated(rows, separator, encoding):
    text = lines_of([["指標名", "単位", "基準値", "目標値"], *rows], separator)
    read(text.encode(encoding, errors="replace"), "fuzz.csv")


CSV_BASE = '入間市総合戦略\n指標名,単位,基準値（H26）,H28 末現在,目標値（R6）\n市内事業所数,事業所,"4,986",4962,基準値以上\n'.encode()


@fuzz_settings()
@given(data=mutated(CSV_BASE))
def test_fuzz_csv_mutated(data):
    read(data, "fuzz.csv")


# ---------------------------------------------------------------- JSON

JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | WORD,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        found += [p for k, v in value.items() for p in _paths(v, (*path, k))]
    elif isinstance(value, list):
        found += [p for i, v in enumerate(value) for p in _paths(v, (*path, i))]
    return found


@fuzz_settings()
@given(data=st.data())
def test_fuzz_json_fields_replaced(data):
    """A demo plan with a few of its fields (anywhere in the tree) replaced by random JSON."""
    doc = json.loads(PLANS[data.draw(st.sampled_from(sorted(PLANS)))])
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(doc)[1:]))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = data.draw(JSON_VALUE)
    read(json.dumps(doc, ensure_ascii=data.draw(st.booleans())).encode(), "fuzz.json")


@fuzz_settings()
@given(data=mutated(PLANS["iruma_strategy_h29"]))
def test_fuzz_json_mutated(data):
    read(data, "fuzz.json")


# ---------------------------------------------------------------- found by fuzzing, in other areas

_DOCS = Path(__file__).parent / "documents"
_ALL_BUT_EVALUATIONS = b"".join(p.read_bytes() for p in DOCUMENTS if not p.name.startswith("evaluation"))
TWICE = {
    "evaluation_sabc.txt": ((_DOCS / "evaluation_sabc.txt").read_bytes(), "text/evaluation/reader.py run()"),
    "outline_kpi_variants.txt": ((_DOCS / "outline_kpi_variants.txt").read_bytes(), None),
    "all-but-evaluations.txt": (_ALL_BUT_EVALUATIONS, "meaning/document.py _document()"),
}


@pytest.mark.parametrize("name", sorted(TWICE))
def test_a_document_printed_twice_reads_or_is_refused(name):
    """A report that prints its pages twice (a summary repeated, two copies merged into one PDF).

    Two text readers build a PlanDocument with the same section twice and let pydantic's
    ValidationError out; `read_bytes` turns a plan that breaks the contract into an IngestError
    naming the problem, so the user gets a message, not a traceback.
    """
    data, _reader = TWICE[name]
    read(data * 2, name)
