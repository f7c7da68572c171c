"""The plan's evaluation scheme (評価基準): /plans/<id>/edit/scheme — legend, grades, achievement levels and
their thresholds; codes keep their entries; a code in use is not deleted; recorded."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hyoka.evaluations.models import Change, Evaluation
from hyoka.plans import upkeep

pytestmark = pytest.mark.django_db

KEEP = {"directions": ["継続", "廃止"], "unit_cost_per_person_year": None}


def rows(prefix: str, items: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": len(items), f"{prefix}-INITIAL_FORMS": len(items)}  # as the page posts them
    for n, item in enumerate(items):
        data.update({f"{prefix}-{n}-{k}": v for k, v in item.items()})
    return data


def test_the_planning_office_sets_the_levels_and_their_thresholds(client, people):
    plan = people.plan
    scheme = plan.evaluation_scheme
    grades = [{"code": g.code, "label": g.label} for g in scheme.grades.all()]
    client.force_login(people.alice)
    url = reverse("plan-upkeep-scheme", args=[plan.pk])
    page = client.get(url).content.decode()
    assert all(f'value="{g["code"]}"' in page for g in grades)
    levels = [
        {"code": "1", "label": "計画以上", "min_percent": "110", "max_percent": ""},
        {"code": "2", "label": "概ね計画どおり", "min_percent": "90", "max_percent": "110"},
        {"code": "3", "label": "計画未満", "min_percent": "50", "max_percent": "90"},
        {"code": "4", "label": "未実施", "min_percent": "", "max_percent": "50"},
    ]
    data = {
        "legend_text": "達成度は指標の進捗率による",
        "directions": "拡充、継続\n廃止",
        "unit_cost_per_person_year": "8000000",
    }
    data.update({**rows("grades", grades), **rows("levels", levels)})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    level = scheme.achievement_levels.get(code="1")
    assert (level.label, level.min_percent, level.max_percent) == ("計画以上", Decimal(110), None)
    assert [a.code for a in scheme.achievement_levels.order_by("position")] == ["1", "2", "3", "4"]
    scheme.refresh_from_db()
    assert (scheme.directions, scheme.unit_cost_per_person_year) == (["拡充", "継続", "廃止"], Decimal(8000000))
    change = Change.objects.get(plan=plan, record="評価基準")
    assert "1：計画以上（110%以上）" in change.after["達成度"] and change.user == people.alice
    assert (change.after["今後の方向性"], change.after["人件費単価"]) == ("拡充、継続、廃止", "8000000円")


def test_a_grade_in_use_is_not_deleted_and_nothing_changes(people):
    plan = people.plan
    used = Evaluation.objects.filter(project__plan=plan, grade__isnull=False).select_related("grade").first().grade
    scheme = plan.evaluation_scheme
    others = [upkeep.SchemeChoice(g.code, g.label) for g in scheme.grades.exclude(pk=used.pk)]
    levels = [upkeep.SchemeChoice(a.code, a.label) for a in scheme.achievement_levels.all()]
    with pytest.raises(upkeep.UpkeepError, match=used.code):
        upkeep.save_scheme(plan=plan, legend_text="変更", grades=others, levels=levels, **KEEP, by=people.alice)
    scheme.refresh_from_db()
    assert scheme.grades.filter(pk=used.pk).exists() and scheme.legend_text != "変更"
    assert not Change.objects.filter(plan=plan).exists()


def test_a_plan_without_a_scheme_gets_one(people, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    grades = [upkeep.SchemeChoice("◎", "目標達成"), upkeep.SchemeChoice("○")]
    scheme = upkeep.save_scheme(plan=plan, legend_text="", grades=grades, levels=[], **KEEP, by=people.alice)
    assert [str(g) for g in scheme.grades.order_by("position")] == ["◎：目標達成", "○"]
    assert scheme.directions == ["継続", "廃止"]


def test_a_plan_without_a_scheme_is_offered_the_usual_directions(client, people, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    client.force_login(people.alice)
    page = client.get(reverse("plan-upkeep-scheme", args=[plan.pk])).content.decode()
    assert "拡充、継続、改善、縮小、統合、休止、廃止" in page


def test_a_code_twice_is_refused(people):
    twice = [upkeep.SchemeChoice("A"), upkeep.SchemeChoice("A")]
    with pytest.raises(upkeep.UpkeepError, match="重複"):
        upkeep.save_scheme(plan=people.plan, legend_text="", grades=twice, levels=[], **KEEP, by=people.alice)


def test_a_reviewer_cannot_open_it(client, people):
    client.force_login(people.dave)
    assert client.get(reverse("plan-upkeep-scheme", args=[people.plan.pk])).status_code == 403
