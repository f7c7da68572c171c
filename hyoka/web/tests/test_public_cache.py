"""The public cache (hyoka/web/cache.py): anonymous pages and API answers are served from it, every write the
public can see is seen at once, and nothing a logged-in reader sees goes in or comes out of it."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from hyoka.evaluations.actions import set_plan_published
from hyoka.indicators.actions import revise_target
from hyoka.indicators.models import Indicator, Observation
from hyoka.web.models import EVERY_PLAN, PublicVersion

pytestmark = pytest.mark.django_db

TEXT = "受診者421人（受診率95.7％）"
NEW_TEXT = "受診者433人（受診率96.0％）"


@pytest.fixture
def value(people):
    return Observation.objects.select_related("indicator").get(indicator__plan=people.plan, text=TEXT)


def without_tokens(response) -> str:
    """The page with its CSRF tokens (masked anew for every response) left out."""
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


def api_values(client, plan_id: int) -> str:
    return json.dumps(json.loads(client.get(f"/api/plans/{plan_id}/indicators").content), ensure_ascii=False)


def test_a_second_anonymous_read_is_served_from_the_cache(client, people, value, django_assert_num_queries):
    url = reverse("indicator-detail", args=[people.plan.pk, value.indicator_id])
    first = client.get(url)
    assert first["X-Hyoka-Cache"] == "miss"
    with django_assert_num_queries(1):  # the plan's version, nothing else
        second = client.get(url)
    assert second["X-Hyoka-Cache"] == "hit" and without_tokens(second) == without_tokens(first)
    assert second["Content-Type"] == first["Content-Type"]


def test_a_changed_published_value_is_seen_at_once_on_pages_api_and_open_data(client, people, value):
    plan = people.plan
    kpi_page = reverse("indicator-detail", args=[plan.pk, value.indicator_id])
    csv_url = reverse("plan-csv", args=[plan.pk])
    for url in (kpi_page, csv_url):
        assert TEXT in client.get(url).content.decode("utf-8-sig")
        assert client.get(url)["X-Hyoka-Cache"] == "hit"
    assert TEXT in api_values(client, plan.pk) and TEXT in api_values(client, plan.pk)

    value.value, value.text = Decimal(433), NEW_TEXT
    value.save()

    for url in (kpi_page, csv_url):
        response = client.get(url)
        assert response["X-Hyoka-Cache"] == "miss"
        assert NEW_TEXT in response.content.decode("utf-8-sig")
    assert NEW_TEXT in api_values(client, plan.pk)


def test_a_revised_target_is_seen_at_once(client, people, value):
    indicator = Indicator.objects.get(pk=value.indicator_id)
    url = reverse("indicator-detail", args=[people.plan.pk, indicator.pk])
    before = client.get(url).content
    assert client.get(url)["X-Hyoka-Cache"] == "hit"
    revise_target(
        indicator=indicator,
        value=Decimal(480),
        comparator="",
        text="",
        fiscal_year=indicator.target_fiscal_year,
        effective_from_fy=2022,
        decided=datetime.date(2022, 3, 28),
        reason="計画の中間見直し",
        by=people.alice,
    )
    after = client.get(url)
    assert after["X-Hyoka-Cache"] == "miss" and after.content != before
    assert "計画の中間見直し" in after.content.decode()


def test_withdrawing_a_plan_takes_its_cached_pages_down_at_once(client, people):
    urls = [reverse("plan-detail", args=[people.plan.pk]), reverse("plan-csv", args=[people.plan.pk])]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Hyoka-Cache"] == "hit"
    assert people.plan.title in client.get(reverse("plan-list")).content.decode()
    set_plan_published(plan=people.plan, published=False, by=people.alice)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.get(f"/api/plans/{people.plan.pk}").status_code == 404
    assert people.plan.title not in client.get(reverse("plan-list")).content.decode()
    catalog = client.get(reverse("open-data-catalog")).content.decode()
    assert f'-plan-{people.plan.pk}"' not in catalog


def test_a_logged_in_readers_view_never_enters_or_leaves_the_public_cache(client, people, value, opened_2020):
    """FY2020 is opened, not published: staff see its values, the public does not, in either order."""
    url = reverse("indicator-detail", args=[people.plan.pk, value.indicator_id])
    client.force_login(people.bob)
    staff_page = client.get(url)
    assert TEXT in staff_page.content.decode() and not staff_page.has_header("X-Hyoka-Cache")
    assert not client.get(f"/api/plans/{people.plan.pk}/indicators").has_header("X-Hyoka-Cache")
    client.logout()
    public = client.get(url)
    assert public["X-Hyoka-Cache"] == "miss"  # the editor's request filled nothing
    assert TEXT not in public.content.decode()
    assert TEXT not in api_values(client, people.plan.pk)
    client.force_login(people.bob)
    assert TEXT in client.get(url).content.decode()  # and the editor is not served the public's copy


def test_an_api_token_is_never_served_the_public_copy(client, people, value, opened_2020):
    from hyoka.api.models import ApiToken

    _, secret = ApiToken.objects.issue(user=people.alice, name="test")
    url = f"/api/plans/{people.plan.pk}/indicators"
    assert TEXT not in api_values(client, people.plan.pk) and TEXT not in api_values(client, people.plan.pk)
    staff = client.get(url, headers={"Authorization": f"Bearer {secret}"})
    assert TEXT in staff.content.decode() and not staff.has_header("X-Hyoka-Cache")


def test_each_reader_gets_a_csrf_token_of_their_own_from_the_cached_page(people):
    from django.test import Client

    from hyoka.web.cache import csrf_placeholder

    url = reverse("plan-detail", args=[people.plan.pk])
    one, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first, second = one.get(url), other.get(url)
    assert (first["X-Hyoka-Cache"], second["X-Hyoka-Cache"]) == ("miss", "hit")
    token = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]{64})"')
    mine, theirs = token.search(first.content.decode()), token.search(second.content.decode())
    assert mine and theirs and mine.group(1) != theirs.group(1)
    for reader, page in ((one, first), (other, second)):  # the reader who filled the cache, and one it served
        assert csrf_placeholder() not in page.content.decode()
        assert page.cookies["csrftoken"].value  # the cookie that goes with the token
        form_token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', page.content.decode())
        switch = {"language": "en", "next": "/", "csrfmiddlewaretoken": form_token.group(1)}
        assert reader.post(reverse("set_language"), switch).status_code == 302  # the language switch works
        assert reader.post(reverse("set_language"), {**switch, "csrfmiddlewaretoken": "x" * 64}).status_code == 403


def test_a_name_written_like_the_placeholder_is_shown_as_written(client, people):
    """The placeholder was a fixed word: a KPI named __hyoka_csrf_token__ showed each reader a token instead of
    its name, on the page and in its CSV. The placeholder now comes from SECRET_KEY, which no one types."""
    from hyoka.web.cache import csrf_placeholder

    kpi = Indicator.objects.filter(plan=people.plan).first()
    Indicator.objects.filter(pk=kpi.pk).update(name="__hyoka_csrf_token__")
    for page in ("plan-detail", "plan-csv"):
        url = reverse(page, args=[people.plan.pk])
        for cached in ("miss", "hit"):
            response = client.get(url)
            assert response.get("X-Hyoka-Cache") == cached, url
            assert "__hyoka_csrf_token__" in response.content.decode(), (url, cached)
    placeholder = csrf_placeholder()
    assert placeholder != "__hyoka_csrf_token__"
    with override_settings(SECRET_KEY="another-key-" + "x" * 40):  # the servers of one site share theirs
        assert csrf_placeholder() != placeholder


def test_writes_bump_the_plan_and_the_global_version(people, value):
    from hyoka.web.cache import version_of

    plan_before, all_before = version_of(people.plan.pk), version_of(EVERY_PLAN)
    value.note = "注記"
    value.save()
    assert PublicVersion.objects.get(scope=people.plan.pk).version == plan_before + 1
    assert PublicVersion.objects.get(scope=EVERY_PLAN).version == all_before + 1
    assert PublicVersion.objects.get(scope=people.plan.pk).changed_at is not None
