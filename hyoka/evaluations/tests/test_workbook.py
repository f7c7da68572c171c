"""The department's entry workbook: download, fill offline (openpyxl, as a clerk's Excel would), upload,
preview, apply; conflicts, other departments, bad cells; the file's dropdowns, hidden ids and protection."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hyoka.evaluations import actions, workbook
from hyoka.evaluations.models import Change, Evaluation
from hyoka.indicators.models import Observation


@pytest.fixture
def year(people):
    """FY2021 of the あきる野市 plan, opened: every entry 未着手, FY2020's figures are last year's."""
    return actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)


def download(client, user, cycle) -> bytes:
    client.force_login(user)
    response = client.get(reverse("cycle-workbook", args=[cycle.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def upload(client, cycle, data: bytes):
    file = io.BytesIO(data)
    file.name = "filled.xlsx"
    return client.post(reverse("cycle-workbook-upload", args=[cycle.pk]), {"file": file})


def saved(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def bobs_entries(people, cycle):
    return Evaluation.objects.for_cycle(cycle).for_departments(
        set(people.bob.profile.departments.values_list("pk", flat=True))
    )


def kpi_row_of(ws, evaluation_id):
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == evaluation_id)


def test_the_workbook_has_dropdowns_hidden_versions_and_a_protected_header(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.bob, year)))
    entries, kpis = wb["報告"], wb["指標"]
    assert wb["選択肢"].sheet_state == "hidden"
    assert [c.value for c in entries[1]][:6] == ["評価ID", "版", "No.", "事業名", "所管課", "評価"]
    assert entries.column_dimensions["A"].hidden and entries.column_dimensions["B"].hidden
    assert all(kpis.column_dimensions[c].hidden for c in "ABC")
    assert not entries.column_dimensions["F"].hidden
    assert entries.protection.sheet and kpis.protection.sheet
    assert entries["F1"].protection.locked and entries["A2"].protection.locked
    assert not entries["F2"].protection.locked and not entries["H2"].protection.locked
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in entries.data_validations.dataValidation}
    assert set(ranges) == {"F2", "G2", "J2"}
    grades = [c.value for c in wb["選択肢"]["A"][1:] if c.value]
    assert grades == list(people.plan.evaluation_scheme.grades.values_list("code", flat=True))
    assert ranges["F2"] == f"'選択肢'!$A$2:$A${len(grades) + 1}"
    assert [str(v.sqref).split(":")[0] for v in kpis.data_validations.dataValidation] == ["M2"]
    # Only bob's department's entries, with their versions
    ids = {entries.cell(r, 1).value: entries.cell(r, 2).value for r in range(2, entries.max_row + 1)}
    assert ids == dict(bobs_entries(people, year).values_list("pk", "version"))


def test_last_years_value_is_beside_this_years(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.alice, year)))
    kpis = wb["指標"]
    last = [(kpis.cell(r, 8).value, kpis.cell(r, 9).value) for r in range(2, kpis.max_row + 1)]
    assert any(value is not None and label for value, label in last)
    assert {kpis.cell(r, 10).value for r in range(2, kpis.max_row + 1)} == {"令和3年度"}


def test_a_filled_workbook_round_trips_into_saved_drafts_with_history(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.bob, year)))
    entries, kpis = wb["報告"], wb["指標"]
    evaluation_id = entries["A2"].value
    entries["F2"] = wb["選択肢"]["A2"].value
    entries["H2"] = "健診の受診者が増えた。"
    entries["J2"] = "継続"
    row = kpi_row_of(kpis, evaluation_id)
    kpis.cell(row, 11).value = "△1,234"
    kpis.cell(row, 14).value = "速報値"
    kpis.cell(row, 13).value = "速報・暫定"

    response = upload(client, year, saved(wb))
    page = response.content.decode()
    assert response.status_code == 200, page
    assert not response.context["errors"], response.context["errors"]
    assert "実績・取組状況：— → 健診の受診者が増えた。" in page
    assert "速報・暫定" in page
    token = response.context["token"]
    assert token

    response = client.post(reverse("cycle-workbook-apply", args=[year.pk]), {"token": token, "action": "draft"})
    assert response.status_code == 200
    assert len(response.context["result"].saved) == 1
    entry = Evaluation.objects.get(pk=evaluation_id)
    assert entry.status == Evaluation.Status.DRAFT
    assert entry.narrative == "健診の受診者が増えた。"
    assert entry.direction == "継続"
    assert entry.grade.code == wb["選択肢"]["A2"].value
    indicator_id = kpis.cell(row, 2).value
    value = Observation.objects.get(indicator_id=indicator_id, fiscal_year=2021)
    assert (value.value, value.status, value.note) == (-1234, "provisional", "速報値")
    assert Change.objects.filter(evaluation=entry, action=Change.Action.SAVED, user=people.bob).count() >= 2
    assert not Evaluation.objects.for_cycle(year).exclude(pk=entry.pk).filter(status="draft").exists()


def test_submitting_from_the_workbook_names_the_entries_that_are_incomplete(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.bob, year)))
    wb["報告"]["H2"] = "短い"
    response = upload(client, year, saved(wb))
    response = client.post(
        reverse("cycle-workbook-apply", args=[year.pk]), {"token": response.context["token"], "action": "submit"}
    )
    result = response.context["result"]
    assert result.submitted == [] and len(result.failed) >= 1
    assert "実績・取組状況を" in response.content.decode()
    assert Evaluation.objects.get(pk=wb["報告"]["A2"].value).status == Evaluation.Status.NOT_STARTED  # nothing half


def test_a_row_saved_since_the_download_is_a_conflict_and_not_applied(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.bob, year)))
    entry = Evaluation.objects.get(pk=wb["報告"]["A2"].value)
    data = actions.EntryInput(grade_id=None, achievement_id=None, narrative="画面で先に保存", future_direction="")
    actions.save_entry(evaluation=entry, data=data, by=people.alice, expected_version=entry.version)
    wb["報告"]["H2"] = "ワークブックからの上書き"
    wb["報告"]["H3"] = "別の事業の更新"

    response = upload(client, year, saved(wb))
    assert "競合" in response.content.decode() and "alice" in response.content.decode()
    client.post(reverse("cycle-workbook-apply", args=[year.pk]), {"token": response.context["token"]})
    assert Evaluation.objects.get(pk=entry.pk).narrative == "画面で先に保存"
    assert Evaluation.objects.get(pk=wb["報告"]["A3"].value).narrative == "別の事業の更新"


def test_another_departments_rows_are_refused(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.alice, year)))  # every department's entries
    mine = set(bobs_entries(people, year).values_list("pk", flat=True))
    entries = wb["報告"]
    for r in range(2, entries.max_row + 1):
        entries.cell(r, 8).value = "ワークブックからの入力です。"
    client.force_login(people.bob)
    response = upload(client, year, saved(wb))
    refused = {p.row.evaluation_id for p in response.context["rows"] if p.refused}
    allowed = {p.row.evaluation_id for p in response.context["rows"] if p.data}
    assert allowed == mine and refused and not refused & mine
    assert "他の課の事業です" in response.content.decode()
    client.post(reverse("cycle-workbook-apply", args=[year.pk]), {"token": response.context["token"]})
    changed = set(
        Evaluation.objects.for_cycle(year).filter(narrative__startswith="ワークブック").values_list("pk", flat=True)
    )
    assert changed == mine


def test_a_bad_value_is_named_by_its_sheet_and_cell_and_nothing_is_offered(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.bob, year)))
    wb["指標"]["K2"] = "たくさん"
    wb["指標"]["M3"] = "だいたい"
    response = upload(client, year, saved(wb))
    errors = response.context["errors"]
    assert any(e.startswith("指標!K2:") and "たくさん" in e for e in errors)
    assert any(e.startswith("指標!M3:") for e in errors)
    assert not response.context["token"]


def test_a_grade_not_in_the_scheme_is_named_by_its_cell(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.bob, year)))
    wb["報告"]["F2"] = "Z"
    response = upload(client, year, saved(wb))
    assert "報告!F2: 「Z」はこの計画の選択肢にありません。" in response.content.decode()


def test_a_file_that_is_not_the_workbook_is_refused_with_a_reason(client, people, year):
    client.force_login(people.bob)
    response = upload(client, year, b"not a workbook")
    assert response.status_code == 200
    assert "zip" in response.content.decode()


def test_the_reviewer_cannot_download_or_upload(client, people, year):
    client.force_login(people.dave)
    assert client.get(reverse("cycle-workbook", args=[year.pk])).status_code == 403
    assert client.get(reverse("cycle-workbook-upload", args=[year.pk])).status_code == 403


def test_the_download_makes_the_same_queries_for_10_and_100_projects(synthetic_plan, people):
    counts = []
    for size in (10, 100):
        plan = synthetic_plan(size)
        cycle = actions.open_cycle(plan=plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
        with CaptureQueriesContext(connection) as queries:
            data = workbook.write_entry_workbook(cycle, None)
        counts.append(len(queries))
        assert load_workbook(io.BytesIO(data))["報告"].max_row == size + 1
    assert counts[0] == counts[1]


def test_text_that_looks_like_a_formula_is_written_as_text(client, people, year):
    entry = Evaluation.objects.for_cycle(year).for_departments({people.bob.profile.departments.get().pk}).first()
    data = actions.EntryInput(
        grade_id=None, achievement_id=None, narrative='=HYPERLINK("http://example.com","click")', future_direction=""
    )
    actions.save_entry(evaluation=entry, data=data, by=people.bob, expected_version=entry.version)
    entries = load_workbook(io.BytesIO(download(client, people.bob, year)))["報告"]
    row = next(r for r in range(2, entries.max_row + 1) if entries.cell(r, 1).value == entry.pk)
    cell = entries.cell(row, 8)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://example.com","click")', "s")


def test_the_cycle_page_links_the_workbook_for_a_department_and_not_for_a_reviewer(client, people, year):
    client.force_login(people.bob)
    assert (
        reverse("cycle-workbook-upload", args=[year.pk])
        in client.get(reverse("cycle-detail", args=[year.pk])).content.decode()
    )
    client.force_login(people.dave)
    assert (
        reverse("cycle-workbook", args=[year.pk])
        not in client.get(reverse("cycle-detail", args=[year.pk])).content.decode()
    )


def test_the_preview_makes_the_same_queries_for_10_and_100_entries(synthetic_plan, people):
    counts = []
    for size in (10, 100):
        plan = synthetic_plan(size)
        cycle = actions.open_cycle(plan=plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
        wb = load_workbook(io.BytesIO(workbook.write_entry_workbook(cycle, None)))
        for r in range(2, size + 2):
            wb["報告"].cell(r, 8).value = "ワークブックから"
        read = workbook.read_entry_workbook(saved(wb), "filled.xlsx")
        with CaptureQueriesContext(connection) as queries:
            rows = workbook.preview(cycle, read, people.alice, allowed=None)
        counts.append(len(queries))
        assert sum(1 for p in rows if p.changes) == size
    assert counts[0] == counts[1]


def test_a_published_year_is_refused_row_by_row(client, people, year):
    data = download(client, people.bob, year)
    actions.publish_year(cycle=year, by=people.alice, allow_unapproved=True)
    response = upload(client, year, data)
    assert all(p.refused for p in response.context["rows"])
    assert "公開済みのため編集できません" in response.content.decode()


def test_a_complete_entry_is_submitted_from_the_workbook_and_untouched_ones_are_left_alone(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.bob, year)))
    entries, kpis, choices = wb["報告"], wb["指標"], wb["選択肢"]
    evaluation_id = entries["A2"].value
    entries["F2"], entries["G2"] = choices["A2"].value, choices["B2"].value
    entries["H2"] = "健診の受診者が前年度より増え、計画どおりに実施できた。"
    for r in range(2, kpis.max_row + 1):
        if kpis.cell(r, 1).value == evaluation_id:
            kpis.cell(r, 11).value = 42
    response = upload(client, year, saved(wb))
    response = client.post(
        reverse("cycle-workbook-apply", args=[year.pk]), {"token": response.context["token"], "action": "submit"}
    )
    result = response.context["result"]
    assert [e.pk for e in result.submitted] == [evaluation_id] and result.failed == []
    assert Evaluation.objects.get(pk=evaluation_id).status == Evaluation.Status.SUBMITTED
    others = bobs_entries(people, year).exclude(pk=evaluation_id)
    assert set(others.values_list("status", flat=True)) == {Evaluation.Status.NOT_STARTED}
    assert Change.objects.filter(evaluation_id=evaluation_id, action=Change.Action.SUBMITTED).count() == 1


def test_an_upload_is_applied_only_by_the_user_who_uploaded_it(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.alice, year)))
    wb["報告"]["H2"] = "企画課の入力"
    token = upload(client, year, saved(wb)).context["token"]
    client.force_login(people.bob)
    response = client.post(reverse("cycle-workbook-apply", args=[year.pk]), {"token": token})
    assert response.status_code == 403
    assert Evaluation.objects.get(pk=wb["報告"]["A2"].value).narrative == ""


def test_cost_is_filled_offline_previewed_and_saved_with_the_entry(client, people, year):
    """予算額・決算額・人工 travel in the workbook like the form's cost fields; 人件費 follows from the plan's unit cost."""
    wb = load_workbook(io.BytesIO(download(client, people.bob, year)))
    entries = wb["報告"]
    assert [c.value for c in entries[1]][10:] == ["予算額（円）", "決算額（円）", "人工"]
    assert not entries["K2"].protection.locked and not entries["M2"].protection.locked
    entry_id = entries["A2"].value
    entries["K2"], entries["L2"], entries["M2"] = 4_800_000, "4,650,000", 0.5
    response = upload(client, year, saved(wb))
    (row,) = [p for p in response.context["rows"] if p.row.evaluation_id == entry_id]
    assert ("決算額（円）", "", "4,650,000") in row.changes and ("人工", "", "0.5") in row.changes
    client.post(
        reverse("cycle-workbook-apply", args=[year.pk]), {"token": response.context["token"], "action": "draft"}
    )
    entry = Evaluation.objects.get(pk=entry_id)
    assert (entry.budget_amount, entry.settlement_amount, entry.person_years) == (4_800_000, 4_650_000, 0.5)


def test_an_amount_that_is_not_whole_yen_is_named_by_its_cell(client, people, year):
    wb = load_workbook(io.BytesIO(download(client, people.bob, year)))
    wb["報告"]["K2"] = -5
    wb["報告"]["L2"] = "12.5"
    errors = upload(client, year, saved(wb)).context["errors"]
    assert any(e.startswith("報告!K2:") for e in errors) and any(e.startswith("報告!L2:") for e in errors)


def test_the_status_words_are_the_vocabularys_and_an_older_download_still_reads():
    from hyoka.vocabulary import OBSERVATION_STATUSES

    assert workbook.STATUS_LABELS == OBSERVATION_STATUSES
    header_e = [name for name, _ in workbook.ENTRY_COLUMNS]
    header_k = [name for name, _ in workbook.KPI_COLUMNS]
    entry = [1, 1, "1", "事業", "課", None, None, "", "", "", None, None, None]
    kpi = [1, 7, 0, "1", "事業", "指標", "人", None, None, "令和3年度", None, "", "未確定", "確報値待ち"]
    read = workbook.parse_rows([tuple(header_e), tuple(entry)], [tuple(header_k), tuple(kpi)])
    assert read.errors == [] and read.rows[0].kpis[0].status == "pending"
