"""Hyoka's own Excel layout: the five demo plans survive write → read exactly; edits by a city still read."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hyoka.ingest.base import IngestError
from hyoka.ingest.facts import facts
from hyoka.ingest.readers.workbook import number_format, read_workbook, write_workbook
from hyoka.interchange import parse_document
from hyoka.plans.demo import demo_files

PLANS = {path.stem: parse_document(path.read_bytes(), source=path.name) for path in demo_files()}


@pytest.mark.parametrize("name", sorted(PLANS))
def test_round_trip(name):
    doc = PLANS[name]
    result = read_workbook(write_workbook(doc), f"{name}.xlsx")
    assert result.warnings == []
    assert facts(result.document) == facts(doc)
    assert result.document == doc  # every field, not only the scored facts


def _sheets(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_layout_a_city_recognises():
    wb = _sheets(write_workbook(PLANS["iruma_strategy_h29"]))
    assert wb.sheetnames == ["計画", "施策体系", "指標", "実績値の詳細", "事業・評価"]
    kpis = wb["指標"]
    header = [c.value for c in kpis[1]]
    assert header[:10] == [
        "施策体系",
        "No.",
        "指標名",
        "単位",
        "方向",
        "基準値",
        "基準時点",
        "目標値",
        "目標（表記）",
        "目標時点",
    ]
    # One column per point in time, though the tables print both H28 末現在 and H28末現在.
    assert header[10:] == ["H28 末現在", "記載の増減", "注記", "定義", "出典"]
    assert kpis.freeze_panes == "D2"
    row = next(r for r in kpis.iter_rows(min_row=2) if r[2].value == "市内事業所数")
    assert (
        row[0].value
        == "基本目標1 「働きやすいまちをつくる」〈しごと応援プロジェクト〉 ＞ 基本施策 しごとの場を創る・しごと探しを支援する"
    )
    assert (row[5].value, row[5].number_format) == (4986, '#,##0;"△"#,##0')
    assert row[10].value == 4962 and row[11].value == "△24 事業所"
    pending = next(r for r in kpis.iter_rows(min_row=2) if r[2].value == "市内従業者数")
    assert "経済センサス確報値待ち" in [c.value for c in pending]  # no value: the text is shown


def test_number_formats():
    assert number_format(Decimal("4986")) == '#,##0;"△"#,##0'
    assert number_format(Decimal("-0.26")) == '#,##0.00;"△"#,##0.00'


def test_evaluations_and_budget_items_columns():
    wb = _sheets(write_workbook(PLANS["akiruno_child_plan_r2"]))
    header = [c.value for c in wb["事業・評価"][1]]
    assert {"評価（令和2年度）", "達成度（令和2年度）", "実績・取組状況（令和2年度）"} <= set(header)
    budget = _sheets(write_workbook(PLANS["kiyose_strategy_initiatives"]))["事業・評価"]
    cells = [r[5].value for r in budget.iter_rows(min_row=2) if r[5].value]
    assert any(line.split()[0].isdigit() and len(line.split()[0]) == 10 for c in cells for line in c.split("\n"))


def test_a_city_edit_wins_over_the_stale_detail_and_bad_numbers_are_warnings():
    doc = PLANS["iruma_strategy_h29"]
    wb = _sheets(write_workbook(doc))
    kpis = wb["指標"]
    row = next(r for r in kpis.iter_rows(min_row=2) if r[2].value == "市内事業所数")
    row[10].value = 5000  # the city typed the final figure over the provisional one
    other = next(r for r in kpis.iter_rows(min_row=2) if r[2].value == "市内従業者数")
    other[5].value = "5万2千"  # not a number
    buffer = io.BytesIO()
    wb.save(buffer)
    result = read_workbook(buffer.getvalue(), "edited.xlsx")
    k = next(k for k in result.document.all_indicators() if k.name == "市内事業所数")
    assert [(o.value, o.status, o.text) for o in k.observations] == [(Decimal(5000), "final", None)]
    assert k.observations[0].period.label == "H28 末現在"
    (warning,) = result.warnings
    assert str(warning).startswith(f"edited.xlsx:指標!F{other[5].row}: not a number")


def test_not_a_hyoka_workbook():
    with pytest.raises(IngestError, match=r"^x\.xlsx: not an Excel \.xlsx file"):
        read_workbook(b"a,b\n", "x.xlsx")


def test_each_observation_keeps_its_printed_label_though_the_column_is_shared():
    doc = PLANS["iruma_strategy_h29"]
    back = read_workbook(write_workbook(doc), "iruma.xlsx").document
    labels = {k.name: [o.period.label for o in k.observations] for k in back.all_indicators()}
    assert labels["市内事業所数"] == ["H28 末現在"]
    assert labels["学校評価による教育体制及び教育環境についての充実度"] == ["H28末現在"]
