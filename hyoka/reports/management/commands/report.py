import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hyoka.plans.queries import plan_from_argument
from hyoka.reports.output import FORMATS, LAYOUTS, filename, render_report


def progress_bar(done: int, total: int) -> None:
    """A carriage-return bar on standard error: [#########-----]  60%."""
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {100 * done // max(total, 1):3d}%")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


class Command(BaseCommand):
    help = "Write a plan's yearly report (報告書) as PDF, Excel or HTML in one of the report layouts."

    def add_arguments(self, parser):
        parser.add_argument("plan", metavar="PLAN", help="plan id (see `hyoka plans`) or exact title")
        parser.add_argument("--fy", type=int, help="fiscal year reported, e.g. 2020 (default: the latest evaluated)")
        parser.add_argument("--layout", choices=list(LAYOUTS), help="default: the layout that fits the plan's data")
        parser.add_argument("--format", choices=list(FORMATS), default="pdf")
        parser.add_argument("--output", "-o", type=Path, help="file to write (default: report-ID-LAYOUT.FORMAT)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, plan: str, fy: int | None, layout: str | None, format: str, output: Path | None, **opts):
        found = plan_from_argument(plan)
        output = output or Path(filename(found, layout, format, fy))
        bar = None if opts["quiet"] else progress_bar
        try:
            data = render_report(found, layout=layout, fmt=format, fiscal_year=fy, progress=bar)
        except ValueError as e:
            raise CommandError(str(e)) from e
        output.write_bytes(data)
        self.stderr.write(f"wrote {output} ({len(data):,} bytes)")
