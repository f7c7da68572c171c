"""Plan upkeep in Debian's Chromium, as the planning office does it: a new plan, a section, a KPI and a project
typed into the pages, the project without a department shown as needing one until it gets one; screenshots at
1280 px and 375 px (var/test-artifacts/<test>/)."""

import pytest

from hyoka.accounts.demo import make_user
from hyoka.accounts.models import Profile
from hyoka.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_the_planning_office_builds_a_plan_in_the_browser(live_server, browser, artifacts, settings_fast, width):
    make_user("kikaku", "password", Profile.Role.PLANNING_ADMIN)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/?next=/plans/new")
    page.fill("#id_username", "kikaku")
    page.fill("#id_password", "password")
    page.press("#id_password", "Enter")
    page.wait_for_url("**/plans/new")
    page.fill("#id_municipality", "松戸市")
    page.fill("#id_title", "松戸市総合戦略")
    page.fill("#id_start_fy", "2025")
    page.fill("#id_end_fy", "2029")
    page.fill("#id_levels", "基本目標＞施策")
    page.screenshot(path=str(artifacts / f"1-new-{width}.png"), full_page=True)
    page.get_by_role("button", name="計画を作成する").click()
    page.wait_for_url("**/edit/")
    plan = Plan.objects.get(title="松戸市総合戦略")

    page.get_by_role("link", name="施策体系を追加").click()
    page.fill("#id_level", "基本目標")
    page.fill("#id_number", "1")
    page.fill("#id_title", "しごとをつくる")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url("**/edit/")

    page.get_by_role("link", name="＋指標").click()
    page.fill("#id_name", "市内事業所数")
    page.fill("#id_unit", "事業所")
    page.select_option("#id_kind", "outcome")
    page.fill("#id_baseline_value", "4986")
    page.fill("#id_target_value", "5100")
    page.screenshot(path=str(artifacts / f"2-kpi-{width}.png"), full_page=True)
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url("**/edit/")

    page.get_by_role("link", name="＋事業").click()
    page.fill("#id_number", "1")
    page.fill("#id_name", "企業誘致事業")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url("**/edit/")
    attention = page.locator("#attention")
    assert "企業誘致事業" in attention.inner_text() and "所管課なし" in attention.inner_text()
    page.screenshot(path=str(artifacts / f"3-attention-{width}.png"), full_page=True)

    page.get_by_role("link", name="所管課", exact=True).click()
    page.fill("#id_name", "商工振興課")
    page.get_by_role("button", name="追加する").click()
    page.get_by_role("link", name="計画の管理").click()
    page.locator("#attention").get_by_role("link", name="1 企業誘致事業").click()
    page.get_by_label("商工振興課").check()
    page.get_by_role("button", name="保存する").click()
    page.wait_for_url("**/edit/")
    assert "対応が必要な項目はありません" in page.locator("#attention").inner_text()
    page.screenshot(path=str(artifacts / f"4-tree-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    kpi = plan.indicators.get()
    assert (kpi.section.title, kpi.target_value, kpi.kind) == ("しごとをつくる", 5100, "outcome")
    assert [d.name for d in plan.projects.get().departments.all()] == ["商工振興課"]
