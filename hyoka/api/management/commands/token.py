from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hyoka.api.models import ApiToken
from hyoka.textable import render_table


class Command(BaseCommand):
    help = "Make an API token for USER (shown once), list a user's tokens (--list) or revoke one (--revoke ID)."

    def add_arguments(self, parser):
        parser.add_argument("user", help="the login name; the token acts with this user's role and departments")
        parser.add_argument("--name", default="API", help="what the token is for (the system that uses it)")
        parser.add_argument("--list", action="store_true", dest="listing", help="list the user's tokens instead")
        parser.add_argument("--revoke", type=int, metavar="ID", help="revoke the user's token with this id")

    def handle(self, *args, user: str, name: str, listing: bool, revoke: int | None, **options):
        owner = User.objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"利用者 {user!r} はいません。")
        tokens = ApiToken.objects.filter(user=owner)
        if listing:
            rows = [[t.pk, t.name, f"{t.prefix}…", t.created, t.last_used or "", t.revoked_at or ""] for t in tokens]
            self.stdout.write(render_table(["ID", "名前", "先頭", "作成", "最終利用", "失効"], rows))
        elif revoke is not None:
            if not tokens.filter(pk=revoke, revoked_at=None).update(revoked_at=timezone.now()):
                raise CommandError(f"{user} の有効なトークン {revoke} はありません。")
            self.stdout.write(f"トークン {revoke} を失効させました。")
        else:
            row, token = ApiToken.objects.issue(user=owner, name=name)
            self.stdout.write(token)
            self.stderr.write(
                f"トークン {row.pk}（{row.name}）を作りました。この値は二度と表示されません。"
                "Authorization: Bearer <トークン> で送ってください。"
            )
