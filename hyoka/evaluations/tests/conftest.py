import datetime

import pytest

from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation


@pytest.fixture
def cycle(people):
    """FY2020 of the あきる野市 plan, opened by alice."""
    return actions.open_cycle(plan=people.plan, fiscal_year=2020, deadline=datetime.date(2021, 5, 31), by=people.alice)


def entry_of(plan, number: str) -> Evaluation:
    """The FY2020 entry of the project with this number."""
    return Evaluation.objects.get(project__plan=plan, project__number=number, fiscal_year=2020)
