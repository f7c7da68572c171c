"""Small tables printed as tagged label/value pairs (【目標年度】, 平成25年度末時点の …): the row tag says the figure."""

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.ingest.layout import recover_tables
from hyoka.ingest.layout import reflow as rf
from hyoka.ingest.layout.tagged import HEADER, tagged_tables
from hyoka.ingest.text.lines import split_lines

PROGRESS = (
    "○福祉施設から地域生活への移行について、30年度末までに施設入所者の9%が移行するものと見込みます。"
    "   平成26年度末時点の施設入所者数(A) 212 人 平成29年度末時点の入所者数(C) 205 人 "
    "【目標年度】入所者数(B) 203 人 削減見込(A−B) 9人(4.2% ) 【平成29年度末現在】削減数(C−A) 7 人(3.3%) "
    "【目標年度】地域生活移行者数  19人(9 %) 【平成29年度末現在】地域生活移行者数  8人(3.8%) "
    "○就労移行支援事業の利用者数は、26年度の利用者数の6割以上増加すると設定します。 "
    "平成26年度の就労移行支援事業の利用者数  41人 【目標値】目標年度の就労移行支援事業の利用者数  66人(1.6倍) "
    "平成29年度の就労移行支援事業の利用者数  52人(1.3倍)"
)


def test_row_tags_and_period_prefixes_say_baseline_target_and_actual():
    (table,) = tagged_tables(split_lines(PROGRESS), "progress.txt")
    assert table.header == HEADER and table.how == "tagged"
    assert table.rows == [
        ["施設入所者数", "人", "212人(平成26年度末時点)", "203人", "205人(平成29年度末時点)"],
        ["地域生活移行者数", "人", "", "19人", "8人(平成29年度末現在)"],
        ["就労移行支援事業の利用者数", "人", "41人(平成26年度)", "66人", "52人(平成29年度)"],
    ]


def test_a_label_closing_in_a_formula_is_a_derived_figure_not_a_kpi():
    (table,) = tagged_tables(split_lines(PROGRESS), "progress.txt")
    assert not any("削減" in row[0] for row in table.rows)


def test_prose_with_periods_and_figures_gives_no_pairs():
    text = (
        "平成29年度末における地域生活に移行する人の数値目標の設定にあたっては、26年度末時点の施設入所者数の9%が"
        "地域生活へ移行するものと見込みます。目標年度の利用者数は 66人 程度と見込みます。"
    )
    assert tagged_tables(split_lines(text), "prose.txt") == []


def test_a_block_without_a_target_tag_is_no_table():
    text = "平成26年度の就労移行支援事業の利用者数  41人 平成29年度の就労移行支援事業の利用者数  52人"
    assert tagged_tables(split_lines(text), "no-target.txt") == []


def test_each_block_of_lines_is_read_alone_and_the_tables_keep_document_order():
    text = "\n".join(
        [
            "1 地域生活への移行",
            "平成26年度末時点の施設入所者数 212 人",
            "【目標年度】施設入所者数 203 人",
            "",
            "2 一般就労への移行",
            "平成26年度の一般就労移行者数  30人",
            "【目標値】目標年度の一般就労移行者数  60人(2倍)",
            "平成29年度の一般就労移行者数  45人(1.5倍)",
        ]
    )
    tables = recover_tables(split_lines(text), "blocks.txt")
    assert [t.how for t in tables] == ["tagged", "tagged"]
    assert [t.place.line for t in tables] == [1, 5]
    assert tables[0].rows == [["施設入所者数", "人", "212人(平成26年度末時点)", "203人", ""]]
    assert tables[1].rows == [["一般就労移行者数", "人", "30人(平成26年度)", "60人", "45人(平成29年度)"]]
    assert tables[1].row_places[0].line == 6


STEM = "市民図書館利用観光客入込就女性子育世帯高齢者健診受診防災組織自主空家対移住定農新商店街来訪公園緑地"
names = st.builds(
    lambda stem, suffix: stem + suffix,
    st.text(STEM, min_size=3, max_size=10),
    st.sampled_from(["数", "人数", "件数", "者数", "団体数"]),
)
figures = st.integers(0, 99_999).map(lambda n: f"{n:,}")


@st.composite
def progress_rows(draw) -> list[list[str]]:
    rows = []
    for name in draw(st.lists(names, min_size=1, max_size=5, unique=True)):
        actual = draw(st.one_of(st.just(""), figures))
        baseline = draw(figures) if actual or not rows or draw(st.booleans()) else ""  # the first row has two
        rows.append([name, draw(st.sampled_from(["人", "件", "団体", "か所"])), baseline, draw(figures), actual])
    # one name must not end another's: a label that ends a longer one is read as the same KPI
    keys = [r[0] for r in rows]
    if any(a != b and a.endswith(b) for a in keys for b in keys):
        rows = rows[:1]
    return rows


@settings(max_examples=80, deadline=None)
@given(
    progress_rows(),
    st.sampled_from(
        [
            ("平成25年度末時点", "平成28年度末現在"),
            ("令和元年度の", "令和4年度末現在"),
            ("H27年度末時点", "H30年度末現在"),
        ]
    ),
    st.sampled_from(["【目標年度】", "【目標値】目標年度の", "【目標】"]),
)
def test_a_table_printed_as_tagged_pairs_comes_back(rows, periods, target_tag):
    base, reported = periods
    base = base.removesuffix("の")
    text = "\n".join(
        ["第4期計画の進捗状況", "", *rf.as_tagged_pairs(rows, base, reported, target_tag), "", "※ 端数処理あり"]
    )
    (table,) = recover_tables(split_lines(text), "tagged.txt")
    assert table.how == "tagged"
    expected = [
        [name, unit, f"{b}{unit}({base})" if b else "", f"{t}{unit}", f"{a}{unit}({reported})" if a else ""]
        for name, unit, b, t, a in rows
    ]
    assert table.rows == expected
