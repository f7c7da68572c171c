"""Report downloads, for staff and reviewers only: reports include data not yet approved or published."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hyoka.accounts import access
from hyoka.reports.output import FORMATS, LAYOUTS, filename, render_report, report_year


@login_required
@require_safe
def download(request: HttpRequest, plan_id: int, layout: str, fmt: str) -> HttpResponse:
    """/reports/plans/<plan_id>/<layout>.<fmt>?fy=2020 → the file; HTML opens in the browser, the rest download.
    Without fy, the latest published year; a year not published prints 案 on every page."""
    access.require_staff_reader(request.user)
    if layout not in LAYOUTS or fmt not in FORMATS:
        raise Http404("no such report")
    plan = access.access_plan(request.user, plan_id)
    fy = request.GET.get("fy", "")
    if fy and not (fy.isdigit() and 1900 < int(fy) < 2200):
        message = _("fy は西暦の年度（例: 2020）で指定してください。")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    fiscal_year = report_year(plan, int(fy) if fy else None)  # default: the latest published year
    with translation.override(settings.LANGUAGE_CODE):  # the city's document, in Japanese whatever the UI language
        content = render_report(plan, layout=layout, fmt=fmt, fiscal_year=fiscal_year)
    response = HttpResponse(content, content_type=FORMATS[fmt][1])
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename(plan, layout, fmt, fiscal_year)}"'
    return response
