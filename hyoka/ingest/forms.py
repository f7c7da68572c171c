from django import forms
from django.utils.translation import gettext_lazy as _

from hyoka.ingest.uploads import MAX_BYTES


class UploadForm(forms.Form):
    """The options of `hyoka import`, as a form: the file, whose plan it is, and its title."""

    file = forms.FileField(
        label=_("ファイル"),
        allow_empty_file=True,  # the ingest says "the file is empty" with the file's name, like the CLI
        help_text=_("テキスト、PDF、Excel（xlsx）、CSV、hyoka.plan/1 JSON（20 MB まで）"),
    )
    municipality = forms.CharField(
        label=_("自治体名"),
        required=False,
        help_text=_("例：入間市。空欄ならファイルに書かれた自治体名を探します。"),
    )
    municipality_code = forms.CharField(
        label=_("全国地方公共団体コード"), required=False, max_length=6, help_text=_("まだ登録のない自治体のときだけ")
    )
    prefecture = forms.CharField(label=_("都道府県"), required=False, help_text=_("まだ登録のない自治体のときだけ"))
    plan_title = forms.CharField(
        label=_("計画名"),
        required=False,
        help_text=_("ファイルの計画名の代わりに使います（計画名のない資料のとき必須）"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます（%(size).1f MB）。%(limit)d MB までのファイルを選んでください。"),
                params={"size": upload.size / 2**20, "limit": MAX_BYTES // 2**20},
            )
        return upload

    def options(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].strip() for name in self.fields if name != "file"}
