from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from hyoka.evaluations.actions import EntryInput, ObservationInput, comment_on, open_cycle, save_entry
from hyoka.evaluations.models import Evaluation
from hyoka.indicators.models import Indicator


@pytest.fixture
def opened(people):
    """FY2021 opened; bob saved project 3's entry with a KPI value; dave commented on it."""
    open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
    entry = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2021)
    kpi = Indicator.objects.get(plan=people.plan, name="3～4か月児健康診査受診者（受診率）")
    value = ObservationInput(indicator_id=kpi.pk, period_label="令和3年度", value=Decimal(430))
    data = EntryInput(None, None, "健診を実施した。", "", observations=[value])
    entry = save_entry(evaluation=entry, data=data, by=people.bob, expected_version=entry.version)
    comment_on(evaluation=entry, by=people.dave, text="受診率の推移も示してください。")
    return SimpleNamespace(plan=people.plan, entry=entry, kpi=kpi)
