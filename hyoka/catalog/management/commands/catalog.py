from django.core.management.base import BaseCommand, CommandError

from hyoka.catalog.load import load_catalogue


class Command(BaseCommand):
    help = "The catalogue of standard indicators (標準指標): `load` writes the shipped file into the database again."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "list"], help="load: the shipped file; list: what is stored")

    def handle(self, *args, action: str, **options):
        if action == "list":
            from hyoka.catalog.models import StandardIndicator
            from hyoka.textable import render_table

            rows = [
                [s.code, s.name, s.unit, s.get_direction_display(), s.source] for s in StandardIndicator.objects.all()
            ]
            if not rows:
                raise CommandError("the catalogue is empty: run hyoka catalog load")
            self.stdout.write(render_table(["コード", "指標名", "単位", "方向", "出典"], rows))
            return
        result = load_catalogue()
        self.stdout.write(
            f"標準指標: 追加 {len(result.created)}、更新 {len(result.updated)}、変更なし {result.unchanged}\n"
        )
