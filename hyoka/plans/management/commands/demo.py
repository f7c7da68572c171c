from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from hyoka.interchange import parse_document
from hyoka.plans.demo import demo_files
from hyoka.plans.loader import load_document

DEMO_USER, DEMO_PASSWORD = "admin", "admin"


class Command(BaseCommand):
    help = (
        "Set up the database, load the five demo plans and serve Hyoka at http://127.0.0.1:8000 "
        f"(demo login {DEMO_USER} / {DEMO_PASSWORD}; never use this on a real server)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where to serve (default 127.0.0.1:8000)")
        parser.add_argument("--no-serve", action="store_true", help="load the demo data and stop")

    def handle(self, *args, addrport: str, no_serve: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        for path in demo_files():
            result = load_document(parse_document(path.read_bytes(), source=path.name))
            self.stdout.write(f"{path.name}: {result.plan} — {result.summary()}")
        users = get_user_model().objects
        if not users.filter(username=DEMO_USER).exists():
            users.create_superuser(DEMO_USER, "", DEMO_PASSWORD)
            self.stdout.write(f"demo login: {DEMO_USER} / {DEMO_PASSWORD}")
        if not no_serve:
            call_command("serve", addrport=addrport)
