from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Bring the database up to date and serve Hyoka (Django's server; put a WSGI server in front in production)."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not settings.DEBUG:  # production serves the hashed, compressed copies (WhiteNoise's manifest)
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Hyoka: http://{addrport}/  (管理画面 http://{addrport}/admin/)")
        call_command("runserver", addrport, use_reloader=False)
