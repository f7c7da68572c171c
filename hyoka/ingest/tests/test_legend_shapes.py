"""Rating legends in every shape other cities print them (issue 9, point 6), on invented lines in the real
style; and what must never become a grade (metadata lines, bullets, direction check boxes)."""

from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.ingest.text.legend import DirectionChoice, grade_bounds, parse_directions, parse_legend


def grades(scheme):
    return [(g.code, g.label) for g in scheme.grades]


def levels(scheme):
    def n(d):
        return None if d is None else int(d) if d == int(d) else float(d)

    return [(a.code, a.label, n(a.min_percent), n(a.max_percent)) for a in scheme.achievement_levels]


GRADE_CASES = {
    "colon": (
        "評価区分\nA：計画どおり進んでいる\nB：おおむね計画どおり\nC：遅れている",
        [("A", "計画どおり進んでいる"), ("B", "おおむね計画どおり"), ("C", "遅れている")],
    ),
    "bracketed": (
        "数値目標の進捗を、S(現状値が目標値を超えている)・A(現状値が基準値を超えている)・B(基準値と同水準"
        "(△10%以内))・C(基準値より下落している)・−(把握できない)の5段階で評価しました。",
        [
            ("S", "現状値が目標値を超えている"),
            ("A", "現状値が基準値を超えている"),
            ("B", "基準値と同水準"),  # the threshold stays in the legend text
            ("C", "基準値より下落している"),
            ("−", "把握できない"),
        ],
    ),
    "quoted": (
        "「A」順調に進んでいる\n「B」一部に遅れがある\n「C」大幅に遅れている",
        [("A", "順調に進んでいる"), ("B", "一部に遅れがある"), ("C", "大幅に遅れている")],
    ),
    "quoted with は": (
        "「Ａ」は目標達成、「Ｂ」は概ね達成、「Ｃ」は未達成を表します",
        [("A", "目標達成"), ("B", "概ね達成"), ("C", "未達成を表します")],
    ),
    "no colon": (
        "A 順調 計画どおり進捗している\nB 概ね順調 一部に遅れがある\nC 遅れ 取組が遅れている",
        [("A", "順調"), ("B", "概ね順調"), ("C", "遅れ")],
    ),
    "numbered with =": (
        "【進捗状況】(1)順調=計画どおり進んでいる (2)概ね順調=おおむね計画どおり (3)遅れ=計画より遅れている",
        [("1", "順調"), ("2", "概ね順調"), ("3", "遅れ")],
    ),
    "label before symbol": (
        "目標値以上を◎、目標値と同等を○、目標値未満を△、基準値未満を×として表示しています。",
        [("◎", "目標値以上"), ("○", "目標値と同等"), ("△", "目標値未満"), ("×", "基準値未満")],
    ),
    "symbol last run": (
        "前年度比　改善○,維持△,悪化×",
        [("○", "改善"), ("△", "維持"), ("×", "悪化")],
    ),
    "codes with +": (
        "総合評価 A：期待以上 B+：期待どおり B：概ね期待どおり C：改善が必要",
        [("A", "期待以上"), ("B+", "期待どおり"), ("B", "概ね期待どおり"), ("C", "改善が必要")],
    ),
    "legend table with pipes": (
        "評価 | A | B | C | D\n内容 | 順調 | 概ね順調 | やや遅れ | 遅れ",
        [("A", "順調"), ("B", "概ね順調"), ("C", "やや遅れ"), ("D", "遅れ")],
    ),
    "legend table with spaces and a note": (
        "S A B(標準) C D\n特に優れている 優れている 標準 やや劣る 劣る",
        [("S", "特に優れている"), ("A", "優れている"), ("B", "標準"), ("C", "やや劣る"), ("D", "劣る")],
    ),
    "legend table one cell per line": (
        "A\n達成\nB\n概ね達成\nC\n未達成",
        [("A", "達成"), ("B", "概ね達成"), ("C", "未達成")],
    ),
    "numbered options": (
        "今後の方向性（①拡充　②現状維持　③縮小　④廃止）",
        [("1", "拡充"), ("2", "現状維持"), ("3", "縮小"), ("4", "廃止")],
    ),
    "numbered options with a detail": (
        "総合評価\n  1. 継続 合計点 11点以上\n  2. 改善 合計点 4点~10点\n  3. 再構築 合計点 0点~3点\n  4. 見直し・縮減",
        [("1", "継続"), ("2", "改善"), ("3", "再構築"), ("4", "見直し・縮減")],
    ),
    "label before its code in brackets": (
        "評価は、効果的なもの(A)が22個、おおむね効果的なもの(B)が14個、改善を要するもの(C)が7個でした。",
        [("A", "効果的なもの"), ("B", "おおむね効果的なもの"), ("C", "改善を要するもの")],
    ),
    "word codes, one per line": (
        "評価基準\n現状維持 現状の計画に沿って進めることが妥当\n拡大・拡充 事業規模を拡大して実施することが妥当\n"
        "統合・縮小 他の事業と統合して実施することが妥当\n休止・廃止 事業を終了することが妥当",
        [
            ("現状維持", "現状の計画に沿って進めることが妥当"),
            ("拡大・拡充", "事業規模を拡大して実施することが妥当"),
            ("統合・縮小", "他の事業と統合して実施することが妥当"),
            ("休止・廃止", "事業を終了することが妥当"),
        ],
    ),
    "word codes, the last description pushed into the next paragraph": (
        "評価基準\n現状維持 現状の計画に沿って進めることが妥当\n拡大・拡充 事業規模を拡大して実施することが妥当\n"
        "休止・廃止 事業を終了することが妥当\n民間  \n\n   民間の方がより効果的に実施できる\n",
        [
            ("現状維持", "現状の計画に沿って進めることが妥当"),
            ("拡大・拡充", "事業規模を拡大して実施することが妥当"),
            ("休止・廃止", "事業を終了することが妥当"),
            ("民間", "民間の方がより効果的に実施できる"),
        ],
    ),
    "word codes, then a paragraph that is not a pushed description": (
        "評価基準\n現状維持 現状の計画に沿って進めることが妥当\n拡大・拡充 事業規模を拡大して実施することが妥当\n"
        "休止・廃止 事業を終了することが妥当\n\n各課 評価結果は次のとおり\n",
        [
            ("現状維持", "現状の計画に沿って進めることが妥当"),
            ("拡大・拡充", "事業規模を拡大して実施することが妥当"),
            ("休止・廃止", "事業を終了することが妥当"),
        ],
    ),
    "a run-on label stops at a footnote": (
        "*評価欄は、A:目標達成、改善 *中学生は中学校3年生 B:概ね改善 C:変化なし",
        [("A", "目標達成、改善"), ("B", "概ね改善"), ("C", "変化なし")],
    ),
    "a one-line legend followed by the page's text": (
        "A:達成(100%以上) B:概ね順調(80%以上100%未満)C:努力が必要(80%未満) X:実績値なし 出生率については、"
        "県平均と比べると厳しい数値であり、引き続き取り組む必要がある。",
        [("A", "達成"), ("B", "概ね順調"), ("C", "努力が必要"), ("X", "実績値なし")],
    ),
    "numbered options in table cells": (
        "今後の方向性 | 1 拡充 | 2 現状維持 | 3 縮小 | 4 廃止",
        [("1", "拡充"), ("2", "現状維持"), ("3", "縮小"), ("4", "廃止")],
    ),
    "numbered options with dots": (
        "評価　1.順調　2.概ね順調　3.遅れ",
        [("1", "順調"), ("2", "概ね順調"), ("3", "遅れ")],
    ),
}


@pytest.mark.parametrize("shape", GRADE_CASES)
def test_grades_in_each_shape(shape):
    text, expected = GRADE_CASES[shape]
    scheme = parse_legend(text)
    assert scheme is not None, shape
    assert grades(scheme) == expected
    assert levels(scheme) == []


def test_a_page_that_holds_only_a_legend():
    page = (
        "施策の評価について\n\n◎　計画を上回って進んでいる\n○　計画どおり進んでいる\n△　遅れている\n×　未着手\n\n- 12 -"
    )
    assert grades(parse_legend(page)) == [
        ("◎", "計画を上回って進んでいる"),
        ("○", "計画どおり進んでいる"),
        ("△", "遅れている"),
        ("×", "未着手"),
    ]


def test_percent_bands_give_scores_with_min_and_max():
    text = "達成率による点数\n110%以上：10点\n110%未満〜100%：8点\n100%未満〜90%：6点\n90%未満〜80%：4点\n80%未満：2点"
    scheme = parse_legend(text)
    assert levels(scheme) == [
        ("10点", "110%以上", 110, None),
        ("8点", "110%未満〜100%", 100, 110),
        ("6点", "100%未満〜90%", 90, 100),
        ("4点", "90%未満〜80%", 80, 90),
        ("2点", "80%未満", None, 80),
    ]
    assert grades(scheme) == []


def test_percent_bands_before_points_without_a_colon():
    text = "達成率に応じたポイント\n- 100% 7ポイント\n- 100%未満~90% 6ポイント\n- 50%未満 1ポイント"
    assert levels(parse_legend(text)) == [
        ("7ポイント", "100%", 100, None),
        ("6ポイント", "100%未満~90%", 90, 100),
        ("1ポイント", "50%未満", None, 50),
    ]


def test_percent_bands_in_level_labels():
    text = "【達成度】１：105%以上　２：95%～105%　３：80%以上95%未満　４：80%未満"
    assert levels(parse_legend(text)) == [
        ("1", None, 105, None),
        ("2", None, 95, 105),
        ("3", None, 80, 95),
        ("4", None, None, 80),
    ]


def test_a_letter_whose_description_has_a_percent_stays_a_grade_with_a_threshold():
    scheme = parse_legend("A：数値目標を上回る(達成度110%以上) B：数値目標を達成(達成度80%以上110%未満) C：80%未満")
    assert grades(scheme) == [("A", "数値目標を上回る"), ("B", "数値目標を達成"), ("C", "80%未満")]
    assert levels(scheme) == []
    assert [grade_bounds(scheme, g.code) for g in scheme.grades] == [
        (Decimal(110), None),
        (Decimal(80), Decimal(110)),
        (None, Decimal(80)),
    ]


def test_two_marks_per_kpi_are_two_schemes():
    text = "達成状況　○：目標値を達成　△：基準値より改善　×：基準値より悪化\n評価　A：順調　B：遅れ　-：評価できない"
    scheme = parse_legend(text)
    assert grades(scheme) == [("A", "順調"), ("B", "遅れ"), ("-", "評価できない")]
    assert levels(scheme) == [
        ("○", "目標値を達成", None, None),
        ("△", "基準値より改善", None, None),
        ("×", "基準値より悪化", None, None),
    ]


def test_two_marks_under_headings_follow_the_headings():
    text = "【評価】○：順調 △：遅れ ×：未着手\n【達成度】A：100%以上 B：80%以上100%未満 C：80%未満"
    scheme = parse_legend(text)
    assert grades(scheme) == [("○", "順調"), ("△", "遅れ"), ("×", "未着手")]
    assert levels(scheme) == [("A", None, 100, None), ("B", None, 80, 100), ("C", None, None, 80)]


def test_check_boxes_are_directions_not_grades():
    text = "今後の方向性　□拡充　■維持　□縮小　□廃止"
    assert parse_directions(text) == [
        DirectionChoice("拡充", False),
        DirectionChoice("維持", True),
        DirectionChoice("縮小", False),
        DirectionChoice("廃止", False),
    ]
    assert parse_legend(text) is None


def test_check_boxes_beside_a_legend_stay_out_of_its_grades():
    text = "評価　A：順調　B：遅れ\n方向性　☑ 拡充　☐ 維持　☐ 縮小"
    assert grades(parse_legend(text)) == [("A", "順調"), ("B", "遅れ")]
    assert [d.label for d in parse_directions(text) if d.checked] == ["拡充"]


@pytest.mark.parametrize(
    "text",
    [
        "更新日：2016年10月26日\nページ番号：12",
        "単位：円\n出典：市民意識調査",
        "担当課：企画課\n事業名：子育て支援事業",
        "● 子育て支援の充実\n● 保育所の待機児童の解消\n● 放課後児童クラブの拡充",
        "◆重点施策\n◆主な取組",
        "○ 教育目標\n○ 学校教育目標",
        "■維持\n■拡充",  # ticked boxes only: bullets, not a choice and not grades
        "開催日時：10:00\n会場：市役所",
        "(1)子育て支援の充実\n(2)保育環境の整備\n(3)地域で子どもを見守る体制づくり",  # numbered headings
        "1 幼児教育・保育の質の向上\n2 保育所の整備",
        "N\no\n.\n担当課",
        "1.事業の位置付け\n2.事業の検証\n3.事業の評価",  # numbered headings on an evaluation sheet
        "【委託:\n3セク・財団\n企業\nNPO\nその他 】",  # a bracketed field, not a code list
        "千歳町：4路線\n大野町：8路線\n朝地町：10路線",
        "A\n\nB\n\nC\n\nH27 H28 H29\n\n90万人 92万人 94万人\n\n96.8万人",  # row letters of a chart
        "各評価項目「◎」を5点、「〇」を2点、「△」を0点とする。",  # scores of marks, not a legend
    ],
)
def test_never_grades(text):
    assert parse_legend(text) is None


def test_bullets_far_apart_are_not_a_legend():
    page = (
        "○企業誘致の推進\n" + "本市では企業の立地を支援しました。\n" * 5 + "◎協議体とは？\n地域の関係者の集まりです。"
    )
    assert parse_legend(page) is None


def test_metadata_lines_beside_a_legend_are_dropped():
    text = "更新日：2016年10月26日\n◎：目標を大幅に上回っている\n○：目標に達している\n△：一定の進捗がみられる\nページ番号：3"
    assert [g.code for g in parse_legend(text).grades] == ["◎", "○", "△"]


def test_direction_labels_keep_their_middle_dot():
    text = "今後の方向性\n□ 拡充　■ 現状維持　□ 縮小・統合　□ 廃止・休止"
    assert [(d.label, d.checked) for d in parse_directions(text)] == [
        ("拡充", False),
        ("現状維持", True),
        ("縮小・統合", False),
        ("廃止・休止", False),
    ]


def test_no_directions_in_plain_text():
    assert parse_directions("■重点施策 ■主な取組") == []
    assert parse_directions("本市の取組") == []


CODES = ["S", "A", "B", "C", "D"]
LABELS = st.text(alphabet="順調概ね遅れ未着手計画どおり進んでいる達成改善", min_size=1, max_size=10)


@given(st.integers(min_value=2, max_value=5), st.lists(LABELS, min_size=5, max_size=5), st.sampled_from(["：", ":"]))
def test_colon_legends_on_one_line_or_one_per_line_read_alike(n, labels, colon):
    codes = CODES[:n]
    pairs = list(zip(codes, labels[:n], strict=True))
    one_line = "評価 " + " ".join(f"{c}{colon}{label}" for c, label in pairs)
    per_line = "評価\n" + "\n".join(f"{c}{colon}{label}" for c, label in pairs)
    table = "評価 | " + " | ".join(codes) + "\n内容 | " + " | ".join(labels[:n])
    for text in (one_line, per_line, table):
        assert grades(parse_legend(text)) == pairs, text


NAME = st.text(
    alphabet="順調概ね遅れ計画どおり進んいる達成改善未着手大幅やや目標値以上下回上維持悪化", min_size=1, max_size=8
)
SCALES = [["S", "A", "B", "C"], ["A", "B", "C", "D"], ["A", "B+", "B", "C"], ["◎", "○", "△", "×"]]


def _shapes(codes: list[str], names: list[str]) -> dict[str, str]:
    pairs = list(zip(codes, names, strict=True))
    shapes = {
        "colon, one line": "評価 " + " ".join(f"{c}：{n}" for c, n in pairs),
        "colon, one per line": "\n".join(f"{c}:{n}" for c, n in pairs),
        "table with pipes": "評価 | " + " | ".join(codes) + "\n内容 | " + " | ".join(names),
        "table with spaces": " ".join(codes) + "\n" + " ".join(names),
        "lines without a colon": "\n".join(f"{c}　{n}" for c, n in pairs),
        "bracketed": "・".join(f"{c}({n})" for c, n in pairs) + "の段階で評価した。",
        "quoted": " ".join(f"「{c}」{n}" for c, n in pairs),
    }
    if all(c in "◎○△×" for c in codes):
        shapes["symbol first"] = "　".join(f"{c}{n}" for c, n in pairs)
        shapes["symbol last"] = ",".join(f"{n}{c}" for c, n in pairs)
        shapes["label before symbol"] = "、".join(f"{n}を{c}" for c, n in pairs) + "として表示しています。"
    return shapes


@given(st.sampled_from(SCALES), st.integers(min_value=2, max_value=4), st.lists(NAME, min_size=4, max_size=4))
def test_one_legend_reflowed_into_every_shape_reads_alike(scale, n, names):
    codes = scale[:n]
    expected = list(zip(codes, names[:n], strict=True))
    for shape, text in _shapes(codes, names[:n]).items():
        scheme = parse_legend(text)
        assert scheme is not None, (shape, text)
        assert grades(scheme) == expected, (shape, text)
        assert levels(scheme) == [], (shape, text)


@given(
    st.lists(st.integers(min_value=1, max_value=200), min_size=1, max_size=5, unique=True),
    st.sampled_from(["点", "ポイント"]),
    st.sampled_from(["：", " ", "→"]),
    st.sampled_from(["〜", "~", "～"]),
)
def test_percent_band_tables_give_each_band_its_min_and_max(thresholds, unit, sep, dash):
    cuts = sorted(thresholds, reverse=True)  # 110, 100, 90 …: the scores fall with the bands
    lines = [f"{cuts[0]}%以上{sep}{len(cuts) + 1}{unit}"]
    lines += [f"{hi}%未満{dash}{lo}%{sep}{len(cuts) - i}{unit}" for i, (hi, lo) in enumerate(pairwise(cuts))]
    lines += [f"{cuts[-1]}%未満{sep}1{unit}"]
    scheme = parse_legend("達成率による評価\n" + "\n".join(lines))
    bounds = [(a.min_percent, a.max_percent) for a in scheme.achievement_levels]
    edges = [None, *cuts, None]
    assert bounds == [(Decimal(lo) if lo else None, Decimal(hi) if hi else None) for hi, lo in pairwise(edges)]
    assert [a.code for a in scheme.achievement_levels] == [f"{k}{unit}" for k in range(len(cuts) + 1, 0, -1)]


def test_grade_bounds_reads_full_width_codes_and_unknown_codes():
    scheme = parse_legend("評価\nＡ：既達成（１００％以上）\nＢ：概ね順調（８０％以上１００％未満）")
    assert grades(scheme) == [("A", "既達成"), ("B", "概ね順調")]
    assert grade_bounds(scheme, "A") == (Decimal(100), None)
    assert grade_bounds(scheme, "B") == (Decimal(80), Decimal(100))
    assert grade_bounds(scheme, "C") == (None, None)


LEGEND_ALPHABET = (
    "ABCS+-−0123①②（）()「」：:=＝、,・|\n 　◎○△×●■□☑%％以上未満〜~順調遅れ達成評価【】点ポイント日単位課を"
)


@given(st.text(alphabet=LEGEND_ALPHABET, max_size=80) | st.text(max_size=80))
def test_any_text_gives_a_scheme_or_none_and_never_raises(text):
    scheme = parse_legend(text)
    if scheme is not None:
        codes = [g.code for g in scheme.grades] + [a.code for a in scheme.achievement_levels]
        assert codes and all(codes)
        assert len(set(g.code for g in scheme.grades)) == len(scheme.grades)
    assert all(d.label for d in parse_directions(text))


def test_named_outcomes_with_scores_are_grades_beside_the_bands():
    text = (
        "達成率に応じたポイント\n- 100% 5ポイント\n- 100%未満~80% 3ポイント\n- 80%未満 1ポイント\n"
        "方針を全て達成した場合は「全て達成」(3ポイント)、一つでも未達成がある場合は「一部未達成」(2ポイント)"
        "として評価しました。"
    )
    scheme = parse_legend(text)
    assert grades(scheme) == [("3ポイント", "全て達成"), ("2ポイント", "一部未達成")]
    assert [a.code for a in scheme.achievement_levels] == ["5ポイント", "3ポイント", "1ポイント"]


def test_letters_with_percent_stay_grades_beside_symbols():
    text = (
        "活動評価\n◎：目標を大幅に上回っている\n○：目標に達している\n△：一定の進捗がみられる\n"
        "達成度の目安\nA：数値目標を上回る(達成度110%以上)\nB：数値目標を達成(達成度80%以上110%未満)"
    )
    scheme = parse_legend(text)
    assert grades(scheme) == [("A", "数値目標を上回る"), ("B", "数値目標を達成")]
    assert [a.code for a in scheme.achievement_levels] == ["◎", "○", "△"]
    assert grade_bounds(scheme, "B") == (Decimal(80), Decimal(110))
