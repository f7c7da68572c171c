import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hyoka.plans.exporter import export_document
from hyoka.plans.queries import plan_from_argument


class Command(BaseCommand):
    help = "Write a plan as hyoka.plan/1 JSON (standard output or --output) or as an Excel workbook (--output)."

    def add_arguments(self, parser):
        parser.add_argument("plan", metavar="PLAN", help="plan id (see `hyoka plans`) or exact title")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("--output", "-o", type=Path, help="file to write (default for json: standard output)")

    def handle(self, *args, plan: str, format: str, output: Path | None, **options):
        doc = export_document(plan_from_argument(plan))
        if format == "xlsx":
            from hyoka.ingest.readers.workbook import write_workbook

            if output is None:
                raise CommandError("--format xlsx needs --output FILE.xlsx")
            output.write_bytes(write_workbook(doc))
        elif output is None:
            sys.stdout.write(doc.to_json())
            return
        else:
            output.write_text(doc.to_json(), encoding="utf-8")
        self.stderr.write(f"wrote {output}")
