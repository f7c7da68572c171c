from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from hyoka.accounts.demo import AKIRUNO, create_demo_users, open_demo_cycle
from hyoka.catalog import linking
from hyoka.interchange import parse_document
from hyoka.plans.demo import demo_files
from hyoka.plans.loader import load_document
from hyoka.plans.models import Plan

DEMO_USER, DEMO_PASSWORD = "admin", "admin"


class Command(BaseCommand):
    help = (
        "Set up the database, load the five demo plans and serve Hyoka at http://127.0.0.1:8000 "
        f"(demo login {DEMO_USER} / {DEMO_PASSWORD}; never use this on a real server). "
        "On a database that has them it keeps everything (a second run changes nothing and says so); "
        "--reset sets the demo plans back to the shipped ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where to serve (default 127.0.0.1:8000)")
        parser.add_argument("--no-serve", action="store_true", help="load the demo data and stop")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete what the demo plans hold beyond the shipped files and publish them again; entries, "
            "KPI values and comments of opened years and everything with history are kept",
        )

    def handle(self, *args, addrport: str, no_serve: bool, reset: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        changed, plans = False, []
        for path in demo_files():
            # An existing demo plan is only added to, unless --reset: people may have worked in it.
            result = load_document(parse_document(path.read_bytes(), source=path.name), prune=reset, source=path.name)
            if result.changes["created Plan"] or reset:
                Plan.objects.filter(pk=result.plan.pk).update(published=True)
                # Its KPIs linked to the standard indicators, as a planning office confirms them, so the
                # comparison pages have figures; a link decided since is left as it was.
                linking.suggest_links(result.plan.pk)
                linking.confirm_all_suggested(result.plan.pk, by=None)
            changed |= result.changed
            plans.append(result.plan)
            self.stdout.write(f"{path.name}: {result.plan} — {result.summary()}")
            if result.kept:
                self.stdout.write(f"  {result.kept_summary()}")
            if result.absent:
                extra = "、".join(f"{name} {n}" for name, n in result.absent.items())
                self.stdout.write(
                    f"  kept what the shipped file does not have ({extra}); `hyoka demo --reset` deletes it"
                )
        if not changed:
            self.stdout.write("the demo plans were already loaded: nothing changed")
        users = get_user_model().objects
        if not users.filter(username=DEMO_USER).exists():
            users.create_superuser(DEMO_USER, "", DEMO_PASSWORD)
        self.stdout.write("demo logins (never use these on a real server):")
        self.stdout.write(f"  {DEMO_USER} / {DEMO_PASSWORD}  システム管理者（管理画面も使えます）")
        for user in create_demo_users():
            self.stdout.write(f"  {user.describe()}")
        cycle = open_demo_cycle(next(p for p in plans if p.municipality.code == AKIRUNO))
        self.stdout.write(f"demo cycle: {cycle.plan} {cycle.fiscal_year}年度 (提出期限 {cycle.deadline})")
        if not no_serve:
            call_command("serve", addrport=addrport)
