"""Tables → indicators and projects, on invented tables in the style of real city documents."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hyoka.ingest.base import Place
from hyoka.ingest.columns import column_meanings
from hyoka.ingest.layout import Table
from hyoka.ingest.meaning.tables import read_table


def table(header, rows, title=None):
    places = [Place("t.txt", line=i + 2) for i in range(len(rows))]
    return Table(header=header, rows=rows, place=Place("t.txt", line=1), row_places=places, title=title)


def read(header, rows, **kw):
    t = table(header, rows, kw.pop("title", None))
    return read_table(t, column_meanings(header), **kw)


def by_name(reading):
    return {k.name: k for k in reading.indicators}


def test_baseline_target_and_actuals_with_their_periods_and_units():
    reading = read(
        ["指標名", "基準値（H26）", "H27", "H28", "目標値（H31）"],
        [["図書館利用者数", "12,000人", "12,500人", "13,100人", "15,000人"]],
    )
    (k,) = reading.indicators
    assert k.name == "図書館利用者数" and k.unit == "人"
    assert k.baseline.value == 12000 and k.baseline.period.fiscal_year == 2014
    assert k.target.value == 15000 and k.target.period.fiscal_year == 2019
    assert [(o.period.fiscal_year, o.value) for o in k.observations] == [(2015, 12500), (2016, 13100)]
    assert k.direction == "increase"


def test_units_from_a_unit_column_and_from_the_header():
    reading = read(
        ["指標", "単位", "基準値", "目標値"],
        [["自主防災組織数", "団体", "45", "60"], ["転入者数", "", "1,200", "1,500"]],
        title="人口の指標（単位：人）",
    )
    ks = by_name(reading)
    assert ks["自主防災組織数"].unit == "団体"
    assert ks["転入者数"].unit == "人"


def test_two_target_columns_the_later_is_the_target_the_earlier_an_interim_note():
    reading = read(
        ["指標", "基準値（H24）", "目標値26年度", "目標値31年度"],
        [["合計特殊出生率", "1.38", "1.45", "1.60"]],
        era_hint="平成",
    )
    (k,) = reading.indicators
    assert k.target.value == Decimal("1.60") and k.target.period.fiscal_year == 2019
    assert any("1.45" in n and "26年度" in n for n in k.notes)
    assert k.observations == []


def test_interim_target_and_projection_are_never_actuals():
    reading = read(
        ["指標", "基準値", "中間目標（R4）", "実績（R4）", "見込（R5）", "目標値（R6）"],
        [["健診受診率", "40.0%", "45.0%", "43.1%", "46.0%", "50.0%"]],
    )
    (k,) = reading.indicators
    assert [o.value for o in k.observations] == [Decimal("43.1")]
    assert any(n.startswith("中間目標") and "45.0%" in n for n in k.notes)
    assert any(n.startswith("見込") and "46.0%" in n for n in k.notes)
    assert k.target.value == 50 and k.unit == "%"


def test_text_cells_are_kept_as_text_with_no_value():
    reading = read(
        ["指標", "基準値", "実績値（R3）", "実績値（R4）", "目標値"],
        [["空き家の活用件数", "—", "集計中", "—", "増加"]],
    )
    (k,) = reading.indicators
    assert k.baseline.value is None and k.baseline.text == "—"
    assert [(o.status, o.text) for o in k.observations] == [("pending", "集計中"), ("not_applicable", "—")]
    assert k.target.value is None and k.target.text == "増加"


def test_a_date_cell_in_a_value_column_is_the_targets_period_never_29_3():
    reading = read(["指標", "目標値"], [["光ファイバー整備率", "目標年月 H29.3"]])
    (k,) = reading.indicators
    assert k.target.value is None and k.target.period.year == 2017


def test_one_kpi_spread_over_rows_of_a_year_grid_is_one_kpi():
    reading = read(
        ["指標", "区分", "H27", "H28", "H29"],
        [
            ["転入者数", "期待値", "1,000", "1,100", "1,200"],
            ["", "実績値", "980", "1,150", "1,190"],
            ["", "達成率", "98.0%", "104.5%", "99.2%"],
        ],
    )
    (k,) = reading.indicators
    assert k.name == "転入者数"
    assert [(o.period.label, o.value) for o in k.observations] == [("H27", 980), ("H28", 1150), ("H29", 1190)]
    assert sum(n.startswith("中間目標") for n in k.notes) == 3


def test_role_words_in_the_name_cell_make_one_kpi_too():
    reading = read(
        ["項目", "H25年度", "H26年度", "H27年度"],
        [["市民活動ファンド応募団体数 目標", "18", "15", "12"], ["実績", "14", "10", "6"]],
    )
    (k,) = reading.indicators
    assert k.name == "市民活動ファンド応募団体数"
    assert k.target.value == 12 and k.target.period.fiscal_year == 2015
    assert [o.value for o in k.observations] == [14, 10, 6]


def test_names_repeated_under_row_groups_are_group_qualified():
    rows = []
    for service in ("放課後児童クラブ", "一時預かり事業"):
        rows.append([service, "", "", ""])
        rows.append(["①需要量", "120人", "125人", "130人"])
        rows.append(["②確保量", "100人", "120人", "130人"])
    reading = read(["区分", "R2年度", "R3年度", "R4年度"], rows)
    names = [k.name for k in reading.indicators]
    assert names == [
        "放課後児童クラブ ①需要量",
        "放課後児童クラブ ②確保量",
        "一時預かり事業 ①需要量",
        "一時預かり事業 ②確保量",
    ]
    assert by_name(reading)["一時預かり事業 ②確保量"].observations[-1].value == 130


def test_a_derived_column_that_disagrees_is_a_warning_with_its_place_not_a_value():
    reading = read(
        ["指標", "基準値", "目標値", "実績値", "達成率"],
        [
            ["ボランティア登録者数", "100人", "200人", "180人", "90.0%"],
            ["健康教室参加者数", "50人", "100人", "80人", "95.0%"],
        ],
    )
    ks = by_name(reading)
    assert [o.value for o in ks["健康教室参加者数"].observations] == [80]
    (warning,) = reading.warnings
    assert warning.place.line == 3 and "健康教室参加者数" in warning.message and "95.0%" in warning.message


def test_an_arrow_cell_gives_baseline_and_target():
    reading = read(["指標", "数値目標"], [["社会動態（転入−転出）", "H26年▲1,250→H31年▲600"]])
    (k,) = reading.indicators
    assert (k.baseline.value, k.target.value) == (-1250, -600)
    assert k.baseline.period.year == 2014 and k.direction == "increase"


def test_projects_with_their_departments():
    reading = read(
        ["No.", "事業名", "事業概要", "担当課"],
        [
            ["1", "子育て世代包括支援事業", "妊娠期から切れ目なく支援", "子育て支援課、健康推進課"],
            ["2", "空き家バンク事業", "空き家の登録と紹介", "都市計画課"],
        ],
    )
    assert [(p.name, p.departments) for p in reading.projects] == [
        ("子育て世代包括支援事業", ["子育て支援課", "健康推進課"]),
        ("空き家バンク事業", ["都市計画課"]),
    ]
    assert reading.indicators == []


NAMES = st.text(alphabet="市民図書館利用者数割合件回参加率施設", min_size=3, max_size=12)
UNITS = st.sampled_from(["人", "件", "%", "団体", "か所"])


@given(
    st.lists(
        st.tuples(NAMES, UNITS, *[st.integers(min_value=0, max_value=10**7)] * 4),
        min_size=1,
        max_size=8,
        unique_by=lambda r: r[0],
    ),
    st.integers(min_value=1, max_value=30),
)
def test_any_kpi_table_gives_its_facts_back(rows, start):
    """Baseline, actuals and target of every row, with their header periods, whatever the names and figures."""
    years = [f"H{start + i}" for i in range(3)]
    header = ["指標名", "単位", f"基準値（{years[0]}）", years[1], years[2], f"目標値（H{start + 5}）"]
    body = [[name, unit, f"{b:,}", f"{a1:,}", f"{a2:,}", f"{t:,}"] for name, unit, b, a1, a2, t in rows]
    reading = read(header, body)
    assert [k.name for k in reading.indicators] == [r[0] for r in rows]
    for k, (_, unit, b, a1, a2, t) in zip(reading.indicators, rows, strict=True):
        assert (k.unit, k.baseline.value, k.target.value) == (unit, b, t)
        assert [(o.period.label, o.value) for o in k.observations] == [(years[1], a1), (years[2], a2)]
        assert k.baseline.period.label == years[0] and k.target.period.fiscal_year == 1988 + start + 5
    assert reading.warnings == []


def test_a_project_rows_grade_and_direction_are_its_evaluation_for_the_documents_year():
    header = ["事業名", "担当課", "1次評価", "最終評価", "今後の方向性"]
    reading = read_table(
        table(header, [["表参道整備事業", "市街地整備課", "B", "A", "拡大"]]), column_meanings(header), fiscal_year=2016
    )
    (project,) = reading.projects
    (evaluation,) = project.evaluations
    assert (evaluation.fiscal_year, evaluation.grade, evaluation.future_direction) == (2016, "A", "拡大")


def test_a_sheets_cost_rows_and_budget_classes_are_not_kpis():
    from hyoka.ingest.meaning.tables import plausible_name

    for cost in ["その他(使用料・借入金ほか)", "保健衛生費(目)", "衛生費（款）", "一般財源", "人件費(平均人件費×E)"]:
        assert not plausible_name(cost), cost
    for kpi in ["骨密度測定者", "施設の利用者数", "健康相談の実施回数", "保健指導の実施率"]:
        assert plausible_name(kpi), kpi


def test_header_cells_run_together_are_not_a_kpi_name():
    from hyoka.ingest.meaning.tables import plausible_name

    assert not plausible_name("本事業終了後における実績値目標年月")
    assert not plausible_name("基準値現状値増減")
    assert plausible_name("図書館の年間貸出冊数")
    assert plausible_name("特定健診の受診率")


def test_a_name_cut_inside_its_bracket_is_not_a_kpi_name():
    from hyoka.ingest.meaning.tables import plausible_name

    assert not plausible_name("ふるさと給食(毎月")
    assert not plausible_name("理解促進に関する目標（市独自に設定する")
    assert plausible_name("ふるさと給食(毎月23日)実施回数")
    assert plausible_name("市内温泉地宿泊客数（年間）")


def test_a_unit_and_its_bracketed_rate_is_not_a_kpi_name():
    from hyoka.ingest.meaning.tables import plausible_name

    assert not plausible_name("人(1.6%)")
    assert not plausible_name("件（2倍）")
    assert not plausible_name("件%")
    assert plausible_name("市民(18歳以上)の割合")
    assert plausible_name("人口(年間)")


def test_a_codes_label_is_not_a_kpi_name():
    from hyoka.ingest.meaning.tables import plausible_name

    assert not plausible_name("財務会計上の短縮番号")
    assert not plausible_name("事業コード")
    assert plausible_name("緊急連絡先番号の登録者数")


def test_a_department_or_the_tail_of_a_cut_cell_is_no_project():
    reading = read(
        ["施策名", "担当課長名"],
        [["都市建設部", "空港課"], ["進会議」の運営補助等", "山田 一郎"], ["「市民会議」の運営事業", "佐藤 花子"]],
    )
    assert [p.name for p in reading.projects] == ["「市民会議」の運営事業"]


def test_the_tail_of_a_wrapped_name_is_not_a_kpi_name():
    from hyoka.ingest.meaning.tables import plausible_name

    assert not plausible_name("る幼稚園・保育所の割合")
    assert not plausible_name("んの検診受診率")
    assert plausible_name("ひとり親家庭の就業率")
    assert plausible_name("たばこを吸う人の割合")
