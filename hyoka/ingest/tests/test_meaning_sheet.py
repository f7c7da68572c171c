"""Single-project evaluation sheets (事務事業評価シート), invented in the style of real ones."""

from decimal import Decimal

from hyoka.ingest.meaning.sheet import read_sheet

COLON_SHEET = """令和4年度 事務事業評価シート
事業名：子ども食堂支援事業
担当課：子育て支援課
事業費：1,250千円
成果指標：子ども食堂の利用者数
基準値（R2）：120人
目標値（R6）：300人
実績値（R4）：250人
評価：B
今後の方向性：拡充
"""

# PDF text: one cell per line, each label's value on the next line.
CELL_PER_LINE_SHEET = """平成 28年度
事業評価シート
事務事業名
高齢者見守りネットワーク事業
担当課
福祉部 高齢介護課
総合評価
A
今後の方向性
維持継続
"""


def test_a_sheet_with_colons_is_one_project_with_its_kpi_and_evaluation():
    sheet = read_sheet(COLON_SHEET.splitlines())
    project = sheet.project()
    assert project.name == "子ども食堂支援事業" and project.departments == ["子育て支援課"]
    (evaluation,) = project.evaluations
    assert (evaluation.fiscal_year, evaluation.grade, evaluation.future_direction) == (2022, "B", "拡充")
    assert project.notes == ["事業費: 1,250千円"]
    (kpi,) = sheet.kpis
    assert kpi.name == "子ども食堂の利用者数" and kpi.unit == "人"
    assert (kpi.baseline.value, kpi.target.value) == (120, 300)
    assert [(o.period.fiscal_year, o.value) for o in kpi.observations] == [(2022, Decimal(250))]


def test_a_sheet_printed_one_cell_per_line():
    sheet = read_sheet(CELL_PER_LINE_SHEET.splitlines(), "平成")
    project = sheet.project()
    assert project.name == "高齢者見守りネットワーク事業"
    assert project.departments == ["福祉部 高齢介護課"]
    (evaluation,) = project.evaluations
    assert (evaluation.fiscal_year, evaluation.grade, evaluation.future_direction) == (2016, "A", "維持継続")


def test_a_text_without_a_project_name_is_no_sheet():
    assert read_sheet(["担当課：企画課", "評価：A"]) is None


def test_a_sheet_headed_by_its_project_name_without_a_label():
    lines = [
        "行政評価",
        "事務事業 評価結果の公表",
        "高齢者見守り推進事業 高齢者見守り推進事業",
        "1.事務事業の概要",
        "担当課 健康福祉部 高齢介護課 所属長名 山田 太郎",
    ]
    project = read_sheet(lines).project()
    assert (project.name, project.departments) == ("高齢者見守り推進事業", ["健康福祉部 高齢介護課"])


def test_labels_printed_in_a_row_before_their_values():
    lines = [
        "事務事業評価",
        "担当部局",
        "担当課",
        "事務事業名 骨密度測定会事業",
        "121105",
        "事業開始",
        "健康福祉部",
        "健康政策課",
    ]
    project = read_sheet(lines).project()
    assert (project.name, project.departments) == ("骨密度測定会事業", ["健康政策課"])


def test_a_spaced_out_project_name_label_and_the_row_under_it():
    lines = [
        "平成29年度予算見積調書",
        "課室名: 地域政策課",
        "番号 事    業    名 会計 説 明",
        "B23 彩の未来地域連携事業 一般会計 総務費",
    ]
    project = read_sheet(lines).project()
    assert (project.name, project.departments) == ("彩の未来地域連携事業", ["地域政策課"])


# A PDF sheet flattened to one spaced line out of grid order: values before their labels.
SCRAMBLED_SHEET = (
    "1,250 1,300 97.0% 会計区分 施 策 名 担当課長名 山本 一郎 建設部 道路・公園課 担当部課名 "
    "緑の保全 事業の目的 実 施 計 画 の 事 業 名 財 務 会 計 上 の 事 業 名 公園管理事業 公園清掃委託事業 "
    "事業の対象 市民"
)


def test_a_department_printed_before_its_label_is_the_sheets_department():
    project = read_sheet([SCRAMBLED_SHEET]).project()
    assert project.departments == ["建設部 道路・公園課"]


def test_two_name_labels_then_two_names_the_sheets_own_is_not_the_plans():
    project = read_sheet([SCRAMBLED_SHEET]).project()
    assert project.name == "公園清掃委託事業"


def test_a_department_after_its_label_still_wins_over_one_before():
    lines = ["市民課 担当課 地域振興課 事務事業名 窓口案内事業"]
    project = read_sheet(lines).project()
    assert project.departments == ["地域振興課"]


def test_name_labels_not_followed_by_as_many_project_names_give_no_pair():
    lines = ["担当課 企画課 実施計画の事業名 財務会計上の事業名 公園管理事業 清掃の委託"]
    project = read_sheet(lines).project()
    assert project.name == "公園管理事業"  # the first label's name, as a lone label reads it


def test_a_kpi_under_its_指標名称_label_with_its_unit_in_brackets():
    for text in [
        "事務事業名 ごみ減量推進事業\n担当課 環境課\n成果指標 指標名称 ごみ排出量(t)\n目標値 1,200\n実績値 1,150",
        "事務事業名\nごみ減量推進事業\n担当課\n環境課\n成果指標\n指標名称\nごみ排出量(t)\n目標値\n1,200\n実績値\n1,150",
    ]:
        (kpi,) = read_sheet(text.splitlines()).kpis
        assert (kpi.name, kpi.unit, kpi.target.value) == ("ごみ排出量", "t", 1200), text
        assert [o.value for o in kpi.observations] == [1150]


def test_a_bracket_that_is_no_unit_stays_in_the_name():
    (kpi,) = read_sheet("事業名 図書館運営事業\n指標名称 貸出冊数(年間)\n目標値 52,000".splitlines()).kpis
    assert (kpi.name, kpi.unit) == ("貸出冊数(年間)", None)


def test_a_project_name_printed_before_its_label():
    for lines in (
        ["事務事業評価シート", "ごみ減量推進事業", "事務事業名", "環境課", "担当課", "令和4年度"],
        ["事務事業評価シート 令和4年度 ごみ減量推進事業 事務事業名 環境課 担当課 1,250 千円"],
    ):
        project = read_sheet(lines).project()
        assert (project.name, project.departments) == ("ごみ減量推進事業", ["環境課"]), lines


GLUED_SHEET = (
    "平成 30 年度事務事業評価シート 事業属性 施策名 作成日時 作成責任者山田太郎 ( 単位 : 千円 ) "
    "事業名 ( コード ) 商店街にぎわい創出事業 (420311) 担当課商工振興課 開始年度平成 24 年 (2012) 担当課長名佐藤"
)


def test_a_department_glued_to_its_label_is_the_sheets_department():
    project = read_sheet([GLUED_SHEET]).project()
    assert project.name == "商店街にぎわい創出事業" and project.departments == ["商工振興課"]


def test_a_label_that_only_starts_with_a_department_label_gives_no_department():
    project = read_sheet(["事務事業名 窓口案内事業 担当課長名鈴木 担当部局 市民部"]).project()
    assert project.departments == []
