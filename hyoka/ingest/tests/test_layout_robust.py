"""Layout recovery never fails on what a city's text may hold: any mix of header words, figures,
pipes, tabs, page numbers and prose gives well-formed tables (or none), never an exception."""

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.ingest.layout import recover_tables
from hyoka.ingest.layout.positions import Box, find_tables
from hyoka.ingest.text.lines import split_lines

FRAGMENTS = [
    "指標名", "基準値", "目標値（H31）", "実績", "H27", "単位", "担当課", "事業名", "現状値", "評価", "備考",
    "図書館利用者数", "市民満足度", "企画課", "1,350", "(H28年)", "35.2%", "△24", "-", "基準値以上", "A",
    "|", " |", "| ", "\t", " ", "  ", "- 3 -", "12", "基本目標1", "※ 注記。", "本計画では指標を定めます。",
    "図 書 館", "(", ")", "①", "—", "\f",
]  # fmt: skip
HOWS = {"tabs", "pipes", "one-cell-per-line", "one-line", "columns"}

lines = st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join), max_size=40)


@settings(max_examples=200, deadline=None)
@given(lines)
def test_any_text_gives_well_formed_tables(texts):
    for table in recover_tables(split_lines("\n".join(texts)), "any.txt"):
        assert table.how in HOWS
        assert table.rows and len(table.row_places) == len(table.rows)
        assert all(len(row) == len(table.header) for row in table.rows)


boxes = st.builds(
    lambda text, x, y, w: Box(text, x, x + w, y, y + 8),
    st.sampled_from([f for f in FRAGMENTS if f.strip()]),
    st.floats(0, 600),
    st.floats(0, 800),
    st.floats(1, 200),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(boxes, max_size=60))
def test_any_word_boxes_give_well_formed_tables(words):
    for table in find_tables(words):
        assert len(table.rows) == len(table.row_tops) >= 1
        assert all(len(row) == len(table.header) for row in table.rows)
        assert table.top <= table.bottom
