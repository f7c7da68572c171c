"""Year figures printed under KPI(1), KPI(2) instead of the KPI's name, invented in the real style."""

from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.base import Context
from hyoka.ingest.meaning.references import read_references
from hyoka.ingest.meaning.stream import stream_of
from hyoka.ingest.readers.txt import read_text
from hyoka.ingest.text.lines import split_lines

SHEET = (
    "数値目標評価シート 単位 KPI(1) KPI(2) 年度 策定時 H28 H29 H30 R1 "
    "重要業績評価指標 KPI(1) 52.0 54.6 57.2 58.5- 重要業績評価指標 KPI(2) 1,200 1,100 1,000 "
    "達成率 91.0% 95.3% 97.5% - 達成率 72.7% 80.0% - - "
    "指標名 基準値 (平成27年度) 目標値 (令和元年度) 市民の運動習慣者の割合 52.0 60.0 転出超過数 1,200 800"
)


def kpi(name: str, target: str, baseline: str | None = None) -> ix.Indicator:
    return ix.Indicator(
        name=name,
        target=ix.Target(value=Decimal(target)),
        baseline=ix.Baseline(value=Decimal(baseline)) if baseline else None,
    )


def test_each_reference_is_the_documents_nth_kpi_where_its_rates_check():
    rising, falling = kpi("運動習慣者の割合", "60.0", "52.0"), kpi("転出超過数", "800")
    first, second = read_references(stream_of(split_lines(SHEET)), [rising, falling])
    assert (first.index, first.baseline) == (0, Decimal("52.0"))
    assert [(p.fiscal_year, str(v)) for p, v in first.actuals] == [(2016, "54.6"), (2017, "57.2"), (2018, "58.5")]
    assert (second.index, second.baseline) == (1, Decimal(1200))  # 800 ÷ 1,100 = 72.7%: a KPI that falls
    assert [v for _, v in second.actuals] == [1100, 1000]


def test_kpis_in_another_order_do_not_check_and_read_nothing():
    rising, falling = kpi("運動習慣者の割合", "60.0"), kpi("転出超過数", "800")
    assert read_references(stream_of(split_lines(SHEET)), [falling, rising]) == []


def test_the_sheet_read_whole_gives_each_kpi_its_years():
    city = ix.Municipality(code="292125", name="宇陀市", prefecture="奈良県")
    doc = read_text(SHEET + "\n", Context(city, source="s.txt")).document
    ks = {k.name: k for k in doc.all_indicators()}
    exercise = ks["市民の運動習慣者の割合"]
    assert [o.value for o in exercise.observations] == [Decimal("54.6"), Decimal("57.2"), Decimal("58.5")]
