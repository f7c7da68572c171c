"""Text from city hall: UTF-8, UTF-8 with BOM, CP932; clear errors for anything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.ingest.base import IngestError
from hyoka.ingest.encoding import decode

TEXT = "基本目標１　働きやすいまちをつくる\n市内事業所数\t4,986事業所\t△24\n①②㈱髙﨑"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_decodes(encoding):
    assert decode(TEXT.encode(encoding), "a.txt") == TEXT


def test_bad_byte_names_line_and_byte():
    data = "一行目\n二行目\n".encode() + b"abc\x80\xfe\n"
    with pytest.raises(IngestError) as e:
        decode(data, "a.csv")
    assert str(e.value) == "a.csv:line 3: not UTF-8 or Shift_JIS (CP932) text: byte 0x80 at line 3, byte 4 of the line"


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"%PDF-1.7\n\x00\x01", "PDF"), (b"PK\x03\x04\x14\x00", "xlsx"), (b"abc\x00def", "NUL bytes")],
)
def test_binary_is_not_text(data, kind):
    with pytest.raises(IngestError, match=rf"^b\.csv: this is not a text file \(looks like .*{kind}"):
        decode(data, "b.csv")


def test_empty():
    with pytest.raises(IngestError, match=r"^e\.txt: the file is empty$"):
        decode(b"", "e.txt")


JAPANESE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x3041, max_codepoint=0x30FA),  # ひらがな・カタカナ
        st.sampled_from("基本目標施策指標市町村年度令和平成事業所数増減△▲①②ⅠⅡ％，。、　０１２３"),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from("\n\t"),
    ),
    min_size=1,
)


@given(text=JAPANESE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932"]))
def test_round_trip(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # a character CP932 cannot hold (ゔ …) is not CP932 text to begin with
    assert decode(data, "p.txt") == text
