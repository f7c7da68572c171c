"""A target revision in Debian's Chromium: the planning office lowers a KPI's target on its page,
confirms, and the public sees the original struck through beside the revised one, at 1280 and 375 px.

Screenshots go to var/test-artifacts/<this test>/ (HYOKA_TEST_ARTIFACTS to move them).
"""

import pytest

from hyoka.indicators.models import TargetRevision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KPI = "3～4か月児健康診査受診者（受診率）"


def shot(page, artifacts, name):
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def test_the_planning_office_revises_a_target_and_the_public_sees_both(live_server, people, browser, artifacts):
    kpi = people.plan.indicators.get(name=KPI)
    url = f"{live_server.url}/plans/{people.plan.pk}/indicators/{kpi.pk}/"
    alice = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    alice.goto(f"{live_server.url}/accounts/login/")
    alice.get_by_label("ユーザー名").fill("alice")
    alice.get_by_label("パスワード").fill("password")
    alice.get_by_role("button", name="ログイン").click()
    alice.goto(url)
    alice.get_by_text("目標を改定する（企画課）").click()
    alice.get_by_label("新しい目標値").fill("430")
    alice.get_by_label("適用開始年度（西暦）").fill("2022")
    alice.get_by_label("改定の理由").fill("出生数の減少に合わせ、受診者数の目標を見直すため")
    shot(alice, artifacts, "01-form-1280")
    alice.get_by_role("button", name="確認へ進む").click()
    changes = alice.locator("#what-changes").inner_text()
    assert "450人" in changes and "430人" in changes and "令和4年度から新しい目標で進捗を判定します" in changes
    shot(alice, artifacts, "02-confirm-1280")
    assert not TargetRevision.objects.exists()
    alice.get_by_role("button", name="改定する").click()
    alice.wait_for_load_state("networkidle")
    assert "目標を改定しました" in alice.locator(".messages").inner_text()
    assert TargetRevision.objects.get().after_value == 430

    for width in (1280, 375):
        public = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        public.goto(url)
        public.wait_for_load_state("networkidle")
        assert public.locator("#original-target del").inner_text() == "450人（令和6年度目標値）"
        history = public.locator("#target-revisions + .table-scroll, section[aria-labelledby=target-revisions]")
        assert "出生数の減少に合わせ" in history.first.inner_text()
        assert public.locator("#revise-target").count() == 0
        # nothing wider than the phone: the page does not scroll sideways (tables scroll in their own box)
        assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        shot(public, artifacts, f"03-public-{width}")
