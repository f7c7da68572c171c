"""Cells and arrow lines as cities print them (invented lines in the real style)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hyoka.ingest.meaning.arrows import find_arrows
from hyoka.ingest.meaning.values import dominant_era, find_period, header_unit, read_cell, to_period


def test_a_number_with_its_unit_and_separators():
    cell = read_cell("12,000人")
    assert (cell.value, cell.unit, cell.status, cell.text) == (Decimal(12000), "人", "value", "12,000人")


def test_man_and_oku_attached_to_a_number_are_expanded_and_the_text_is_kept():
    assert (read_cell("38.2万人").value, read_cell("38.2万人").unit) == (Decimal(382000), "人")
    assert read_cell("3億120万円").value == Decimal(301200000) and read_cell("3億120万円").unit == "円"
    assert read_cell("1.2兆円").value == Decimal("1200000000000")
    assert read_cell("38.2万人").text == "38.2万人"


def test_a_scale_printed_as_the_unit_stays_the_unit():
    assert header_unit("事業費（単位：千円）") == "千円"
    assert header_unit("単位:百万円") == "百万円"
    assert header_unit("利用者数（人）") == "人"
    assert header_unit("目標値（H31）") is None


def test_per_period_units():
    assert (read_cell("2.5人/年").value, read_cell("2.5人/年").unit) == (Decimal("2.5"), "人/年")
    assert read_cell("6組/年").unit == "組/年"


def test_text_cells_keep_their_text_with_no_value():
    assert read_cell("—").status == "none"
    assert read_cell("集計中").status == "pending"
    words = read_cell("増加")
    assert (words.value, words.status, words.text) == (None, "text", "増加")


def test_a_period_inside_a_value_cell_is_a_date_never_a_number():
    cell = read_cell("目標年月 H29.3")
    assert cell.value is None and cell.status == "date"
    assert cell.period is not None and cell.period.year == 2017 and cell.period.label == "H29.3"


def test_a_period_in_brackets_or_glued_in_front_is_the_cells_period():
    wrapped = read_cell("1,350 (H28年)")
    assert wrapped.value == 1350 and wrapped.period is not None and wrapped.period.year == 2016
    glued = read_cell("H26年▲1,250")
    assert glued.value == -1250 and glued.period is not None and glued.period.label == "H26年"


def test_era_less_years_take_the_documents_era():
    assert to_period("27年度", "平成").fiscal_year == 2015
    assert to_period("5年度", "令和").fiscal_year == 2023
    assert find_period("目標値31年度", "平成").fiscal_year == 2019
    assert to_period("令和2年度末").date is not None
    assert dominant_era("平成26年 H27 令和2年") == "平成"


@given(st.integers(min_value=-(10**9), max_value=10**9), st.sampled_from(["人", "件", "%", "事業所", ""]))
def test_any_printed_integer_reads_back(n, unit):
    printed = f"{'▲' if n < 0 else ''}{abs(n):,}{unit}"
    cell = read_cell(printed)
    assert cell.value == n and (cell.unit or "") == unit and cell.text == printed


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=9))
def test_man_is_a_multiplier(whole, tenth):
    cell = read_cell(f"{whole}.{tenth}万人")
    assert cell.value == (Decimal(whole) + Decimal(tenth) / 10) * 10000 and cell.unit == "人"


# ---- arrow lines ----------------------------------------------------------------------------


def test_an_arrow_line_alone():
    (arrow,) = find_arrows("市民の満足度：54.2%（H26）→ 60%（H31）")
    assert arrow.name == "市民の満足度"
    assert (arrow.before.value, arrow.before.unit, arrow.before.period.fiscal_year) == (Decimal("54.2"), "%", 2014)
    assert (arrow.after.value, arrow.after.period.fiscal_year) == (60, 2019)


def test_an_arrow_inside_run_on_text():
    text = "地域の活性化を図ります。観光入込客数：38.2万人（H26）⇒ 45万人（H31）を目指し、事業を進めます。"
    (arrow,) = find_arrows(text)
    assert arrow.name == "観光入込客数" and arrow.before.value == 382000 and arrow.after.value == 450000


def test_an_arrow_inside_a_cell_with_the_year_glued_on():
    (arrow,) = find_arrows("H26年▲1,250→H31年▲600")
    assert arrow.name is None
    assert (arrow.before.value, arrow.after.value) == (-1250, -600)
    assert arrow.before.period.year == 2014 and arrow.after.period.year == 2019


def test_full_width_text_keeps_its_printed_sides():
    (arrow,) = find_arrows("待機児童数：１２人（Ｈ２７）→０人（Ｈ３１）")
    assert arrow.before.text == "１２人（Ｈ２７）" and arrow.before.value == 12 and arrow.after.value == 0


def test_a_line_without_numbers_on_both_sides_is_no_arrow():
    assert find_arrows("計画策定 → 実施 → 評価") == []


def test_an_arrow_in_run_on_budget_text_takes_its_spaced_label_and_bulleted_item():
    text = "②多様な保育サービスの拡充 23,400 ◆延長保育の拡充 15,200 実 施 箇 所 192→195か所 全体事業費 605百万円"
    (arrow,) = find_arrows(text)
    assert arrow.name == "延長保育の拡充 実施箇所"
    assert (arrow.before.value, arrow.after.value, arrow.after.unit) == (192, 195, "か所")


def test_sen_inside_a_compound_amount_is_a_multiplier_but_alone_it_is_the_unit():
    assert (read_cell("95万9千人").value, read_cell("95万9千人").unit) == (959000, "人")
    assert (read_cell("12千人").value, read_cell("12千人").unit) == (12, "千人")
