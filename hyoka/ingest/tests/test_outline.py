"""The outline reader (goals/policies with tables and blocks): the four seeds of that family
against their hand-made plans, and documents of our own that vary the layout as other cities do."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyoka import interchange as ix
from hyoka.ingest.base import Context, IngestError
from hyoka.ingest.facts import facts, score
from hyoka.ingest.text.lines import split_lines
from hyoka.ingest.text.outline import detect_outline, read_outline

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"
DEMO = Path(__file__).resolve().parents[2] / "plans" / "demo"
DOCUMENTS = Path(__file__).resolve().parent / "documents"
CITY = ix.Municipality(code="132217", name="清瀬市", prefecture="東京都")

OUTLINE_SEEDS = {
    "000_8c3cdecf38b6806f": "ome_strategy_progress_r4",
    "001_f4945b02aaefedfa": "kiyose_strategy_revision",
    "002_2fafb69e9fb2321b": "iruma_strategy_h29",
    "004_760d0c551dda269d": "kiyose_strategy_initiatives",
}


def seed_lines(seed: str):
    path = SEEDS / f"{seed}.txt"
    assert path.is_file(), f"{path} is missing: these tests need ../shared/seeds beside the repository"
    return split_lines(path.read_text(encoding="utf-8"))


def read_document(name: str, title: str | None = "テスト計画"):
    path = DOCUMENTS / f"outline_{name}.txt"
    return read_outline(split_lines(path.read_text(encoding="utf-8")), Context(CITY, title, None, path.name))


@pytest.mark.parametrize("seed", OUTLINE_SEEDS)
def test_seed_reads_as_its_hand_made_plan(seed):
    expected = ix.parse_document((DEMO / f"{OUTLINE_SEEDS[seed]}.json").read_bytes())
    context = Context(expected.municipality, expected.plan.title, expected.plan.version, f"{seed}.txt")
    result = read_outline(seed_lines(seed), context)
    s = score(result.document, expected)
    print(f"{seed}: {s}; missed {s.missed or 'none'}; extra {s.extra or 'none'}")
    assert s.precision >= 0.99 and s.recall >= 0.99, f"{s}\nmissed: {s.missed}\nextra: {s.extra}"
    assert result.document.plan.title == expected.plan.title


def test_seed_002_keeps_what_the_score_does_not_count():
    expected = ix.parse_document((DEMO / "iruma_strategy_h29.json").read_bytes())
    doc = read_outline(seed_lines("002_2fafb69e9fb2321b"), Context(expected.municipality, "入間市総合戦略")).document
    shops = next(k for k in doc.all_indicators() if k.name == "市内事業所数")
    assert shops.stated_delta is not None and shops.stated_delta.value == -24
    assert shops.observations[0].note == "平成 28 年度経済センサス速報値"
    assert shops.target is not None and shops.target.period is not None and shops.target.period.fiscal_year == 2019
    assert shops.direction == "maintain"
    assert doc.plan.section_levels == ["基本目標", "基本施策"]


def test_seed_004_second_budget_row_and_mixed_tags():
    doc = read_outline(seed_lines("004_760d0c551dda269d"), Context(CITY, "清瀬市総合戦略")).document
    hub = next(p for p in doc.all_projects() if p.name.startswith("地域子育て支援拠点事業"))
    assert [b.code for b in hub.budget_items] == ["0103020902", "0103020607"]
    assert hub.departments == ["子ども家庭支援センター", "子育て支援課"]
    assert hub.notes and "0103020607" in hub.notes[0]
    mixed = next(p for p in doc.all_projects() if p.name.startswith("保育園運営事業"))
    assert mixed.status is None and mixed.notes


KPI_VARIANTS = {
    ("baseline", "不登校児童生徒の割合", "1.2", "H30"),
    ("baseline", "保育所待機児童数", "12", "H30"),
    ("baseline", "創業件数", "", "H30"),
    ("baseline", "子育て支援拠点の利用者数", "12340", "H30"),
    ("baseline", "学校図書館の貸出冊数", "30000", "H30"),
    ("baseline", "市内事業所数", "", "H30"),
    ("baseline", "放課後子ども教室の実施校数", "5", "H30"),
    ("baseline", "英語検定の取得率", "45.2", "H30"),
    ("indicator", "地域の仕事をつくる", "創業件数", "件", ""),
    ("indicator", "子育て支援の充実", "保育所待機児童数", "人", ""),
    ("indicator", "子育て支援の充実", "子育て支援拠点の利用者数", "人", ""),
    ("indicator", "子育て支援の充実", "市内事業所数", "事業所", ""),
    ("indicator", "学びの環境づくり", "不登校児童生徒の割合", "%", ""),
    ("indicator", "学びの環境づくり", "学校図書館の貸出冊数", "冊", ""),
    ("indicator", "学びの環境づくり", "放課後子ども教室の実施校数", "校", ""),
    ("indicator", "学びの環境づくり", "英語検定の取得率", "%", ""),
    ("observation", "不登校児童生徒の割合", "R2", "", "not_applicable"),
    ("observation", "保育所待機児童数", "R2", "3", "final"),
    ("observation", "創業件数", "R2", "8", "final"),
    ("observation", "子育て支援拠点の利用者数", "R2", "9876", "provisional"),
    ("observation", "学校図書館の貸出冊数", "R2", "32500", "final"),
    ("observation", "市内事業所数", "R2", "4990", "final"),
    ("observation", "放課後子ども教室の実施校数", "R2", "7", "final"),
    ("observation", "英語検定の取得率", "R2", "", "pending"),
    ("section", "", "章", "1", "安心して子どもを産み育てられるまち"),
    ("section", "", "章", "2", "活力ある産業のまち"),
    ("section", "安心して子どもを産み育てられるまち", "施策の方向", "1", "子育て支援の充実"),
    ("section", "安心して子どもを産み育てられるまち", "施策の方向", "2", "学びの環境づくり"),
    ("section", "活力ある産業のまち", "施策の方向", "1", "地域の仕事をつくる"),
    ("target", "不登校児童生徒の割合", "1", "1.0%以下", "令和6年度"),
    ("target", "保育所待機児童数", "0", "0人", "令和6年度"),
    ("target", "創業件数", "10", "年間10件", "令和6年度"),
    ("target", "子育て支援拠点の利用者数", "15000", "15,000人", "令和6年度"),
    ("target", "学校図書館の貸出冊数", "35000", "年間35,000冊", "令和6年度"),
    ("target", "市内事業所数", "", "基準値以上", "令和6年度"),
    ("target", "放課後子ども教室の実施校数", "", "全校", "令和6年度"),
    ("target", "英語検定の取得率", "50", "50.0%以上", "令和6年度"),
}

PROJECTS_VARIANTS = {
    ("baseline", "市内の新規雇用者数", "240", "R1"),
    ("department", "サテライトオフィス誘致事業", "企画課"),
    ("department", "中小企業融資あっせん事業", "商工課"),
    ("department", "企業版ふるさと納税の活用", "財政課"),
    ("department", "子育て応援アプリ", "子育て支援課"),
    ("department", "就労支援セミナー", "商工課"),
    ("department", "就労支援セミナー", "男女共同参画室"),
    ("department", "産後ケア事業", "健康課"),
    ("indicator", "安定した雇用を創出する", "市内の新規雇用者数", "人", ""),
    ("observation", "市内の新規雇用者数", "令和2年度実績", "255", "final"),
    ("project", "地元企業を応援する", "1", "中小企業融資あっせん事業", "継続"),
    ("project", "地元企業を応援する", "2", "就労支援セミナー", "継続"),
    ("project", "地元企業を応援する", "3", "サテライトオフィス誘致事業", "拡充"),
    ("project", "地元企業を応援する", "4", "企業版ふるさと納税の活用", "検討"),
    ("project", "子育て世帯を支える", "", "子育て応援アプリ", "追加"),
    ("project", "子育て世帯を支える", "", "産後ケア事業", "追加"),
    ("section", "", "基本目標", "1", "安定した雇用を創出する"),
    ("section", "", "基本目標", "2", "結婚・出産・子育ての希望をかなえる"),
    ("section", "安定した雇用を創出する", "基本施策", "", "地元企業を応援する"),
    ("section", "結婚・出産・子育ての希望をかなえる", "基本施策", "", "子育て世帯を支える"),
    ("target", "市内の新規雇用者数", "300", "年間300人", "R6"),
}

INITIATIVES_VARIANTS = {
    ("budget_item", "お試し移住住宅", "", "移住促進事業"),
    ("budget_item", "サイクルツーリズムの推進", "0107020102", "自転車活用推進事業"),
    ("budget_item", "サイクルツーリズムの推進", "0108020201", "道路維持事業"),
    ("budget_item", "観光案内所の運営", "0107020101", "観光振興事業"),
    ("department", "お試し移住住宅", "企画課"),
    ("department", "サイクルツーリズムの推進", "観光課"),
    ("department", "サイクルツーリズムの推進", "道路課"),
    ("department", "空き家バンク(登録物件の拡大)", "都市計画課"),
    ("department", "観光案内所の運営", "観光課"),
    ("policy_ref", "サイクルツーリズムの推進", "施策211"),
    ("policy_ref", "サイクルツーリズムの推進", "施策212"),
    ("policy_ref", "観光案内所の運営", "施策211"),
    ("project", "移住・定住の促進", "", "お試し移住住宅", "拡充"),
    ("project", "移住・定住の促進", "", "空き家バンク(登録物件の拡大)", "検討"),
    ("project", "観光の振興", "", "サイクルツーリズムの推進", "追加"),
    ("project", "観光の振興", "", "観光案内所の運営", "継続"),
    ("section", "", "基本目標", "II", "ひとが集うまちをつくる"),
    ("section", "ひとが集うまちをつくる", "施策", "1", "観光の振興"),
    ("section", "ひとが集うまちをつくる", "施策", "2", "移住・定住の促進"),
}

PROGRESS_VARIANTS = {
    ("indicator", "若い世代が住み続けたいまちをつくる", "住みよさランキング", "位", ""),
    ("metric", "図書館運営事業", "利用登録者", "12300", "人", "令和4年度"),
    ("metric", "図書館運営事業", "新規", "800", "人", "令和4年度"),
    ("metric", "図書館運営事業", "電子書籍貸出数", "3450", "冊", "令和4年度"),
    ("metric", "子ども医療費助成事業", "助成対象者数", "9045", "人", "R4年度末"),
    ("metric", "防災訓練の実施", "中学生", "300", "人", "令和4年度"),
    ("metric", "防災訓練の実施", "防災訓練の参加者", "2100", "人", "令和4年度"),
    ("observation", "住みよさランキング", "2023", "5", "final"),
    ("observation", "住みよさランキング", "前回", "7", "final"),
    ("project", "安全なまちをつくる", "", "防災訓練の実施", ""),
    ("project", "若い世代が住み続けたいまちをつくる", "", "図書館運営事業", ""),
    ("project", "若い世代が住み続けたいまちをつくる", "", "子ども医療費助成事業", "拡充"),
    ("section", "", "基本目標", "2", "若い世代が住み続けたいまちをつくる"),
    ("section", "", "基本目標", "3", "安全なまちをつくる"),
}

REVISION_VARIANTS = {
    ("benchmark", "合計特殊出生率", "さくら市", "1.41", "令和3年"),
    ("benchmark", "合計特殊出生率", "みどり市", "1.3", "令和3年"),
    ("benchmark", "合計特殊出生率", "県平均", "1.28", "令和3年"),
    ("indicator", "", "合計特殊出生率", "", ""),
    ("indicator", "", "転出超過", "人", ""),
    ("observation", "合計特殊出生率", "令和3年調査", "1.25", "final"),
    ("observation", "転出超過", "令和4年10月1日時点", "185", "final"),
    ("observation", "転出超過", "令和元年10月1日時点", "120", "final"),
    ("revision", "人口の現状と将来展望", "P.2~6"),
    ("revision", "基本目標2.しごとをつくる", "P.7~12"),
    ("revision_point", "人口の現状と将来展望", "⇒「人口ビジョン」で掲げる「合計特殊出生率」の目標値「1.6」は維持する"),
    (
        "revision_point",
        "人口の現状と将来展望",
        "「1転出超過の拡大」については、令和元年10月1日時点の「120人」が、令和4年10月1日時点で「185人」となっている。",
    ),
    (
        "revision_point",
        "人口の現状と将来展望",
        "「2合計特殊出生率」については、令和3年調査で、1.25となっており、近隣市(みどり市:1.30、さくら市:1.41、県平均:1.28出典:県保健統計年報令和3年)と比べて低い。",
    ),
    ("revision_point", "基本目標2.しごとをつくる", "企業誘致の対象を情報通信業に広げた。"),
    ("revision_point", "基本目標2.しごとをつくる", "創業支援の窓口を一本化した。"),
    ("section", "", "基本目標", "2", "しごとをつくる"),
    ("target", "合計特殊出生率", "1.6", "1.6", "人口ビジョン"),
}


VARIANTS = {
    "kpi_variants": KPI_VARIANTS,
    "projects_variants": PROJECTS_VARIANTS,
    "initiatives_variants": INITIATIVES_VARIANTS,
    "progress_variants": PROGRESS_VARIANTS,
    "revision_variants": REVISION_VARIANTS,
}


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_document_reads_exactly(name):
    """第1章/施策の方向, 現状値（R2）, 令和6年度, full-width digits and spaces, no 増減 column, a table
    split by a form feed with its header repeated, ◆/●/■/◎ bullets, No./担当課/備考 columns,
    拡充/検討/追加 statuses, → on one line, 県内5位 rankings, revision points with benchmarks."""
    found = facts(read_document(name).document)
    assert found == VARIANTS[name], f"missing {sorted(VARIANTS[name] - found)}\nextra {sorted(found - VARIANTS[name])}"


def test_malformed_kpi_cell_is_a_warning_with_its_place_and_the_rest_is_read():
    result = read_document("kpi_variants")
    assert [str(w) for w in result.warnings] == [
        "outline_kpi_variants.txt:page 1:line 10: 基準値（H30） of 市内事業所数: "
        "misplaced thousands separator in '4,98,6 事業所'"
    ]
    shops = next(k for k in result.document.all_indicators() if k.name == "市内事業所数")
    assert shops.baseline is not None and shops.baseline.value is None and shops.baseline.text == "4,98,6 事業所"
    assert len(result.document.all_indicators()) == 8


def test_bad_budget_code_is_a_warning_and_the_item_is_kept_without_a_code():
    result = read_document("initiatives_variants")
    assert [(w.place.line, "not 10 digits" in w.message) for w in result.warnings] == [(15, True)]


def test_split_table_and_provisional_note():
    doc = read_document("kpi_variants").document
    by_name = {k.name: k for k in doc.all_indicators()}
    assert {k.name for k in doc.sections[0].sections[1].indicators} == {
        "学校図書館の貸出冊数",
        "放課後子ども教室の実施校数",
        "英語検定の取得率",
        "不登校児童生徒の割合",
    }
    visitors = by_name["子育て支援拠点の利用者数"].observations[0]
    assert visitors.status == "provisional" and visitors.period.fiscal_year == 2020
    assert by_name["保育所待機児童数"].target.period.fiscal_year == 2024  # type: ignore[union-attr]
    assert doc.plan.title == "テスト計画" and doc.plan.section_levels == ["章", "施策の方向"]


def test_title_comes_from_the_document_when_the_context_has_none():
    assert read_document("kpi_variants", title=None).document.plan.title == "みどり市総合計画"
    assert read_document("projects_variants", title=None).document.plan.version == "第２期"
    with pytest.raises(IngestError, match="outline_initiatives_variants.txt"):
        read_document("initiatives_variants", title=None)


def test_progress_blocks_become_the_years_evaluation():
    doc = read_document("progress_variants").document
    library = next(p for p in doc.all_projects() if p.name == "図書館運営事業")
    assert [a.title for a in library.attachments] == ["図書館の電子書籍サイト"]
    assert library.notes and library.notes[0].startswith("◎電子書籍とは？")
    (evaluation,) = library.evaluations
    assert evaluation.fiscal_year == 2022 and evaluation.narrative == library.description
    books = evaluation.metrics[0]
    assert books.before is not None and books.before.value == 1200 and books.delta_text == "２，２５０冊増加"


@pytest.mark.parametrize("text", ["", "\n\n", (DOCUMENTS / "outline_not_a_plan.txt").read_text(encoding="utf-8")])
def test_not_a_plan(text):
    lines = split_lines(text)
    assert detect_outline(lines) == 0
    with pytest.raises(IngestError, match="novel.txt"):
        read_outline(lines, Context(CITY, "x", None, "novel.txt"))


def test_detection_counts_structures():
    assert detect_outline(seed_lines("002_2fafb69e9fb2321b")) > 20
    assert detect_outline(seed_lines("004_760d0c551dda269d")) > 50
    for seed in OUTLINE_SEEDS:
        assert detect_outline(seed_lines(seed)) > 0
