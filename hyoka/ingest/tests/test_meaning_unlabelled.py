"""A sheet's KPI row whose 指標 label was lost in PDF text, invented in the real style."""

from decimal import Decimal

from hyoka.ingest.meaning.unlabelled import read_unlabelled_actuals
from hyoka.ingest.text.lines import split_lines

SHEET = """平成 29 年度 基本施策評価シート

関 係 課 名

図書館を月1回以上利用する 市民の割合

41.2

43.0 45.0 47.0

実績値

44.6

H28

作成日
"""


def read(text: str):
    return [k for k, _ in read_unlabelled_actuals(split_lines(text))]


def test_the_name_above_the_figures_and_the_actual_under_its_label():
    (kpi,) = read(SHEET)
    assert kpi.name == "図書館を月1回以上利用する市民の割合"  # the space of a wrapped cell taken out


def test_only_what_a_label_names_is_read():
    (kpi,) = read(SHEET.replace("月1回以上", "定期的に"))
    assert kpi.name == "図書館を定期的に利用する市民の割合"
    assert (kpi.baseline, kpi.target) == (None, None)  # 41.2 and 43.0 … have no printed meaning
    assert [(o.period.fiscal_year, o.value) for o in kpi.observations] == [(2016, Decimal("44.6"))]


def test_prose_above_the_figures_names_no_kpi():
    assert read(SHEET.replace("図書館を月1回以上利用する 市民の割合", "参加者が増えたため、目標を上回った。")) == []


def test_a_label_with_no_figure_lines_above_it_reads_nothing():
    assert read("市民の割合\n\n実績値\n\n44.6\n") == []
