import datetime

import pytest
from django.utils import timezone

from hyoka.evaluations import actions


@pytest.fixture
def mailed(people):
    """The named people with e-mail addresses (dave, the reviewer, has none)."""
    for user in (people.alice, people.bob, people.carol):
        user.email = f"{user.username}@city.example.jp"
        user.save(update_fields=["email"])
    return people


@pytest.fixture
def opened(mailed, django_capture_on_commit_callbacks, mailoutbox):
    """FY2021 of あきる野市's plan opened by alice today, deadline in 30 days; its opening mails cleared."""
    with django_capture_on_commit_callbacks(execute=True):
        cycle = actions.open_cycle(
            plan=mailed.plan,
            fiscal_year=2021,
            deadline=timezone.localdate() + datetime.timedelta(days=30),
            by=mailed.alice,
        )
    mailoutbox.clear()
    return cycle


def entry_of(plan, number: str, fiscal_year: int = 2021):
    from hyoka.evaluations.models import Evaluation

    return Evaluation.objects.get(project__plan=plan, project__number=number, fiscal_year=fiscal_year)
