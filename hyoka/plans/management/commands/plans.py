from django.core.management.base import BaseCommand

from hyoka.plans.models import Plan
from hyoka.textable import render_table


class Command(BaseCommand):
    help = "List the plans with their ids."

    def handle(self, *args, **options):
        rows = [
            [p.pk, p.municipality.name, p.title, p.version, p.section_count, p.indicator_count, p.project_count]
            for p in Plan.objects.with_counts()
        ]
        if not rows:
            self.stdout.write("計画がありません。`hyoka load FILE.json` または `hyoka demo` で読み込みます。")
            return
        self.stdout.write(render_table(["ID", "自治体", "計画名", "期・版", "施策", "指標", "事業"], rows))
