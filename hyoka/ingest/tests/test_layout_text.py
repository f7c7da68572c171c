"""Layout recovery on invented lines in the style of real city documents, one test per way cells arrive."""

from hyoka.ingest.layout import recover_tables
from hyoka.ingest.layout.cells import can_continue, despace, fits, join_wrapped
from hyoka.ingest.layout.stream import one_line_tokens, split_header_words
from hyoka.ingest.text.lines import split_lines


def tables(text: str):
    return recover_tables(split_lines(text), "city.txt")


def test_tab_rows_with_the_header_printed_again_after_a_page_break():
    text = (
        "基本目標１　働きやすいまちをつくる\n"
        "指標\t基準値（H26）\t現状値（H28末現在）\t目標値（H31）\n"
        "市内事業所数\t4,986事業所\t4,962事業所\t基準値以上\n"
        "\f指標\t基準値（H26）\t現状値（H28末現在）\t目標値（H31）\n"
        "新規就農者数\t2人\t5人\t年間5人\n"
        "\n"
        "○ 主な取組\n"
    )
    (table,) = tables(text)
    assert table.how == "tabs"
    assert table.title == "基本目標１　働きやすいまちをつくる"
    assert table.header == ["指標", "基準値（H26）", "現状値（H28末現在）", "目標値（H31）"]
    assert table.rows == [
        ["市内事業所数", "4,986事業所", "4,962事業所", "基準値以上"],
        ["新規就農者数", "2人", "5人", "年間5人"],
    ]
    assert [str(p) for p in table.row_places] == ["city.txt:page 1:line 3", "city.txt:page 2:line 5"]


def test_a_second_header_row_under_merged_cells_is_joined_to_the_first():
    text = "項目\t策定時\t実績値\t\t目標値\n\tH26\tH27\tH28\tH31\n図書館利用者数\t1,200人\t1,250人\t1,310人\t1,500人\n"
    (table,) = tables(text)
    assert table.header == ["項目", "策定時H26", "実績値H27", "実績値H28", "目標値H31"]
    assert table.rows == [["図書館利用者数", "1,200人", "1,250人", "1,310人", "1,500人"]]


def test_one_cell_per_line_with_a_wrapped_value_and_a_name_broken_mid_word():
    text = """指標1
指標名
基準値（H26）
目標値（H31）
図書館の年間利用
者数
1,350
(H28年)
1,500
市民満足度
35.2%
40%
本市の図書館の利用状況をはかる指標です。
"""
    (table,) = tables(text)
    assert table.how == "one-cell-per-line"
    assert table.title == "指標1"
    assert table.rows == [["図書館の年間利用者数", "1,350(H28年)", "1,500"], ["市民満足度", "35.2%", "40%"]]
    assert [p.line for p in table.row_places] == [5, 10]


def test_one_table_over_a_page_break_with_its_header_printed_again():
    text = "指標名\n基準値\n目標値\n公園の数\n12\n15\n\f12\n指標名\n基準値\n目標値\n緑地面積\n35.2\n36.0\n"
    (table,) = tables(text)
    assert table.rows == [["公園の数", "12", "15"], ["緑地面積", "35.2", "36.0"]]
    assert [(p.page, p.line) for p in table.row_places] == [(1, 4), (2, 11)]


def test_header_periods_printed_under_the_header_words_go_to_their_columns():
    text = "指標(KPI)\n現状値\n目標値\n(平成26年)\n(平成32年)\n観光客入込数(年間)\n635万人\n670万人\n"
    (table,) = tables(text)
    assert table.header == ["指標(KPI)", "現状値(平成26年)", "目標値(平成32年)"]
    assert table.rows == [["観光客入込数(年間)", "635万人", "670万人"]]


def test_the_first_name_printed_inside_a_two_line_header():
    text = (
        "指標2\n指標(KPI)\n花をテーマにした\n観光客誘致(年間)\n現状値\n目標値\n(平成26年)\n(平成32年)\n33万人\n45万人\n"
    )
    (table,) = tables(text)
    assert table.header == ["指標(KPI)", "現状値(平成26年)", "目標値(平成32年)"]
    assert table.rows == [["花をテーマにした観光客誘致(年間)", "33万人", "45万人"]]
    assert [p.line for p in table.row_places] == [3]


def test_a_numbered_token_before_a_one_line_table_is_its_title():
    rows = " ".join(f"公園その{i}数 か所 {i} {i + 1}" for i in range(1, 8))
    (table,) = tables(f"本市の指標は次のとおりです ②公園・緑地 指標名 単位 現状値 目標値 {rows}")
    assert table.title == "②公園・緑地"


def test_pipe_cells_with_empty_cells_and_a_new_header_after_each_sub_heading():
    text = """(1) 子育て支援 |
指標名 |
単位 |
基準値 |
目標値 |
担当課 |
保育所待機児童数 |
人 |
12 |
0 |
|
(2) 健康づくり |
指標名 |
単位 |
基準値 |
目標値 |
担当課 |
特定健診受診率 |
% |
35.2 |
60 |
健康推進課 |
"""
    first, second = tables(text)
    assert first.how == second.how == "pipes"
    assert (first.title, second.title) == ("(1) 子育て支援", "(2) 健康づくり")
    assert first.rows == [["保育所待機児童数", "人", "12", "0", ""]]
    assert second.rows == [["特定健診受診率", "%", "35.2", "60", "健康推進課"]]


def test_markdown_rows():
    text = "| 事業名 | 担当課 | 今後の方向性 |\n|---|---|---|\n| 企業誘致事業 | 商工観光課 | 拡充 |\n"
    (table,) = tables(text)
    assert table.how == "pipes"
    assert table.header == ["事業名", "担当課", "今後の方向性"]
    assert table.rows == [["企業誘致事業", "商工観光課", "拡充"]]


def test_a_markdown_row_whose_cells_wrapped_one_to_a_line():
    text = """事業名 | 事業の概要 | 事業年度 |
---|---|---|
移住相談窓口事業 | 相談員を置くもの。 | 平成27年度 |
空き家バンク推進事業 |
空き家の登録を進め、 移住希望者に紹介するもの。 |
平成28年度 |
婚活支援事業 | 出会いの場をつくるもの。 | 平成27年度 |
"""
    (table,) = tables(text)
    assert [r[0] for r in table.rows] == ["移住相談窓口事業", "空き家バンク推進事業", "婚活支援事業"]
    assert table.rows[1][2] == "平成28年度"
    assert [p.line for p in table.row_places] == [3, 4, 7]


def test_pipe_cells_one_to_a_line_fewer_than_the_header_are_no_row():
    text = "事業名 | 事業の概要 | 事業年度 |\n---|---|---|\n移住相談窓口事業 | 相談員を置く。 | 平成27年度 |\n注記 |\n以上 |\n"
    (table,) = tables(text)
    assert [r[0] for r in table.rows] == ["移住相談窓口事業"]


def test_pipe_separated_rows_with_an_empty_first_cell_and_cells_wrapped_over_lines():
    text = """指標1
指標名 | 指標の分類 |
認定農業者の経営改善計画達成率 | 成果指標 |
| 基準値 | 年度当初値 | 今年度目標値 | 今年度実績値 |
数値 | 44% | 1〜2年目91%
3〜5年目75% | 1〜2年目90%
3〜5年目80% | |
時点 | 平成26年度 | 令和3年度 | 令和4年度 | |
"""
    first, second = tables(text)
    assert first.header == ["指標名", "指標の分類"]
    assert first.rows == [["認定農業者の経営改善計画達成率", "成果指標"]]
    assert second.header == ["", "基準値", "年度当初値", "今年度目標値", "今年度実績値"]
    assert second.rows == [
        ["数値", "44%", "1〜2年目91% 3〜5年目75%", "1〜2年目90% 3〜5年目80%", ""],
        ["時点", "平成26年度", "令和3年度", "令和4年度", ""],
    ]
    assert [p.line for p in second.row_places] == [5, 8]


def test_values_printed_before_the_names_column_by_column():
    text = "成果指標\n基準値\n目標値\n1,200人\n35.2%\n1,500人\n40%\n図書館利用者数\n市民満足度\n"
    (table,) = tables(text)
    assert table.how == "columns"
    assert table.rows == [["図書館利用者数", "1,200人", "1,500人"], ["市民満足度", "35.2%", "40%"]]


def test_a_whole_table_on_one_long_line_with_page_numbers():
    rows = " ".join(f"公園その{i}数 人 {100 + i} {200 + i}" + (" - 12 -" if i == 3 else "") for i in range(1, 13))
    line = f"①子育て・就学前教育 目標(指標)名 単位 現状 目標(平成 31 年度) {rows}"
    assert len(line) > 200
    (table,) = tables(line)
    assert table.how == "one-line"
    assert table.header == ["目標(指標)名", "単位", "現状", "目標(平成31年度)"]
    assert table.rows[0] == ["公園その1数", "人", "101", "201"]
    assert table.rows[3] == ["公園その4数", "人", "104", "204"]
    assert len(table.rows) == 12


def test_spaced_out_characters_from_justified_pdf_text():
    text = "指 標 名\n基 準 値\n目 値\n図 書 館 利 用 者 数\n1,200\n1,500\n"
    (table,) = tables(text)
    assert table.header == ["指標名", "基準値", "目値"]  # a dropped character is still read as 目標値
    assert table.rows == [["図書館利用者数", "1,200", "1,500"]]


def test_header_words_printed_down_a_narrow_column_one_character_a_line():
    text = "指標名\n現\n状\n値\n目\n標\n値\n備\n考\n公園の数\n12\n15\n人\n"
    (table,) = tables(text)
    assert table.header == ["指標名", "現状値", "目標値", "備考"]
    assert table.rows == [["公園の数", "12", "15", "人"]]  # a single character in the body stays a cell


def test_a_code_column_first():
    text = "No.\n項目\n単位\n平成26年度\n平成28年度\n1\n公園の数\nか所\n12\n14\n2\n緑地面積\nha\n35.2\n36.0\n"
    (table,) = tables(text)
    assert table.rows == [["1", "公園の数", "か所", "12", "14"], ["2", "緑地面積", "ha", "35.2", "36.0"]]


def test_prose_with_header_words_is_not_a_table():
    text = "目標値は平成31年度の目標値を設定します。\n基準値は策定時の値です。\n実績値は毎年度公表します。\n"
    assert tables(text) == []
    assert tables("指標\n基準値\n目標値\n本計画では次のとおり指標を定めます。\n") == []


def test_cell_helpers():
    assert despace("図 書 館 利 用 者 数") == "図書館利用者数"
    assert despace("市民 満足度") == "市民 満足度"
    assert join_wrapped(["商工観光", "課"]) == "商工観光課"
    assert join_wrapped(["T-1", "Grand"]) == "T-1 Grand"
    assert join_wrapped(["1,350", "(H28年)"]) == "1,350(H28年)"
    assert one_line_tokens("現状値(平成 26 年度) 基 準 値 目 標 値 - 3 - 12") == [
        "現状値(平成26年度)",
        "基準値",
        "目標値",
        "12",
    ]
    assert split_header_words("図書館利用者数") == ["図書館利用者数"]
    assert fits("target", "基準値以上") and fits("actual", "確報値待ち") and not fits("actual", "図書館利用者数")
    assert fits("department", "子育て支援課、保育課") and not fits("department", "図書館利用者数")
    assert not fits("kpi_name", "1,350人") and not fits("kpi_name", "目標値")


def test_a_table_knows_the_last_line_of_its_cells_when_a_rows_figures_stand_below_its_name():
    text = (
        "指標3\n"  # 1
        "指標(KPI)\n"  # 2
        "道の駅利用者数\n"  # 3
        "(年間)\n"  # 4
        "現状値\n"  # 5
        "目標値\n"  # 6
        "(平成26年)\n"  # 7
        "(平成32年)\n"  # 8
        "12万4千人\n"  # 9
        "15万人\n"  # 10
        "1年間に道の駅を訪れた人の数で、交流の状況をはかる指標です。\n"  # 11
    )
    (table,) = tables(text)
    assert table.rows == [["道の駅利用者数(年間)", "12万4千人", "15万人"]]
    assert [p.line for p in table.row_places] == [3]
    assert table.last_line == 10


def test_a_tab_table_knows_its_last_row_line():
    (table,) = tables("指標\t基準値\t目標値\n市内事業所数\t4,986\t5,000\n\n新規就農者数\t2人\t5人\n\n本文です。\n")
    assert table.last_line == 4


def test_a_header_word_never_opens_a_wrapped_cell():
    # a sheet's indicator block: the name, then 単位 and the unit as labels, then year rows; no
    # column may take 単位 / 人 / - / 平成28年度 as one wrapped name
    text = "2.事業の検証\n指標名\n説明・算定式\n成果指標①\n目標\n実績\n子育てサロン参加者数\n単位\n人\n-\n平成28年度\n120\n98\n"
    assert not any("単位" in cell for t in tables(text) for row in t.rows for cell in row)


def test_a_figure_is_neither_a_grade_nor_the_tail_of_a_wrapped_name():
    assert fits("grade", "B") and fits("grade", "概ね順調") and fits("grade", "4")
    assert not fits("grade", "90%以上") and not fits("grade", "63.4%")
    assert can_continue("kpi_name", "者数") and not can_continue("kpi_name", "57.6%")
    # one line of a table whose header lost a column: the figures do not slide into the grade or the name
    text = (
        "項目 市民の読書に関心が 策定時 目標値 評価 57.6% 63.4% 90%以上 B 34.9% 34.6% 50%以上 C 18.0% 14.8% 15%以下 A"
    )
    assert not any(
        cell.endswith("%") and m == 0 or cell.endswith("以上") and m == 3
        for t in tables(text)
        for row in t.rows
        for m, cell in enumerate(row)
    )


def test_a_one_line_table_whose_last_column_is_the_kpis_department():
    text = (
        "数値目標評価シート 基本目標 ひと 暮らしやすいまちづくり 指標名 基準値 (平成26年度) 目標値 (平成31年度) "
        "KPI所管課 転入者数 1,250 1,400 市民課 子育て世帯の満足度 61.2% 70.0% こども課"
    )
    (table,) = tables(text)
    assert table.header == ["指標名", "基準値(平成26年度)", "目標値(平成31年度)", "KPI所管課"]
    assert table.rows == [
        ["転入者数", "1,250", "1,400", "市民課"],
        ["子育て世帯の満足度", "61.2%", "70.0%", "こども課"],
    ]
