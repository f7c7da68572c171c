"""Document import in the browser (planning office only): upload → preview → apply.

The same functions as `hyoka import`: `read_document` with the form's options, `import_document`
rolled back for the preview and committed for the apply, `report` for what is shown.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hyoka.accounts.access import require_planning_admin
from hyoka.ingest import IngestError, MissingOption
from hyoka.ingest.choices import changed
from hyoka.ingest.forms import ColumnsForm, UploadForm, municipality_suggestions
from hyoka.ingest.importer import MAX_DETAILS, import_document, read_document, report
from hyoka.ingest.uploads import Upload, UploadNotFound, delete_upload, get_upload, save_options, save_upload
from hyoka.plans.loader import LoadError

ASK = {
    "municipality": gettext_lazy(
        "この資料には自治体名が見つかりません。どの自治体の計画か入力してください（何も書き込んでいません）"
    ),
    "plan_title": gettext_lazy("この資料には計画名がありません。計画名を入力してください（何も書き込んでいません）"),
}


@login_required
def upload(request):
    require_planning_admin(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        data = file.read()
        try:
            read_document(data, source=file.name, **form.options())
        except MissingOption as e:  # asked beside its field, in the reader's language, not as the CLI's flag
            form.add_error(e.option, ASK[e.option])
        except IngestError as e:
            form.add_error(None, _("%(error)s（何も書き込んでいません）") % {"error": e})
        else:
            return redirect("import-preview", token=save_upload(data, file.name, form.options()).token)
    return render(request, "ingest/upload.html", {"form": form, "municipalities": municipality_suggestions()})


@login_required
def preview(request, token: str):
    require_planning_admin(request.user)
    upload = _upload_or_404(token)
    try:
        result = read_document(upload.data(), source=upload.name, **upload.options)
        outcome = import_document(result, apply=False)
    except (IngestError, LoadError) as e:
        delete_upload(token)
        context = {"upload": upload, "error": _("%(error)s（何も書き込んでいません）") % {"error": e}}
        return render(request, "ingest/preview.html", context, status=400)
    preview = report(result, outcome)
    show_all = request.GET.get("all") == "1"
    details = outcome.load.details if show_all else outcome.load.details[:MAX_DETAILS]
    context = {
        "upload": upload,
        "report": preview,
        "details": details,
        "hidden": len(outcome.load.details) - len(details),
        "columns": ColumnsForm(result.tables),
    }
    return render(request, "ingest/preview.html", context)


@login_required
@require_POST
def columns(request, token: str):
    """The column meanings chosen on the preview: kept with the upload (applying remembers them), read again."""
    require_planning_admin(request.user)
    upload = _upload_or_404(token)
    try:
        tables = read_document(upload.data(), source=upload.name, **upload.options).tables
        form = ColumnsForm(tables, request.POST)
        if not form.is_valid():
            raise IngestError(upload.name, _("選べない列の意味が送られました。もう一度選んでください。"))
        options = {**upload.options, "column_choices": changed(tables, form.submitted())}
        import_document(read_document(upload.data(), source=upload.name, **options), apply=False)
    except (IngestError, LoadError) as e:  # the upload stays as it was, with the choices before
        messages.error(request, _("%(error)s（列の意味は変えていません）") % {"error": e})
        return redirect("import-preview", token=token)
    save_options(upload, column_choices=options["column_choices"])
    messages.success(request, _("列の意味を変えて読み直しました。"))
    return redirect("import-preview", token=token)


@login_required
@require_POST
def apply(request, token: str):
    require_planning_admin(request.user)
    upload = _upload_or_404(token)
    try:
        result = read_document(upload.data(), source=upload.name, **upload.options)
        outcome = import_document(result, apply=True, source=upload.name, by=request.user)
    except (IngestError, LoadError) as e:
        messages.error(request, _("%(error)s（何も書き込んでいません）") % {"error": e})
        return redirect("import-preview", token=token)
    delete_upload(token)
    actions = {"created": _("追加"), "updated": _("変更"), "deleted": _("削除")}
    changes = [f"{model} {n} {actions.get(action, action)}" for action, model, n in report(result, outcome).changes]
    summary = "、".join(changes) or _("変更なし")
    messages.success(request, _("%(name)s を取り込みました：%(summary)s") % {"name": upload.name, "summary": summary})
    return redirect("plan-detail", plan_id=outcome.load.plan.pk)


def _upload_or_404(token: str) -> Upload:
    try:
        return get_upload(token)
    except UploadNotFound:
        raise Http404(_("この取込は見つかりません（適用済みか、期限切れです）。")) from None
