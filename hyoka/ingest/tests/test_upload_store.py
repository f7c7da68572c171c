"""Uploads go through Django's storage API (STORAGES["uploads"]): a shared store serves a preview on one app
server and its apply on another; an upload never applied is swept a day later."""

import os
import time

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from hyoka.ingest.tests.test_views import OME_SEED, forget, seed_bytes, upload
from hyoka.ingest.uploads import get_upload, save_upload
from hyoka.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_store(settings, tmp_path):
    """Another backend in place of the folder (InMemoryStorage stands for S3 or any shared store)."""
    settings.DATA_DIR = tmp_path
    settings.STORAGES = {**settings.STORAGES, "uploads": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return storages["uploads"]


def test_the_preview_and_the_apply_read_the_upload_from_the_configured_store(
    client, people, demo_plans, shared_store, tmp_path
):
    client.force_login(people.alice)
    title = forget(demo_plans, "ome_strategy_progress_r4")
    response = upload(client, f"{OME_SEED}.txt", seed_bytes(OME_SEED), municipality="青梅市", plan_title=title)
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    assert sorted(shared_store.listdir("")[1]) == [f"{token}.bin", f"{token}.json"]
    assert not (tmp_path / "uploads").exists()  # nothing on this server's disk

    assert client.get(response.url).status_code == 200
    client.post(reverse("import-apply", kwargs={"token": token}))
    assert Plan.objects.filter(title=title).exists()
    assert shared_store.listdir("")[1] == []  # gone once applied


def test_options_chosen_on_the_preview_replace_the_kept_ones(shared_store):
    from hyoka.ingest.uploads import save_options

    kept = save_upload(b"data", "a.txt", {"municipality": "青梅市"})
    save_options(kept, column_choices={"0": "target"})
    again = get_upload(kept.token)
    assert again.options == {"municipality": "青梅市", "column_choices": {"0": "target"}}
    assert again.data() == b"data" and len(shared_store.listdir("")[1]) == 2


def test_an_upload_never_applied_is_swept_a_day_later(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    old = save_upload(b"old", "old.txt", {})
    day_ago = time.time() - 25 * 60 * 60
    for suffix in (".bin", ".json"):
        os.utime(tmp_path / "uploads" / f"{old.token}{suffix}", (day_ago, day_ago))
    new = save_upload(b"new", "new.txt", {})
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == [f"{new.token}.bin", f"{new.token}.json"]
