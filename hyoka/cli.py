"""The `hyoka` console script: Hyoka's own commands, each a Django management command.

`hyoka manage …` reaches every other Django command (migrate, createsuperuser, shell).
Expected failures — bad settings, a database that cannot be reached or is not set up, a file that
cannot be read — end in one line on stderr and exit code 1; `--traceback` shows the traceback instead.
"""

from __future__ import annotations

import logging
import os
import sys

logger = logging.getLogger("hyoka.cli")

COMMANDS = {
    "demo": "デモデータ（5つの計画）を読み込み、http://127.0.0.1:8000 で起動する",
    "serve": "データベースを最新にして Hyoka を起動する",
    "import": "市の資料（テキスト・PDF・Excel・CSV）から計画を読み取り、変更を確認してから書き込む（--apply）",
    "load": "hyoka.plan/1 の JSON を読み込む（同じファイルを何度読み込んでも結果は同じ）",
    "export": "計画を hyoka.plan/1 の JSON または Excel に書き出す",
    "plans": "計画の一覧（ID 付き）",
    "progress": "計画の全指標の進捗（基準値・最新値・増減・進捗率・状況）",
    "backup": "すべてのデータ（計画・年度・入力・履歴・取込履歴・利用者）を1つのファイルに保存する",
    "restore": "backup のファイルを空のデータベースに復元する",
    "report": "報告書（効果検証・評価表など5様式）を PDF・Excel・HTML で書き出す",
    "token": "API のトークンを作る（利用者の役割と所管課で動く。値は一度だけ表示）・一覧（--list）・失効（--revoke ID）",
    "remind": "提出期限の近い年度の未提出の所管課に、お知らせのメールを送る（cron・systemd タイマー用）",
    "link": "計画の指標に標準指標の候補を付け、対応を一覧する（--confirm-all-suggested で候補をすべて確定）",
    "catalog": "標準指標の一覧（list）・同梱ファイルの再読み込み（load）",
    "synth": "全国1,741団体の合成データ（計画・約60指標・10年分の値・事業・評価）を一括で作る（--seed で再現）",
}


def usage() -> str:
    lines = ["usage: hyoka <command> [options]", "", "commands:"]
    lines += [f"  {name:<9} {text}" for name, text in COMMANDS.items()]
    lines += ["  manage    Django の管理コマンド（migrate, createsuperuser …）", "", "hyoka <command> --help で詳細"]
    return "\n".join(lines)


def failure_message(error: BaseException) -> str | None:
    """The one line a user reads for an expected failure; None for anything else (a bug: its traceback)."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import OperationalError, ProgrammingError

    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if isinstance(error, ImproperlyConfigured):
        return f"hyoka: the configuration is wrong: {first_line}"
    # PostgreSQL says a missing table is a ProgrammingError; SQLite an OperationalError of its own words.
    sqlite_not_set_up = first_line.startswith(("no such table", "no such column"))
    if isinstance(error, ProgrammingError) or (isinstance(error, OperationalError) and sqlite_not_set_up):
        return f"hyoka: the database is not set up ({first_line}); run hyoka manage migrate"
    if isinstance(error, OperationalError):
        return f"hyoka: cannot reach the database ({first_line}); check DATABASE_URL"
    if isinstance(error, FileNotFoundError | IsADirectoryError | PermissionError | NotADirectoryError):
        return f"hyoka: {error.strerror or first_line}: {error.filename}"
    return None


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return
    if args[0] not in COMMANDS and args[0] != "manage":
        print(f"hyoka: unknown command {args[0]!r}\n\n{usage()}", file=sys.stderr)
        sys.exit(2)
    if args[0] == "demo":
        # The demo is a developer's server on this machine: it needs no SECRET_KEY (never a real server).
        os.environ.setdefault("DEBUG", "1")
    try:
        run(args)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        message = failure_message(error)
        if message is None or "--traceback" in args:
            raise
        logger.debug("hyoka %s failed", args[0], exc_info=error)
        print(message, file=sys.stderr)
        sys.exit(1)


def run(args: list[str]) -> None:
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.INSTALLED_APPS  # noqa: B018 — read the settings here, so that a bad one is reported as such
    if args[0] == "manage":
        execute_from_command_line(["hyoka manage", *args[1:]])
    else:
        execute_from_command_line(["hyoka", *args])


if __name__ == "__main__":
    main()
