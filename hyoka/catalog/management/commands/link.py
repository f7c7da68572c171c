from django.core.management.base import BaseCommand

from hyoka.catalog import linking
from hyoka.plans.queries import plan_from_argument
from hyoka.textable import render_table


class Command(BaseCommand):
    help = (
        "Suggest a standard indicator (標準指標) for every KPI of a plan that has no link yet and list the links; "
        "--confirm-all-suggested confirms every suggestion as the planning office would in the browser."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", metavar="PLAN", help="plan id (see `hyoka plans`) or exact title")
        parser.add_argument(
            "--confirm-all-suggested", action="store_true", help="confirm every suggested link of the plan"
        )

    def handle(self, *args, plan: str, confirm_all_suggested: bool, **options):
        plan_row = plan_from_argument(plan)
        result = linking.suggest_links(plan_row.pk)
        confirmed = linking.confirm_all_suggested(plan_row.pk, by=None) if confirm_all_suggested else 0
        rows = [
            [k.name, k.unit, link.standard.name if link else "", link.get_status_display() if link else "—"]
            for k, link in linking.plan_links(plan_row.pk)
        ]
        self.stdout.write(f"{plan_row.municipality.name} {plan_row}\n")
        if rows:
            self.stdout.write(render_table(["指標", "単位", "標準指標", "状態"], rows))
        self.stdout.write(
            f"新しい候補 {result.created} 件、候補なし {result.unmatched} 件"
            + (f"、確定 {confirmed} 件" if confirm_all_suggested else "")
            + "。\n"
        )
