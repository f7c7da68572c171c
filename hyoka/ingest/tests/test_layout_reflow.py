"""Property: a known KPI table reflowed into any tab-less layout is recovered cell for cell.

The tables are random (KPI names, figures with units, periods, departments) in the style of
city documents; each is printed as tabs, markdown rows, ` |` cells, one cell per line (with
wrapped values and names broken mid-word), one long line with page numbers, spaced-out
characters and column by column, between a heading and a footnote.
"""

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hyoka.ingest.columns import VALUE_KINDS, column_meanings
from hyoka.ingest.layout import recover_tables
from hyoka.ingest.layout import reflow as rf
from hyoka.ingest.text.lines import split_lines

# Characters of KPI names that never make a header word (no 目標, 指標, 実績, 担当 …).
STEM = "市民図書館利用観光客入込就女性子育世帯高齢者健診受診防災組織自主空家対移住定農新商店街来訪公園緑地"
SUFFIXES = ["数", "率", "人数", "件数", "者数", "満足度", "割合"]
UNITS = ["人", "件", "%", "か所", "団体", "回"]
DEPARTMENTS = ["企画課", "商工観光課", "子育て支援課、保育課", "健康推進課", "市民協働推進室"]
PERIODS = ["(H28年)", "(R2)", "(平成29年度)"]

names = st.builds(lambda stem, suffix: stem + suffix, st.text(STEM, min_size=2, max_size=8), st.sampled_from(SUFFIXES))


@st.composite
def values(draw) -> str:
    if draw(st.integers(0, 9)) == 0:
        return "-"
    n = draw(st.integers(0, 999_999))
    number = f"{n:,}" if draw(st.booleans()) else f"{n / 10:.1f}"
    text = draw(st.sampled_from(["", "△"])) + number + draw(st.sampled_from(["", *UNITS]))
    if draw(st.integers(0, 4)) == 0:
        text += draw(st.sampled_from(PERIODS))
    return text


@st.composite
def tables(draw, min_rows: int = 1, max_rows: int = 6) -> tuple[list[str], list[list[str]]]:
    """A KPI table: name, maybe 単位, a baseline, 0–3 actuals, a target, maybe 担当課."""
    header = [draw(st.sampled_from(["指標名", "成果指標", "KPI", "項目", "数値目標"]))]
    columns = ["name"]
    if draw(st.booleans()):
        header.append("単位")
        columns.append("unit")
    header.append(draw(st.sampled_from(["基準値（H26）", "策定時", "現状値(R2)", "基準値"])))
    columns.append("value")
    for label in draw(
        st.lists(st.sampled_from(["H27", "H28実績", "平成29年度", "実績値(R3)"]), max_size=3, unique=True)
    ):
        header.append(label)
        columns.append("value")
    header.append(draw(st.sampled_from(["目標値（H31）", "目標", "計画値", "目標値(令和7年度)"])))
    columns.append("value")
    if draw(st.booleans()):
        header.append("担当課")
        columns.append("department")
    n = draw(st.integers(min_rows, max_rows))
    rows = []
    for _ in range(n):
        row = []
        for column in columns:
            if column == "name":
                row.append(draw(names))
            elif column == "unit":
                row.append(draw(st.sampled_from(UNITS)))
            elif column == "department":
                row.append(draw(st.sampled_from(DEPARTMENTS)))
            else:
                row.append(draw(values()))
        rows.append(row)
    return header, rows


def recovered(lines: list[str]) -> tuple[list[str], list[list[str]], str]:
    text = "\n".join(["基本目標1 働きやすいまちをつくる", *lines, "※ 数値は各年度末のもの。出典は市の統計です。"])
    found = recover_tables(split_lines(text), "reflow.txt")
    assert len(found) == 1, [(t.how, t.header, t.rows) for t in found]
    table = found[0]
    assert table.title == "基本目標1 働きやすいまちをつくる"
    assert len(table.row_places) == len(table.rows)
    return table.header, table.rows, table.how


@settings(max_examples=60, deadline=None)
@given(tables(), st.sampled_from(["tabs", "markdown", "pipes", "one-cell-per-line"]))
def test_a_table_comes_back_from_each_line_layout(table, layout):
    header, rows = table
    assert recovered(rf.LAYOUTS[layout](header, rows))[:2] == (header, rows)


@settings(max_examples=60, deadline=None)
@given(tables(), st.data())
def test_wrapped_values_and_names_broken_mid_word_are_joined_back(table, data):
    header, rows = table
    wraps = {}
    for r, row in enumerate(rows):
        if data.draw(st.booleans()):
            wraps[(r, 0)] = data.draw(st.integers(1, len(row[0]) - 1))
    header_back, rows_back, how = recovered(rf.as_cell_lines(header, rows, wraps))
    assert (header_back, rows_back, how) == (header, rows, "one-cell-per-line")


@settings(max_examples=60, deadline=None)
@given(tables(min_rows=4, max_rows=12), st.sampled_from(["- {} -", "{}"]))
def test_a_table_on_one_long_line_with_page_numbers(table, page_format):
    header, rows = table
    # A "-" cell beside a figure and a "- 12 -" page number print as "- 0 - 16 -", and dash cells
    # around a one-digit figure print "- 0 -" like a page number whatever the page format: no reader
    # can split either one way, so the property is claimed only where a page number is unambiguous.
    assume(page_format == "{}" or not any(c.strip() in ("-", "－", "—", "ー") for r in rows for c in r))
    while len(" ".join(header + [c for r in rows for c in r])) < 220:
        rows = rows + rows
    assume(not re.search(r"(?:^|\s)[-－―‐]\s*\d{1,3}\s*[-－―‐](?=\s|$)", " ".join(c for r in rows for c in r)))
    lines = rf.as_one_line(header, rows, page_format=page_format)
    assert recovered(lines) == (header, rows, "one-line")


@settings(max_examples=60, deadline=None)
@given(tables())
def test_spaced_out_headers_names_and_departments_are_despaced(table):
    header, rows = table
    text_columns = [0] + [c for c, h in enumerate(header) if h == "担当課"]
    assert recovered(rf.as_spaced_cells(header, rows, text_columns))[:2] == (header, rows)


@settings(max_examples=60, deadline=None)
@given(tables(min_rows=2))
def test_a_table_printed_column_by_column(table):
    header, rows = table
    value_columns = [c for c, m in enumerate(column_meanings(header)) if m.kind in VALUE_KINDS]
    assert recovered(rf.as_columns(header, rows, value_columns)) == (header, rows, "columns")


@settings(max_examples=60, deadline=None)
@given(tables(), st.sampled_from(["tabs", "markdown", "pipes"]), st.data())
def test_empty_cells_come_back_where_the_layout_can_print_them(table, layout, data):
    header, rows = table
    rows = [[cell if c == 0 or data.draw(st.booleans()) else "" for c, cell in enumerate(row)] for row in rows]
    assert recovered(rf.LAYOUTS[layout](header, rows))[:2] == (header, rows)
