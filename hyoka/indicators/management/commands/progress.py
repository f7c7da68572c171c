from django.core.management.base import BaseCommand

from hyoka.indicators.progress import ProgressRow, progress_rows
from hyoka.jp import format_cell
from hyoka.plans.queries import plan_from_argument
from hyoka.textable import render_table


class Command(BaseCommand):
    help = "Show every KPI of a plan with baseline, latest value, delta, progress and status."

    def add_arguments(self, parser):
        parser.add_argument("plan", metavar="PLAN", help="plan id (see `hyoka plans`) or exact title")
        parser.add_argument("--year", type=int, metavar="FY", help="assess as of this fiscal year (default: latest)")

    def handle(self, *args, plan: str, year: int | None, **options):
        plan_row = plan_from_argument(plan)
        rows = []
        for row in progress_rows(plan_row, fiscal_year=year):
            k, p, latest = row.indicator, row.progress, row.latest
            rows.append(
                [
                    k.name,
                    format_cell(k.baseline_value, k.unit, k.baseline_text),
                    format_cell(latest.value, k.unit, latest.text) if latest else "",
                    latest.period_label if latest else "",
                    p.delta_phrase or "",
                    f"{p.progress_percent}%" if p.progress_percent is not None else "",
                    _target(row),
                    row.status_label,
                ]
            )
        self.stdout.write(f"{plan_row.municipality.name} {plan_row}\n")
        if not rows:
            self.stdout.write("この計画には指標がありません。")
            return
        header = ["指標", "基準値", "最新値", "時点", "増減", "進捗率", "目標", "状況"]
        self.stdout.write(render_table(header, rows, numeric=(1, 2, 5)))


def _target(row: ProgressRow) -> str:
    """The target the year was judged against; （改定） when a revision set it."""
    t = row.target
    return (t.text or format_cell(t.value, row.indicator.unit)) + ("（改定）" if t.revised else "")
