"""City-made KPI workbooks read generally (merged headers, era-year columns, several sheets, ※ notes)."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError, MissingOption
from hyoka.ingest.facts import facts
from hyoka.ingest.readers.workbook import write_workbook
from hyoka.ingest.readers.xlsx import read_xlsx

IRUMA = ix.Municipality(code="112259", name="入間市", prefecture="埼玉県")
CONTEXT = Context(municipality=IRUMA, source="kpi.xlsx")


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _goal_sheet(wb: Workbook, name: str, rows: list[list[object]], merges: list[str]) -> None:
    ws = wb.create_sheet(name)
    ws.append(["入間市まち・ひと・しごと創生総合戦略　KPI一覧"])
    ws.append([])
    ws.append(["施策", "指標名", "単位", "基準値（H26）", "実績値", None, None, "目標値（R6）"])
    ws.append([None, None, None, None, "H28 末現在", "平成29年度", "令和2年度実績", None])
    for row in rows:
        ws.append(row)
    for ref in ["A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:G3", "H3:H4", *merges]:
        ws.merge_cells(ref)


def city_workbook() -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _goal_sheet(
        wb,
        "基本目標1",
        [
            ["しごとの場を創る", "市内事業所数", "事業所", 4986, "4,962※", "確報値待ち", -24, "基準値以上"],
            [None, "市内従業者数", "人", 50909, 51000, None, 52000, 51000],
            [],
            ["しごと探しを支援する", "創業者数", "件", "—", 15, 17, "２０件", "年間15件"],
            ["※平成28年度経済センサス速報値。"],
        ],
        ["A5:A6"],
    )
    _goal_sheet(
        wb,
        "基本目標2",
        [["子育てを支える", "合計特殊出生率", "%", 1.18, 1.2, 1.21, "1,2,3", 1.3]],
        [],
    )
    wb.create_sheet("メモ")
    return _save(wb)


def test_city_workbook_reads_to_exact_facts():
    result = read_xlsx(city_workbook(), CONTEXT, "kpi.xlsx")
    doc = result.document
    assert doc.plan.title == "入間市まち・ひと・しごと創生総合戦略　KPI一覧"
    got = facts(doc)
    expected = {
        ("section", "", "基本目標", "1", "基本目標1"),
        ("section", "基本目標1", "施策", "", "しごとの場を創る"),
        ("section", "基本目標1", "施策", "", "しごと探しを支援する"),
        ("section", "", "基本目標", "2", "基本目標2"),
        ("section", "基本目標2", "施策", "", "子育てを支える"),
        ("indicator", "しごとの場を創る", "市内事業所数", "事業所", ""),
        ("baseline", "市内事業所数", "4986", "H26"),
        ("target", "市内事業所数", "4986", "基準値以上", "R6"),
        ("observation", "市内事業所数", "H28末現在", "4962", "final"),
        ("observation", "市内事業所数", "平成29年度", "", "pending"),
        ("observation", "市内事業所数", "令和2年度実績", "-24", "final"),
        ("indicator", "しごとの場を創る", "市内従業者数", "人", ""),
        ("baseline", "市内従業者数", "50909", "H26"),
        ("target", "市内従業者数", "51000", "", "R6"),
        ("observation", "市内従業者数", "H28末現在", "51000", "final"),
        ("observation", "市内従業者数", "令和2年度実績", "52000", "final"),
        ("indicator", "しごと探しを支援する", "創業者数", "件", ""),
        ("baseline", "創業者数", "", "H26"),
        ("target", "創業者数", "15", "年間15件", "R6"),
        ("observation", "創業者数", "H28末現在", "15", "final"),
        ("observation", "創業者数", "平成29年度", "17", "final"),
        ("observation", "創業者数", "令和2年度実績", "20", "final"),
        ("indicator", "子育てを支える", "合計特殊出生率", "%", ""),
        ("baseline", "合計特殊出生率", "1.18", "H26"),
        ("target", "合計特殊出生率", "1.3", "", "R6"),
        ("observation", "合計特殊出生率", "H28末現在", "1.2", "final"),
        ("observation", "合計特殊出生率", "平成29年度", "1.21", "final"),
    }
    assert got == expected
    # merged first column: 市内従業者数 belongs to しごとの場を創る; the ※ note to the marked KPI
    事業所 = next(k for k in doc.all_indicators() if k.name == "市内事業所数")
    assert 事業所.notes == ["※平成28年度経済センサス速報値。"]
    assert 事業所.observations[1].period.fiscal_year == 2017
    # the malformed number is a warning on its cell, the empty sheet is named
    messages = [str(w) for w in result.warnings]
    assert any(m.startswith("kpi.xlsx:基本目標2!G5:") and "1,2,3" in m for m in messages), messages
    assert "kpi.xlsx:メモ: the sheet is empty; skipped" in messages


def test_title_from_context_and_single_sheet_without_sections():
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["No.", "KPI", "単位", "基準値", "R2", "R3", "目標値"])
    ws.append(["1", "転入者数", "人", 100, 110, 120, 150])
    doc = read_xlsx(_save(wb), Context(municipality=IRUMA, plan_title="総合計画"), "a.xlsx").document
    assert doc.plan.title == "総合計画" and doc.sections == []
    (k,) = doc.indicators
    assert (k.project_number, k.direction, [o.period.fiscal_year for o in k.observations]) == (
        "1",
        "increase",
        [2020, 2021],
    )


def test_hyoka_workbook_needs_no_context():
    doc = ix.PlanDocument(schema="hyoka.plan/1", municipality=IRUMA, plan=ix.PlanInfo(title="計画"))
    assert read_xlsx(write_workbook(doc), None, "h.xlsx").document == doc


def test_context_is_required_for_city_workbooks():
    with pytest.raises(IngestError, match="municipality"):
        read_xlsx(city_workbook(), None, "kpi.xlsx")


def test_no_title_anywhere():
    wb = Workbook()
    wb.active.append(["指標名", "単位", "H28"])
    wb.active.append(["人口", "人", 100])
    with pytest.raises(MissingOption, match=r"^t\.xlsx: the plan has no title") as refused:
        read_xlsx(_save(wb), Context(municipality=IRUMA), "t.xlsx")
    assert refused.value.option == "plan_title"  # the browser asks under 計画名


def test_no_table_names_the_file():
    wb = Workbook()
    wb.active.append(["議事録", "2021年5月"])
    with pytest.raises(IngestError, match=r"^memo\.xlsx: no KPI table found"):
        read_xlsx(_save(wb), CONTEXT, "memo.xlsx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("指標名,単位\n人口,人\n".encode(), "not an Excel .xlsx file"),
        (city_workbook()[:2000], "not a readable .xlsx file"),
        (b"", "the file is empty"),
    ],
)
def test_not_xlsx(data, message):
    with pytest.raises(IngestError, match=rf"^bad\.xlsx: {message}"):
        read_xlsx(data, CONTEXT, "bad.xlsx")


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(IngestError, match=r"^x\.xlsx: not a readable \.xlsx file"):
        read_xlsx(buffer.getvalue(), CONTEXT, "x.xlsx")
