"""Uploaded documents kept between the import preview and its apply: two files per upload, named by a random
token, the document and its original name and the form's options in JSON.

They go through Django's storage API (STORAGES["uploads"]): by default a folder, DATA_DIR/uploads; behind a
load balancer, a store every app server shares (docs/scale.md), so the apply may land on another server than
the preview. The token is the only name a request can give, and it is checked against the shape
`secrets.token_urlsafe` makes before any name is built from it, so no request reaches another file.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages

MAX_BYTES = 20 * 1024 * 1024
TOKEN_BYTES = 24  # → 32 URL-safe characters
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
KEEP = timedelta(days=1)  # an upload never applied is swept a day later


class UploadNotFound(LookupError):
    pass


class UploadFolder(FileSystemStorage):
    """The default store: DATA_DIR/uploads, read when used, so a changed DATA_DIR (a test's) is followed."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, Path(settings.DATA_DIR) / "uploads")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


@dataclass(frozen=True)
class Upload:
    token: str
    name: str  # the file name the user uploaded (no directories)
    options: dict  # municipality, municipality_code, prefecture, plan_title; column_choices chosen on the preview

    def data(self) -> bytes:
        with _store().open(_name(self.token, ".bin"), "rb") as f:
            return f.read()


def save_upload(data: bytes, name: str, options: dict) -> Upload:
    _sweep()
    upload = Upload(secrets.token_urlsafe(TOKEN_BYTES), Path(name).name or "upload", options)
    _write(_name(upload.token, ".bin"), data)
    _write_meta(upload)
    return upload


def save_options(upload: Upload, **options) -> Upload:
    """The upload with some options changed (the column meanings chosen on its preview), kept for its apply."""
    changed = replace(upload, options={**upload.options, **options})
    _write_meta(changed)
    return changed


def get_upload(token: str) -> Upload:
    if not TOKEN.fullmatch(token):
        raise UploadNotFound(token)
    store = _store()
    try:
        with store.open(_name(token, ".json"), "rb") as f:
            meta = json.loads(f.read().decode("utf-8"))
    except (OSError, ValueError) as e:
        raise UploadNotFound(token) from e
    if not store.exists(_name(token, ".bin")):
        raise UploadNotFound(token)
    return Upload(token, meta["name"], meta["options"])


def delete_upload(token: str) -> None:
    if TOKEN.fullmatch(token):
        for suffix in (".bin", ".json"):
            _store().delete(_name(token, suffix))


def _store():
    return storages["uploads"]


def _write_meta(upload: Upload) -> None:
    meta = {"name": upload.name, "options": upload.options}
    _write(_name(upload.token, ".json"), json.dumps(meta, ensure_ascii=False).encode("utf-8"))


def _write(name: str, data: bytes) -> None:
    """`data` under exactly `name`, replacing what was there (a folder store would otherwise pick a new name)."""
    store = _store()
    store.delete(name)
    saved = store.save(name, ContentFile(data))
    assert saved == name, f"the upload store renamed {name} to {saved}"


def _name(token: str, suffix: str) -> str:
    assert TOKEN.fullmatch(token), "a name is only ever built from a checked token"
    return f"{token}{suffix}"


def _sweep() -> None:
    store = _store()
    try:
        _folders, names = store.listdir("")
    except (FileNotFoundError, NotADirectoryError):
        return  # nothing uploaded yet
    cutoff = datetime.now(UTC) - KEEP
    for name in names:
        try:
            if store.get_modified_time(name) < cutoff:
                store.delete(name)
        except OSError:
            pass  # another server swept it first
