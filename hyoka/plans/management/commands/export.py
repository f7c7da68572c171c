import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from hyoka.plans.exporter import export_document
from hyoka.plans.queries import plan_from_argument


class Command(BaseCommand):
    help = "Write a plan as hyoka.plan/1 JSON (to standard output, or to --output)."

    def add_arguments(self, parser):
        parser.add_argument("plan", metavar="PLAN", help="plan id (see `hyoka plans`) or exact title")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, plan: str, format: str, output: Path | None, **options):
        text = export_document(plan_from_argument(plan)).to_json()
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {output}")
