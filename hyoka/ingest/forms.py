from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hyoka.ingest.base import FoundColumn, FoundTable
from hyoka.ingest.choices import LABELS, UNKNOWN_LABEL, label
from hyoka.ingest.importer import find_municipality
from hyoka.ingest.uploads import MAX_BYTES
from hyoka.jp import municipalities
from hyoka.plans.models import Municipality


def _prefecture_choices() -> list[tuple[str, str]]:
    return [("", _("（指定なし）"))] + [(r.name, r.name) for r in municipalities.all_rows() if r.kind == "prefecture"]


class UploadForm(forms.Form):
    """The options of `hyoka import`, as a form: the file, whose plan it is, and its title.

    The city is chosen by name from the national list (全国地方公共団体コード), so nobody types a code;
    the prefecture only tells apart cities of the same name (府中市 in 東京都 and 広島県).
    """

    file = forms.FileField(
        label=_("ファイル"),
        allow_empty_file=True,  # the ingest says "the file is empty" with the file's name, like the CLI
        help_text=_("テキスト、PDF、Excel（xlsx）、CSV、hyoka.plan/1 JSON（20 MB まで）"),
    )
    municipality = forms.CharField(
        label=_("自治体名"),
        required=False,
        help_text=_("例：松戸市、東京都府中市。空欄ならファイルに書かれた自治体名を探します。"),
    )
    prefecture = forms.ChoiceField(
        label=_("都道府県"),
        required=False,
        choices=_prefecture_choices,
        help_text=_("同じ名前の自治体が複数あるときだけ（例：府中市は東京都と広島県）"),
    )
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

    def clean(self):
        """A name of the national list or a stored city; one of several of that name needs its prefecture."""
        data = super().clean()
        name, prefecture = data.get("municipality", "").strip(), data.get("prefecture") or None
        if not name or find_municipality(name, prefecture) is not None:
            return data
        try:
            municipalities.find(name, prefecture)
        except municipalities.AmbiguousMunicipality as e:
            message = _("%(name)s は複数の都道府県にあります（%(candidates)s）。都道府県を選んでください。")
            self.add_error(
                "prefecture", forms.ValidationError(message, params={"name": e.name, "candidates": e.listed})
            )
        except municipalities.UnknownMunicipality:
            message = _("「%(name)s」は全国地方公共団体コードの一覧にありません。候補から選んでください。")
            if prefecture:
                message = _("「%(name)s」は%(prefecture)sにありません。")
            params = {"name": name, "prefecture": prefecture}
            self.add_error("municipality", forms.ValidationError(message, params=params))
        return data

    def options(self) -> dict[str, str]:
        return {name: (self.cleaned_data[name] or "").strip() for name in self.fields if name != "file"}


def municipality_suggestions() -> list[str]:
    """What the city field offers: the stored cities, then every local government of the list by its full
    name (東京都府中市, so a name of several prefectures is chosen with its prefecture)."""
    stored = list(Municipality.objects.order_by("code").values_list("name", flat=True))
    return stored + [r.full_name for r in municipalities.all_rows()]


@dataclass
class ColumnRow:
    number: int  # 1-based, as the CLI prints it
    column: FoundColumn
    field: forms.BoundField | None  # None for a table of a layout shown earlier

    @property
    def read_as_label(self) -> str:
        return gettext(label(self.column.read_as))

    @property
    def kind_label(self) -> str:
        return gettext(label(self.column.kind))


@dataclass
class TableRows:
    table: FoundTable
    rows: list[ColumnRow]
    same_as: int | None  # the number of the earlier table of the same layout, whose selects decide for both


class ColumnsForm(forms.Form):
    """A select per column of each table layout found: what the column means.

    Each starts at the meaning the table was read with (its words', a remembered or a chosen one).
    A layout printed again (the next page) shares the first one's selects, as a choice is per layout.
    """

    def __init__(self, tables: Sequence[FoundTable], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tables = list(tables)
        self.first: dict[str, int] = {}
        for table in self.tables:
            if table.signature in self.first:
                continue
            self.first[table.signature] = table.number
            for i, column in enumerate(table.columns):
                choices = [(kind, gettext(label)) for kind, label in LABELS.items()]
                if column.kind not in LABELS:  # 不明: kept as it is unless the user says otherwise
                    choices.insert(0, (column.kind, gettext(UNKNOWN_LABEL)))
                label = _("表%(table)d %(column)d列目「%(header)s」の意味") % {
                    "table": table.number,
                    "column": i + 1,
                    "header": column.header.strip() or "—",
                }
                self.fields[self.name(table.signature, i)] = forms.ChoiceField(
                    label=label, choices=choices, initial=column.kind
                )

    @staticmethod
    def name(signature: str, column: int) -> str:
        return f"column-{signature}-{column}"

    def layout(self) -> list[TableRows]:
        """Each table with its columns, and the select of each where the table is the first of its layout."""
        out = []
        for table in self.tables:
            first = self.first[table.signature] == table.number
            rows = [
                ColumnRow(i + 1, column, self[self.name(table.signature, i)] if first else None)
                for i, column in enumerate(table.columns)
            ]
            out.append(TableRows(table, rows, None if first else self.first[table.signature]))
        return out

    def submitted(self) -> dict[tuple[str, int], str]:
        """(signature, 0-based column) → the kind selected."""
        return {
            (table.signature, i): self.cleaned_data[self.name(table.signature, i)]
            for table in self.tables
            if self.first[table.signature] == table.number
            for i in range(len(table.columns))
        }
