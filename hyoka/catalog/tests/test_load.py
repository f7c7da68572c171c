import json

import pytest

from hyoka.catalog.load import DATA, load_catalogue, read_catalogue
from hyoka.catalog.models import StandardIndicator


def test_the_file_holds_the_indicators_plans_use_each_once():
    entries = read_catalogue()
    names = {e["name"] for e in entries}
    assert 20 <= len(entries) <= 40
    assert {
        "合計特殊出生率",
        "社会増減数",
        "転入超過数",
        "待機児童数",
        "観光入込客数",
        "市内事業所数",
        "就業者数",
    } <= names
    assert all(e["direction"] in StandardIndicator.Direction.values for e in entries)
    assert all(not e["estat_code"] or (len(e["estat_code"]) == 8 and e["estat_code"].isdigit()) for e in entries)
    spellings = [s for e in entries for s in [e["name"], *e["aliases"]]]
    assert len(spellings) == len(set(spellings)), "an alias names two indicators"


@pytest.mark.django_db
def test_the_migration_loaded_the_file_and_loading_again_changes_nothing():
    assert StandardIndicator.objects.count() == len(read_catalogue())
    result = load_catalogue()
    assert (result.created, result.updated, result.unchanged) == ([], [], len(read_catalogue()))


@pytest.mark.django_db
def test_a_changed_file_updates_by_code_and_keeps_what_it_no_longer_lists(tmp_path):
    entries = json.loads(DATA.read_text(encoding="utf-8"))
    entries[0]["definition"] = "変更した定義"
    del entries[1]
    changed = tmp_path / "catalogue.json"
    changed.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    result = load_catalogue(path=changed)
    assert result.updated[0] == entries[0]["code"] and result.created == []
    assert StandardIndicator.objects.get(code=entries[0]["code"]).definition == "変更した定義"
    assert StandardIndicator.objects.count() == len(read_catalogue())
