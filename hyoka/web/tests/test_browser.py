"""Hyoka in Debian's Chromium, as a user sees it: Japanese text drawn with the served font."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser):
    return browser.new_page(viewport={"width": 1280, "height": 900})


def test_plan_page_renders_japanese_with_the_served_font(live_server, demo_plans, page, tmp_path):
    plan = demo_plans["iruma_strategy_h29"]
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans JP\"', '入間市事業所')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert "Noto Sans JP" in {name.strip('"') for name in loaded}
    card = page.locator(".card", has_text="市内事業所数").first
    assert "24事業所減" in card.inner_text()  # the KPI card says the change in words
    # The full table (基準値, 目標値, signed change) is one click away under each section's cards.
    table = page.locator("details.kpi-table", has=page.locator("tr", has_text="市内事業所数")).first
    table.locator("summary").click()
    row = page.locator("tr", has_text="市内事業所数").first
    assert "△24事業所" in row.inner_text()
    page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)


def test_plan_list_links_to_each_plan(live_server, demo_plans, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="あきる野市子ども・子育て支援総合計画").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("あきる野市子ども・子育て支援総合計画")
    assert page.locator("text=幼児教育・保育の質の向上").count() == 1


def test_filtering_the_project_list_swaps_the_table_and_announces_the_count(live_server, demo_plans, page):
    plan = demo_plans["akiruno_child_plan_r2"]
    page.goto(f"{live_server.url}/plans/{plan.pk}/projects/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#result-count").inner_text().startswith("67件")
    page.get_by_label("キーワード").fill("健康診査")
    expect(page.locator("#result-count")).not_to_have_text(re.compile("^67件"))  # no eval: the CSP forbids it
    count = page.locator("#result-count").inner_text()
    shown = page.locator("#project-table tbody tr").count()
    assert count.startswith(f"{shown}件（全67件）") and 0 < shown < 67
    assert page.locator("#result-count").count() == 1  # swapped in place, not added again
    assert "q=" in page.url  # the filter is in the address, so the page can be shared or reloaded
    assert page.locator("h1").count() == 1  # the fragment replaced the table, not the page
