import datetime

import pytest

from hyoka.api.models import ApiToken
from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation
from hyoka.web.tests.conftest import big_plan  # noqa: F401 — the plan ×10 of the query-count tests


@pytest.fixture
def tokens(people):
    """One token per named person: tokens.bob is the Authorization header of bob's token."""
    from types import SimpleNamespace

    made = {
        name: ApiToken.objects.issue(user=getattr(people, name), name="test")[1]
        for name in ("alice", "bob", "carol", "dave")
    }
    return SimpleNamespace(**{name: f"Bearer {token}" for name, token in made.items()})


@pytest.fixture
def opened_2021(people):
    """FY2021 of あきる野市's plan opened by alice: every project has an entry to fill in, none published."""
    return actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=datetime.date(2022, 6, 30), by=people.alice)


def entry(plan, number: str, fiscal_year: int = 2021) -> Evaluation:
    return Evaluation.objects.get(project__plan=plan, project__number=number, fiscal_year=fiscal_year)
