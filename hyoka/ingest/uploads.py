"""Uploaded documents kept between the import preview and its apply: one file per upload under
DATA_DIR/uploads, named by a random token, with the original name and the form's options in JSON beside it.

The token is the only name a request can give, and it is checked against the shape
`secrets.token_urlsafe` makes before any path is built from it, so no request reaches another file.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings

MAX_BYTES = 20 * 1024 * 1024
TOKEN_BYTES = 24  # → 32 URL-safe characters
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
KEEP_SECONDS = 24 * 60 * 60  # an upload never applied is swept a day later


class UploadNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Upload:
    token: str
    name: str  # the file name the user uploaded (no directories)
    options: dict  # municipality, municipality_code, prefecture, plan_title; column_choices chosen on the preview

    def data(self) -> bytes:
        return _path(self.token, ".bin").read_bytes()


def save_upload(data: bytes, name: str, options: dict) -> Upload:
    _sweep()
    _folder().mkdir(parents=True, exist_ok=True)
    upload = Upload(secrets.token_urlsafe(TOKEN_BYTES), Path(name).name or "upload", options)
    _path(upload.token, ".bin").write_bytes(data)
    _write_meta(upload)
    return upload


def save_options(upload: Upload, **options) -> Upload:
    """The upload with some options changed (the column meanings chosen on its preview), kept for its apply."""
    changed = replace(upload, options={**upload.options, **options})
    _write_meta(changed)
    return changed


def _write_meta(upload: Upload) -> None:
    meta = {"name": upload.name, "options": upload.options}
    _path(upload.token, ".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def get_upload(token: str) -> Upload:
    if not TOKEN.fullmatch(token):
        raise UploadNotFound(token)
    try:
        meta = json.loads(_path(token, ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise UploadNotFound(token) from e
    if not _path(token, ".bin").is_file():
        raise UploadNotFound(token)
    return Upload(token, meta["name"], meta["options"])


def delete_upload(token: str) -> None:
    if TOKEN.fullmatch(token):
        for suffix in (".bin", ".json"):
            _path(token, suffix).unlink(missing_ok=True)


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def _path(token: str, suffix: str) -> Path:
    assert TOKEN.fullmatch(token), "a path is only ever built from a checked token"
    return _folder() / f"{token}{suffix}"


def _sweep() -> None:
    if not _folder().is_dir():
        return
    cutoff = time.time() - KEEP_SECONDS
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass  # another worker swept it first
