"""The numbered evaluation table reader: the seed at ≥ 99 %, and variants the way other cities print it."""

from pathlib import Path

import pytest

from hyoka.ingest.base import Context, IngestError
from hyoka.ingest.facts import facts, score
from hyoka.ingest.text.evaluation import departments, detect_evaluation_table, read_evaluation_table
from hyoka.ingest.text.lines import split_lines
from hyoka.interchange import Municipality, parse_document

REPO = Path(__file__).resolve().parents[3]
SEED = REPO / ".." / "shared" / "seeds" / "003_8be73c38ec680bed.txt"
DEMO = REPO / "hyoka" / "plans" / "demo" / "akiruno_child_plan_r2.json"
DOCS = Path(__file__).resolve().parent / "documents"
CITY = Municipality(code="132284", name="あきる野市", prefecture="東京都")


def read(name: str, title: str | None = None):
    lines = split_lines((DOCS / name).read_text(encoding="utf-8"))
    return read_evaluation_table(lines, Context(municipality=CITY, plan_title=title, source=name))


def kinds(doc, *names):
    return {f for f in facts(doc) if f[0] in names}


def test_seed_003_imports_as_the_hand_made_plan(record_score):
    assert SEED.is_file(), f"{SEED} is missing: this test needs ../shared/seeds beside the repository"
    expected = parse_document(DEMO.read_bytes())
    context = Context(municipality=expected.municipality, plan_title=None, source="003.txt")
    result = read_evaluation_table(split_lines(SEED.read_text(encoding="utf-8")), context)
    s = score(result.document, expected)
    record_score("003 evaluation table (reader alone)", f"{s}; missed {s.missed or 'none'}")
    print(f"\n003: {s}\nmissed: {s.missed}\nextra: {s.extra}")
    assert s.precision >= 0.99 and s.recall >= 0.99, f"{s}\nmissed: {s.missed}\nextra: {s.extra}"
    doc = result.document
    assert doc.plan.title == "あきる野市子ども・子育て支援総合計画"  # from the page header
    assert doc.plan.kind == "child_support_plan"
    assert result.warnings == []
    # not scored, but people read them: descriptions, narratives and references as the demo has them
    got = {p.number: p for p in doc.all_projects()}
    for p in expected.all_projects():
        g = got[p.number]
        assert "".join(g.description.split()) == "".join(p.description.split()), p.number
        assert "".join((g.evaluations[0].narrative or "").split()) == "".join(p.evaluations[0].narrative.split())
        assert g.evaluations[0].references == p.evaluations[0].references


def test_symbol_grades_full_width_numbers_form_feeds_and_another_year():
    result = read("evaluation_symbols.txt")
    doc = result.document
    assert doc.plan.title == "みどり市子育て応援プラン"
    assert kinds(doc, "grade") == {
        ("grade", "◎", "順調"),
        ("grade", "○", "概ね順調"),
        ("grade", "△", "遅れ"),
        ("grade", "×", "未着手"),
    }
    assert kinds(doc, "section", "project", "evaluation", "department") == {
        ("section", "", "基本目標", "I", "子どもが健やかに育つまち"),
        ("section", "", "基本目標", "II", "地域で子育てを支えるまち"),
        ("section", "子どもが健やかに育つまち", "施策", "1", "母子保健の充実"),
        ("section", "子どもが健やかに育つまち", "施策", "2", "子育て家庭への支援"),
        ("project", "母子保健の充実", "1", "乳児健康診査", ""),
        ("project", "母子保健の充実", "2", "予防接種事業", ""),
        ("project", "子育て家庭への支援", "3", "子育てひろば事業", ""),
        ("project", "地域で子育てを支えるまち", "4", "地域見守り活動", ""),
        ("evaluation", "乳児健康診査", "2021", "◎", ""),
        ("evaluation", "予防接種事業", "2021", "○", ""),
        ("evaluation", "子育てひろば事業", "2021", "△", ""),
        ("evaluation", "地域見守り活動", "2021", "×", ""),
        ("department", "乳児健康診査", "健康づくり課"),
        ("department", "予防接種事業", "健康づくり課"),
        ("department", "子育てひろば事業", "子育て支援課"),
        ("department", "子育てひろば事業", "こども家庭センター"),
        ("department", "地域見守り活動", "地域福祉課"),
    }
    assert kinds(doc, "indicator", "target", "observation") == {
        ("indicator", "母子保健の充実", "乳児健診受診率", "%", "1"),
        ("indicator", "母子保健の充実", "育児教室参加者数", "人", "1"),
        ("target", "乳児健診受診率", "98", "98%以上", "令和7年度目標値"),
        ("target", "育児教室参加者数", "120", "120人", "令和7年度目標値"),
        ("observation", "乳児健診受診率", "令和3年度", "97.5", "final"),
        ("observation", "育児教室参加者数", "令和3年度", "135", "final"),
    }
    narrative = doc.all_projects()[2].evaluations[0].narrative
    assert "基本目標" not in narrative and "進捗状況評価" not in narrative  # the page header is gone
    assert result.warnings == []


def test_sabc_grades_split_lines_three_line_department_and_repeated_headers():
    result = read("evaluation_sabc.txt")
    doc = result.document
    assert doc.plan.title == "さくら町子ども・子育て支援事業計画"
    assert doc.plan.kind == "child_support_plan"
    assert kinds(doc, "grade", "achievement_level") == {
        ("grade", "S", "計画を上回る"),
        ("grade", "A", "計画どおり"),
        ("grade", "B", "やや遅れ"),
        ("grade", "C", "遅れ"),
        ("achievement_level", "1", "", "100", ""),
        ("achievement_level", "2", "", "80", "100"),
        ("achievement_level", "3", "", "", "80"),
    }
    assert kinds(doc, "section", "project", "evaluation", "department") == {
        ("section", "", "基本目標", "1", "安心して子どもを産み育てられるまち"),
        ("section", "", "基本目標", "2", "地域で子育てを支えるまち"),
        ("section", "安心して子どもを産み育てられるまち", "施策", "(1)", "母子保健"),
        ("section", "地域で子育てを支えるまち", "施策", "(2)", "地域の子育て力"),
        ("project", "母子保健", "1", "妊婦健康診査の実施", ""),
        ("project", "母子保健", "2", "放課後児童クラブの運営(放課後子ども総合プランの推進)", ""),
        ("project", "母子保健", "3", "ファミリー・サポート・センター事業", ""),
        ("project", "地域の子育て力", "4", "子育てサークル支援", ""),
        ("project", "地域の子育て力", "5", "子育て講演会", ""),
        ("evaluation", "妊婦健康診査の実施", "2021", "S", "1"),
        ("evaluation", "放課後児童クラブの運営(放課後子ども総合プランの推進)", "2021", "A", "2"),
        ("evaluation", "ファミリー・サポート・センター事業", "2021", "B", "3"),
        ("evaluation", "子育てサークル支援", "2021", "A", "2"),
        ("evaluation", "子育て講演会", "2021", "C", "3"),
        ("department", "妊婦健康診査の実施", "健康推進課"),
        ("department", "放課後児童クラブの運営(放課後子ども総合プランの推進)", "子ども家庭支援センター"),
        ("department", "ファミリー・サポート・センター事業", "子ども家庭支援センター"),
        ("department", "子育てサークル支援", "生涯学習課"),
        ("department", "子育てサークル支援", "子育て支援課"),
        ("department", "子育て講演会", "子育て支援課"),
    }
    assert kinds(doc, "indicator", "target", "observation") == {
        ("indicator", "母子保健", "妊婦健診受診票交付件数", "件", "1"),
        ("indicator", "母子保健", "提供会員数", "人", "3"),
        ("indicator", "母子保健", "活動件数", "件", "3"),
        ("target", "妊婦健診受診票交付件数", "300", "300件", "令和7年度目標値"),
        ("target", "提供会員数", "150", "150人", "令和7年度目標値"),
        ("target", "活動件数", "2000", "2,000件", "令和7年度目標値"),
        ("observation", "妊婦健診受診票交付件数", "令和3年度", "321", "final"),
        ("observation", "提供会員数", "令和4年3月31日現在", "98", "final"),  # the date printed with it
        ("observation", "活動件数", "令和3年度", "1204", "final"),
    }
    second = doc.all_projects()[1].evaluations[0]
    assert second.references == ["資料４「放課後児童クラブの利用状況」のとおり"]
    assert "- 2 -" not in (second.narrative or "") and "事業評価シート" not in (second.narrative or "")
    assert result.warnings == []


def test_unknown_codes_become_warnings_with_their_line_and_the_row_is_kept():
    result = read("evaluation_unknown_grade.txt")
    assert kinds(result.document, "evaluation") == {
        ("evaluation", "一時保育事業", "2022", "A", "2"),
        ("evaluation", "病児保育事業", "2022", "", "2"),
        ("evaluation", "子育て相談", "2022", "B", ""),
    }
    assert [str(w) for w in result.warnings] == [
        "evaluation_unknown_grade.txt:line 15: row 2 病児保育事業: grade 'E' is not in the legend; kept without a grade",
        "evaluation_unknown_grade.txt:line 20: row 3 子育て相談: achievement '7' is not in the legend; kept without it",
    ]


def test_a_text_that_is_not_a_plan():
    lines = split_lines((DOCS / "evaluation_not_a_plan.txt").read_text(encoding="utf-8"))
    assert detect_evaluation_table(lines) == 0
    with pytest.raises(IngestError, match="evaluation_not_a_plan.txt"):
        read("evaluation_not_a_plan.txt")


def test_detection_prefers_graded_rows():
    for name in ("evaluation_symbols.txt", "evaluation_sabc.txt", "evaluation_unknown_grade.txt"):
        assert detect_evaluation_table(split_lines((DOCS / name).read_text(encoding="utf-8"))) > 0, name
    assert detect_evaluation_table(split_lines(SEED.read_text(encoding="utf-8"))) >= 3 * 60


def test_no_title_anywhere_names_the_file():
    text = "【評価】A：実施 B：未実施\n\n1 事業その一\n　説明です。\n\n総務課 A 1\n　実施しました。\n\n2 事業その二\n　説明。\n\n総務課 B 2\n"
    lines = split_lines(text)
    with pytest.raises(IngestError, match="untitled.txt"):
        read_evaluation_table(lines, Context(municipality=CITY, source="untitled.txt"))
    titled = read_evaluation_table(lines, Context(municipality=CITY, plan_title="ある計画", source="untitled.txt"))
    assert titled.document.plan.title == "ある計画"


@pytest.mark.parametrize(
    ("fragments", "expected"),
    [
        (["子ども家庭支援セ", "ンター"], ["子ども家庭支援センター"]),
        (["子ども家庭", "支援セン", "ター"], ["子ども家庭支援センター"]),
        (["都市計画課・管理課・建設課"], ["都市計画課", "管理課", "建設課"]),
        (["保育課", "子ども政策課"], ["保育課", "子ども政策課"]),
    ],
)
def test_departments_rejoined(fragments, expected):
    assert departments(fragments) == expected
