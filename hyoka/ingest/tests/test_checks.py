from hyoka.ingest.checks import check_deltas
from hyoka.interchange import parse_document
from hyoka.plans.demo import DEMO_DIR
from hyoka.plans.tests.factories import minimal


def test_the_seeds_one_slip_is_found():
    doc = parse_document((DEMO_DIR / "ome_strategy_progress_r4.json").read_bytes())
    assert [str(w) for w in check_deltas(doc, "000.txt")] == [
        "000.txt: 事業「スマートフォン向けアプリケーションを活用した出産・子育て情報の提供」の「登録児童数」: "
        "記載の増減「462人増」が数値と合いません（2,684人 → 3,128人 は 444人）"
    ]


def test_stated_kpi_deltas_that_add_up_give_no_warning():
    doc = parse_document((DEMO_DIR / "iruma_strategy_h29.json").read_bytes())
    assert check_deltas(doc, "002.txt") == []  # all nine printed 増減 of 入間市 are right


def test_a_wrong_stated_kpi_delta_is_named():
    data = minimal()
    data["sections"][0]["indicators"][0]["stated_delta"] = {"value": -42, "text": "△42 事業所"}
    (warning,) = check_deltas(parse_document(data), "plan.txt")
    assert (
        warning.message
        == "指標「市内事業所数」: 記載の増減「△42 事業所」が数値と合いません（4,986事業所 → 4,962事業所 は △24事業所）"
    )
