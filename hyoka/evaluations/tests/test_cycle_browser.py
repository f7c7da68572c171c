"""The whole yearly cycle in Debian's Chromium, as the people who use it click through it.

Screenshots of every step go to var/test-artifacts/<this test>/ (HYOKA_TEST_ARTIFACTS to move them).
"""

import csv
import io

import pytest
from playwright.sync_api import expect

from hyoka.evaluations.models import Evaluation, EvaluationCycle
from hyoka.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KPI = "3～4か月児健康診査受診者（受診率）"  # its inputs are labelled with its name, for screen readers too


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


def complete_the_other_kpis(page):
    """Every KPI of project 3 needs a value before submitting; the three besides the one under test get one."""
    for field in page.locator("input[name$='-value'][name^='kpi-']").all()[1:]:
        if not field.input_value():
            field.fill("12")


def test_the_yearly_cycle_from_reopening_to_the_public_page(live_server, people, browser, artifacts):
    plan = people.plan
    project3 = Project.objects.get(plan=plan, number="3")

    # 1. The planning office tries to open FY2020, whose figures are public, and is sent to reopen it instead.
    alice = log_in(browser, live_server, "alice")
    alice.goto(f"{live_server.url}/cycle/")
    row = alice.locator("tr", has_text=plan.title)
    row.get_by_label("評価年度（西暦）").fill("2020")
    row.get_by_label("提出期限").fill("2021-05-31")
    row.get_by_role("button", name="開始").click()
    alice.wait_for_load_state("networkidle")
    expect(alice.locator(".messages")).to_contain_text("すでに公開されています")  # retried until the page arrives
    assert "報告 67件（承認済み 67件、未承認 0件）" in alice.locator("#what-changes").inner_text()
    alice.get_by_label("再開の理由").fill("3～4か月児健康診査の受診者数を訂正するため")
    alice.get_by_label("提出期限").fill("2021-05-31")
    shot(alice, artifacts, "01-admin-reopen-confirmation")
    alice.get_by_role("button", name="理由を記録して再開する").click()
    alice.wait_for_load_state("networkidle")
    assert "67 / 67 件提出（承認 67 件）" in alice.locator("#collection-total").inner_text()  # entries keep their state
    assert "訂正するため" in alice.locator("#year-reopened").inner_text()
    shot(alice, artifacts, "02-admin-reopened-fy2020")
    cycle = EvaluationCycle.objects.get(plan=plan, fiscal_year=2020)
    assert cycle.is_reopened

    # 2. A 健康課 editor enters and submits the results of project 3.
    bob = log_in(browser, live_server, "bob")
    bob.goto(f"{live_server.url}/cycle/{cycle.pk}/")
    assert (
        bob.locator("section[aria-labelledby=entries] tbody tr").count()
        == Project.objects.filter(plan=plan, department_links__department__name="健康課").count()
    )
    shot(bob, artifacts, "02b-editor-my-projects")
    bob.get_by_role("link", name="健康診査等の実施").click()
    bob.get_by_label(f"{KPI} 実績値").fill("430")
    bob.get_by_label(f"{KPI} 表記").fill("受診者430人（受診率95.6％）")
    bob.get_by_label("評価", exact=True).select_option(label="A：定常的実施")
    bob.get_by_label("実績・取組状況").fill("健診の受診率95％以上を維持し、未受診の家庭に電話をかけました。")
    complete_the_other_kpis(bob)
    shot(bob, artifacts, "03-editor-entry-filled")
    bob.get_by_role("button", name="保存して提出").click()
    bob.wait_for_load_state("networkidle")
    expect(bob.locator("#entry-status")).to_have_text("提出済み")
    shot(bob, artifacts, "04-editor-submitted")

    # 3. …and is refused another department's project, in the page and on the server.
    other = Evaluation.objects.get(project__plan=plan, project__number="1", fiscal_year=2020)
    bob.goto(f"{live_server.url}/cycle/{cycle.pk}/entries/{other.pk}/")
    assert bob.get_by_role("button", name="下書き保存").count() == 0
    assert bob.locator("textarea[name='narrative']").is_disabled()
    shot(bob, artifacts, "05-editor-other-department-read-only")
    csrf = bob.locator("input[name='csrfmiddlewaretoken']").first.get_attribute("value")
    forged = bob.request.post(
        f"{live_server.url}/cycle/{cycle.pk}/entries/{other.pk}/",
        form={"csrfmiddlewaretoken": csrf, "version": "1", "narrative": "書き換え", "action": "save"},
        headers={"Referer": bob.url},
    )
    assert forged.status == 403

    # 4. The planning office returns it with a comment.
    entry = Evaluation.objects.get(project=project3, fiscal_year=2020)
    alice.goto(f"{live_server.url}/cycle/{cycle.pk}/entries/{entry.pk}/")
    alice.get_by_label("差し戻しの理由").fill("受診率を表記に含め、延期した健診の回数も書いてください。")
    alice.get_by_role("button", name="差し戻す").click()
    alice.wait_for_load_state("networkidle")
    shot(alice, artifacts, "06-admin-returned")

    # 5. The editor fixes it and submits again.
    bob.goto(f"{live_server.url}/cycle/{cycle.pk}/entries/{entry.pk}/")
    assert "延期した健診の回数も書いてください" in bob.content()
    shot(bob, artifacts, "07-editor-sees-return")
    bob.get_by_label(f"{KPI} 実績値").fill("432")
    bob.get_by_label(f"{KPI} 表記").fill("受診者432人（受診率96.0％）")
    bob.get_by_label("実績・取組状況").fill(
        "健診の受診率95％以上を維持しました。緊急事態宣言中の健診4回を延期しました。"
    )
    bob.get_by_role("button", name="保存して提出").click()
    bob.wait_for_load_state("networkidle")
    expect(bob.locator("#entry-status")).to_have_text("提出済み")

    # 6. Until the year is published again, the public keeps the published 421.
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    visitor.goto(f"{live_server.url}/plans/{plan.pk}/projects/{project3.pk}/")
    text = visitor.locator("main").inner_text()
    assert "421人" in text and "432人" not in text and "令和2年度 評価 B" in text

    # 7. The planning office approves and publishes the year, after a confirmation that counts.
    alice.goto(f"{live_server.url}/cycle/{cycle.pk}/entries/{entry.pk}/")
    alice.get_by_role("button", name="承認する").click()
    alice.wait_for_load_state("networkidle")
    assert "67 / 67 件提出（承認 67 件）" in alice.locator("#collection-total").inner_text()
    alice.get_by_role("button", name="この年度を公開する").click()
    alice.wait_for_load_state("networkidle")
    assert "報告 67件のうち、承認済みの 67件を公開します" in alice.locator("#what-changes").inner_text()
    assert "再開の前に公開していた値は、この公開で置き換わります" in alice.locator("#what-changes").inner_text()
    shot(alice, artifacts, "08-admin-publish-confirmation")
    alice.get_by_role("button", name="公開する", exact=True).click()
    alice.wait_for_load_state("networkidle")
    assert "編集できません" in alice.locator("#year-locked").inner_text()
    shot(alice, artifacts, "08b-admin-published-and-locked")

    # 8. An anonymous visitor sees the new value and grade, on the page and in the CSV download.
    visitor.goto(f"{live_server.url}/plans/{plan.pk}/projects/{project3.pk}/")
    text = visitor.locator("main").inner_text()
    assert "432人" in text and "421人" not in text
    assert "令和2年度 評価 A" in text
    assert "緊急事態宣言中の健診4回を延期しました" in text
    assert "延期した健診の回数も書いてください" not in text  # the planning office's comments are not public
    shot(visitor, artifacts, "09-public-project-page")
    visitor.get_by_role("link", name="3～4か月児健康診査受診者（受診率）").first.click()
    assert "受診者432人（受診率96.0％）" in visitor.locator("main").inner_text()  # the value as the city wrote it
    shot(visitor, artifacts, "10-public-kpi-page")
    visitor.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert "432人" in visitor.locator("main").inner_text()
    shot(visitor, artifacts, "11-public-plan-page")
    download = visitor.request.get(f"{live_server.url}/plans/{plan.pk}/open-data.csv")
    assert download.ok and download.body().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(download.body().decode("utf-8-sig"))))
    assert any("432" in row and any("3～4か月児健康診査" in cell for cell in row) for row in rows)
    assert any("健康診査等の実施" in row and "A" in row for row in rows)


def test_opening_and_publishing_a_new_year_ask_first(live_server, people, browser, artifacts):
    plan = people.plan
    alice = log_in(browser, live_server, "alice")
    alice.goto(f"{live_server.url}/cycle/")
    row = alice.locator("tr", has_text=plan.title)
    row.get_by_label("評価年度（西暦）").fill("2021")
    row.get_by_label("提出期限").fill("2022-05-31")
    row.get_by_role("button", name="開始").click()
    alice.wait_for_load_state("networkidle")
    assert "事業 67件に報告欄を用意し" in alice.locator("#what-changes").inner_text()
    assert not EvaluationCycle.objects.filter(plan=plan, fiscal_year=2021).exists()
    shot(alice, artifacts, "01-open-confirmation")
    alice.get_by_role("button", name="開始する").click()
    alice.wait_for_load_state("networkidle")
    assert "0 / 67 件提出" in alice.locator("#collection-total").inner_text()

    alice.get_by_role("button", name="この年度を公開する").click()
    alice.wait_for_load_state("networkidle")
    assert "未承認の報告が 67件あります" in alice.locator("#unapproved-warning").inner_text()
    shot(alice, artifacts, "02-publish-confirmation-with-unapproved")
    alice.get_by_role("link", name="やめる").click()
    alice.wait_for_load_state("networkidle")
    assert not EvaluationCycle.objects.get(plan=plan, fiscal_year=2021).published_at
    alice.get_by_role("button", name="この年度を公開する").click()
    alice.get_by_role("button", name="未承認 67件を残して公開する").click()
    alice.locator("#year-locked").wait_for()  # the published year's page, so the publication has committed
    assert EvaluationCycle.objects.get(plan=plan, fiscal_year=2021).is_published
    shot(alice, artifacts, "03-published")
