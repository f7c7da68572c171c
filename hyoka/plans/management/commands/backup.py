from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hyoka.plans.backup import backup


class Command(BaseCommand):
    help = "Write everything Hyoka holds (plans, years, entries, history, loads, users and roles) to one zip file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE.zip")

    def handle(self, *args, file: Path, **options):
        try:
            counts = backup(file)
        except OSError as e:
            raise CommandError(f"{file}: {e.strerror or e}") from e
        self.stdout.write(f"wrote {file}: {sum(counts.values())} rows ({_summary(counts)})")


def _summary(counts: dict[str, int]) -> str:
    keep = ("plans.plan", "evaluations.evaluation", "evaluations.change", "plans.dataload", "auth.user")
    return ", ".join(f"{label} {counts.get(label, 0)}" for label in keep)
