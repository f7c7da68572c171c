"""Documents whose KPIs stand in prose, headings and linearised rows (invented lines in the real style).

Accessibility text versions of plans and web pages read aloud lose their tables: each cell is
printed after its column's word, numbers may be kanji numerals, cells are separated by 、 or by
nothing at all. These tests build such lines and check the facts come back.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka import interchange as ix
from hyoka.ingest.base import Context
from hyoka.ingest.meaning.arrows import find_arrows
from hyoka.ingest.meaning.glued import read_glued_tables
from hyoka.ingest.meaning.prose import read_prose_kpis
from hyoka.ingest.meaning.records import read_labelled_rows
from hyoka.ingest.meaning.stream import stream_of
from hyoka.ingest.readers.txt import read_text
from hyoka.ingest.text.lines import split_lines

CITY = ix.Municipality(code="192015", name="甲府市", prefecture="山梨県")


def read(text: str) -> ix.PlanDocument:
    return read_text(text, Context(CITY, source="t.txt")).document


def indicators(doc: ix.PlanDocument) -> dict[str, ix.Indicator]:
    return {k.name: k for k in doc.all_indicators()}


# ---- arrows: a spaced label before a qualifier glued to the figure -------------------------------


def test_a_qualifier_glued_to_the_figure_leaves_the_spaced_label_to_name_the_kpi():
    text = "◆一時預かりの拡充 4,300 実 施 箇 所 一時預かり(幼稚園型)5→8か所 全体事業費 40百万円"
    (arrow,) = find_arrows(text)
    assert arrow.name == "一時預かりの拡充 実施箇所"
    assert (arrow.before.value, arrow.after.value, arrow.after.unit) == (5, 8, "か所")


def test_a_bracketed_name_with_a_space_before_its_figure_is_still_the_name():
    (arrow,) = find_arrows("放課後児童クラブ(民設) 12→15か所")
    assert arrow.name == "放課後児童クラブ(民設)"


# ---- records: every cell after its column's word -------------------------------------------------

RECORDS = (
    "1 相談支援の充実 (1)就労移行者数 平成29年度末までに一般就労へ移行する者を増やすことを基本とします。 "
    "12年間の実績 第1期 期間 H18〜H20 目標数 5 移行者数 3 達成率 60% 備考 "
    "第2期 期間 H21〜H23 目標数 7 移行者数 7 達成率 100% 備考 "
    "第3期 期間 H24〜H26 目標数 9 移行者数 4 達成率 44% 備考 ※第3期は見込数 (2)次の項目"
)


def test_repeated_label_value_records_are_one_kpi_named_by_the_heading_before_them():
    k = indicators(read(RECORDS))["就労移行者数"]
    assert k.target.value == 9
    assert [o.value for o in k.observations] == [3, 7]  # 第3期 is a projection (見込)
    assert any("見込" in n and "4" in n for n in k.notes)


def test_records_without_a_numbered_heading_take_the_actual_columns_label():
    text = (
        "実績 第1期 期間 H21〜H23 目標数 40 入所者数 (末日現在) 43 第2期 期間 H24〜H26 目標数 38 入所者数 (末日現在) 39"
    )
    k = indicators(read(text))["入所者数"]
    assert (k.target.value, [o.value for o in k.observations]) == (38, [43, 39])


def test_records_that_change_their_labels_are_not_one_table():
    text = "第1期 期間 H21〜H23 目標数 40 入所者数 43 第2期 年度 H24 予算 38 件数 39"
    assert read_labelled_rows(stream_of(split_lines(text)), "t.txt") == []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 900), st.integers(0, 900)),
        min_size=2,
        max_size=6,
    ),
    st.sampled_from(["退所者数", "利用者数", "実績"]),
    st.booleans(),
)
def test_records_reflowed_from_a_grid_give_its_targets_and_actuals_back(rows, actual_word, newline):
    """A grid of (target, actual) per period, printed as records on one line or one record a line."""
    sep = "\n" if newline else " "
    records = [
        f"第{n}期 期間 H{10 + 3 * n}〜H{12 + 3 * n} 目標数 {t} {actual_word} {a} 達成率 {a * 100 // max(t, 1)}% 備考"
        for n, (t, a) in enumerate(rows, 1)
    ]
    text = "(1)グループホーム利用者数 見込みの考え方を示します。" + sep + sep.join(records)
    k = indicators(read(text))["グループホーム利用者数"]
    assert k.target.value == rows[-1][0]
    assert [o.value for o in k.observations] == [Decimal(a) for _, a in rows]


# ---- KPIs stated in sentences, figures in kanji numerals -------------------------------------------

KANJI_PROSE = (
    "十二ページ 二 就労支援の目標 平成二十九年度末までに福祉施設から一般就労へ移行する人の目標四十五人 "
    "うち、平成二十八年三月末までの実績二十七人 "
    "平成二十五年度グループホーム利用者数二百十人を平成二十九年度末までに三百五十人に "
    "平成二十八年三月現在のグループホーム利用者数二百八十四人 以下脚注 ※1ここでいう一般就労とは…"
)


def test_a_target_table_read_aloud_in_kanji_numerals_gives_its_kpis():
    ks = indicators(read(KANJI_PROSE))
    work = ks["福祉施設から一般就労へ移行する人"]
    assert (work.unit, work.target.value, work.target.text) == ("人", 45, "四十五人")
    assert work.target.period.fiscal_year == 2017
    assert [(o.value, o.period.fiscal_year) for o in work.observations] == [(27, 2015)]
    homes = ks["グループホーム利用者数"]
    assert (homes.baseline.value, homes.baseline.period.fiscal_year, homes.target.value) == (210, 2013, 350)
    assert homes.direction == "increase"
    assert [o.value for o in homes.observations] == [284]


def test_the_same_sentences_in_digits_read_alike():
    digits = (
        "平成29年度末までに福祉施設から一般就労へ移行する人の目標45人 うち、平成28年3月末までの実績27人 "
        "平成25年度グループホーム利用者数210人を平成29年度末までに350人に"
    )
    ks = indicators(read(digits))
    assert ks["福祉施設から一般就労へ移行する人"].target.value == 45
    assert ks["グループホーム利用者数"].target.value == 350


def test_a_sentence_with_no_target_word_is_not_a_kpi():
    text = "平成二十年七月末までに、見込んだ数値よりも二十二人多い、九十一人が移行しました。"
    assert read_prose_kpis(text, "平成") == []


# ---- 、-separated rows under a sentence that names the columns ---------------------------------------


def test_rows_of_comma_cells_under_an_order_sentence_are_a_table():
    text = (
        "ア 成果目標の実績   成果指標、令和5年度目標、令和5年度実績、達成率の順で記載   "
        "一般就労への移行者数、60人 R1年度実績の1.5倍、48人、80.0%   "
        "就労定着支援の利用者数、45人、52人 R1年度の1.3倍、115.6%  イ 主な取組の状況 ○ 相談支援"
    )
    ks = indicators(read(text))
    work = ks["一般就労への移行者数"]
    assert (work.unit, work.target.value, [o.value for o in work.observations]) == ("人", 60, [48])
    assert work.target.period.fiscal_year == 2023
    stay = ks["就労定着支援の利用者数"]
    assert (stay.target.value, [o.value for o in stay.observations]) == (45, [52])


def test_a_misplaced_comma_leaves_the_whole_figures_in_order():
    """The actual's 、 came after its remark: the row's whole figures still fill the columns in order."""
    text = (
        "成果目標、令和2年度目標、令和2年度実績、達成率の順で記載\n"
        "地域生活に移行した人数、470人 H28年度末入所者の約10% 175人、H28年度末入所者の3.6%、37.2%\n"
    )
    k = indicators(read(text))["地域生活に移行した人数"]
    assert (k.target.value, [o.value for o in k.observations]) == (470, [175])


def test_a_decrease_counted_with_its_word_keeps_the_count():
    text = "成果目標、令和2年度目標、令和2年度実績、達成率の順で記載\n施設入所者の減少数、74人減 年度末の入所者数 4,825人、154人減 年度末の入所者数 4,745人、208.1%\n"
    k = indicators(read(text))["施設入所者の減少数"]
    assert (k.target.value, [o.value for o in k.observations]) == (74, [154])


# ---- cells glued with no separator ------------------------------------------------------------------

GLUED_HEADER = "指標内容単位現状値年度目標令和7年4年度達成率(%)5年度達成率(%)備考"


def test_glued_cells_are_split_where_the_printed_rates_check():
    text = "\n".join(
        [
            "安心して暮らせるまちづくり",
            GLUED_HEADER,
            "消防団員の充足率実員数÷条例定数88.50%令和2年度アップ95.0090.2095.091.1095.9",
            "図書館の貸出冊数年間貸出冊数冊/年152,300冊/年令和2年度アップ170,000158,90093.5161,20094.8",
        ]
    )
    ks = indicators(read(text))
    fire = ks["消防団員の充足率"]
    assert (fire.unit, fire.baseline.value, fire.target.value) == ("%", Decimal("88.50"), 95)
    assert [o.value for o in fire.observations] == [Decimal("90.20"), Decimal("91.10")]
    books = ks["図書館の貸出冊数"]
    assert (books.unit, books.baseline.value, books.target.value) == ("冊/年", 152300, 170000)
    assert [o.value for o in books.observations] == [158900, 161200]


def test_a_glued_row_whose_rates_do_not_check_is_not_read():
    text = (
        GLUED_HEADER
        + "\n消防団員の充足率実員数÷条例定数88.50%令和2年度アップ95.0090.2099.991.1095.9\n（資料：消防本部）"
    )
    assert read_glued_tables(split_lines(text), "t.txt") == []


def test_a_glued_row_cut_by_the_end_of_the_text_keeps_its_target():
    text = GLUED_HEADER + "\n救急講習の受講者数受講者数÷人口12.40%令和2年度アップ15.0013."
    k = indicators(read(text))["救急講習の受講者数"]
    assert (k.baseline.value, k.target.value, k.observations) == (Decimal("12.40"), 15, [])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(100, 99999),
    st.lists(st.floats(0.5, 1.5), min_size=1, max_size=2),
    st.sampled_from([0, 2]),
)
def test_a_glued_grid_reads_back_the_figures_it_was_glued_from(target, ratios, decimals):
    def fmt(x: Decimal) -> str:
        return f"{x:,.{decimals}f}" if decimals == 0 else f"{x:.{decimals}f}"

    t = Decimal(target).scaleb(-decimals)
    actuals = [(t * Decimal(r)).quantize(Decimal(1).scaleb(-decimals)) for r in ratios]
    glued = fmt(t) + "".join(fmt(a) + f"{a / t * 100:.1f}" for a in actuals)
    header = (
        "指標内容単位現状値年度目標令和7年" + "".join(f"{4 + n}年度達成率(%)" for n in range(len(actuals))) + "備考"
    )
    row = f"市民農園の利用区画数利用区画数÷全区画数区画{fmt(t)}区画令和2年度アップ{glued}"
    k = indicators(read(header + "\n" + row + "\n"))["市民農園の利用区画数"]
    assert k.target.value == t
    assert [o.value for o in k.observations] == actuals


# ---- a target table whose header came apart: name / dated figure / target --------------------------


def test_name_then_a_dated_figure_then_an_undated_one_is_a_current_value_and_its_target():
    text = "\n".join(
        [
            "(1)目標値の設定",
            "・計画の達成状況を判断するため、4つの視点で目標となる指標を設定します。",
            "成果指標",
            "コミュニティバス年間利用者数",
            "12.4 万人(2015 年)",
            "15 万人",
            "市民農園の利用区画数",
            "230 区画(2015 年)",
            "260 区画",
        ]
    )
    ks = indicators(read(text))
    bus = ks["コミュニティバス年間利用者数"]
    assert (bus.unit, bus.baseline.value, bus.target.value) == ("人", 124000, 150000)
    assert bus.baseline.period.year == 2015
    assert ks["市民農園の利用区画数"].target.value == 260


def test_dated_pairs_need_a_text_that_speaks_of_targets_and_one_unit():
    from hyoka.ingest.meaning.pairs import read_dated_pairs

    pairs = "市民農園の利用区画数\n230 区画(2015 年)\n260 区画\n"
    assert read_dated_pairs(split_lines(pairs), "t.txt") == []  # no 目標 anywhere
    mixed = "目標\n市民農園の利用区画数\n230 区画(2015 年)\n260 人\n"
    assert read_dated_pairs(split_lines(mixed), "t.txt") == []


# ---- a legend table whose two columns were interleaved ------------------------------------------------


def test_a_legend_table_flattened_with_its_columns_interleaved_gives_each_code_its_label():
    from hyoka.ingest.text.legend import parse_legend

    text = (
        "(1)判定表 評価基準 ① ② 審議会の判定 実績が目標の100%以上の 場合 計画の推進に向けて、順調 "
        "(達成度100%以 に推移している。 上) 実績が目標の70%以上 100%未満の場合 計画の推進に向けて、一部 "
        "(達成度70%以上 に課題がある。 ~100%未満) ③ 実績が目標の70%未満の場合 計画の推進に向けて、抜本的 "
        "(達成度70%未 な見直しが必要である。 満) (2)その他 判定の際の意見をまとめる"
    )
    scheme = parse_legend(text)
    assert [(g.code, g.label) for g in scheme.grades] == [
        ("1", "計画の推進に向けて、順調に推移している"),
        ("2", "計画の推進に向けて、一部に課題がある"),
        ("3", "計画の推進に向けて、抜本的な見直しが必要である"),
    ]


def test_circled_numbers_without_a_legend_cue_are_not_a_legend():
    from hyoka.ingest.text.legend_shapes import interleaved_entries

    text = "取組 ① ② 地域の清掃を進める。 公園を整える。 ③ 花壇を増やす。"
    assert interleaved_entries(text, text) == []


# ---- sheets: labels whose role comes from a period label, and value grids read column by column ---------


def test_a_figure_labelled_only_as_a_figure_is_the_target_of_the_target_year_beside_it():
    text = "2. 指標設定 成果指標 指標名 図書館の利用者満足度 数値 85% 目標年度 R7 指標の設定理由 総合計画の重点施策"
    k = indicators(read(text))["図書館の利用者満足度"]
    assert (k.unit, k.target.value, k.target.period.fiscal_year) == ("%", 85, 2025)


def test_a_sheet_value_grid_read_column_by_column_gives_the_later_plan_value_as_target():
    text = "\n".join(
        [
            "令和5年度 事務事業評価シート",
            "事務事業名 健康相談事業",
            "担当課",
            "健康推進課",
            "指標名(単位) 健康相談の利用者数(人)",
            "事業費",
            "1,478",
            "計画値",
            "R5年度",
            "R6年度",
            "1,800",
            "2,000",
        ]
    )
    k = indicators(read(text))["健康相談の利用者数"]
    assert (k.unit, k.target.value, k.target.period.fiscal_year) == ("人", 2000, 2024)


def test_a_project_label_and_a_period_range_are_not_a_kpi_header():
    text = "\n".join(
        [
            "事務事業名 地域交流事業",
            "事業期間 平成27年度~ 平成32年度 根拠 法令 なし",
            "分野施策 061455 多様な主体による地域社会づくり 1",
            "指標名 交流イベント参加者数 目標値 1,200人 実績値 1,050人",
        ]
    )
    assert set(indicators(read(text))) == {"交流イベント参加者数"}


def test_a_second_labelled_figure_in_the_target_and_actual_cells_is_a_kpi_of_its_own():
    text = (
        "成果目標、令和5年度目標、令和5年度実績、達成率の順で記載\n"
        "待機児童の減少数(令和元年度対比)、40人減 令和5年度の待機児童数 10人、35人減 令和5年度の待機児童数 15人、87.5%\n"
    )
    ks = indicators(read(text))
    fewer = ks["待機児童の減少数(令和元年度対比)"]
    assert (fewer.target.value, [o.value for o in fewer.observations]) == (40, [35])
    waiting = ks["待機児童数"]
    assert (waiting.unit, waiting.target.value, [o.value for o in waiting.observations]) == ("人", 10, [15])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["就労移行者数", "グループホーム利用者数", "相談支援の利用者数", "地域移行者数"]),
            st.integers(1, 5000),
            st.integers(0, 5000),
            st.sampled_from(["", " 前年度の1.2倍", " 計画の約10%"]),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda r: r[0],
    ),
    st.sampled_from(["\n", "   "]),
)
def test_comma_rows_reflowed_from_a_grid_give_its_figures_back(rows, sep):
    """A grid printed as 、-rows, one a line or joined by runs of spaces, a remark after some targets."""
    lines = ["成果目標、令和5年度目標、令和5年度実績、達成率の順で記載"]
    lines += [f"{name}、{t:,}人{remark}、{a:,}人、{a * 100 / t:.1f}%" for name, t, a, remark in rows]
    ks = indicators(read(sep.join(lines) + sep + "イ 主な取組の状況"))
    for name, t, a, _ in rows:
        assert (ks[name].target.value, [o.value for o in ks[name].observations]) == (t, [a])


def counted(k: int) -> str:
    """1 ≤ k < 10,000 as a document counts it in kanji (千三百八十三)."""
    out = ""
    for value, mark in ((1000, "千"), (100, "百"), (10, "十")):
        q, k = divmod(k, value)
        if q:
            out += ("" if q == 1 else "〇一二三四五六七八九"[q]) + mark
    return out + ("〇一二三四五六七八九"[k] if k else "")


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9999), st.integers(1, 9999), st.integers(1, 9999), st.integers(1, 20), st.integers(1, 10))
def test_target_sentences_in_kanji_read_back_the_numbers_they_were_written_from(before, after, target, y1, y2):
    text = (
        f"平成{counted(y1)}年度短期入所の利用者数{counted(before)}人を平成{counted(y1 + y2)}年度末までに{counted(after)}人に "
        f"平成{counted(y1 + y2)}年度末までに一般就労へ移行する人の目標{counted(target)}人"
    )
    ks = indicators(read(text))
    stay = ks["短期入所の利用者数"]
    assert (stay.baseline.value, stay.target.value) == (before, after)
    assert stay.baseline.period.fiscal_year == 1988 + y1 and stay.target.period.fiscal_year == 1988 + y1 + y2
    assert ks["一般就労へ移行する人"].target.value == target


def test_of_two_glued_readings_that_both_check_the_one_of_the_baselines_size_is_kept():
    """`101101100.0` is 101, 101, 100.0% and also 10, 110, 1100.0%: a baseline of 98 says which."""
    text = "指標内容単位現状値年度目標令和7年4年度達成率(%)備考\n市民農園の利用区画数利用区画数区画98区画令和2年度アップ101101100.0\n"
    k = indicators(read(text))["市民農園の利用区画数"]
    assert (k.target.value, [o.value for o in k.observations]) == (101, [101])
