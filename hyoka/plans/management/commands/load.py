from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hyoka.ingest import IngestError, file_bytes
from hyoka.ingest.limits import configured
from hyoka.interchange import DocumentError, parse_document
from hyoka.plans.loader import LoadError, load_document


class Command(BaseCommand):
    help = (
        "Load hyoka.plan/1 JSON files, one transaction each: each plan becomes what its file says, and rows "
        "the file lacks are deleted, except what people made (entries, KPI values and comments of a year "
        "with an evaluation cycle, and anything with history), which is kept and listed. Evaluations keep "
        'their workflow state; new ones take the file\'s "state", or are drafts when it has none. Loading '
        "the same file again changes nothing and says so."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE.json")
        parser.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")

    def handle(self, *args, files: list[Path], dry_run: bool, verbosity: int, **options):
        for path in files:
            try:
                doc = parse_document(file_bytes(path, configured()), source=str(path))
            except IngestError as e:
                raise CommandError(str(e)) from e
            except DocumentError as e:
                raise CommandError("\n  ".join([f"{path}: not a valid hyoka.plan/1 document", *e.problems])) from e
            try:
                with transaction.atomic():
                    result = load_document(doc, source=path.name)
                    if dry_run:
                        transaction.set_rollback(True)
            except LoadError as e:
                raise CommandError(f"{path}: {e} (nothing was written)") from e
            verb = "would change" if dry_run else "loaded"
            self.stdout.write(
                f"{path}: {verb} plan {result.plan.pk if not dry_run else '-'} {result.plan}: {result.summary()}"
            )
            if result.kept:
                self.stdout.write(f"  {result.kept_summary()}")
                for line in result.kept if verbosity > 1 else []:
                    self.stdout.write(f"    {line}")
