"""Loading the catalogue file into the database: by the data migration and by ``hyoka catalog load``.

Idempotent: a standard indicator is found by its code, its fields are set from the file, and nothing else is
touched (links stay; an indicator no longer in the file stays, since KPIs may link to it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "standard_indicators.json"
FIELDS = ("name", "aliases", "unit", "direction", "category", "definition", "source", "estat_code", "ssds_code")


def read_catalogue(path: Path = DATA) -> list[dict[str, Any]]:
    """The file's entries in order, each with every field (missing ones empty) and its position."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    codes = [e["code"] for e in entries]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{path.name}: a code is given twice")
    defaults = {"aliases": [], "unit": "", "direction": "increase", "category": "", "definition": "", "source": ""}
    return [
        {**defaults, "estat_code": "", "ssds_code": "", **entry, "position": position}
        for position, entry in enumerate(entries)
    ]


@dataclass(frozen=True)
class LoadResult:
    created: list[str]
    updated: list[str]
    unchanged: int


def load_catalogue(model=None, path: Path = DATA) -> LoadResult:
    """Write the file into ``model`` (StandardIndicator, or the migration's historical one)."""
    if model is None:
        from hyoka.catalog.models import StandardIndicator as model
    existing = {s.code: s for s in model.objects.all()}
    known = {f.name for f in model._meta.get_fields()}  # the migration's model has the fields of its day only
    created: list[str] = []
    updated: list[str] = []
    unchanged = 0
    for entry in read_catalogue(path):
        values = {name: entry[name] for name in (*FIELDS, "position") if name in known}
        row = existing.get(entry["code"])
        if row is None:
            model.objects.create(code=entry["code"], **values)
            created.append(entry["code"])
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            updated.append(entry["code"])
        else:
            unchanged += 1
    return LoadResult(created, updated, unchanged)
