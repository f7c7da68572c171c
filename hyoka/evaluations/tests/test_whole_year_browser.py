"""A whole year in Debian's Chromium, from an empty city to the public page (issue 12's "done when").

The planning office makes a plan from the blank Excel template, adds a project and a KPI in the browser, invites a
department user (who sets a password through the mailed link) and opens the year; the department downloads its
workbook, fills it with openpyxl, uploads and submits it; the reviewer writes the committee's opinion; the office
responds, approves and publishes; the public reads the value, the revised target beside the original, the cost and
the direction; the year's record and report stay as published after the KPI's target and baseline are edited again.

Every step is photographed at 1280 px and at 375 px (var/test-artifacts/<this test>/, HYOKA_TEST_ARTIFACTS to move).
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from hyoka.accounts.demo import make_user
from hyoka.accounts.models import Profile
from hyoka.evaluations.models import Evaluation, EvaluationCycle, PublishedIndicator
from hyoka.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITY, TITLE = "松戸市", "松戸市まち・ひと・しごと創生総合戦略"
KPI, PROJECT, DEPARTMENT = "市内事業所数", "企業誘致事業", "商工振興課"
YEAR = 2025  # 令和7年度, the year the test runs through


# The outermost elements that reach past the phone's edge, to name what makes a page scroll sideways.
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376
  && e.parentElement.getBoundingClientRect().right <= 376).slice(0, 5)
  .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + (e.textContent || '').trim().slice(0, 30)
    + ' in ' + e.parentElement.className + ' ' + getComputedStyle(e.parentElement).overflowX)"""


def shots(page: Page, artifacts: Path, name: str) -> None:
    """The page as a desk (1280 px) and as a phone (375 px) show it; a phone must not scroll sideways."""
    size = page.viewport_size
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)
        if width == 375:
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 376, f"{name}: {wide} px wide on a 375 px phone: {page.evaluate(WIDEST)}"
    page.set_viewport_size(size)


def log_in(browser, live_server, username: str, password: str = "password") -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state("networkidle")
    return page


def saved_download(download, folder: Path) -> Path:
    """The downloaded file under the name the browser offers (which must say it is a workbook)."""
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def append_row(ws, values: dict) -> None:
    headers = [c.value for c in ws[1]]
    ws.append([values.get(h) for h in headers])


def header_column(ws, name: str) -> int:
    return next(c.column for c in ws[1] if c.value == name)


def test_a_whole_year_from_the_blank_template_to_the_published_record(
    live_server, browser, artifacts, settings_fast, tmp_path
):
    make_user("kikaku", "password", Profile.Role.PLANNING_ADMIN)
    make_user("iin", "password", Profile.Role.REVIEWER)
    deadline = timezone.localdate() + datetime.timedelta(days=30)

    # 1. The planning office downloads the blank template, fills in the plan's goal and imports it.
    office = log_in(browser, live_server, "kikaku")
    office.goto(f"{live_server.url}/plans/new")
    office.fill("#id_municipality", CITY)
    office.fill("#id_title", TITLE)
    office.fill("#id_start_fy", "2025")
    office.fill("#id_end_fy", "2029")
    office.fill("#id_levels", "基本目標＞施策")
    shots(office, artifacts, "01-new-plan")
    with office.expect_download() as download:
        office.get_by_role("button", name="Excelのひな形をダウンロード").click()
    wb = load_workbook(saved_download(download.value, tmp_path))
    append_row(wb["施策体系"], {"施策体系": "基本目標1", "区分": "基本目標", "番号": "1", "名称": "しごとをつくる"})
    template = tmp_path / "template.xlsx"
    wb.save(template)
    office.goto(f"{live_server.url}/import/")
    office.get_by_label("ファイル").set_input_files(str(template))
    office.get_by_role("button", name="読み込んで確認").click()
    office.wait_for_load_state("networkidle")
    shots(office, artifacts, "02-import-preview")
    office.get_by_role("button", name="この内容で適用する").click()
    office.wait_for_load_state("networkidle")
    plan = Plan.objects.get(title=TITLE, municipality__name=CITY)
    base = f"{live_server.url}/plans/{plan.pk}"

    # 2. …gives it an evaluation scheme, a department, a project and a KPI in the browser.
    office.goto(f"{base}/edit/")
    office.get_by_role("link", name="評価基準").click()
    office.get_by_label("人件費単価（1人工あたり・円）").fill("8000000")
    for i, (code, label) in enumerate([("A", "順調"), ("B", "概ね順調"), ("C", "遅れ")]):
        office.fill(f"#id_grades-{i}-code", code)
        office.fill(f"#id_grades-{i}-label", label)
    for i, (code, label, low, high) in enumerate([("1", "達成", "100", ""), ("2", "未達成", "", "100")]):
        office.fill(f"#id_levels-{i}-code", code)
        office.fill(f"#id_levels-{i}-label", label)
        office.fill(f"#id_levels-{i}-min_percent", low)
        office.fill(f"#id_levels-{i}-max_percent", high)
    shots(office, artifacts, "03-scheme")
    office.get_by_role("button", name="保存する").click()
    office.wait_for_url("**/edit/")
    office.get_by_role("link", name="所管課", exact=True).click()
    office.fill("#id_name", DEPARTMENT)
    office.get_by_role("button", name="追加する").click()
    office.get_by_role("link", name="計画の管理").click()
    office.get_by_role("link", name="＋事業").click()
    office.fill("#id_number", "1")
    office.fill("#id_name", PROJECT)
    office.get_by_label(DEPARTMENT).check()
    office.get_by_role("button", name="保存する").click()
    office.wait_for_url("**/edit/")
    office.get_by_role("link", name="＋指標").click()
    office.fill("#id_name", KPI)
    office.fill("#id_unit", "事業所")
    office.select_option("#id_kind", "outcome")
    office.select_option("#id_project", label=f"1 {PROJECT}")
    office.select_option("#id_direction", "increase")
    office.fill("#id_baseline_value", "4986")
    office.fill("#id_baseline_label", "令和6年度")
    office.fill("#id_baseline_fiscal_year", "2024")
    office.fill("#id_target_value", "5100")
    office.fill("#id_target_label", "令和11年度")
    office.fill("#id_target_fiscal_year", "2029")
    office.fill("#id_interim_targets", "令和7年度 5,040")
    shots(office, artifacts, "04-kpi")
    office.get_by_role("button", name="保存する").click()
    office.wait_for_url("**/edit/")
    assert "対応が必要な項目はありません" in office.locator("#attention").inner_text()
    shots(office, artifacts, "05-upkeep")
    kpi = plan.indicators.get(name=KPI)
    assert kpi.interim == ((YEAR, 5040),)

    # 3. …lowers the KPI's target from this year on (the original is kept).
    office.goto(f"{base}/indicators/{kpi.pk}/")
    office.get_by_text("目標を改定する（企画課）").click()
    office.get_by_label("新しい目標値").fill("5050")
    office.get_by_label("適用開始年度（西暦）").fill(str(YEAR))
    office.get_by_label("改定の理由").fill("景気の後退に合わせて見直すため")
    office.get_by_role("button", name="確認へ進む").click()
    office.get_by_role("button", name="改定する").click()
    office.wait_for_load_state("networkidle")
    expect(office.locator(".messages")).to_contain_text("目標を改定しました")

    # 4. …invites the department's clerk, who sets a password through the mailed link.
    office.goto(f"{live_server.url}/accounts/users/invite")
    office.get_by_label("ログイン名").fill("shoko")
    office.get_by_label("メールアドレス").fill("shoko@city.matsudo.example.jp")
    office.get_by_label("姓").fill("松戸")
    office.get_by_label("役割").select_option("department_editor")
    office.get_by_label(f"{CITY} {DEPARTMENT}").check()
    shots(office, artifacts, "06-invite")
    office.get_by_role("button", name=re.compile("招待")).click()
    office.wait_for_load_state("networkidle")
    (invitation,) = mail.outbox
    link = re.search(r"https?://\S+(/accounts/set-password/\S+)", invitation.body).group(1)
    clerk = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    clerk.goto(f"{live_server.url}{link}")
    clerk.locator("#id_new_password1").fill("shoko-2025-kigyo!")
    clerk.locator("#id_new_password2").fill("shoko-2025-kigyo!")
    shots(clerk, artifacts, "07-set-password")
    clerk.get_by_role("button", name="パスワードを設定する").click()
    clerk.wait_for_load_state("networkidle")

    # 5. …and opens the year; the department is told by mail.
    office.goto(f"{live_server.url}/cycle/")
    row = office.locator("tr", has_text=TITLE)
    row.get_by_label("評価年度（西暦）").fill(str(YEAR))
    row.get_by_label("提出期限").fill(deadline.isoformat())
    row.get_by_role("button", name="開始").click()
    office.wait_for_load_state("networkidle")
    shots(office, artifacts, "08-open-confirmation")
    office.get_by_role("button", name="開始する").click()
    office.wait_for_load_state("networkidle")
    cycle = EvaluationCycle.objects.get(plan=plan, fiscal_year=YEAR)
    assert "0 / 1 件提出" in office.locator("#collection-total").inner_text()
    opened = [m for m in mail.outbox if "shoko@city.matsudo.example.jp" in m.to and m is not invitation]
    assert opened and PROJECT in opened[0].body

    # 6. The clerk logs in, downloads the workbook, fills it offline, uploads it and submits.
    clerk = log_in(browser, live_server, "shoko", "shoko-2025-kigyo!")
    clerk.goto(f"{live_server.url}/cycle/{cycle.pk}/")
    shots(clerk, artifacts, "09-clerk-cycle")
    with clerk.expect_download() as download:
        clerk.get_by_role("link", name="Excelでダウンロード（報告用ワークブック）").click()
    wb = load_workbook(saved_download(download.value, tmp_path))
    entries, kpis = wb["報告"], wb["指標"]
    assert entries.cell(2, header_column(entries, "事業名")).value == PROJECT
    assert kpis.cell(2, header_column(kpis, "指標名")).value == KPI
    for name, value in {
        "評価": "A",
        "達成度": "1",
        "実績・取組状況": "企業立地の相談を42件受け、新たに3社が市内に進出しました。",
        "今後の方針": "産業用地の確保を進める。",
        "今後の方向性": "拡充",
        "予算額（円）": 12_000_000,
        "決算額（円）": 11_500_000,
        "人工": 0.5,
    }.items():
        entries.cell(2, header_column(entries, name)).value = value
    kpis.cell(2, header_column(kpis, "実績値")).value = 5062
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    clerk.goto(f"{live_server.url}/cycle/{cycle.pk}/workbook/upload")
    clerk.locator("input[type=file]").set_input_files(str(filled))
    clerk.get_by_role("button", name="読み込んで確認").click()
    clerk.wait_for_load_state("networkidle")
    preview = clerk.locator("main").inner_text()
    assert "拡充" in preview and "5062" in preview
    shots(clerk, artifacts, "10-clerk-upload-preview")
    clerk.get_by_role("button", name="保存して提出").click()
    clerk.wait_for_load_state("networkidle")
    shots(clerk, artifacts, "11-clerk-submitted")
    entry = Evaluation.objects.get(project__plan=plan, fiscal_year=YEAR)
    assert entry.status == Evaluation.Status.SUBMITTED
    assert (entry.settlement_amount, entry.person_years, entry.direction) == (11_500_000, 0.5, "拡充")

    # 7. The reviewer writes the committee's opinion; the office responds, approves and publishes.
    reviewer = log_in(browser, live_server, "iin")
    entry_url = f"{live_server.url}/cycle/{cycle.pk}/entries/{entry.pk}/"
    reviewer.goto(entry_url)
    reviewer.get_by_role("textbox", name="外部評価委員会の意見").fill("進出企業の雇用の状況も示されたい。")
    reviewer.get_by_role("button", name="意見を保存").click()
    reviewer.wait_for_load_state("networkidle")
    shots(reviewer, artifacts, "12-reviewer-opinion")
    office.goto(entry_url)
    kpi_row = office.locator("#entry-form tbody tr", has_text=KPI).inner_text()
    # the target in force in 令和7年度, revised, with its interim target
    assert "5,050事業所" in kpi_row and "改定" in kpi_row and "中間目標：5,040事業所" in kpi_row
    assert "4,986事業所" in kpi_row and "令和6年度（基準値）" in kpi_row  # no earlier value: the baseline
    office.get_by_role("textbox", name="対応方針", exact=True).fill("次年度から新規雇用者数を指標に加える。")
    office.get_by_role("button", name="対応方針を保存").click()
    office.wait_for_load_state("networkidle")
    shots(office, artifacts, "13-office-entry")
    office.get_by_role("button", name="承認する").click()
    office.wait_for_load_state("networkidle")
    approved = [m for m in mail.outbox if "shoko@city.matsudo.example.jp" in m.to and "承認" in m.subject]
    assert approved, [m.subject for m in mail.outbox]
    assert "1 / 1 件提出（承認 1 件）" in office.locator("#collection-total").inner_text()
    office.get_by_role("button", name="この年度を公開する").click()
    office.wait_for_load_state("networkidle")
    shots(office, artifacts, "14-publish-confirmation")
    office.get_by_role("button", name="公開する", exact=True).click()
    office.locator("#year-locked").wait_for()
    office.goto(f"{base}/")
    office.get_by_role("button", name="計画を公開する").click()
    office.wait_for_load_state("networkidle")
    plan.refresh_from_db()
    assert plan.published and EvaluationCycle.objects.get(pk=cycle.pk).is_published

    # 8. The public reads the value, the revised target beside the original, the cost and the direction.
    public = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    public.goto(f"{base}/")
    assert "5,062事業所" in public.locator("main").inner_text()
    shots(public, artifacts, "15-public-plan")
    project = plan.projects.get()
    public.goto(f"{base}/projects/{project.pk}/")
    text = public.locator("main").inner_text()
    assert "拡充" in text and "11,500,000" in text and "15,500,000" in text  # 決算額 + 0.5 人工 × 800万円
    assert "進出企業の雇用の状況も示されたい" in text and "新規雇用者数を指標に加える" in text
    shots(public, artifacts, "16-public-project")
    public.goto(f"{base}/indicators/{kpi.pk}/")
    assert public.locator("#original-target del").inner_text().startswith("5,100事業所")
    assert "5,050事業所" in public.locator("main").inner_text() and "5,062事業所" in public.locator("main").inner_text()
    shots(public, artifacts, "17-public-kpi")

    # 9. The office edits the KPI again (a new target from next year, another baseline): what was published stays.
    recorded = PublishedIndicator.objects.get(cycle=cycle, indicator=kpi)
    frozen = {f.name: getattr(recorded, f.name) for f in recorded._meta.fields}
    office.goto(f"{base}/indicators/{kpi.pk}/")
    office.get_by_text("目標を改定する（企画課）").click()
    office.get_by_label("新しい目標値").fill("5200")
    office.get_by_label("適用開始年度（西暦）").fill(str(YEAR + 1))
    office.get_by_label("改定の理由").fill("進出企業が増えたため引き上げる")
    office.get_by_role("button", name="確認へ進む").click()
    office.get_by_role("button", name="改定する").click()
    office.wait_for_load_state("networkidle")
    office.goto(f"{base}/edit/indicators/{kpi.pk}/")
    office.fill("#id_baseline_value", "4990")
    office.get_by_role("button", name="保存する").click()
    office.wait_for_url("**/edit/")
    recorded.refresh_from_db()
    assert {f.name: getattr(recorded, f.name) for f in recorded._meta.fields} == frozen
    office.goto(f"{live_server.url}/reports/plans/{plan.pk}/evaluation.html?fy={YEAR}")
    report = office.locator("body").inner_text()
    assert "5,050" in report and "5,200" not in report and "4,986" in report and "案" not in report
    shots(office, artifacts, "18-report-of-the-published-year")
