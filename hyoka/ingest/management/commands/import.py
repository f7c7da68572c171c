from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hyoka.ingest import IngestError, file_bytes
from hyoka.ingest.choices import ChoiceError, parse_choice
from hyoka.ingest.importer import MAX_DETAILS, import_document, read_document, report
from hyoka.ingest.limits import configured


class Command(BaseCommand):
    help = (
        "Read a plan from a text, PDF, Excel, CSV or hyoka.plan/1 file, show what was found and what it "
        "would change; write only with --apply (one transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--municipality",
            metavar="NAME",
            help="the city, e.g. 松戸市 or 東京都府中市: any in the national list (found in the file if omitted)",
        )
        parser.add_argument(
            "--prefecture", metavar="NAME", help="the prefecture, where several cities share the name (府中市)"
        )
        parser.add_argument(
            "--municipality-code",
            metavar="CODE",
            help="全国地方公共団体コード, only for a city the national list does not have yet (with --prefecture)",
        )
        parser.add_argument("--plan", metavar="TITLE", help="the plan's title (needed where the document prints none)")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="[TABLE:]COLUMN=MEANING",
            help="what a column means, numbered as the preview prints tables and columns: 3=目標値 (column 3 of "
            "every table) or 2:3=目標値 (table 2 only); 基準値, 実績値, 無視 … or a kind (target). Repeatable; "
            "remembered for the city's next import of the same table layout when applied",
        )
        parser.add_argument("--apply", action="store_true", help="write the changes (default: preview only)")
        parser.add_argument(
            "--all-changes", action="store_true", help=f"list every change, not only the first {MAX_DETAILS}"
        )

    def handle(self, *args, file: Path, apply: bool, all_changes: bool, column: list[str], **options):
        try:
            columns = [parse_choice(spec) for spec in column]
        except ChoiceError as e:
            raise CommandError(f"--column {e}") from e
        try:
            data = file_bytes(file, configured())
        except IngestError as e:
            raise CommandError(str(e)) from e
        try:
            result = read_document(
                data,
                source=str(file),
                municipality=options["municipality"],
                municipality_code=options["municipality_code"],
                prefecture=options["prefecture"],
                plan_title=options["plan"],
                columns=columns,
            )
            outcome = import_document(result, apply=apply, source=file.name)
        except IngestError as e:
            raise CommandError(f"{e} (nothing was written)") from e
        for line in report(result, outcome).lines(str(file), limit=None if all_changes else MAX_DETAILS):
            self.stdout.write(line)
