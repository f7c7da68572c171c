"""Glued sheets whose indicators' values stand before their 指標名称 label, invented in the real style."""

from decimal import Decimal

from hyoka.ingest.meaning.values_first import read_values_first
from hyoka.ingest.text.lines import split_lines

# Two indicators: each block's year row, its target after the years, the 達成率 cells, then
# 目標/計画 実績 and the actuals glued together; the label and name come last. The first block
# ends with the second block's last rate (97.5%) glued on.
GLUED = (
    "(H30実績評価)事務事業評価シート成果(どのような状態になったか)利用が増えた。"
    "年度H27H28H29H30R120説明(算式等)達成率75.0%80.0%90.0%H30R1R2目標実績15161897.5%"
    "成果指標指標名称講座の受講者数(人)"
    "年度H27H28H29390400説明(算式等)達成率96.0%96.5%H29H30R1計画実績384386"
    "活動指標指標名称講座の開催回数(回)"
    "年度H27H28見込実績55その他対象指標指標名称講座を希望する団体数年度H27"
)


def read(text: str):
    return {k.name: k for k, _ in read_values_first(split_lines(text))}


def test_each_indicator_takes_the_values_printed_before_its_label_where_the_rates_check():
    ks = read(GLUED)
    first = ks["講座の受講者数"]
    assert (first.unit, first.target.value) == ("人", 20)
    assert [(o.period.fiscal_year, o.value) for o in first.observations] == [(2015, 15), (2016, 16), (2017, 18)]
    second = ks["講座の開催回数"]
    assert (second.unit, second.target.value) == ("回", 400)
    assert [o.value for o in second.observations] == [Decimal(384), Decimal(386)]


def test_a_block_without_rates_gives_its_name_alone():
    third = read(GLUED)["講座を希望する団体数"]
    assert (third.target, third.observations, third.unit) == (None, [], None)


def test_rates_that_do_not_check_read_nothing_on_the_line():
    wrong = GLUED.replace("達成率75.0%80.0%90.0%", "達成率70.0%80.0%90.0%").replace("96.0%96.5%", "91.0%96.5%")
    assert read(wrong) == {}


def test_a_line_with_labels_but_no_rates_is_not_this_layout():
    assert read("指標名称講座の受講者数(人) 目標 20 実績 18") == {}


def test_the_same_sheet_in_grid_order_reads_each_label_with_the_values_after_it():
    grid = (
        "成果指標指標名称講座の受講者数(人)"
        "年度H27H28H29H30R120説明(算式等)達成率75.0%80.0%90.0%H30R1R2目標実績151618"
        "活動指標指標名称講座の開催回数(回)"
        "年度H27H28H29390400説明(算式等)達成率96.0%96.5%H29H30R1計画実績384386"
    )
    ks = read(grid)
    assert (ks["講座の受講者数"].target.value, [o.value for o in ks["講座の受講者数"].observations]) == (
        20,
        [15, 16, 18],
    )
    assert (ks["講座の開催回数"].target.value, [o.value for o in ks["講座の開催回数"].observations]) == (
        400,
        [384, 386],
    )
