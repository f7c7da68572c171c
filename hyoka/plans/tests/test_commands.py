"""The hyoka console script, end to end through `hyoka.cli.main`, as a user types it."""

import json

import pytest

from hyoka.plans.demo import DEMO_DIR
from hyoka.plans.models import Plan

from .factories import minimal

pytestmark = pytest.mark.django_db

IRUMA = DEMO_DIR / "iruma_strategy_h29.json"


def test_help_lists_the_commands(cli):
    code, out, _ = cli("--help")
    assert code == 0
    for command in ("demo", "serve", "load", "export", "plans", "progress"):
        assert f"  {command} " in out


@pytest.mark.parametrize("command", ["demo", "serve", "load", "export", "plans", "progress"])
def test_each_command_has_help(cli, command):
    code, out, _ = cli(command, "--help")
    assert code == 0
    assert out.startswith("usage: hyoka " + command)


def test_unknown_command_fails(cli):
    code, _, err = cli("frobnicate")
    assert code == 2
    assert "unknown command 'frobnicate'" in err


def test_load_then_plans_lists_it(cli):
    code, out, _ = cli("load", str(IRUMA))
    assert code == 0, out
    assert "入間市まち・ひと・しごと創生総合戦略" in out
    code, out, _ = cli("plans")
    plan = Plan.objects.get()
    assert [f"{plan.pk}", "入間市", plan.title, "第1期", "13", "17", "48"] == out.splitlines()[2].split()


def test_load_reports_no_changes_the_second_time(cli):
    cli("load", str(IRUMA))
    code, out, _ = cli("load", str(IRUMA))
    assert code == 0
    assert "変更なし" in out


def test_dry_run_writes_nothing(cli):
    code, out, _ = cli("load", "--dry-run", str(IRUMA))
    assert code == 0
    assert "would change" in out and "created Plan 1" in out
    assert not Plan.objects.exists()


def test_load_of_a_bad_file_names_the_path_and_exits_non_zero(cli, tmp_path):
    doc = minimal()
    doc["sections"][0]["indicators"][0]["baseline"]["value"] = "4,986"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = cli("load", str(bad))
    assert code == 1
    assert "$.sections[0].indicators[0].baseline.value" in err
    assert not Plan.objects.exists()


def test_load_of_a_missing_file(cli, tmp_path):
    code, _, err = cli("load", str(tmp_path / "nope.json"))
    assert code == 1
    assert "No such file or directory" in err


def test_export_writes_what_was_loaded(cli, tmp_path):
    cli("load", str(IRUMA))
    out_file = tmp_path / "out.json"
    code, _, _ = cli("export", str(Plan.objects.get().pk), "--format", "json", "-o", str(out_file))
    assert code == 0
    assert out_file.read_text(encoding="utf-8") == IRUMA.read_text(encoding="utf-8")


def test_export_of_an_unknown_plan_fails(cli):
    code, _, err = cli("export", "999")
    assert code == 1
    assert "hyoka plans" in err


def test_progress_of_iruma(cli):
    cli("load", str(IRUMA))
    code, out, _ = cli("progress", str(Plan.objects.get().pk))
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "4,986事業所" in lines["市内事業所数"]
    assert "4,962事業所" in lines["市内事業所数"]
    assert "△24事業所" in lines["市内事業所数"]
    assert "遅れ" in lines["市内事業所数"]
    assert "遅れ" in lines["20歳から29歳までの社会移動数"]
    assert "△37人" in lines["20歳から29歳までの社会移動数"]
    assert "-23.0%" in lines["20歳から29歳までの社会移動数"]
    assert "達成" in lines["観光入込客数（年間）"]


@pytest.mark.parametrize("command", ["load", "import"])
def test_a_file_past_the_size_limit_is_refused_before_it_is_read(cli, settings, tmp_path, command):
    settings.HYOKA_IMPORT_LIMITS = {"file_bytes": 100}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(minimal()), encoding="utf-8")
    code, _, err = cli(command, str(path))
    assert code == 1
    assert "big.json" in err and "file_bytes" in err and "Traceback" not in err
    assert not Plan.objects.exists()
