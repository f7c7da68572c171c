"""The KPI's admin page lists its target revisions, read only (a revision is made through revise_target)."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from hyoka.indicators.actions import revise_target

pytestmark = pytest.mark.django_db


def test_the_admin_shows_the_revisions_and_offers_no_way_to_add_or_edit_them(admin_client, people):
    k = people.plan.indicators.first()
    revise_target(
        indicator=k,
        value=D(1),
        comparator=">=",
        text="",
        fiscal_year=None,
        effective_from_fy=2022,
        reason="管理画面での確認用の改定",
        by=people.alice,
        decided=datetime.date(2022, 3, 25),
    )
    page = admin_client.get(reverse("admin:indicators_indicator_change", args=[k.pk])).content.decode()
    assert "目標改定" in page and "管理画面での確認用の改定" in page and "2022" in page
    assert 'name="target_revisions-0-reason"' not in page  # shown, not an input
    assert "target_revisions-TOTAL_FORMS" in page and 'name="target_revisions-__prefix__-reason"' not in page
