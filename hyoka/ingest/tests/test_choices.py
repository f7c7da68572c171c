"""The user's word on a column's meaning: layout signatures, the words a user types, choices applied."""

import pytest

from hyoka import interchange as ix
from hyoka.ingest.base import Context, FoundColumn, FoundTable, Place
from hyoka.ingest.choices import (
    Choice,
    ChoiceError,
    changed,
    describe,
    mark_remembered,
    merge,
    parse_choice,
    parse_kind,
    resolve,
    table_signature,
)
from hyoka.ingest.readers.txt import read_text

CITY = ix.Municipality(code="112259", name="入間市", prefecture="埼玉県")
# A KPI table one cell per line whose last column (R7) the city means as its target year;
# the vocabulary reads a bare year column as an actual.
MINAMI = """みなみ市 読書推進計画 成果指標
指標名
単位
基準値（H30）
R4
R7
図書館の年間貸出冊数
冊
382,000
390,000
420,000
読み聞かせボランティア数
人
45
48
60
"""


def read(text: str = MINAMI, **choices):
    return read_text(text, Context(CITY, source="minami.txt", **choices))


def test_the_same_layout_printed_otherwise_has_the_same_signature():
    header = ["指標名", "単位", "基準値（H30）", "R4", "R7"]
    assert table_signature(header) == table_signature(["指 標 名", "単位", "基準値(Ｈ３０)", "Ｒ４", " R7 "])
    assert len(table_signature(header)) == 12


def test_another_column_or_order_is_another_layout():
    header = ["指標名", "単位", "基準値（H30）", "R4", "R7"]
    assert table_signature(header) != table_signature(header[:-1])
    assert table_signature(header) != table_signature(["単位", "指標名", "基準値（H30）", "R4", "R7"])
    assert table_signature(["ab", "c"]) != table_signature(["a", "bc"])  # cells stay cells


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("目標値", "target"),
        ("目標", "target"),
        ("基準値", "baseline"),
        ("実績", "actual"),
        ("実績値", "actual"),
        ("無視", "ignore"),
        ("target", "target"),
        ("interim_target", "interim_target"),
        ("中間目標", "interim_target"),
        ("見込", "projection"),
        ("達成率など(計算値)", "derived"),
        ("達成率", "derived"),
        ("担当課", "department"),
        ("指標名", "kpi_name"),
        ("事業名", "project_name"),
        ("今後の方向性", "direction"),
        (" 目 標 値 ", "target"),
        ("ｔａｒｇｅｔ", "target"),
    ],
)
def test_a_users_word_names_a_meaning(word, kind):
    assert parse_kind(word) == kind


@pytest.mark.parametrize("word", ["", "たぶん", "unknown", "current", "H26", "しらない値"])
def test_a_word_that_names_no_meaning_is_refused(word):
    with pytest.raises(ChoiceError, match="not a column meaning"):
        parse_kind(word)


def test_a_current_value_word_asks_which_of_baseline_or_actual():
    with pytest.raises(ChoiceError, match="基準値 or 実績値"):
        parse_kind("現状値")


def test_column_specs_for_every_table_or_one():
    assert parse_choice("3=目標値") == Choice(None, 3, "target")
    assert parse_choice("2:3=目標値") == Choice(2, 3, "target")
    assert parse_choice("２：３＝基準値") == Choice(2, 3, "baseline")
    assert parse_choice("表2:5=無視") == Choice(2, 5, "ignore")
    for bad in ("3", "目標値", "a=目標値", "0=目標値", "1:0=目標値", "3=だれか"):
        with pytest.raises(ChoiceError):
            parse_choice(bad)


def test_the_tables_read_are_listed_with_the_meaning_of_each_column():
    (table,) = read().tables
    assert table.number == 1 and table.how == "one-cell-per-line" and table.place.line == 2
    assert table.header == ["指標名", "単位", "基準値（H30）", "R4", "R7"]
    assert [c.kind for c in table.columns] == ["kpi_name", "unit", "baseline", "actual", "actual"]
    assert {c.origin for c in table.columns} == {"vocabulary"}
    assert [c.example for c in table.columns] == ["図書館の年間貸出冊数", "冊", "382,000", "390,000", "420,000"]
    assert describe(table) == (
        "表1 (line 2, one-cell-per-line): 1 指標名 → 指標名, 2 単位 → 単位, 3 基準値（H30） → 基準値, "
        "4 R4 → 実績値, 5 R7 → 実績値"
    )


def test_a_column_read_as_an_actual_becomes_the_target_when_the_user_says_so():
    plain = {k.name: k for k in read().document.all_indicators()}
    assert plain["図書館の年間貸出冊数"].target is None
    assert [o.period.label for o in plain["図書館の年間貸出冊数"].observations] == ["R4", "R7"]

    signature = read().tables[0].signature
    result = read(column_choices={signature: {4: "target"}})
    books = {k.name: k for k in result.document.all_indicators()}["図書館の年間貸出冊数"]
    assert (books.target.value, books.target.period.fiscal_year) == (420000, 2025)
    assert [o.period.label for o in books.observations] == ["R4"]
    column = result.tables[0].columns[4]
    assert (column.kind, column.read_as, column.origin) == ("target", "actual", "chosen")
    assert describe(result.tables[0]).endswith("5 R7 → 目標値（指定）")


def test_choices_for_another_layout_change_nothing():
    result = read(column_choices={table_signature(["指標名", "R7"]): {1: "target"}})
    assert all(k.target is None for k in result.document.all_indicators())
    assert {c.origin for c in result.tables[0].columns} == {"vocabulary"}


def test_an_ignored_column_is_not_read():
    signature = read().tables[0].signature
    result = read(column_choices={signature: {3: "ignore"}})
    books = {k.name: k for k in result.document.all_indicators()}["図書館の年間貸出冊数"]
    assert [o.period.label for o in books.observations] == ["R7"]


def found(signature: str, *columns: tuple[str, str, str], number: int = 1) -> FoundTable:
    """A found table of (kind, read_as, origin) columns."""
    return FoundTable(
        number,
        signature,
        tuple(FoundColumn(f"h{i}", kind, read_as, origin) for i, (kind, read_as, origin) in enumerate(columns)),
        Place("x.txt", line=1),
    )


V = ("actual", "actual", "vocabulary")


def test_numbered_choices_name_a_table_or_every_table_wide_enough():
    tables = [found("aaa", V, V, V), found("bbb", V, V, number=2)]
    assert resolve([Choice(None, 3, "target")], tables) == {"aaa": {2: "target"}}
    assert resolve([Choice(None, 2, "ignore"), Choice(2, 1, "kpi_name")], tables) == {
        "aaa": {1: "ignore"},
        "bbb": {1: "ignore", 0: "kpi_name"},
    }
    with pytest.raises(ChoiceError, match="table 3: the document has 2 tables"):
        resolve([Choice(3, 1, "target")], tables)
    with pytest.raises(ChoiceError, match="table 2 has 2 columns, not 3"):
        resolve([Choice(2, 3, "target")], tables)
    with pytest.raises(ChoiceError, match="column 4: no table has that many columns"):
        resolve([Choice(None, 4, "target")], tables)
    with pytest.raises(ChoiceError, match="no table read with column meanings"):
        resolve([Choice(1, 1, "target")], [])


def test_this_imports_choices_win_over_remembered_ones_column_by_column():
    remembered = {"aaa": {2: "target", 3: "ignore"}}
    explicit = {"aaa": {"2": "actual"}, "bbb": {0: "kpi_name"}}  # JSON keeps the columns as strings
    assert merge(remembered, explicit) == {"aaa": {2: "actual", 3: "ignore"}, "bbb": {0: "kpi_name"}}
    assert remembered == {"aaa": {2: "target", 3: "ignore"}}  # not changed in place


def test_chosen_columns_this_import_did_not_choose_are_marked_remembered():
    table = found("aaa", V, ("target", "actual", "chosen"), ("ignore", "actual", "chosen"))
    (marked,) = mark_remembered([table], {"aaa": {2: "ignore"}})
    assert [c.origin for c in marked.columns] == ["vocabulary", "remembered", "chosen"]
    assert describe(marked) == "表1 (line 1): 1 h0 → 実績値, 2 h1 → 目標値（前回の指定）, 3 h2 → 無視（指定）"


def test_a_form_changes_only_the_selects_the_user_changed():
    table = found(
        "aaa",
        V,  # left as it was: nothing
        ("target", "actual", "remembered"),  # left as it was: stays remembered, not chosen again
        ("ignore", "actual", "chosen"),  # chosen before: stays chosen
        V,  # changed: chosen
        ("target", "actual", "remembered"),  # set back to the vocabulary's: a choice that overrides memory
    )
    submitted = {("aaa", 0): "actual", ("aaa", 1): "target", ("aaa", 2): "ignore", ("aaa", 3): "baseline"}
    submitted[("aaa", 4)] = "actual"
    assert changed([table], submitted) == {"aaa": {2: "ignore", 3: "baseline", 4: "actual"}}
    assert changed([table], {}) == {"aaa": {2: "ignore"}}
