"""CSV from city hall: UTF-8, UTF-8 with BOM and CP932 give the same plan; errors name line and column."""

from __future__ import annotations

import pytest

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError
from hyoka.ingest.facts import facts
from hyoka.ingest.readers.csv import read_csv

CONTEXT = Context(municipality=ix.Municipality(code="112259", name="入間市", prefecture="埼玉県"), source="kpi.csv")

TABLE = """入間市総合戦略　数値目標一覧
基本目標,指標名,単位,基準値（H26）,H28 末現在,R2,目標値（R6）,備考
基本目標1 働きやすいまちをつくる,市内事業所数,事業所,"4,986","4,962",確報値待ち,基準値,速報値
,支援による創業者数,件,―,15,18,年間 15 件,

基本目標2 子どもを育てる,合計特殊出生率,%,1.18,1.2,△0.1,1.3,
※出生率は人口動態統計による。
"""


def test_csv_encodings_give_the_same_plan():
    docs = [
        read_csv(TABLE.encode(encoding), CONTEXT, "kpi.csv").document for encoding in ("utf-8", "utf-8-sig", "cp932")
    ]
    assert docs[0] == docs[1] == docs[2]
    doc = docs[0]
    assert doc.plan.title == "入間市総合戦略　数値目標一覧"
    assert [(s.level, s.number, s.title) for s in doc.sections] == [
        ("基本目標", "1", "働きやすいまちをつくる"),
        ("基本目標", "2", "子どもを育てる"),
    ]
    got = facts(doc)
    assert ("observation", "市内事業所数", "H28末現在", "4962", "final") in got
    assert ("observation", "市内事業所数", "R2", "", "pending") in got
    assert ("target", "市内事業所数", "4986", "基準値", "R6") in got
    assert ("indicator", "働きやすいまちをつくる", "支援による創業者数", "件", "") in got  # blank cell = merged above
    assert ("observation", "合計特殊出生率", "R2", "-0.1", "final") in got
    rate = doc.sections[1].indicators[0]
    assert rate.notes == ["※出生率は人口動態統計による。"]
    assert doc.sections[0].indicators[0].notes == ["速報値"]


def test_tab_separated():
    tsv = TABLE.replace(",", "\t").replace('"4\t986"', "4986").replace('"4\t962"', "4962")
    doc = read_csv(tsv.encode(), CONTEXT, "k.tsv")
    assert facts(doc.document) == facts(read_csv(TABLE.encode(), CONTEXT, "kpi.csv").document)


def test_malformed_number_is_a_warning_on_its_line_and_column():
    bad = TABLE.replace("1.18,1.2", "1.18,1.2.3")
    result = read_csv(bad.encode("cp932"), CONTEXT, "kpi.csv")
    (warning,) = result.warnings
    assert str(warning).startswith("kpi.csv:line 6: column 5: malformed number, left out: ")
    observed = {o.period.label for o in result.document.sections[1].indicators[0].observations}
    assert observed == {"R2"}  # the rest of the row is read


def test_undecodable_bytes_name_the_line():
    data = TABLE.encode("utf-8").replace("備考".encode(), b"\x80\xff")
    with pytest.raises(IngestError, match=r"^kpi\.csv:line 2: not UTF-8 or Shift_JIS \(CP932\) text: byte 0x"):
        read_csv(data, CONTEXT, "kpi.csv")


def test_no_table():
    with pytest.raises(IngestError, match=r"^notes\.csv: no KPI table found"):
        read_csv("会議録\n出席者,5名\n".encode(), CONTEXT, "notes.csv")


def test_empty_file():
    with pytest.raises(IngestError, match=r"^e\.csv: the file is empty"):
        read_csv(b"", CONTEXT, "e.csv")
