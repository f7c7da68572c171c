import datetime

import pytest

from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation


@pytest.fixture
def cycle(people):
    """FY2020 of the あきる野市 plan, whose figures the city published, reopened by alice to run it again:
    its entries start from the published figures (approved), and the public keeps seeing those."""
    return actions.reopen_year(
        plan=people.plan,
        fiscal_year=2020,
        reason="評価をやり直すため",
        deadline=datetime.date(2021, 5, 31),
        by=people.alice,
    )


def entry_of(plan, number: str, fiscal_year: int = 2020) -> Evaluation:
    """The entry of the project with this number (FY2020 unless told)."""
    return Evaluation.objects.get(project__plan=plan, project__number=number, fiscal_year=fiscal_year)
