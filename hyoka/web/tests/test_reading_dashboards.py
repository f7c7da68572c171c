"""Reading the dashboards (issue 12.8): the 評価基準 legend, each KPI's status with its reason as text,
判定不可 / 目標なし where a KPI has a value but no verdict, per-goal KPI counts, and empty states."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hyoka.evaluations.models import AchievementLevel, Grade
from hyoka.vocabulary import kpi_status, summary_status

pytestmark = pytest.mark.django_db


def test_a_value_without_a_verdict_says_why():
    assert kpi_status("no_data", has_value=True, target_value=None, target_text="") == "no_target"
    assert kpi_status("no_data", has_value=True, target_value=None, target_text="全園実施") == "not_judgeable"
    assert kpi_status("no_data", has_value=False, target_value=None, target_text="") == "no_data"
    assert kpi_status("behind", has_value=True, target_value=None, target_text="") == "behind"
    assert [summary_status(s) for s in ("achieved", "pending", "no_data", "no_target")] == [
        "achieved",
        "not_judgeable",
        "not_judgeable",
        "not_judgeable",
    ]


def test_plan_and_project_pages_show_the_scheme_legend(client, people):
    grade = Grade.objects.filter(scheme__plan=people.plan).order_by("position").first()
    level = AchievementLevel.objects.create(
        scheme=grade.scheme, code="Z9", label="十分", min_percent=80, max_percent=100
    )
    plan_page = client.get(reverse("plan-detail", args=[people.plan.pk])).content.decode()
    legend = plan_page.split('id="scheme-legend"')[1].split("</details>")[0]
    assert f"<strong>{grade.code}</strong></dt><dd>{grade.label}</dd>" in legend
    assert f"<strong>{level.code}</strong></dt><dd>十分（達成率 80%以上 100%未満）</dd>" in legend
    project = people.plan.projects.get(number="3")
    project_page = client.get(reverse("project-detail", args=[people.plan.pk, project.pk])).content.decode()
    assert "評価基準（凡例）" in project_page and f"<strong>{grade.code}</strong>" in project_page


def test_a_plan_without_a_scheme_says_so(client, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "評価・達成度の区分）が登録されていません" in page


def test_kpi_status_reason_is_text_and_goals_count_kpis(client, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert '<span class="reason">基準値から24事業所減少' in page  # visible, not only a tooltip
    counts = page.split('class="kpi-counts"')[1].split("</p>")[0]
    for label in ("達成", "順調", "遅れ", "判定不可"):
        assert f">{label}</span>" in counts
    assert "指標" in counts


@pytest.mark.parametrize(
    "plan_key, name, badge",
    [
        (
            "akiruno_child_plan_r2",
            "巡回相談・教育相談",
            '<span class="badge not_judgeable">判定不可</span>',
        ),  # 全園実施
        (
            "ome_strategy_progress_r4",
            "共働き子育てしやすい街ランキング",
            '<span class="badge no_target">目標なし</span>',
        ),
    ],
)
def test_a_kpi_with_a_value_but_no_numeric_target_says_why(client, demo_plans, plan_key, name, badge):
    plan = demo_plans[plan_key]
    indicator = plan.indicators.get(name=name)
    page = client.get(reverse("indicator-detail", args=[plan.pk, indicator.pk])).content.decode()
    assert badge in page and "データなし" not in page


def test_a_project_without_kpis_says_so(client, people):
    project = next(p for p in people.plan.projects.all() if not p.indicators.exists())
    page = client.get(reverse("project-detail", args=[people.plan.pk, project.pk])).content.decode()
    assert "この事業に結び付いた指標（KPI）はありません。" in page


def test_goal_counts_are_the_reports_columns(client, demo_plans):
    from hyoka.reports.layouts import build_report

    plan = demo_plans["iruma_strategy_h29"]
    table = next(t for t in build_report(plan).tables() if t.caption == "指標の状況")
    assert [c.title for c in table.columns[1:5]] == ["達成", "順調", "遅れ", "判定不可"]
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    first_goal = table.rows[0] if table.rows[0][0].text != "計画全体" else table.rows[1]
    counts = page.split('class="kpi-counts"')[1].split("</p>")[0]
    for column, cell in zip(table.columns[1:5], first_goal[1:5], strict=True):
        assert f">{column.title}</span> {int(cell.value or 0)}指標" in counts


def test_in_english_years_and_changes_are_english(client, demo_plans):
    from hyoka.jp import delta_phrase

    assert delta_phrase(Decimal("-24"), "事業所", language="en") == "down 24事業所"
    assert delta_phrase(Decimal("7.8"), "%", language="en") == "up 7.8 points"
    assert delta_phrase(Decimal("-4"), "位", language="en") == "up 4 places"
    assert delta_phrase(Decimal(0), "人", language="en") == "no change"
    plan = demo_plans["iruma_strategy_h29"]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert 'card-delta bad">down 24事業所' in page and 'card-delta bad">基準値から24事業所減' not in page
    indicator = plan.indicators.get(name="市内事業所数")
    kpi = client.get(reverse("indicator-detail", args=[plan.pk, indicator.pk])).content.decode()
    assert "FY" in kpi and "令和" not in kpi.split("<main")[-1].split("値の一覧")[0].split("<svg")[0]


def test_in_japanese_years_read_reiwa(client, people):
    page = client.get(reverse("plan-detail", args=[people.plan.pk])).content.decode()
    assert "令和2年度〜令和6年度" in page and "FY20" not in page


def test_models_choices_read_the_vocabulary():
    from hyoka.indicators.models import Indicator, Observation
    from hyoka.vocabulary import DIRECTIONS, OBSERVATION_STATUSES

    assert {code: str(label) for code, label in Indicator.Direction.choices} == DIRECTIONS
    assert {code: str(label) for code, label in Observation.Status.choices} == OBSERVATION_STATUSES
