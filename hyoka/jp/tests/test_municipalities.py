"""The national list of local governments: its counts and check digits, finding a city by name and in a document."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.jp import municipalities as m
from hyoka.jp.municipalities import AmbiguousMunicipality, UnknownMunicipality, find, named_in

ROWS = m.all_rows()
MUNICIPALITIES = [r for r in ROWS if r.kind != "prefecture"]
NAME_COUNTS = Counter(m.key(r.name) for r in MUNICIPALITIES)


# --- the data ---------------------------------------------------------------------------------------


def test_the_list_has_47_prefectures_and_1741_municipalities():
    kinds = Counter(r.kind for r in ROWS)
    assert kinds["prefecture"] == 47
    assert len(MUNICIPALITIES) == 1741
    assert kinds == {"prefecture": 47, "city": 792, "town": 743, "village": 183, "special_ward": 23}


def test_the_23_special_wards_are_tokyo_and_no_designated_citys_ward_is_listed():
    wards = [r for r in MUNICIPALITIES if r.name.endswith("区")]
    assert len(wards) == 23
    assert {r.prefecture for r in wards} == {"東京都"}
    assert all(r.kind == "special_ward" for r in wards)
    assert all(r.code.startswith("131") for r in wards)  # 札幌市中央区 would be 011011, outside the list


def test_every_code_has_its_check_digit_and_is_unique_and_in_order():
    assert all(m.code_is_valid(r.code) for r in ROWS), [r for r in ROWS if not m.code_is_valid(r.code)]
    codes = [r.code for r in ROWS]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)


def test_every_municipality_lies_in_a_listed_prefecture_that_shares_its_first_two_digits():
    prefectures = {r.name: r for r in ROWS if r.kind == "prefecture"}
    for row in MUNICIPALITIES:
        assert row.code[:2] == prefectures[row.prefecture].code[:2], row
    assert all(p.code[2:5] == "000" for p in prefectures.values())


def test_names_kana_and_kinds_agree():
    suffix = {"city": "市", "special_ward": "区", "town": "町", "village": "村"}
    for row in MUNICIPALITIES:
        assert row.name.endswith(suffix[row.kind]), row
        assert row.kana and all("\u30a1" <= c <= "\u30fc" for c in row.kana), row  # full-width katakana
    assert all(r.name[-1] in "都道府県" for r in ROWS if r.kind == "prefecture")


def test_known_codes():
    assert m.by_code("122076").full_name == "千葉県松戸市"
    assert m.by_code("032069").full_name == "岩手県北上市"
    assert m.by_code("010006").name == "北海道"
    assert m.by_code("120006").full_name == "千葉県"  # a prefecture's own name once
    assert m.by_code("131016").name == "千代田区"
    assert m.by_code("112098") is None


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_exactly_one_last_digit_makes_a_valid_code(first_five):
    assert [d for d in "0123456789" if m.code_is_valid(first_five + d)] == [m.check_digit(first_five)]


def test_check_digit_by_hand():
    # 松戸市 12207: 1·6 + 2·5 + 2·4 + 0·3 + 7·2 = 38; 38 mod 11 = 5; 11 − 5 = 6
    assert m.check_digit("12207") == "6"
    assert m.check_digit("11000") == "1"  # 埼玉県: remainder 0 gives 1
    assert not m.code_is_valid("12207")
    assert not m.code_is_valid("１２２０７６")  # digits as printed are normalised by the caller, not here


# --- find -------------------------------------------------------------------------------------------


def test_every_municipality_is_found_by_its_full_name_and_a_unique_name_alone():
    for row in MUNICIPALITIES:
        assert find(row.full_name) == row
        assert find(row.name, row.prefecture) == row
        if NAME_COUNTS[m.key(row.name)] == 1:
            assert find(row.name) == row


@pytest.mark.parametrize(
    ("name", "prefecture", "code"),
    [
        ("松戸市", None, "122076"),
        (" 松戸市\u3000", None, "122076"),
        ("東京都府中市", None, "132063"),
        ("東京都 府中市", None, "132063"),
        ("府中市", "広島県", "342084"),
        ("府中市", "広島", "342084"),
        ("府中町", None, "343021"),
        ("広島県安芸郡府中町", None, "343021"),
        ("安芸郡府中町", None, "343021"),
        ("郡山市", None, "072036"),  # a 郡 that is part of the name
        ("鶴ケ島市", None, "112411"),  # the list writes 鶴ヶ島市
        ("鎌ヶ谷市", None, "122246"),  # the list writes 鎌ケ谷市
        ("南ｱﾙﾌﾟｽ市", None, "192082"),  # half-width katakana
        ("千葉県", None, "120006"),
        ("北海道", None, "010006"),
    ],
)
def test_find(name, prefecture, code):
    assert find(name, prefecture).code == code


def test_an_ambiguous_name_lists_its_candidates_with_their_prefectures():
    with pytest.raises(AmbiguousMunicipality) as e:
        find("府中市")
    assert [c.code for c in e.value.candidates] == ["132063", "342084"]
    assert str(e.value) == (
        "府中市 is in more than one prefecture (東京都府中市（132063）、広島県府中市（342084）): give the prefecture"
    )
    assert "\n" not in str(e.value)


def test_unknown_names_say_so_in_one_line_with_the_nearest_names():
    with pytest.raises(UnknownMunicipality, match=r"^'松戸' is not in the national list .*did you mean 松戸市"):
        find("松戸")
    with pytest.raises(UnknownMunicipality, match=r"^松戸市 is not in 東京都 \(it is in 千葉県\)$"):
        find("松戸市", "東京都")
    with pytest.raises(UnknownMunicipality, match="'東京県' is not a prefecture"):
        find("松戸市", "東京県")
    with pytest.raises(UnknownMunicipality, match="not in the national list"):
        find("札幌市中央区")  # a designated city's ward is not a local government
    with pytest.raises(UnknownMunicipality, match="no municipality name"):
        find("  ")


def test_a_prefecture_printed_in_front_must_agree_with_the_one_given():
    with pytest.raises(UnknownMunicipality, match="東京都府中市 is not in 広島県"):
        find("東京都府中市", "広島県")


# --- named_in ---------------------------------------------------------------------------------------


def named(text: str) -> str | None:
    found = named_in(text)
    return found.full_name if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第2期北上市まち・ひと・しごと創生総合戦略\n令和5年度 効果検証\n基本目標1 しごとをつくる\n", "岩手県北上市"),
        ("令和5年度 北上市 事務事業評価\n事業名\t担当課\n", "岩手県北上市"),
        ("資料6 北上市まち・ひと・しごと創生総合戦略の評価方法(案) 1 評価方法について 本市では、" * 3, "岩手県北上市"),
        ("・北上市立地適正化計画の達成状況を判断するため、\n", "岩手県北上市"),
        ("自治体名,北上市\n指標,基準値,目標値\n", "岩手県北上市"),
        ("事業評価シート\n" + "事業の概要\n" * 30 + "〒024-8501 岩手県北上市芳町1番1号\n", "岩手県北上市"),
        ("東京都 中央区 基本計画\n", "東京都中央区"),
        ("広島県安芸郡府中町 第5次総合計画\n", "広島県府中町"),
        ("府中市総合計画 実施計画\n広島県\n", "広島県府中市"),
        ("府中町まちづくり計画\n", "広島県府中町"),  # 府中町, not 府中市
        ("東村山市の人口ビジョン\n", "東京都東村山市"),  # not 東村 (沖縄県)
        ("札幌市中央区の取組\n", "北海道札幌市"),  # a ward's document belongs to its city
        ("茨城県まち・ひと・しごと創生総合戦略\n基本目標1\n", "茨城県"),
        ("第2期 茨城県総合計画\n", "茨城県"),
        ("茨城県\n令和5年3月\n", "茨城県"),  # a cover page
        ("府中市総合計画\n東京都府中市の位置\n", "東京都府中市"),  # 京都府 is not read inside 東京都府中市
    ],
)
def test_the_city_a_document_names(text, expected):
    assert named(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "基本目標1\n本市は中央区と比較して高い水準にある\n",  # a name inside a sentence
        "合計特殊出生率の比較\n市名 H27 H28\n小平市 1.33 1.35\n清瀬市\t1.40\t1.38\n",  # a comparison table
        "中央卸売市場の整備\n空港区域の見直し\n東北区分\n",  # names inside other words
        "基本目標1\n" + "本文\n" * 20 + "北上市との連携を進める\n",  # below the title lines, unqualified
        "基本目標 1 しごとをつくる\n",
        "千葉県内の市町村の比較\n",  # a prefecture named, not its own document
        "",
    ],
)
def test_names_that_are_not_the_documents_city(text):
    assert named_in(text) is None


def test_the_title_wins_over_a_qualified_name_in_the_body():
    text = "北上市総合計画 進捗報告\n" + "本文\n" * 20 + "岩手県花巻市と連携して実施した。\n"
    assert named(text) == "岩手県北上市"


def test_a_qualified_name_in_the_title_wins_over_a_bare_one():
    assert named("花巻市との比較 岩手県北上市総合計画\n") == "岩手県北上市"


def test_of_two_cities_in_the_title_the_one_with_its_plan_words():
    assert named("花巻市・北上市 北上市総合計画\n") == "岩手県北上市"


def test_an_ambiguous_name_without_its_prefecture_asks_for_it():
    with pytest.raises(AmbiguousMunicipality) as e:
        named_in("府中市総合計画 実施計画\n基本目標1\n")
    assert {c.prefecture for c in e.value.candidates} == {"東京都", "広島県"}


def test_every_municipality_is_found_in_a_title_with_its_prefecture():
    for row in MUNICIPALITIES:
        assert named_in(f"第2期{row.full_name}まち・ひと・しごと創生総合戦略\n基本目標1\n") == row, row


def test_every_unique_name_is_found_in_a_title_alone():
    for row in MUNICIPALITIES:
        if NAME_COUNTS[m.key(row.name)] == 1:
            assert named_in(f"{row.name}総合計画 令和5年度 進捗状況\n") == row, row


FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@given(st.sampled_from(MUNICIPALITIES), st.sampled_from(["", "第2期", "令和5年度 ", "資料3 "]))
def test_a_title_printed_in_full_width_digits_names_its_city(row, prefix):
    text = f"{prefix}{row.full_name}子ども・子育て支援事業計画（第2期）\n".translate(FULL_WIDTH_DIGITS)
    assert named_in(text) == row
