"""Backup and restore of everything Hyoka holds: plans, years, entries with their states, history,
loads, users and roles — one zip file, the same on SQLite and PostgreSQL.

The zip holds `manifest.json` (format, time, the migrations the data was written under, row
counts) and `data.json`, Django's own serialisation of every row with natural keys for
content types and permissions, so it restores into any freshly migrated database. Primary
keys are kept, so links between rows (and the history's links to them) survive as they were.

Restore writes only into an empty database (no plans, no users), in one transaction; a
backup from a newer Hyoka (migrations this installation does not have) is refused.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "hyoka.backup/1"
# Rows that every migrated database makes for itself, or that are not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "accounts.failedlogin"]


class BackupError(ValueError):
    """The file is not a Hyoka backup, or the database cannot take it; nothing was written."""


def backup(path: Path) -> dict[str, int]:
    """Write every row to `path` (a zip); returns the row count per model."""
    out = io.StringIO()
    call_command("dumpdata", natural_foreign=True, exclude=EXCLUDED, stdout=out, verbosity=0)
    data = out.getvalue()
    counts = dict(Counter(row["model"] for row in json.loads(data)))
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database": connection.vendor,
        "migrations": _applied_migrations(),
        "counts": counts,
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        z.writestr("data.json", data)
    return counts


def restore(path: Path) -> dict[str, int]:
    """Load a backup into this (migrated, empty) database; returns the row count per model."""
    manifest, data = _read(path)
    missing = sorted(set(map(tuple, manifest["migrations"])) - set(_applied_migrations_tuples()))
    if missing:
        names = ", ".join(f"{app}.{name}" for app, name in missing[:5])
        raise BackupError(f"{path}: written by a newer Hyoka (migrations not here: {names}); upgrade Hyoka first")
    if _holds_data():
        raise BackupError("the database is not empty (it has plans or users); restore only into a new database")
    with tempfile.TemporaryDirectory() as tmp:
        fixture = Path(tmp) / "data.json"
        fixture.write_text(data, encoding="utf-8")
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
    return manifest["counts"]


def _read(path: Path) -> tuple[dict, str]:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if not {"manifest.json", "data.json"} <= names:
                raise BackupError(f"{path}: not a Hyoka backup (manifest.json and data.json expected)")
            manifest = json.loads(z.read("manifest.json"))
            data = z.read("data.json").decode("utf-8")
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BackupError(f"{path}: not a readable Hyoka backup ({e})") from e
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a Hyoka backup (format {manifest.get('format')!r}, expected {FORMAT})")
    return manifest, data


def _applied_migrations() -> list[list[str]]:
    return [list(t) for t in _applied_migrations_tuples()]


def _applied_migrations_tuples() -> list[tuple[str, str]]:
    return sorted(MigrationRecorder(connection).applied_migrations())


def _holds_data() -> bool:
    Plan = apps.get_model("plans", "Plan")
    return Plan.objects.exists() or get_user_model().objects.exists()


def counts_in_database() -> dict[str, int]:
    """Rows per model as a backup would count them, to compare a restore with its source."""
    out: dict[str, int] = {}
    excluded = set(EXCLUDED)
    for model in serializers.sort_dependencies([(a, None) for a in apps.get_app_configs()]):
        label = model._meta.label_lower
        if model._meta.proxy or label in excluded or model._meta.app_label in excluded:
            continue
        n = model._default_manager.count()
        if n:
            out[label] = n
    return out
