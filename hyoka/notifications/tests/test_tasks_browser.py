"""The やること page in Debian's Chromium: bob finds his work from the menu, on a desk and on a phone.

Screenshots go to var/test-artifacts/<this test>/.
"""

import datetime

import pytest
from django.utils import timezone

from hyoka.evaluations import actions
from hyoka.evaluations.models import Evaluation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_department_editor_finds_the_entries_to_fix_and_fill_from_the_menu(
    live_server, people, browser, artifacts, width
):
    cycle = actions.open_cycle(
        plan=people.plan, fiscal_year=2021, deadline=timezone.localdate() + datetime.timedelta(days=7), by=people.alice
    )
    Evaluation.objects.for_cycle(cycle).filter(project__number="3").update(status=Evaluation.Status.RETURNED)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ユーザー名").fill("bob")
    page.get_by_label("パスワード").fill("password")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("link", name="やること").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts / f"tasks-bob-{width}.png"), full_page=True)

    to_fix = page.locator("section[aria-labelledby='to-fix']")
    assert to_fix.get_by_role("link").all_inner_texts() == ["3 健康診査等の実施"]
    assert "あと7日" in to_fix.inner_text()
    to_fill = page.locator("section[aria-labelledby='to-fill']")
    assert to_fill.get_by_role("link").count() == 9
    to_fix.get_by_role("link", name="3 健康診査等の実施").click()
    page.wait_for_load_state("networkidle")
    assert f"/cycle/{cycle.pk}/entries/" in page.url
