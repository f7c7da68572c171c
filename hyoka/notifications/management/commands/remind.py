from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hyoka.jp import format_fiscal_year
from hyoka.notifications.notify import send_reminders


def day_list(text: str) -> tuple[int, ...]:
    try:
        days = tuple(sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True))
    except ValueError:
        raise CommandError(f"--days {text!r}: give whole numbers of days separated by commas, e.g. 7,1") from None
    if not days or min(days) < 0:
        raise CommandError(f"--days {text!r}: give whole numbers of days (0 or more), e.g. 7,1")
    return days


class Command(BaseCommand):
    help = (
        "Mail department editors whose entries are not yet submitted, N days before an open year's deadline. "
        "Run it daily (deploy/hyoka-remind.timer); run twice, it mails each person once per threshold."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", default="7,1", help="days before the deadline to remind, e.g. 7,1 (default)")
        parser.add_argument("--dry-run", action="store_true", help="show who would be mailed; send nothing")
        parser.add_argument("--today", type=date.fromisoformat, help="act as if today were YYYY-MM-DD")

    def handle(self, *args, days: str, dry_run: bool, today: date | None, **options):
        today = today or timezone.localdate()
        batches = send_reminders(today, day_list(days), dry_run=dry_run)
        verb = "送信予定" if dry_run else "送信"
        if not batches:
            self.stdout.write(f"{today}: お知らせの時期の年度はありません（期限の {days} 日前）。")
        failed = 0
        for b in batches:
            cycle = b.cycle
            left = f"あと{b.days_left}日" if b.days_left else "本日まで"
            self.stdout.write(
                f"{cycle.plan.municipality.name} {cycle.plan} {format_fiscal_year(cycle.fiscal_year)}"
                f"（提出期限 {cycle.deadline}、{left}、{b.days_before}日前のお知らせ）"
            )
            self.stdout.write(f"  {verb} {len(b.sent)}件{'：' + '、'.join(b.sent) if b.sent else ''}")
            if b.already:
                self.stdout.write(f"  送信済みのため省略 {len(b.already)}件")
            if b.without_address:
                self.stdout.write(
                    f"  メールアドレスがないため送れなかった利用者 {len(b.without_address)}人："
                    + "、".join(b.without_address)
                )
            if b.failed:
                failed += len(b.failed)
                self.stdout.write(f"  送信に失敗 {len(b.failed)}件（次回また送ります）：" + "、".join(b.failed))
        if failed:
            raise CommandError(f"{failed} reminder(s) could not be sent; see the log")
