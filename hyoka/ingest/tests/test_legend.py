"""The evaluation legend parser, table-tested with the seed's legend and legends other cities print."""

from decimal import Decimal

import pytest

from hyoka.ingest.text.legend import parse_legend, percent_bounds

SEED_003 = """【A・B・C・D】
【１・２・３・４】
担当課
【評価基準】　 【達成度基準】

　A：定常的実施 １：計画以上(105％以上)

　B：一部着手   ２：計画どおり(95％～

105％)

資料２"""


def grades(scheme):
    return [(g.code, g.label) for g in scheme.grades]


def levels(scheme):
    def n(d):
        return None if d is None else int(d) if d == int(d) else float(d)

    return [(a.code, a.label, n(a.min_percent), n(a.max_percent)) for a in scheme.achievement_levels]


CASES = [
    (  # the seed: two columns side by side, a label wrapped over lines, code lists in the header
        SEED_003,
        [("A", "定常的実施"), ("B", "一部着手"), ("C", None), ("D", None)],
        [("1", "計画以上", 105, None), ("2", "計画どおり", 95, 105), ("3", None, None, None), ("4", None, None, None)],
    ),
    (
        "【評価基準】 A：定常的実施 B：一部着手 C：未着手 D：廃止 【達成度基準】 １：計画以上(105％以上) "
        "２：計画どおり(95％～105％) ３：計画未満(80％～95％) ４：大幅に計画未満(80％未満)",
        [("A", "定常的実施"), ("B", "一部着手"), ("C", "未着手"), ("D", "廃止")],
        [
            ("1", "計画以上", 105, None),
            ("2", "計画どおり", 95, 105),
            ("3", "計画未満", 80, 95),
            ("4", "大幅に計画未満", None, 80),
        ],
    ),
    (
        "【評価】◎：順調　○：概ね順調　△：遅れ　×：未着手",
        [("◎", "順調"), ("○", "概ね順調"), ("△", "遅れ"), ("×", "未着手")],
        [],
    ),
    ("◎順調 ○概ね順調 △遅れ ×未着手", [("◎", "順調"), ("○", "概ね順調"), ("△", "遅れ"), ("×", "未着手")], []),
    (
        "評価 S：計画を上回る A：計画どおり B：やや遅れ C：遅れ",
        [("S", "計画を上回る"), ("A", "計画どおり"), ("B", "やや遅れ"), ("C", "遅れ")],
        [],
    ),
    (
        "【達成度】1：100％以上 2：80％以上100％未満 3：80％未満",
        [],
        [("1", None, 100, None), ("2", None, 80, 100), ("3", None, None, 80)],
    ),
    (
        "【評価】達成：目標を達成　概ね達成：目標の8割以上　未達成：8割未満",
        [("達成", "目標を達成"), ("概ね達成", "目標の8割以上"), ("未達成", "8割未満")],
        [],
    ),
    ("【達成・概ね達成・未達成】", [("達成", None), ("概ね達成", None), ("未達成", None)], []),
    (  # full-width codes and colons, one entry per line
        "【評価】\nＡ：順調\nＢ：概ね順調\nＣ：遅れ",
        [("A", "順調"), ("B", "概ね順調"), ("C", "遅れ")],
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected_grades", "expected_levels"), CASES)
def test_legends(text, expected_grades, expected_levels):
    scheme = parse_legend(text)
    assert scheme is not None
    assert grades(scheme) == expected_grades
    assert levels(scheme) == expected_levels


@pytest.mark.parametrize("text", ["", "本文です。継続して実施しました。", "担当課\n資料２"])
def test_no_legend(text):
    assert parse_legend(text) is None


def test_legend_text_is_regrouped_by_column():
    scheme = parse_legend(SEED_003)
    assert scheme.legend_text == (
        "【評価基準】A：定常的実施　B：一部着手　【達成度基準】１：計画以上(105％以上)　２：計画どおり(95％～105％)"
    )


@pytest.mark.parametrize(
    ("label", "low", "high", "name"),
    [
        ("計画どおり(95％～105％)", 95, 105, "計画どおり"),
        ("計画以上(105％以上)", 105, None, "計画以上"),
        ("80％未満", None, 80, ""),
        ("95～105％", 95, 105, ""),
        ("順調", None, None, "順調"),
    ],
)
def test_percent_bounds(label, low, high, name):
    lo, hi, n = percent_bounds(label)
    assert (lo, hi, n) == (None if low is None else Decimal(low), None if high is None else Decimal(high), name)
