"""The admin, in Japanese, lists every model of the demo plans in a fixed number of queries."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "plans_plan",
    "plans_section",
    "plans_department",
    "indicators_indicator",
    "projects_project",
    "projects_budgetitem",
    "evaluations_evaluation",
    "evaluations_evaluationscheme",
    "evaluations_change",
]


@pytest.fixture
def admin_client_fast(admin_client, settings_fast):
    return admin_client


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelist_is_japanese_and_does_not_query_per_row(
    admin_client_fast, demo_plans, name, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = admin_client_fast.get(reverse(f"admin:{name}_changelist"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ja"' in page and "を選択 | Hyoka</title>" in page  # Japanese whatever the browser asks


def test_evaluation_filters_are_named_for_what_they_filter(admin_client_fast, demo_plans):
    page = admin_client_fast.get(reverse("admin:evaluations_evaluation_changelist")).content.decode()
    assert "評価 で絞り込む" in page and "達成度 で絞り込む" in page
