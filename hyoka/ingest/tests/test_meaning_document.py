"""The "tables and blocks" layout end to end: invented documents in the style of real ones."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError
from hyoka.ingest.readers.txt import read_text

DOCUMENTS = Path(__file__).parent / "documents"
CITY = ix.Municipality(code="112259", name="入間市", prefecture="埼玉県")


def read(name: str, **context):
    text = (DOCUMENTS / name).read_text(encoding="utf-8")
    return read_text(text, Context(CITY, source=name, **context))


def indicators(doc: ix.PlanDocument) -> dict[str, ix.Indicator]:
    return {k.name: k for k in doc.all_indicators()}


def test_a_kpi_table_alone_with_no_title_or_headings_is_imported_with_a_made_up_title():
    result = read("meaning_kpi_table_only.txt")
    doc = result.document
    assert result.layout == "tables and blocks"
    assert doc.plan.title == "入間市 計画 平成28年度"
    assert any(
        "no title is printed" in w.message and w.place.file == "meaning_kpi_table_only.txt" for w in result.warnings
    )
    ks = indicators(doc)
    books = ks["図書館の年間貸出冊数"]
    assert (books.baseline.value, books.target.value, books.unit) == (382000, 420000, "冊")
    assert [(o.period.fiscal_year, o.value) for o in books.observations] == [(2016, 390000)]
    assert [o.status for o in ks["読み聞かせボランティア数"].observations] == ["pending"]
    (section,) = doc.sections
    assert section.title == doc.plan.title


def test_the_plan_option_overrides_the_made_up_title():
    doc = read("meaning_kpi_table_only.txt", plan_title="入間市読書推進計画").document
    assert doc.plan.title == "入間市読書推進計画"


def test_headings_make_the_sections_and_arrow_lines_their_kpis():
    doc = read("meaning_goals_and_arrows.txt").document
    assert doc.plan.title == "第2期 みどり市 子育て応援プラン 進捗報告"
    first, second = doc.sections
    assert (first.level, first.number, second.number) == ("基本目標", "1", "2")
    assert [k.name for k in first.indicators] == ["合計特殊出生率", "待機児童数"]
    in_prose, alone = second.indicators
    assert (in_prose.name, in_prose.baseline.value, in_prose.target.value) == ("市内事業所数", 4962, 5100)
    assert in_prose.unit == "事業所" and in_prose.target.period.fiscal_year == 2019
    assert (alone.name, alone.baseline.value, alone.target.value) == ("新規就農者数", 3, 10)
    assert [g.code for g in doc.evaluation_scheme.grades] == ["A", "B", "C"]


def test_an_evaluation_sheet_is_one_project_with_its_kpi_and_evaluation():
    doc = read("meaning_evaluation_sheet.txt").document
    (project,) = doc.all_projects()
    assert (project.name, project.departments) == ("シニア健康ポイント事業", ["健康づくり課"])
    (evaluation,) = project.evaluations
    assert (evaluation.fiscal_year, evaluation.grade, evaluation.future_direction) == (2023, "B", "拡充")
    (kpi,) = doc.all_indicators()
    assert (kpi.baseline.value, kpi.target.value, [o.value for o in kpi.observations]) == (850, 1500, [1230])
    assert doc.evaluation_scheme is None  # 評価：B is the sheet's grade, not a legend


@pytest.mark.parametrize("name", ["outline_not_a_plan.txt", "evaluation_not_a_plan.txt"])
def test_a_text_with_no_kpi_project_or_legend_is_still_refused(name):
    with pytest.raises(IngestError, match="not a plan"):
        read(name)


def test_a_kpi_named_in_one_table_with_its_figures_and_periods_in_the_next():
    text = "\n".join(
        [
            "指標名 | 指標の分類 |",
            "認定農業者の経営改善計画達成率 | 成果指標 |",
            "| 基準値 | 今年度目標値 | 今年度実績値 | 長期的目標値 |",
            "数値 | 44% | 60% | | 80% |",
            "時点 | 平成26年度 | 令和4年度 | | 令和7年度 |",
            "根拠となる計画等 | 普及指導計画 | 担い手育成の中心的課題 | | |",
        ]
    )
    doc = read_text(text, Context(CITY, source="t.txt")).document
    (k,) = doc.all_indicators()
    assert k.name == "認定農業者の経営改善計画達成率" and k.unit == "%"
    assert (k.baseline.value, k.baseline.period.fiscal_year) == (44, 2014)
    assert (k.target.value, k.target.period.fiscal_year) == (80, 2025)
    assert any("60%" in n and "令和4年度" in n for n in k.notes)


TOKENS = st.sampled_from(
    ["指標名", "基準値", "目標値（H31）", "実績", "H28", "12,000人", "38.2万人", "—", "集計中", "増加", "→", "54.2%",
     "（H26）", "事業名", "担当課", "企画課", "評価：A", "基本目標1", "①", "数値", "時点", "令和4年度", "|", "\t", "\n", " "]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(TOKENS, max_size=60))
def test_any_text_is_read_or_refused_by_name_never_crashes(tokens):
    text = "".join(tokens)
    try:
        result = read_text(text or "x", Context(CITY, source="fuzz.txt"))
    except IngestError as e:
        assert e.place == "fuzz.txt"
    else:
        assert result.document.plan.title


def test_a_single_project_sheet_reads_its_tables_projects_as_activities():
    text = "\n".join(
        [
            "令和4年度 事務事業評価シート",
            "事業名：地域公共交通事業",
            "担当課：まちづくり推進課",
            "",
            "事業名\t内容",
            "路線バス運行補助事業\t路線バスの赤字を補助した",
            "コミュニティバス運行事業\t市内41路線を運行した",
        ]
    )
    result = read_text(text, Context(CITY, source="s.txt"))
    (project,) = result.document.all_projects()
    assert (project.name, project.departments) == ("地域公共交通事業", ["まちづくり推進課"])
    assert sum("activity of" in w.message and w.place.line == 2 for w in result.warnings) == 2


def test_a_plan_changed_after_it_was_built_is_checked_again_where_it_changed():
    """The final check is shallow for speed, yet still sees a rule broken by merging after construction."""
    from hyoka.ingest.meaning.document import _checked

    period = ix.Period(label="H28", fiscal_year=2016)
    kpi = ix.Indicator(name="図書館利用者数", observations=[ix.Observation(value=1, period=period)])
    doc = ix.PlanDocument(
        schema="hyoka.plan/1",
        municipality=CITY,
        plan=ix.PlanInfo(title="計画"),
        sections=[ix.Section(level="基本目標", number="1", title="学ぶ", indicators=[kpi])],
    )
    assert _checked(doc) is not doc and _checked(doc).all_indicators() == [kpi]
    kpi.observations.append(ix.Observation(value=2, period=period))  # as a careless merge would
    with pytest.raises(ValueError, match="observation period"):
        _checked(doc)
    kpi.observations.pop()
    doc.sections[0].sections = [ix.Section(level="施策", title="a"), ix.Section(level="施策", title="a")]
    with pytest.raises(ValueError, match="duplicate"):
        _checked(doc)


def test_figures_of_a_table_row_printed_under_its_header_periods_are_not_read_again_with_the_prose_below():
    text = (
        "観光振興計画の指標\n"
        "指標(KPI)\n"
        "市内温泉地宿泊客数\n"
        "(年間)\n"
        "現状値\n"
        "目標値\n"
        "(平成26年)\n"
        "(平成32年)\n"
        "95万9千人\n"
        "108万人\n"
        "1年間に市内の3つの温泉地に泊まった人の数\n"
    )
    doc = read_text(text, Context(CITY, source="k.txt")).document
    (kpi,) = doc.all_indicators()
    assert (kpi.name, kpi.baseline.value, kpi.target.value) == ("市内温泉地宿泊客数(年間)", 959000, 1080000)


def test_a_sheet_flattened_to_one_line_with_its_labels_anywhere_is_read_not_refused():
    text = (
        "3062 1 96.5% 0.10人 840 820 施 策 名 担当課長名 山本 一郎 建設部 道路・公園課 担当部課名 緑の保全 "
        "実 施 計 画 の 事 業 名 財 務 会 計 上 の 事 業 名 公園管理事業 公園清掃委託事業 事業の対象 市民\n"
    )
    doc = read_text(text, Context(CITY, source="sheet.txt")).document
    (project,) = doc.all_projects()  # 建設部 under 施策名 is a department out of place, not a project
    assert (project.name, project.departments) == ("公園清掃委託事業", ["建設部 道路・公園課"])


def test_a_glued_sheet_with_values_before_its_labels_is_read_not_refused():
    text = (
        "事務事業評価シート年度H27H28H29H30R120説明(算式等)達成率75.0%80.0%90.0%H30R1R2目標実績151618"
        "成果指標指標名称講座の受講者数(人)年度H27\n"
    )
    (kpi,) = read_text(text, Context(CITY, source="sheet.txt")).document.all_indicators()
    assert (kpi.name, kpi.target.value, [o.value for o in kpi.observations]) == ("講座の受講者数", 20, [15, 16, 18])
