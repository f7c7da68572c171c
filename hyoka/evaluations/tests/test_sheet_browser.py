"""The evaluation sheet in Debian's Chromium: the department fills cost, viewpoints and direction, the
reviewer writes the committee's opinion, the planning office responds; the entry page fits a 375 px phone.

Screenshots go to var/test-artifacts/<this test>/ (HYOKA_TEST_ARTIFACTS to move them).
"""

from datetime import date
from decimal import Decimal

import pytest

from hyoka.evaluations.models import Evaluation, EvaluationCycle, EvaluationScheme
from hyoka.evaluations.tests.test_cycle_browser import complete_the_other_kpis, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sheet_is_filled_commented_and_answered_in_the_browser(live_server, people, browser, artifacts):
    from hyoka.evaluations import actions

    EvaluationScheme.objects.filter(plan=people.plan).update(unit_cost_per_person_year=Decimal(8_000_000))
    cycle = actions.reopen_year(
        plan=people.plan, fiscal_year=2020, reason="シートの記入", by=people.alice, deadline=date(2021, 5, 31)
    )
    entry = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2020)
    url = f"{live_server.url}/cycle/{cycle.pk}/entries/{entry.pk}/"

    bob = log_in(browser, live_server, "bob")
    bob.goto(url)
    bob.get_by_label("今後の方向性").select_option("改善")
    bob.get_by_label("予算額（円）").fill("4,800,000")
    bob.get_by_label("決算額（円）").fill("4,650,000")
    bob.get_by_label("人工").fill("0.5")
    bob.get_by_label("必要性", exact=True).select_option("A")
    bob.get_by_label("必要性の説明").fill("母子保健法に基づく健診です。")
    bob.get_by_label("有効性", exact=True).select_option("B")
    bob.get_by_label("効率性", exact=True).select_option("A")
    complete_the_other_kpis(bob)
    bob.get_by_role("button", name="下書き保存").click()
    bob.wait_for_load_state("networkidle")
    assert "8,650,000円" in bob.locator("#cost-total").inner_text()
    shot(bob, artifacts, "01-editor-sheet-saved")

    dave = log_in(browser, live_server, "dave")
    dave.goto(url)
    dave.get_by_role("textbox", name="外部評価委員会の意見").fill("未受診家庭への訪問を強化されたい。")
    dave.get_by_role("button", name="意見を保存").click()
    dave.wait_for_load_state("networkidle")
    alice = log_in(browser, live_server, "alice")
    alice.goto(url)
    alice.get_by_role("textbox", name="対応方針", exact=True).fill("保健師の訪問を月2回に増やす。")
    alice.get_by_role("button", name="対応方針を保存").click()
    alice.wait_for_load_state("networkidle")
    shot(alice, artifacts, "02-office-response-saved")

    entry.refresh_from_db()
    assert (entry.direction, entry.settlement_amount, entry.necessity_grade) == ("改善", 4_650_000, "A")
    assert (entry.committee_opinion, entry.city_response) == (
        "未受診家庭への訪問を強化されたい。",
        "保健師の訪問を月2回に増やす。",
    )

    phone = browser.new_context(viewport={"width": 375, "height": 800}, storage_state=alice.context.storage_state())
    page = phone.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    shot(page, artifacts, "03-entry-375px")
    for fieldset in ("#entry-cost", "#entry-viewpoints"):
        box = page.locator(fieldset).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, fieldset
    assert EvaluationCycle.objects.get(pk=cycle.pk).is_reopened
