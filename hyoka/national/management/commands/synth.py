import time

from django.core.management.base import BaseCommand

from hyoka.national.bulk import load_national
from hyoka.national.synth import limit_argument


class Command(BaseCommand):
    help = "全国の市区町村に合成の計画（目標・約60指標・10年分の値・事業・評価）を作り、一括で読み込む（シード指定で再現可能）"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="乱数のシード（同じシードなら同じデータ）")
        parser.add_argument(
            "--limit", type=limit_argument, default=None, help="先頭から何団体まで（省略時は全1,741団体）"
        )

    def handle(self, *args, seed: int, limit: int | None, **options):
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"{done}/{total} 団体 {time.perf_counter() - started:.0f} s")

        result = load_national(seed=seed, limit=limit, progress=progress)
        self.stdout.write(
            f"{result.plans} plans made ({result.skipped} already there), {result.indicators} KPIs, "
            f"{result.observations} values, {result.projects} projects, {result.evaluations} evaluations "
            f"in {time.perf_counter() - started:.1f} s"
        )
