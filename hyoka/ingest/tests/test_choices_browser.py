"""The planning office imports a city's KPI table whose one column the vocabulary misreads, tells the
preview what that column means, and finds the KPI's target on the plan page — in Debian's Chromium.

Screenshots of every step go to var/test-artifacts/<this test>/ (HYOKA_TEST_ARTIFACTS to move them).
"""

import pytest

from hyoka.indicators.models import Indicator
from hyoka.ingest.models import ColumnChoice

from .test_choices import MINAMI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOOKS = "図書館の年間貸出冊数"
R7 = "表1 5列目「R7」の意味"  # the select's label names the table and the column's header


def log_in(browser, live_server, username):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill("password")
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state("networkidle")
    return page


def shot(page, artifacts, name):
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def values_of(page, kpi: str) -> str:
    """The preview's line of one KPI's values (under 指標 N 件の値)."""
    values = page.locator("details", has_text="件の値")
    values.locator("summary").click()
    return values.locator("li", has_text=kpi).inner_text()


def test_the_planning_office_changes_a_column_meaning_and_the_target_reaches_the_plan(
    live_server, people, browser, artifacts, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    alice = log_in(browser, live_server, "alice")
    alice.goto(f"{live_server.url}/import/")
    alice.get_by_label("ファイル").set_input_files(
        files=[{"name": "minami.txt", "mimeType": "text/plain", "buffer": MINAMI.encode()}]
    )
    alice.get_by_label("自治体名").fill("所沢市")
    alice.get_by_label("計画名").fill("所沢市読書推進計画")
    shot(alice, artifacts, "01-upload")
    alice.get_by_role("button", name="読み込んで確認").click()
    alice.wait_for_load_state("networkidle")

    # The preview read R7 (the city's target year) as an actual, and says so column by column.
    assert "R7 420,000冊" in values_of(alice, BOOKS)
    columns = alice.locator("#table-1")
    assert "minami.txt:line 2（one-cell-per-line）" in columns.locator("caption").inner_text()
    assert alice.get_by_label(R7).input_value() == "actual"
    assert alice.get_by_label("表1 3列目「基準値（H30）」の意味").input_value() == "baseline"
    shot(alice, artifacts, "02-preview-r7-read-as-actual")

    alice.get_by_label(R7).select_option(label="目標値")
    alice.get_by_role("button", name="再読み込み").click()
    alice.wait_for_load_state("networkidle")
    assert "列の意味を変えて読み直しました。" in alice.locator(".messages").inner_text()
    assert alice.get_by_label(R7).input_value() == "target"
    assert "指定" in alice.locator("#table-1 tr", has_text="R7").inner_text()
    line = values_of(alice, BOOKS)
    assert "目標 420,000（R7）" in line and "R7 420,000冊" not in line  # the value moved from actual to target
    shot(alice, artifacts, "03-preview-r7-as-target")

    alice.get_by_role("button", name="この内容で適用する").click()
    alice.wait_for_load_state("networkidle")
    assert "minami.txt を取り込みました" in alice.locator(".messages").inner_text()
    card = alice.locator("li.card", has_text=BOOKS).first
    assert "目標 420,000（R7）" in card.inner_text()
    assert "R4" in card.inner_text() and "R7" not in card.locator(".sub").inner_text()  # the latest actual is R4
    shot(alice, artifacts, "04-plan-page-with-the-target")
    books = Indicator.objects.get(name=BOOKS)
    assert (books.target_value, books.target_fiscal_year) == (420000, 2025)
    assert ColumnChoice.objects.get().kind == "target"

    # The next import of the same layout for this city reads R7 as the target without being told.
    alice.goto(f"{live_server.url}/import/")
    alice.get_by_label("ファイル").set_input_files(
        files=[{"name": "minami-r5.txt", "mimeType": "text/plain", "buffer": MINAMI.encode()}]
    )
    alice.get_by_label("自治体名").fill("所沢市")
    alice.get_by_label("計画名").fill("所沢市読書推進計画")
    alice.get_by_role("button", name="読み込んで確認").click()
    alice.wait_for_load_state("networkidle")
    assert alice.get_by_label(R7).input_value() == "target"
    assert "前回の指定" in alice.locator("#table-1 tr", has_text="R7").inner_text()
    shot(alice, artifacts, "05-next-import-remembers")
