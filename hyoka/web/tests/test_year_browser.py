"""The plan page (year chosen, legend, goal counts) and the KPI page (all years in one table) at desktop and
phone widths, with screenshots kept in var/test-artifacts/ to look at."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_plan_and_kpi_pages_read_at_every_width(live_server, demo_plans, browser, artifacts, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    plan = demo_plans["akiruno_child_plan_r2"]
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    expect(page.locator("#scheme-legend")).to_contain_text("評価基準（凡例）")
    expect(page.locator(".kpi-counts").first).to_contain_text("判定不可")
    page.screenshot(path=str(artifacts / f"plan-{width}.png"), full_page=False)
    page.locator(".card-title a", has_text="巡回相談・教育相談").first.click()
    table = page.locator("table", has=page.locator("th", has_text="適用目標"))
    expect(table).to_contain_text("判定不可")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    page.screenshot(path=str(artifacts / f"kpi-{width}.png"), full_page=True)
