from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hyoka import interchange as ix
from hyoka.ingest import Context, IngestError, read_bytes, sniff
from hyoka.ingest.importer import find_municipality, import_document, municipality_named_in
from hyoka.jp import format_cell

MAX_DETAILS = 60


class Command(BaseCommand):
    help = (
        "Read a plan from a text, PDF, Excel, CSV or hyoka.plan/1 file, show what was found and what it "
        "would change; write only with --apply (one transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--municipality", metavar="NAME", help="the city, e.g. 入間市 (found in the file if omitted)"
        )
        parser.add_argument(
            "--municipality-code", metavar="CODE", help="全国地方公共団体コード, for a city not yet stored"
        )
        parser.add_argument("--prefecture", metavar="NAME", help="prefecture, for a city not yet stored")
        parser.add_argument("--plan", metavar="TITLE", help="the plan's title (needed where the document prints none)")
        parser.add_argument("--apply", action="store_true", help="write the changes (default: preview only)")
        parser.add_argument(
            "--all-changes", action="store_true", help=f"list every change, not only the first {MAX_DETAILS}"
        )

    def handle(self, *args, file: Path, apply: bool, all_changes: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as e:
            raise CommandError(f"{file}: {e.strerror}") from e
        context = Context(
            municipality=self.municipality(data, file, options),
            plan_title=options["plan"],
            source=str(file),
        )
        try:
            result = read_bytes(data, context)
        except IngestError as e:
            raise CommandError(f"{e} (nothing was written)") from e
        outcome = import_document(result, apply=apply)
        self.report(file, result, outcome, all_changes)

    def municipality(self, data: bytes, file: Path, options) -> ix.Municipality | None:
        """The city from --municipality (stored, or new with its code), else one the text names."""
        name, code, kind = options["municipality"], options["municipality_code"], sniff(data, file.name)
        stored = find_municipality(name) if name else None
        if stored is None and not name and kind in ("txt", "csv"):
            text = data.decode("utf-8", errors="ignore") + data.decode("cp932", errors="ignore")
            stored = municipality_named_in(text)
        if stored is not None:
            return ix.Municipality(code=stored.code, name=stored.name, prefecture=stored.prefecture)
        if name and code and options["prefecture"]:
            try:
                return ix.Municipality(code=code, name=name, prefecture=options["prefecture"])
            except ValueError as e:
                raise CommandError(f"--municipality-code {code}: {e}") from e
        if name:
            raise CommandError(f"{name!r} is not stored yet: also give --municipality-code and --prefecture")
        return None  # the reader asks for it if the file does not name its city

    def report(self, file: Path, result, outcome, all_changes: bool) -> None:
        doc = outcome.document
        write = self.stdout.write
        write(f"{file}: {result.layout}")
        write(
            f"自治体: {doc.municipality.name}（{doc.municipality.code}）  計画: {doc.plan.title} {doc.plan.version}".rstrip()
        )
        levels = Counter(s.level for s in doc.all_sections())
        counts = [f"{level} {n}" for level, n in levels.items()]
        indicators = doc.all_indicators()
        projects = doc.all_projects()
        counts += [
            f"指標 {len(indicators)}",
            f"実績値 {sum(len(k.observations) for k in indicators)}",
            f"事業 {len(projects)}",
            f"予算事務事業 {sum(len(p.budget_items) for p in projects)}",
            f"評価 {sum(1 for p in projects for e in p.evaluations if e.grade or e.achievement)}",
            f"比較値 {len(doc.benchmarks)}",
            f"改定ポイント {len(doc.revisions)}",
        ]
        write("見つかったもの: " + "、".join(counts))
        for k in indicators:
            write("  指標 " + _indicator_line(k))
        if result.warnings:
            write(f"警告 {len(result.warnings)} 件:")
            for warning in result.warnings:
                write(f"  {warning}")
        if outcome.existing_plan is not None:
            write(f"既存の計画（ID {outcome.existing_plan.pk}）と照合: {len(outcome.matches)} 件一致")
            for m in outcome.matches:
                if m.kind == "事業":
                    write(f"  {m.kind} {m.incoming} = 既存 {m.existing}（{m.by}）")
        details = outcome.load.details
        shown = details if all_changes else details[:MAX_DETAILS]
        write("データベースへの変更" + ("（書き込みました）:" if outcome.applied else "（--apply で書き込み）:"))
        for line in shown:
            write(f"  {line}")
        if len(shown) < len(details):
            write(f"  … ほか {len(details) - len(shown)} 件（--all-changes ですべて表示）")
        write(("書き込み: " if outcome.applied else "変更予定: ") + outcome.load.summary())


def _indicator_line(k: ix.Indicator) -> str:
    parts = [k.name]
    if k.baseline:
        parts.append(
            f"基準値 {format_cell(k.baseline.value, k.unit, k.baseline.text)}"
            + (f"（{k.baseline.period.label}）" if k.baseline.period else "")
        )
    parts += [f"{o.period.label} {format_cell(o.value, k.unit, o.text)}" for o in k.observations]
    if k.target:
        parts.append(
            f"目標 {k.target.text or format_cell(k.target.value, k.unit)}"
            + (f"（{k.target.period.label}）" if k.target.period else "")
        )
    return "  ".join(parts)
