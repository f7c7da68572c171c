"""The `hyoka` console script: Hyoka's own commands, each a Django management command.

`hyoka manage …` reaches every other Django command (migrate, createsuperuser, shell).
"""

from __future__ import annotations

import os
import sys

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
}


def usage() -> str:
    lines = ["usage: hyoka <command> [options]", "", "commands:"]
    lines += [f"  {name:<9} {text}" for name, text in COMMANDS.items()]
    lines += ["  manage    Django の管理コマンド（migrate, createsuperuser …）", "", "hyoka <command> --help で詳細"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return
    from django.core.management import execute_from_command_line

    if args[0] == "manage":
        execute_from_command_line(["hyoka manage", *args[1:]])
        return
    if args[0] not in COMMANDS:
        print(f"hyoka: unknown command {args[0]!r}\n\n{usage()}", file=sys.stderr)
        sys.exit(2)
    execute_from_command_line(["hyoka", *args])


if __name__ == "__main__":
    main()
