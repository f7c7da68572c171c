"""plan_rows reads a plan's rows of a table as the ORM would, in document order, on SQLite and PostgreSQL."""

from decimal import Decimal

import pytest
from django.db.models.signals import post_init

from hyoka.evaluations.models import AchievementLevel, Grade
from hyoka.indicators.models import Indicator
from hyoka.plans.models import Benchmark, Revision, Section
from hyoka.plans.rows import plan_rows

pytestmark = pytest.mark.django_db


def fields(rows):
    return [{f.attname: getattr(r, f.attname) for f in type(r)._meta.concrete_fields} for r in rows]


@pytest.mark.parametrize(
    ("model", "of_plan"),
    [
        (Section, "plan"),
        (Indicator, "plan"),
        (Benchmark, "plan"),
        (Revision, "plan"),
        (Grade, "scheme__plan"),
        (AchievementLevel, "scheme__plan"),
    ],
)
def test_a_plans_rows_are_what_the_orm_reads(demo_plans, model, of_plan):
    for plan in demo_plans.values():
        expected = model.objects.filter(**{of_plan: plan}).order_by("position", "pk")
        assert fields(plan_rows(model, plan)) == fields(expected), plan


def test_values_come_through_the_databases_converters(demo_plans):
    """Decimals, JSON and dates as the ORM gives them (SQLite stores a decimal as text or a float)."""
    plan = demo_plans["kiyose_strategy_revision"]
    made = Benchmark.objects.create(plan=plan, indicator="合計特殊出生率", area="東京都", value=Decimal("1.04"))
    (benchmark,) = [b for b in plan_rows(Benchmark, plan) if b.pk == made.pk]
    assert benchmark.value == Decimal("1.04") and isinstance(benchmark.value, Decimal)
    kpis = {k.pk: k for k in Indicator.objects.filter(plan=plan)}
    for k in plan_rows(Indicator, plan):
        assert (k.interim_targets, k.target_value, k.baseline_value) == (
            kpis[k.pk].interim_targets,
            kpis[k.pk].target_value,
            kpis[k.pk].baseline_value,
        )
        assert k.target_value is None or isinstance(k.target_value, Decimal)


def test_instances_read_behave_as_the_orms(demo_plans):
    """Made without Model.__init__, an instance still saves as an UPDATE, reads its relations and reloads."""
    plan = demo_plans["akiruno_child_plan_r2"]
    section = plan_rows(Section, plan)[0]
    assert (section._state.adding, section._state.db, section.get_deferred_fields()) == (False, "default", set())
    assert section.plan == plan
    section.title = "書き換えた見出し"
    section.save()  # an UPDATE of the row read, not an INSERT of a new one
    assert Section.objects.filter(plan=plan).count() == len(plan_rows(Section, plan))
    assert Section.objects.get(pk=section.pk).title == "書き換えた見出し"
    section.refresh_from_db()
    assert section.title == "書き換えた見出し"


def test_a_model_with_init_signals_is_made_through_from_db(demo_plans):
    """Whatever listens to post_init (Django's ImageField does) sees every instance read."""
    plan = demo_plans["akiruno_child_plan_r2"]
    seen = []

    def record(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(record, sender=Section)
    try:
        rows = plan_rows(Section, plan)
    finally:
        post_init.disconnect(record, sender=Section)
    assert rows and seen == [b.pk for b in rows]
    assert fields(rows) == fields(Section.objects.filter(plan=plan).order_by("position", "pk"))
