"""Excel for departments: download the year's entry workbook, upload it filled in, see what it changes,
apply it as drafts or submissions; and the planning office's bulk approval. Writes go through actions.py
(workbook.apply_rows calls save_entry and submit_evaluation; bulk approval calls approve_evaluation)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from hyoka.accounts import access
from hyoka.evaluations import actions, workbook
from hyoka.evaluations.models import Evaluation, EvaluationCycle
from hyoka.ingest.base import IngestError
from hyoka.ingest.uploads import MAX_BYTES, UploadNotFound, delete_upload, get_upload, save_upload

KIND = "entry-workbook"


class WorkbookForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("記入したワークブック（.xlsx）"))


@login_required
@require_safe
def workbook_download(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle, allowed = _cycle_for_entry(request, cycle_id)
    data = workbook.write_entry_workbook(cycle, allowed)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"hyoka-entries-{cycle.plan_id}-{cycle.fiscal_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def workbook_upload(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """GET: the form; POST: read the workbook and show what applying it would change (nothing is written)."""
    cycle, allowed = _cycle_for_entry(request, cycle_id)
    form = WorkbookForm(request.POST or None, request.FILES or None)
    context = {"cycle": cycle, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", _("ファイルが大きすぎます（20 MB まで）。"))
        else:
            data = upload.read()
            try:
                read = workbook.read_entry_workbook(data, upload.name)
            except IngestError as e:
                form.add_error("file", str(e))
            else:
                rows = workbook.preview(cycle, read, request.user, allowed=allowed)
                token = ""
                if not read.errors and any(p.data for p in rows):
                    options = {"kind": KIND, "cycle": cycle.pk, "user": request.user.pk}
                    token = save_upload(data, upload.name, options).token
                context.update(errors=read.errors, rows=rows, token=token)
    return render(request, "evaluations/workbook_upload.html", context)


@login_required
@require_POST
def workbook_apply(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Apply the previewed workbook, read again against the stored versions: each entry saved (and submitted)
    in its own transaction; conflicts, refusals and incomplete entries are listed, the rest kept."""
    cycle, allowed = _cycle_for_entry(request, cycle_id)
    try:
        upload = get_upload(request.POST.get("token", ""))
    except UploadNotFound:
        messages.error(request, _("アップロードが見つかりません。もう一度アップロードしてください。"))
        return redirect("cycle-workbook-upload", cycle_id=cycle.pk)
    if upload.options != {"kind": KIND, "cycle": cycle.pk, "user": request.user.pk}:
        raise PermissionDenied(_("このアップロードは別の利用者または年度のものです。"))
    read = workbook.read_entry_workbook(upload.data(), upload.name)
    rows = workbook.preview(cycle, read, request.user, allowed=allowed)
    submit = request.POST.get("action") == "submit"
    result = workbook.apply_rows(rows, by=request.user, submit=submit)
    delete_upload(upload.token)
    context = {"cycle": cycle, "rows": rows, "result": result, "submit": submit}
    return render(request, "evaluations/workbook_result.html", context)


@login_required
@require_POST
def bulk_approve(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The planning office approves the selected submitted entries at once, in one transaction."""
    access.require_planning_admin(request.user)
    cycle = get_object_or_404(EvaluationCycle, pk=cycle_id)
    ids = [int(i) for i in request.POST.getlist("entries") if i.isdigit()]
    selected = Evaluation.objects.for_cycle(cycle).filter(pk__in=ids)
    submitted = list(selected.filter(status=Evaluation.Status.SUBMITTED).select_related("project"))
    try:
        with transaction.atomic():
            for evaluation in submitted:
                actions.approve_evaluation(evaluation=evaluation, by=request.user)
    except actions.WorkflowError as e:
        messages.error(request, _("承認できませんでした（何も承認していません）：%(e)s") % {"e": e})
        return redirect("cycle-detail", cycle_id=cycle.pk)
    skipped = len(ids) - len(submitted)
    if not ids:
        messages.error(request, _("承認する報告を選んでください。"))
    else:
        messages.success(
            request,
            _("%(n)s件を承認しました。提出済みでないため承認しなかったもの：%(skipped)s件。")
            % {"n": len(submitted), "skipped": skipped},
        )
    return redirect("cycle-detail", cycle_id=cycle.pk)


def _cycle_for_entry(request: HttpRequest, cycle_id: int) -> tuple[EvaluationCycle, set[int] | None]:
    """The cycle and the departments whose entries the user may fill (None: all, the planning office);
    refused for roles that edit no department."""
    allowed = access.editable_department_ids(request.user)
    if allowed is not None and not allowed:
        raise PermissionDenied(_("報告を入力できるのは所管課と企画課だけです。"))
    cycles = EvaluationCycle.objects.visible_to(request.user).select_related("plan", "plan__municipality")
    return get_object_or_404(cycles, pk=cycle_id), allowed
