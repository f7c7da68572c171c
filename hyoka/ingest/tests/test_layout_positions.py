"""Tables without ruling lines, rebuilt from word positions: on word boxes, and on PDFs made like a city's."""

from hypothesis import given, settings

from hyoka.ingest.layout.positions import Box, find_tables
from hyoka.ingest.readers.pdf import pdf_text

from .pdfmaker import text_to_pdf
from .test_layout_reflow import tables

H = 8.0  # font height in points


def words(*lines: tuple[float, list[tuple[float, str]]]) -> list[Box]:
    """Word boxes from (top, [(x0, text)]) lines; each character 8 points wide, as in a CJK font."""
    return [Box(text, x0, x0 + H * len(text), top, top + H) for top, cells in lines for x0, text in cells]


def test_a_kpi_table_with_a_name_wrapped_over_two_lines():
    page = words(
        (40, [(40, "基本目標1 働きやすいまちをつくる")]),
        (60, [(40, "指標名"), (200, "基準値"), (280, "目標値"), (360, "担当課")]),
        (77, [(40, "図書館の年間利用者数（市立"), (200, "1,350"), (280, "1,500"), (360, "生涯学習課")]),
        (88, [(40, "図書館と分館の合計）")]),
        (105, [(40, "市民満足度"), (200, "35.2%"), (280, "40%"), (360, "企画課")]),
        (140, [(40, "本計画では、上記の指標により進捗を管理します。上記の指標は毎年度公表します。")]),
    )
    (table,) = find_tables(page)
    assert table.header == ["指標名", "基準値", "目標値", "担当課"]
    assert table.rows == [
        ["図書館の年間利用者数（市立図書館と分館の合計）", "1,350", "1,500", "生涯学習課"],
        ["市民満足度", "35.2%", "40%", "企画課"],
    ]
    assert table.row_tops == [77, 105]
    assert table.top == 60 and table.bottom == 113


def test_a_merged_header_cell_over_two_year_columns_and_periods_under_the_header():
    page = words(
        (60, [(40, "項目"), (200, "策定時"), (260, "実績値"), (380, "目標値")]),
        (74, [(200, "(H26)"), (260, "H27"), (320, "H28"), (380, "(H31)")]),
        (91, [(40, "公園の数"), (200, "12"), (260, "13"), (320, "14"), (380, "15")]),
    )
    (table,) = find_tables(page)
    assert table.header == ["項目", "策定時(H26)", "実績値H27", "実績値H28", "目標値(H31)"]
    assert table.rows == [["公園の数", "12", "13", "14", "15"]]


def test_values_under_a_wrapped_name_start_no_new_row_but_a_second_value_does():
    page = words(
        (60, [(40, "指標"), (200, "現状値"), (280, "目標値")]),
        (77, [(40, "65歳以上の")]),
        (88, [(40, "就業率"), (200, "35%"), (280, "40%")]),
        (99, [(40, "新規就農者数"), (200, "2人"), (280, "5人")]),
    )
    (table,) = find_tables(page)
    assert table.rows == [["65歳以上の就業率", "35%", "40%"], ["新規就農者数", "2人", "5人"]]


def test_spaced_out_header_words_and_a_footnote_ending_the_table():
    page = words(
        (60, [(40, "指 標 名"), (200, "基 準 値"), (280, "目 標 値")]),
        (77, [(40, "図 書 館 利 用 者 数"), (200, "1,200"), (280, "1,500")]),
        (94, [(40, "※ 数値は各年度末")]),
    )
    (table,) = find_tables(page)
    assert table.header == ["指標名", "基準値", "目標値"]
    assert table.rows == [["図書館利用者数", "1,200", "1,500"]]


def test_text_lines_with_wide_gaps_but_no_header_words_are_no_table():
    page = words(
        (60, [(40, "令和5年3月"), (300, "市長 山田太郎")]),
        (77, [(40, "第1章"), (300, "計画の概要")]),
    )
    assert find_tables(page) == []


def test_an_unruled_pdf_table_reads_as_tab_rows():
    text = (
        "基本目標1 働きやすいまちをつくる\n"
        "指標名\t単位\t基準値\t実績値\t\t目標値\t担当課\n"
        "\t\t(H26)\tH27\tH28\t(H31)\t\n"
        "図書館の年間利用者数（市立図書館と分館の合計）\t人\t1,350\t1,400\t1,420\t1,500\t生涯学習課\n"
        "市民満足度\t%\t35.2\t36.0\t37.5\t40\t企画課、広報課\n"
        "新規就農者数\t人\t△24\t5\t6\t基準値以上\t農政課\n"
        "※ 数値は各年度末のもの。\n"
    )
    pdf = text_to_pdf(text, ruled=False, col_widths=[120, 40, 60, 60, 60, 60, 80])
    assert pdf_text(pdf, "city.pdf").split("\n") == [
        "基本目標1 働きやすいまちをつくる",
        "指標名\t単位\t基準値(H26)\t実績値H27\t実績値H28\t目標値(H31)\t担当課",
        "図書館の年間利用者数（市立図書館と分館の合計）\t人\t1,350\t1,400\t1,420\t1,500\t生涯学習課",
        "市民満足度\t%\t35.2\t36.0\t37.5\t40\t企画課、広報課",
        "新規就農者数\t人\t△24\t5\t6\t基準値以上\t農政課",
        "※ 数値は各年度末のもの。",
    ]


def test_a_ruled_pdf_table_is_read_as_before():
    pdf = text_to_pdf("指標名\t基準値\t目標値\n市民満足度\t35.2%\t40%\n")
    assert pdf_text(pdf, "city.pdf").split("\n") == ["指標名\t基準値\t目標値", "市民満足度\t35.2%\t40%"]


@settings(max_examples=25, deadline=None)
@given(tables(max_rows=4))
def test_any_kpi_table_drawn_without_rules_comes_back_from_the_pdf(table):
    """Narrow columns wrap long names, departments and periods over lines; the tab rows are the table."""
    header, rows = table
    widths = [64 if h == header[0] else 30 if h == "単位" else 60 for h in header]
    lines = ["基本目標1 働きやすいまちをつくる", *("\t".join(r) for r in [header, *rows]), "※ 数値は各年度末のもの。"]
    pdf = text_to_pdf("\n".join(lines), ruled=False, col_widths=widths)
    assert pdf_text(pdf, "city.pdf").split("\n") == lines
