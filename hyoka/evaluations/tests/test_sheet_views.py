"""The sheet in the browser: the entry form's cost, viewpoints and direction; the committee's opinion
(reviewers) and the city's response (planning office), each refused to the others on the server."""

from decimal import Decimal

from hyoka.evaluations.models import EvaluationScheme
from hyoka.evaluations.tests.conftest import entry_of
from hyoka.evaluations.tests.test_cycle_views import complete, entry_url, form_data


def test_an_editor_enters_cost_viewpoints_and_a_direction_from_the_plans_list(client, people, cycle):
    EvaluationScheme.objects.filter(plan=people.plan).update(unit_cost_per_person_year=Decimal(8_000_000))
    client.force_login(people.bob)
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    page = client.get(url).content.decode()
    assert all(word in page for word in ["拡充", "継続", "改善", "縮小", "統合", "休止", "廃止"])
    data = complete(
        form_data(client, url),
        budget_amount="4,800,000",
        settlement_amount="４６５万",
        person_years="0.5",
        necessity_grade="A",
        necessity_comment="法定の健診",
        efficiency_grade="B",
        direction="改善",
    )
    assert client.post(url, data).status_code == 302
    e.refresh_from_db()
    assert (e.budget_amount, e.settlement_amount, e.person_years) == (4_800_000, 4_650_000, Decimal("0.5"))
    assert (e.necessity_grade, e.efficiency_grade, e.direction) == ("A", "B", "改善")
    page = client.get(url).content.decode()
    assert "8,650,000円" in page  # 総コスト = 決算額 + 0.5人工 × 8,000,000円


def test_a_direction_not_in_the_plans_list_is_refused_by_the_form(client, people, cycle):
    client.force_login(people.bob)
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    response = client.post(url, complete(form_data(client, url), direction="拡大"))
    assert response.status_code == 200 and response.context["form"].errors["direction"]
    e.refresh_from_db()
    assert e.direction == ""


def test_the_reviewer_writes_the_committees_opinion_and_the_office_responds(client, people, cycle):
    e = entry_of(people.plan, "3")
    client.force_login(people.dave)
    assert client.post(entry_url(cycle, e, "-opinion"), {"opinion-text": "訪問を強化されたい。"}).status_code == 302
    assert client.post(entry_url(cycle, e, "-response"), {"response-text": "委員の対応"}).status_code == 403
    client.force_login(people.bob)
    assert client.post(entry_url(cycle, e, "-opinion"), {"opinion-text": "所管課の意見"}).status_code == 403
    client.force_login(people.alice)
    assert client.post(entry_url(cycle, e, "-response"), {"response-text": "月2回訪問する。"}).status_code == 302
    e.refresh_from_db()
    assert (e.committee_opinion, e.city_response) == ("訪問を強化されたい。", "月2回訪問する。")
    page = client.get(entry_url(cycle, e)).content.decode()
    assert "訪問を強化されたい。" in page and "月2回訪問する。" in page and "外部評価委員会の意見" in page
