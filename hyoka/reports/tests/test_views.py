import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from hyoka.reports.layouts import LAYOUTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, people):
    client.force_login(people.dave)  # a reviewer reads every report
    return client


def test_a_login_without_a_role_reads_like_the_public(client, demo_plans, settings_fast):
    client.force_login(get_user_model().objects.create_user("nobody", password="x"))
    plan = demo_plans["akiruno_child_plan_r2"]
    assert client.get(f"/reports/plans/{plan.pk}/evaluation.pdf").status_code == 403


def test_anonymous_visitor_is_sent_to_login(client, demo_plans):
    plan = demo_plans["akiruno_child_plan_r2"]
    response = client.get(f"/reports/plans/{plan.pk}/evaluation.pdf")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [("pdf", "application/pdf", b"%PDF"), ("xlsx", "application/vnd.openxml", b"PK"), ("html", "text/html", b"<!")],
)
def test_download_each_format(staff, demo_plans, fmt, content_type, magic):
    plan = demo_plans["akiruno_child_plan_r2"]
    response = staff.get(f"/reports/plans/{plan.pk}/evaluation.{fmt}?fy=2020")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.content.startswith(magic)
    assert f"report-{plan.pk}-evaluation-2020.{fmt}" in response["Content-Disposition"]


def test_unknown_layout_plan_or_bad_year(staff, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    assert staff.get(f"/reports/plans/{plan.pk}/nonsense.pdf").status_code == 404
    assert staff.get(f"/reports/plans/{plan.pk}/kpi_tables.docx").status_code == 404
    assert staff.get("/reports/plans/999999/kpi_tables.pdf").status_code == 404
    assert staff.get(f"/reports/plans/{plan.pk}/kpi_tables.pdf?fy=R2").status_code == 400


def test_download_buttons_list_every_layout_and_format(demo_plans):
    plan = demo_plans["kiyose_strategy_initiatives"]
    page = render_to_string("reports/_download_buttons.html", {"plan": plan})
    for layout, module in LAYOUTS.items():
        assert module.LABEL in page
        for fmt in ("pdf", "xlsx", "html"):
            assert f'formaction="/reports/plans/{plan.pk}/{layout}.{fmt}"' in page
    assert "戦略の展開・取り組み内容（標準）" in page
