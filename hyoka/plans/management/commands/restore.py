from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hyoka.plans.backup import BackupError, restore

from .backup import _summary


class Command(BaseCommand):
    help = "Restore a `hyoka backup` file into a new, empty database (migrated first); nothing is written on error."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE.zip")

    def handle(self, *args, file: Path, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            counts = restore(file)
        except BackupError as e:
            raise CommandError(f"{e} (nothing was written)") from e
        self.stdout.write(f"restored {file}: {sum(counts.values())} rows ({_summary(counts)})")
