"""/plans/<id>/projects/ — the filterable project list, with CSV and Excel downloads."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from hyoka.evaluations.models import Evaluation
from hyoka.plans.models import Department

pytestmark = pytest.mark.django_db


def url(plan, **params):
    from urllib.parse import urlencode

    return reverse("project-list", args=[plan.pk]) + ("?" + urlencode(params) if params else "")


def test_lists_every_project_with_grade_and_departments(client, people):
    page = client.get(url(people.plan)).content.decode()
    assert "67件（全67件）" in page
    assert "子ども食堂推進事業" in page and "健康課" in page
    assert 'hx-get="' in page and 'hx-target="#project-table"' in page


def test_filters_by_department_status_grade_achievement_and_text(client, people):
    health = Department.objects.get(municipality=people.plan.municipality, name="健康課")
    page = client.get(url(people.plan, department=health.pk)).content.decode()
    assert "母子健康手帳の交付" in page and "子ども食堂推進事業" not in page
    evaluations = Evaluation.objects.filter(project__plan=people.plan)  # one per project, all FY2020
    grade_b = evaluations.filter(grade__code="B").count()
    page = client.get(url(people.plan, grade="B")).content.decode()
    assert 0 < grade_b < 67 and f"{grade_b}件（全67件）" in page
    assert '<span class="badge">B</span>' in page and '<span class="badge">A</span>' not in page
    level_3 = evaluations.filter(achievement__code="3").count()
    page = client.get(url(people.plan, achievement="3")).content.decode()
    assert f"{level_3}件（全67件）" in page and '<span class="badge muted">2</span>' not in page
    page = client.get(url(people.plan, q="子ども食堂")).content.decode()
    assert "1件（全67件）" in page and "子ども食堂推進事業" in page
    page = client.get(url(people.plan, q="ｺﾄﾞﾓ")).content.decode()  # half-width katakana, NFKC-normalised
    assert "（全67件）" in page
    statuses = set(people.plan.projects.values_list("status", flat=True)) - {""}
    if statuses:
        status = sorted(statuses)[0]
        expected = people.plan.projects.filter(status=status).count()
        assert f"{expected}件（全67件）" in client.get(url(people.plan, status=status)).content.decode()


def test_fiscal_year_filter_shows_that_years_grade(client, people):
    page = client.get(url(people.plan, fy=2020)).content.decode()
    assert "令和2年度" in page
    assert "67件（全67件）" in page
    page = client.get(url(people.plan, fy=2019)).content.decode()
    assert "令和2年度" not in page.split('<table class="grid projects">')[1]


def test_htmx_request_gets_only_the_table(client, people):
    response = client.get(url(people.plan, q="健診"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="project-table">') and "<html" not in page


def test_csv_download_is_utf8_with_bom_and_filtered(client, people):
    response = client.get(url(people.plan, q="子ども食堂", format="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["番号", "事業名"]
    assert [r[1] for r in rows[1:]] == ["子ども食堂推進事業"]
    assert "attachment" in response["Content-Disposition"]


def test_xlsx_download_opens_with_openpyxl(client, people):
    response = client.get(url(people.plan, format="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 67 and "子ども食堂推進事業" in names and "母子健康手帳の交付" in names


def test_staff_see_the_list_of_an_unpublished_plan(client, people):
    people.plan.published = False
    people.plan.save(update_fields=["published"])
    assert client.get(url(people.plan)).status_code == 404
    client.force_login(people.carol)
    assert client.get(url(people.plan)).status_code == 200


def test_opened_year_grades_vanish_for_the_public(client, people, opened_2020):
    page = client.get(url(people.plan)).content.decode()
    assert "令和2年度" not in page.split('<table class="grid projects">')[1]
    client.force_login(people.dave)
    page = client.get(url(people.plan)).content.decode()
    assert "令和2年度" in page.split('<table class="grid projects">')[1]


def test_project_list_queries_do_not_grow_with_the_plan(client, people, big_plan, count_queries):
    small = count_queries(client, url(people.plan))
    assert count_queries(client, url(big_plan)) == small
    client.force_login(people.dave)
    assert count_queries(client, url(people.plan, q="子ども")) == count_queries(client, url(big_plan, q="子ども"))


def test_the_htmx_fragment_and_the_page_are_cached_apart(client, people):
    response = client.get(reverse("project-list", args=[people.plan.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Request" in response["Vary"] and "<html" not in response.content.decode()
