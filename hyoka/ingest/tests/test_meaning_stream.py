"""KPI tables whose cells arrive as a stream of tokens (web pages, PDF text), invented in the real style."""

from hyoka.ingest.columns import column_meanings
from hyoka.ingest.meaning.stream import (
    read_bracketed_departments,
    read_bulleted_projects,
    read_numbered_blocks,
    read_project_rows,
    read_records,
    read_role_runs,
    read_streams,
)
from hyoka.ingest.meaning.stream import read_period_runs as read_periods
from hyoka.ingest.meaning.tables import read_table
from hyoka.ingest.text.lines import split_lines

WRAPPED = """・目標値
 目標達成のために以下のような目標値を設定します。

NO. 項目 計画策定時
の値
現状値
(直近の値)
目標値
(R7年度)
朝食を毎日食べる児童の割合 88.1%
(R1年度)
91.5%
(R5年度)
100%
地元食材を使った料理教室の参加者数【新規】 320人
(R4年度)
増加
"""


def test_rows_are_a_name_then_its_figures_with_their_periods():
    (table,) = read_streams(split_lines(WRAPPED), "w.txt")
    assert table.how == "stream"
    assert table.rows[0][0] == "朝食を毎日食べる児童の割合"
    assert table.rows[0][-3:] == ["88.1% (R1年度)", "91.5% (R5年度)", "100%"]


def test_missing_figures_are_the_first_ones():
    (table,) = read_streams(split_lines(WRAPPED), "w.txt")
    assert table.rows[1][-3:] == ["", "320人 (R4年度)", "増加"]
    assert table.row_places[1].line == 15


def test_one_line_with_a_unit_column():
    text = "1章 まちづくり 目標(指標)名 単位 現状 目標(令和7年度) 待機児童 人 0 0 認定こども園 カ所 1 3 相談件数 件 943 1,000"
    (table,) = read_streams(split_lines(text), "o.txt")
    assert table.rows == [
        ["待機児童", "人", "0", "0"],
        ["認定こども園", "カ所", "1", "3"],
        ["相談件数", "件", "943", "1,000"],
    ]


def test_a_number_and_its_unit_split_by_a_space_are_one_figure():
    text = "指標 現状値(平成26年) 目標値(平成32年)\n観光客入込数(年間) 635 万人 670 万人\n"
    (table,) = read_streams(split_lines(text), "s.txt")
    assert table.rows == [["観光客入込数(年間)", "635万人", "670万人"]]


def test_prose_is_no_table():
    assert read_streams(split_lines("目標値を設定します。市民の皆さまのご協力をお願いします。\n"), "p.txt") == []


def test_a_year_grid_one_cell_per_line_is_read_by_its_value_words():
    text = "\n".join(
        ["指標名", "説明・算定式", "成果指標①", "目標", "実績", "単位", "子育てサロン参加組数", "組", "-"]
        + ["平成28年度", "40", "35", "平成29年度", "45", "47", "平成30年度", "50", "52"]
    )
    (table,) = read_periods(split_lines(text), "g.txt")
    assert table.header[-3:] == ["平成28年度", "平成29年度", "平成30年度"]
    assert table.rows == [
        ["子育てサロン参加組数", "組", "目標", "40", "45", "50"],
        ["", "組", "実績", "35", "47", "52"],
    ]


def test_a_year_grid_through_the_table_reader_is_one_kpi():
    text = "目標\n実績\n相談件数\n件\nR3年度\n100\n90\nR4年度\n110\n120\n"
    (table,) = read_periods(split_lines(text), "g.txt")
    (k,) = read_table(table, column_meanings(table.header)).indicators
    assert (k.name, k.unit, k.target.value, k.target.period.fiscal_year) == ("相談件数", "件", 110, 2022)
    assert [o.value for o in k.observations] == [90, 120]
    assert any(n.startswith("中間目標") and "100" in n for n in k.notes)


def test_a_record_with_its_own_header_after_the_name():
    text = "指標(KPI)\n花をテーマにした\n観光客誘致(年間)\n現状値\n目標値\n(平成26年)\n(平成32年)\n33万人\n45万人\n"
    (table,) = read_records(split_lines(text), "r.txt")
    assert table.header == ["指標(KPI)", "現状値(平成26年)", "目標値(平成32年)"]
    assert table.rows == [["花をテーマにした観光客誘致(年間)", "33万人", "45万人"]]


def test_label_value_records():
    text = "1-1 項目 施設入所者の地域生活への移行者数 目標値 260人 備考 平成25年度末の入所者2,159人のうち約12%"
    (table,) = read_records(split_lines(text), "r.txt")
    assert table.rows == [["施設入所者の地域生活への移行者数", "260人"]]


def test_figures_labelled_in_running_text():
    text = "平成28年度末時点の施設入所者数 135人 上記のうち,令和2年度末までの地域移行者数 目標値 5人(3.7%) 実績 4人"
    (table,) = read_role_runs(split_lines(text), "p.txt")
    assert table.header == ["指標", "目標値", "実績"]
    assert table.rows == [["上記のうち,令和2年度末までの地域移行者数", "5人(3.7%)", "4人"]]


def test_row_numbers_qualifiers_and_wrapped_tails_in_a_one_line_table():
    text = (
        "項目 現状値(平成26年度) 目標値(平成31年度) "
        "4 栄養バランスに気を付けている人の 51.3% 55% 割合 "
        "5 欠食の割合 54.5% 当面は 20% "
        "6 むし歯有病者率 35.2% 33%"
    )
    (table,) = read_streams(split_lines(text), "o.txt")
    assert table.rows == [
        ["栄養バランスに気を付けている人の割合", "51.3%", "55%"],
        ["欠食の割合", "54.5%", "20%"],
        ["むし歯有病者率", "35.2%", "33%"],
    ]


def test_bulleted_projects_take_the_department_line_after_them():
    text = "・子育て支援センター運営事業\n\n・一時預かり事業 ・ファミリー サポート事業(会員拡大)\n\nこども 家庭課\n・施設の老朽化に伴う維持管理経費が増加しつつある。\n"
    (table,) = read_bulleted_projects(split_lines(text), "b.txt")
    assert table.rows == [
        ["子育て支援センター運営事業", "こども家庭課"],
        ["一時預かり事業", "こども家庭課"],
        ["ファミリーサポート事業(会員拡大)", "こども家庭課"],
    ]


def test_project_rows_whose_cells_arrive_space_separated():
    text = (
        "コード 事業名 施策コード 課名 事業内容\n"
        "1205 子育て世代包括支援事業 020301\n\nこども家庭課\n\n妊娠期から切れ目なく相談に応じた。\n"
        "0420 公園長寿命化事業 030202 公園緑地課\n\n老朽化した遊具を更新した。\n"
    )
    (table,) = read_project_rows(split_lines(text), "p.txt")
    assert table.rows == [["子育て世代包括支援事業", "こども家庭課"], ["公園長寿命化事業", "公園緑地課"]]


def test_projects_each_followed_by_its_department_in_brackets():
    text = (
        "交付対象事業の名称 事業概要 指標\n"
        "4 Ⅱ‐1‐②\nふるさとへUIJターン!応援します。\n【商工課】\n"
        "「先端医療都市」情報発信\n5 Ⅰ‐4‐① 事業\n【地域政策課】\n"
    )
    (table,) = read_bracketed_departments(split_lines(text), "b.txt")
    assert table.rows == [
        ["ふるさとへUIJターン!応援します。", "商工課"],
        ["「先端医療都市」情報発信事業", "地域政策課"],
    ]


def test_numbered_budget_blocks_take_the_department_closing_them():
    text = (
        "①産後ケアの充実(ママほっと事業) 10,800 出産直後の母親を支援する。 〔保健福祉局 保健医療課 TEL 222-3411〕 "
        "②保育所整備助成 (新設) 560,200 3か所を整備する。"
    )
    (table,) = read_numbered_blocks(split_lines(text), "n.txt")
    assert table.rows == [["産後ケアの充実(ママほっと事業)", "保健福祉局 保健医療課"], ["保育所整備助成", ""]]


def test_prose_of_a_text_cell_after_a_year_grid_is_not_the_grids_kpi():
    text = (
        "H27 H28 H29 H30 H31\n"
        "\n"
        "52.3万人 55.1万人\n"
        "\n"
        "姉妹都市協定を締結している 台湾の訪問団の受入と行 事参加。\n"
        "交流会の開催方法を検討する。\n"
    )
    assert [t.rows for t in read_streams(split_lines(text), "g.txt")] == []


def test_a_label_printed_after_its_figures_on_a_line_of_its_own_is_still_read():
    text = "H27 H28 H29 H30 H31\n\n52.3万人 55.1万人\n\n交流人口\n"
    (table,) = read_streams(split_lines(text), "g.txt")
    assert table.rows[0][0] == "交流人口"


def test_the_rates_row_of_a_sheet_labelled_after_its_figures_is_no_kpi():
    text = "H27 H28 H29 H30 H31 達成率 66.4% 79.3% 71.4% - - 達成状況 評価 C C C X X\n"
    assert [r[0] for t in read_streams(split_lines(text), "s.txt") for r in t.rows] == []


def test_figures_before_a_name_that_its_own_figures_follow_are_no_rows():
    text = "指標 策定時 目標値 12.5% 15.0% 朝食欠食率 8.0% 5.0% 運動習慣者の割合 30.0% 40.0%\n"
    (table,) = read_streams(split_lines(text), "s.txt")
    assert table.rows == [["朝食欠食率", "8.0%", "5.0%"], ["運動習慣者の割合", "30.0%", "40.0%"]]


def test_two_rows_printed_side_by_side_cell_by_cell_are_two_rows():
    text = (
        "目標(指標)名 単位 現状 目標(令和7年度) 図書館の来館者数 子ども読書会の参加者数 人 人 52,300 610 55,000 700\n"
    )
    (table,) = read_streams(split_lines(text), "s.txt")
    assert table.rows == [
        ["図書館の来館者数", "人", "52,300", "55,000"],
        ["子ども読書会の参加者数", "人", "610", "700"],
    ]


def test_names_side_by_side_without_a_unit_each_stay_one_row():
    text = "目標(指標)名 単位 現状 目標(令和7年度) 図書館の来館者数 子ども読書会の参加者数 人 52,300 55,000\n"
    (table,) = read_streams(split_lines(text), "s.txt")
    assert [r[0] for r in table.rows] == ["図書館の来館者数子ども読書会の参加者数"]


def test_a_label_after_figures_that_runs_into_a_sentence_labels_the_sentence_not_the_figures():
    figures = "単位 27 年度 28 年度 29 年度 H29/H28 1,250 1,300 1,280 98.5% - "
    for label in ["利用者の声 なし", "利用者の満足度"]:
        text = figures + label + " 多くの利用者に喜ばれている。 一般財源\n"
        assert [r[0] for t in read_streams(split_lines(text), "s.txt") for r in t.rows] == [], label
    (table,) = read_streams(split_lines(figures + "利用者の満足度\n"), "s.txt")  # no sentence: its figures
    assert table.rows[0][0] == "利用者の満足度"


def test_short_row_labels_one_to_a_line_are_no_name():
    cells = "平成27年度 1号 平成28年度 平成29年度 950人 940人 930人 市内 市内 市内 3歳以上 2号 量の見込み 広域利用 計 "
    cells += "1号 720人 3歳以上 2号 確保方策 (実績) 広域利用 80人 広域利用 広域利用 80人 80人"
    names = [r[0] for t in read_streams(split_lines(cells.replace(" ", "\n")), "s.txt") for r in t.rows]
    assert not any("確保方策" in name for name in names)


def test_a_name_wrapped_over_two_lines_is_still_one_name():
    text = "平成27年度\n平成28年度\n放課後児童クラブの\n登録児童数\n1,066人\n1,058人\n"
    (table,) = read_streams(split_lines(text), "s.txt")
    assert table.rows[0][0] == "放課後児童クラブの登録児童数"


def test_a_bracketed_remark_naming_a_target_is_no_role_word():
    text = "備考 平成29年度の年間実利用者数 (市独自に設定する目標) 2 障がいのある人に対する理解促進 目標値 60%"
    assert [t.rows[0][0] for t in read_role_runs(split_lines(text), "p.txt")] == ["障がいのある人に対する理解促進"]
    (table,) = read_role_runs(split_lines("市民の満足度 (目標値) 60% (実績値) 52%"), "p.txt")
    assert table.rows == [["市民の満足度", "60%", "52%"]]


COLUMN_RUNS = (
    "③文化 目標(指標)名 単位 団体 人 件 % 現状 88 2,059 40 43 目標(令和7年度) 説明 "
    "④スポーツ 目標(指標)名 市文化協会の加入団体数 市文化祭参加人数 文化財の活用件数 伝統建造物の修景率 ⑤地域"
)


def test_a_table_printed_column_by_column_as_labelled_runs_of_equal_length():
    from hyoka.ingest.meaning.stream import read_column_runs

    (table,) = read_column_runs(split_lines(COLUMN_RUNS), "c.txt")
    assert table.header == ["指標", "単位", "現状"]
    assert table.rows[0] == ["市文化協会の加入団体数", "団体", "88"]
    assert table.rows[3] == ["伝統建造物の修景率", "%", "43"]


def test_column_runs_are_not_matched_where_the_count_does_not_say_which():
    from hyoka.ingest.meaning.stream import read_column_runs

    two_value_runs = COLUMN_RUNS.replace("目標(令和7年度) 説明", "目標(令和7年度) 90 2,100 50 50 説明")
    assert read_column_runs(split_lines(two_value_runs), "c.txt") == []
    three_values = COLUMN_RUNS.replace("現状 88 2,059 40 43", "現状 88 2,059 40")
    assert read_column_runs(split_lines(three_values), "c.txt") == []


DEFINED = """指標 現状 目標

公民館講座の受講者数

市内の公民館が主催する講座を受講した、延べ人数

3,120人(平成28年度)

3,600人(32年度)

空き家の利活用率

市が把握した空き家のうち、売買又は賃貸により利活用された戸数の割合

12.5%(28年度) 20%(32年度)
"""


def test_a_definition_line_between_a_name_and_its_figures_is_no_part_of_the_name():
    (table,) = read_streams(split_lines(DEFINED), "d.txt")
    assert [r[0] for r in table.rows] == ["公民館講座の受講者数", "空き家の利活用率"]
    assert table.rows[1][1:] == ["12.5%(28年度)", "20%(32年度)"]


def test_a_name_wrapped_before_its_measure_word_keeps_both_lines():
    text = "指標 現状 目標\n地域の見守り活動に参加している\n高齢者の割合\n41.2%(28年度)\n50%(32年度)\n"
    (table,) = read_streams(split_lines(text), "d.txt")
    assert table.rows[0][0] == "地域の見守り活動に参加している高齢者の割合"


def test_a_second_line_opening_with_a_particle_goes_on_with_the_name():
    text = "指標 現状 目標\n観光入込客数\nのうち市外からの宿泊を伴う来訪者の割合\n12.5%(28年度)\n20%(32年度)\n"
    (table,) = read_streams(split_lines(text), "d.txt")
    assert table.rows[0][0] == "観光入込客数のうち市外からの宿泊を伴う来訪者の割合"
