"""Column meaning by vocabulary: headers as cities print them (invented in their style)."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.ingest.columns import KINDS, cell_period, column_meanings, header_period, is_header_cell, word_kind


def kinds(header: list[str]) -> list[str]:
    return [m.kind for m in column_meanings(header)]


@pytest.mark.parametrize(
    "word, kind",
    [
        ("指標", "kpi_name"),
        ("成果指標", "kpi_name"),
        ("数値目標", "kpi_name"),
        ("活動指標①", "kpi_name"),
        ("KPI（重要業績評価指標）", "kpi_name"),
        ("項目", "kpi_name"),
        ("指標名", "kpi_name"),
        ("事業名", "project_name"),
        ("事務事業名", "project_name"),
        ("取組", "project_name"),
        ("交付対象事業の名称", "project_name"),
        ("担当課", "department"),
        ("所管課", "department"),
        ("担当部局課名", "department"),
        ("担当部署", "department"),
        ("単位", "unit"),
        ("基準値", "baseline"),
        ("策定時", "baseline"),
        ("当初", "baseline"),
        ("目標値", "target"),
        ("計画数値", "target"),
        ("指標値", "target"),
        ("5ヵ年目標", "target"),
        ("目安値", "interim_target"),
        ("期待値", "interim_target"),
        ("中間目標", "interim_target"),
        ("実績値", "actual"),
        ("見込み", "projection"),
        ("達成率", "derived"),
        ("差", "derived"),
        ("進捗率", "derived"),
        ("増減", "derived"),
        ("評価", "grade"),
        ("達成度", "grade"),
        ("進捗状況", "grade"),
        ("達成状況", "grade"),
        ("今後の方向性", "direction"),
        ("今後の方針", "direction"),
        ("備考", "note"),
        ("説明", "note"),
        ("掲載頁", "ignore"),
        ("No.", "ignore"),
        ("番号", "ignore"),
        ("事業コード", "ignore"),
        ("区分", "ignore"),
        ("確認方法", "ignore"),
        ("確認時期", "ignore"),
    ],
)
def test_each_header_word_has_its_kind(word, kind):
    header = [word] if kind in ("kpi_name", "project_name") else ["指標名", word]
    assert column_meanings(header)[-1].kind == kind
    assert kind in KINDS


def test_a_kpi_table_with_baseline_current_delta_and_target():
    header = ["指標名", "基準値（H26）", "現状値（H28末現在）", "増減", "目標値（H31）"]
    meanings = column_meanings(header)
    assert [m.kind for m in meanings] == ["kpi_name", "baseline", "actual", "derived", "target"]
    assert [m.period_label for m in meanings] == [None, "H26", "H28末現在", None, "H31"]
    assert [m.header for m in meanings] == header


def test_current_value_is_the_baseline_where_no_baseline_column_exists():
    assert kinds(["指標", "現状値（R2）", "目標値（R7）"]) == ["kpi_name", "baseline", "target"]
    assert kinds(["指標", "従前値", "目標値"]) == ["kpi_name", "baseline", "target"]
    assert kinds(["指標", "現況", "目標"]) == ["kpi_name", "baseline", "target"]


def test_the_first_bare_year_left_of_the_actuals_is_the_baseline():
    header = ["No.", "項目", "単位", "平成26年度", "平成27年度", "平成28年度", "目標値"]
    assert kinds(header) == ["ignore", "kpi_name", "unit", "baseline", "actual", "actual", "target"]


def test_bare_years_after_a_baseline_are_actuals():
    header = ["指標", "策定時(H26)", "H27", "H28", "H29", "目標(H31)"]
    meanings = column_meanings(header)
    assert [m.kind for m in meanings] == ["kpi_name", "baseline", "actual", "actual", "actual", "target"]
    assert [m.period_label for m in meanings][2:5] == ["H27", "H28", "H29"]


def test_the_later_of_two_targets_is_the_target_and_the_earlier_an_interim_target():
    assert kinds(["成果指標", "目標値26年度", "目標値31年度"]) == ["kpi_name", "interim_target", "target"]
    assert kinds(["成果指標", "目標値31年度", "目標値26年度"]) == ["kpi_name", "target", "interim_target"]
    assert kinds(["指標", "目標(H29)", "目標(令和2年度)"]) == ["kpi_name", "interim_target", "target"]


def test_projection_derived_grade_and_page_columns_are_not_actuals():
    header = ["KPI", "現状値(R2)", "R5見込", "目標(R7)", "達成率", "評価", "掲載頁"]
    assert kinds(header) == ["kpi_name", "baseline", "projection", "target", "derived", "grade", "ignore"]
    assert column_meanings(header)[2].period_label == "R5"


def test_spaced_out_headers_and_dropped_characters():
    assert kinds(["指 標 名", "基 準 値", "目 値", "実 績 値"]) == ["kpi_name", "baseline", "target", "actual"]
    assert word_kind("基 値") == "baseline"
    assert word_kind("基値") == "baseline"
    assert word_kind("図書") is None


def test_project_table_with_period_cells():
    meanings = column_meanings(["事務事業名", "担当課", "今後の方向性", "目標年月", "5ヵ年目標"])
    assert [m.kind for m in meanings] == ["project_name", "department", "direction", "target", "target"]
    assert [m.period_cells for m in meanings] == [False, False, False, True, False]


def test_cells_settle_a_status_column_of_sentences_and_an_unnamed_column_of_marks():
    header = ["事業名", "進捗状況", "", "担当課"]
    rows = [
        ["子育て支援事業", "計画どおり実施し、利用者が増加した。", "A", "子育て支援課"],
        ["企業誘致事業", "説明会を2回開催したが、誘致には至らなかった。", "B+", "商工観光課"],
    ]
    assert kinds(header) == ["project_name", "grade", "unknown", "department"]
    assert [m.kind for m in column_meanings(header, rows)] == ["project_name", "note", "grade", "department"]
    marks = [["事業", "◎", "順調"], ["事業", "△", "遅れ"]]
    assert [m.kind for m in column_meanings(["事業名", "進捗状況", "評価"], marks)] == [
        "project_name",
        "grade",
        "grade",
    ]


def test_header_periods_as_printed_in_headers():
    assert header_period("平成20年") == "平成20年"
    assert header_period("基準値（H26）") == "H26"
    assert header_period("27年度") == "27年度"
    assert header_period("令和2年度末") == "令和2年度末"
    assert header_period("Ｈ２８ 末現在") == "H28末現在"
    assert header_period("5ヵ年目標") is None
    assert header_period("年間目標") is None


def test_body_cells_are_not_header_cells():
    for cell in ["図書館利用者数", "1,350", "△24", "35.2%", "-", "企画課", "市内事業所数（民営）"]:
        assert not is_header_cell(cell), cell
    assert is_header_cell("H26")
    for phrase in ["本計画の説明です。", "「指標の性質」で", "目標値を設定した", "主な事業費用の"]:
        assert word_kind(phrase) is None, phrase
    assert word_kind("見込み") == "projection" and word_kind("取り組み") == "project_name"


def test_a_period_in_a_value_cell_is_a_date_not_a_number():
    assert cell_period("H29.3") == "H29.3"
    assert cell_period("(H28年)") == "H28年"
    assert cell_period("令和5年度末") == "令和5年度末"
    assert cell_period("2023年3月") == "2023年3月"
    assert cell_period("29.3") is None
    assert cell_period("1,350") is None


WORDS = ["指標名", "基準値", "目標値", "実績値", "単位", "担当課", "達成率", "備考", "事業名", "見込み", "評価"]
PERIODS = ["H26", "平成28年度", "R2", "令和2年度末", "2020年度", "H28末現在"]


@settings(deadline=None)  # the machine is shared; a slow example is not a failure
@given(st.sampled_from(WORDS), st.sampled_from(PERIODS), st.sampled_from(["（{}）", "({})", "{}", " {}"]))
def test_a_period_in_a_header_keeps_the_word_kind_and_gives_the_period(word, period, wrap):
    header = word + wrap.format(period)
    assert word_kind(header) == word_kind(word)
    assert header_period(header) == period


@settings(deadline=None)  # the machine is shared; a slow example is not a failure
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
def test_full_width_and_spaced_out_headers_mean_the_same(words):
    plain = kinds(words)
    wide = [unicodedata.normalize("NFKC", w).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}) for w in words]
    spaced = [" ".join(w) for w in words]
    assert kinds(wide) == plain
    assert kinds(spaced) == plain
    assert all(k in KINDS for k in plain)


def test_the_department_that_owns_a_kpi_is_a_department_though_it_opens_like_a_kpi_name():
    assert word_kind("KPI所管課") == "department"
    assert word_kind("指標担当課") == "department"
    assert word_kind("KPI") == "kpi_name" and word_kind("指標名") == "kpi_name"
    kinds = [m.kind for m in column_meanings(["指標名", "基準値(平成26年度)", "目標値(平成31年度)", "KPI所管課"])]
    assert kinds == ["kpi_name", "baseline", "target", "department"]
