"""`hyoka backup` / `hyoka restore`: everything comes back, on SQLite and PostgreSQL alike."""

import datetime
import json
import zipfile

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from hyoka.evaluations import actions
from hyoka.evaluations.models import Change, Evaluation
from hyoka.plans.backup import BackupError, backup, counts_in_database, restore
from hyoka.plans.exporter import export_document
from hyoka.plans.models import DataLoad, Plan

pytestmark = pytest.mark.django_db(transaction=True)


def everything() -> dict:
    """What a restore must give back: every plan's export, row counts, entry states, roles."""
    User = get_user_model()
    return {
        "exports": {p.pk: export_document(p).to_json() for p in Plan.objects.order_by("pk")},
        "counts": counts_in_database(),
        "states": sorted(Evaluation.objects.values_list("pk", "status", "version")),
        "history": sorted(Change.objects.values_list("pk", "action", "user__username")),
        "loads": sorted(DataLoad.objects.values_list("pk", "summary")),
        "roles": sorted(
            (u.username, u.profile.role, sorted(d.name for d in u.profile.departments.all()))
            for u in User.objects.filter(profile__isnull=False)
        ),
    }


def test_backup_then_restore_into_an_empty_database_gives_everything_back(people, tmp_path):
    actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=datetime.date(2022, 5, 31), by=people.alice)
    entry = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2021)
    actions.comment_on(evaluation=entry, by=people.dave, text="確認しました")
    before = everything()
    assert len(before["exports"]) == 5 and before["history"] and before["loads"]

    backup(tmp_path / "hyoka.zip")
    call_command("flush", interactive=False, verbosity=0)
    assert not Plan.objects.exists() and not Change.objects.exists()

    restore(tmp_path / "hyoka.zip")
    after = everything()
    for pk, text in before["exports"].items():
        assert after["exports"][pk] == text, f"plan {pk} exports differently after restore"
    assert after == before
    assert authenticate(username="bob", password="password") is not None  # password hashes come back too
    entry = Evaluation.objects.get(pk=entry.pk)
    actions.comment_on(evaluation=entry, by=get_user_model().objects.get(username="dave"), text="復元後も書ける")
    assert entry.comments.count() == 2  # new rows get new keys (PostgreSQL's sequences were reset)


def test_the_command_line_round_trip(cli, demo_plans, tmp_path):
    path = tmp_path / "b.zip"
    code, out, _ = cli("backup", str(path))
    assert code == 0 and "plans.plan 5" in out, out
    call_command("flush", interactive=False, verbosity=0)
    code, out, _ = cli("restore", str(path))
    assert code == 0 and "plans.plan 5" in out, out
    assert Plan.objects.count() == 5


def test_restore_refuses_a_database_that_holds_plans(demo_plans, tmp_path):
    backup(tmp_path / "b.zip")
    with pytest.raises(BackupError, match="not empty"):
        restore(tmp_path / "b.zip")
    assert Plan.objects.count() == 5


def test_restore_refuses_what_is_not_a_backup_and_writes_nothing(db, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(BackupError, match="not a readable Hyoka backup"):
        restore(junk)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(BackupError, match="not a Hyoka backup"):
        restore(other)
    assert not Plan.objects.exists()


def test_restore_refuses_a_backup_of_a_newer_hyoka(db, tmp_path):
    path = tmp_path / "b.zip"
    backup(path)
    with zipfile.ZipFile(path) as z:
        manifest, data = json.loads(z.read("manifest.json")), z.read("data.json")
    manifest["migrations"].append(["plans", "9999_from_the_future"])
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(newer, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.writestr("data.json", data)
    with pytest.raises(BackupError, match="newer Hyoka.*plans.9999_from_the_future"):
        restore(newer)
