"""The plan page's repeated parts, written in Python: its sections, KPI cards, the KPI table and the projects table.

Through the template engine a KPI card cost about 390 µs and a project row about 90 µs (some forty
variable lookups, an include and a dozen tags each): most of a plan page of 29 KPIs and 67 projects, and
nearly all of one of 60 KPIs. Here the same markup costs a tenth of that: each fragment looks up its
translations once, and every value goes through ``escape`` (``html.escape``, what Django's own escape
calls, without its lazy-string wrapper). Only the sparkline, an SVG that ``charts`` builds from escaped
text, and the translated sentences themselves are trusted. The page templates place these with
``{% plan_sections %}``, ``{% kpi_cards %}``, ``{% kpi_table %}``, ``{% projects_table %}`` and ``{% status_badge %}``
(templatetags/hyoka_format.py).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape as _escape

from django.conf import settings
from django.utils import translation
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from hyoka.indicators.progress import revisions_of
from hyoka.jp import format_cell
from hyoka.vocabulary import KPI_STATUSES
from hyoka.web.dashboard import year_label, year_labeller


def escape(value: object) -> str:
    return _escape(str(value))


def _quantity(value: Decimal | None, unit: str, text: str = "") -> str:
    """``{% quantity %}``: the value with its unit, else the printed text, else —; escaped."""
    return escape(format_cell(value, unit or None, text or None))


@dataclass(frozen=True)
class _Words:
    """What the fragments print in the reader's language, translated once per fragment, not per row."""

    language: str
    statuses: dict[str, str]
    baseline: str  # 基準値（%(label)s）
    from_baseline: str  # 基準値から%(delta)s
    progress: str  # 進捗率 %(percent)s%%
    target: str
    compared: str
    revised: str
    kpi_head: str  # the KPI table's header cells
    project: str  # 事業%(number)s
    project_heads: dict[str, str]  # the projects table's header cells by column
    kpi_table_title: str
    kpi_counts_title: str
    not_graded: str
    decimal_separator: str

    @classmethod
    def now(cls) -> _Words:
        return _words_in(get_language() or "ja")

    @classmethod
    def of(cls, language: str) -> _Words:
        revised, title = escape(gettext("改定")), escape(gettext("目標は改定されています"))  # not in f-strings:
        kpi_heads = [  # xgettext does not read them there
            (gettext("指標"), ""),
            (gettext("基準値"), "num"),
            (gettext("最新値"), "num"),
            (gettext("時点"), ""),
            (gettext("増減"), "num"),
            (gettext("目標"), ""),
            (gettext("進捗"), ""),
            (gettext("状況"), ""),
        ]
        project_heads = {
            "number": gettext("No."),
            "name": gettext("事業名"),
            "status": gettext("区分"),
            "departments": gettext("所管課"),
            "budget": gettext("予算事務事業"),
            "grade": gettext("評価"),
        }
        return cls(
            language=language,
            statuses={code: escape(gettext(term.label)) for code, term in KPI_STATUSES.items()},
            baseline=gettext("基準値（%(label)s）"),
            from_baseline=gettext("基準値から%(delta)s"),
            progress=gettext("進捗率 %(percent)s%%"),
            target=escape(gettext("目標")),
            compared=escape(gettext("比較値")),
            revised=f' <span class="badge info" title="{title}">{revised}</span>',
            kpi_head="".join(
                f'<th class="{kind}">{escape(h)}</th>' if kind else f"<th>{escape(h)}</th>" for h, kind in kpi_heads
            ),
            project=gettext("事業%(number)s"),
            project_heads={column: f"<th>{escape(h)}</th>" for column, h in project_heads.items()},
            kpi_table_title=escape(gettext("指標の一覧表（基準値・目標値）")),
            kpi_counts_title=escape(gettext("指標の状況")),
            not_graded=escape(gettext("評価なし")),
            decimal_separator=get_format("DECIMAL_SEPARATOR"),
        )

    def badge(self, status: str, explanation: str = "") -> str:
        badge = f'<span class="badge {escape(status)}">{self.statuses.get(status, "")}</span>'
        return f'{badge} <span class="reason">{escape(explanation)}</span>' if explanation else badge

    def percent(self, value: Decimal) -> str:
        return self.progress % {"percent": escape(self.number(value))}

    def number(self, value: Decimal | int) -> str:
        """A number as the template engine prints it (``localize``), written here for the plain case (the
        language's decimal separator, no grouping): ``localize`` took 4 µs, and a plan page prints some 250."""
        if settings.USE_THOUSAND_SEPARATOR:
            return localize(value)
        if isinstance(value, int):
            return str(value)
        if value.is_finite():
            _, digits, exponent = value.as_tuple()
            if abs(exponent) + len(digits) <= 200:  # past that, localize writes 1e+300
                return f"{value:f}".replace(".", self.decimal_separator)
        return localize(value)


@functools.cache
def _words_in(language: str) -> _Words:
    """The words of a language (the message catalogues do not change while Hyoka runs)."""
    with translation.override(language):
        return _Words.of(language)


def status_badge(status: str, explanation: str = "") -> SafeString:
    """A KPI's status as a badge, with the engine's reason beside it when given."""
    return mark_safe(_Words.now().badge(status, explanation))


def kpi_cards(cards: Sequence, municipality_name: str) -> SafeString:
    """A ``<ul class="cards">`` of ``dashboard.KpiCard``; ``municipality_name`` heads the 比較値 table."""
    words = _Words.now()
    return mark_safe('<ul class="cards">' + "".join(_card(card, municipality_name, words) for card in cards) + "</ul>")


def _card(card, municipality_name: str, words: _Words) -> str:
    row, k, p = card.row, card.row.indicator, card.row.progress
    latest = row.latest
    period = escape(latest.period_label) if latest else ""
    html = [
        f'<li class="card"><p class="card-title"><a href="{escape(card.url)}">{escape(k.name)}</a></p>',
        f'<p class="card-value{" text" if card.in_words else ""}">{escape(card.value)}</p>',
        f'<p class="sub">{period}',
    ]
    if k.baseline_label:
        baseline = words.baseline % {"label": escape(k.baseline_label)}
        html.append(f"{'・' if latest else ''}{baseline} {_quantity(k.baseline_value, k.unit, k.baseline_text)}")
    html.append("</p>")
    if card.delta:
        delta = words.from_baseline % {"delta": escape(card.delta)}
        html.append(f'<p class="card-delta {escape(card.tone)}">{delta}</p>')
    if card.spark:
        html.append(card.spark)  # charts.sparkline: an SVG whose text it escaped itself
    if card.bar_percent is not None:
        html.append(
            f'<div class="bar {escape(card.tone)}" role="img" aria-label="{words.percent(p.progress_percent)}">'
            f'<span style="width: {escape(card.bar_percent)}%"></span></div>'
        )
    if card.benchmarks:
        html.append(
            f'<table class="grid compare"><caption>{words.compared}</caption><tbody>'
            f'<tr><th scope="row">{escape(municipality_name)}</th><td class="num">{escape(card.value)}</td>'
            f"<td>{period}</td></tr>"
        )
        html += [
            f'<tr><th scope="row">{escape(b.area)}</th><td class="num">{_quantity(b.value, b.unit)}</td>'
            f"<td>{escape(b.period_label)}</td></tr>"
            for b in card.benchmarks
        ]
        html.append("</tbody></table>")
    html.append(f'<div class="card-foot">{words.badge(row.status, p.explained(words.language))}')
    if p.progress_percent is not None:
        html.append(f"<span>{words.percent(p.progress_percent)}</span>")
    if k.target_text or k.target_value is not None:
        target = escape(k.target_text) if k.target_text else _quantity(k.target_value, k.unit)
        label = f"（{escape(k.target_label)}）" if k.target_label else ""
        revised = words.revised if revisions_of(k) else ""
        html.append(f"<span>{words.target} {target}{label}{revised}</span>")
    html.append("</div></li>")
    return "".join(html)


def kpi_table(cards: Sequence) -> SafeString:
    """The KPIs of ``cards`` as one table: baseline, latest value, change, target, progress and status."""
    words = _Words.now()
    body = "".join(_table_row(card, words) for card in cards)
    return mark_safe(
        f'<div class="table-scroll"><table class="grid kpi"><thead><tr>{words.kpi_head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _table_row(card, words: _Words) -> str:
    row, k, progress = card.row, card.row.indicator, card.row.progress
    latest = row.latest
    name = f'<a href="{escape(card.url)}">{escape(k.name)}</a>' if card.url else escape(k.name)
    if card.project_number:
        name += f'<div class="sub">{words.project % {"number": escape(card.project_number)}}</div>'
    target = row.target
    shown = escape(target.text) if target.text else _quantity(target.value, k.unit) if target.value is not None else ""
    if target.revised:
        shown += words.revised
    percent = progress.progress_percent
    bar = ""
    if percent is not None:
        width = "100" if percent > 100 else "0" if percent < 0 else escape(percent)
        shown_percent = escape(words.number(percent))
        bar = f'<div class="bar" title="{shown_percent}%"><span style="width: {width}%"></span></div>{shown_percent}%'
    value = _quantity(latest.value, k.unit, latest.text) if latest else _quantity(None, k.unit)
    return (
        f"<tr><td>{name}</td>"
        f'<td class="num">{_quantity(k.baseline_value, k.unit, k.baseline_text)}'
        f'<div class="sub">{escape(k.baseline_label)}</div></td>'
        f'<td class="num">{value}</td>'
        f"<td>{escape(latest.period_label) if latest else ''}</td>"
        f'<td class="num">{escape(progress.delta_phrase or "")}</td>'
        f'<td>{shown}<div class="sub">{escape(target.label)}</div></td>'
        f"<td>{bar}</td>"
        f"<td>{words.badge(row.status, progress.explained(words.language))}</td></tr>"
    )


def projects_table(lines: Iterable, columns: dict[str, bool]) -> SafeString:
    """``dashboard.ProjectLine`` rows (``hyoka.projects.summaries``): number, name, 区分, departments, and the
    budget items and latest grade when the plan has any (``columns``: {"budget": …, "grade": …})."""
    words = _Words.now()
    shown = ["number", "name", "status", "departments"] + [c for c in ("budget", "grade") if columns[c]]
    html = ['<div class="table-scroll"><table class="grid projects"><thead><tr>']
    html += [words.project_heads[column] for column in shown]
    html.append("</tr></thead><tbody>")
    year = year_labeller()  # the language read once, not once a row
    for line in lines:
        p, e = line.project, line.latest
        departments = "<br>".join(escape(name) for name in p.departments)
        html.append(
            f'<tr><td>{escape(p.number)}</td><td><a href="{escape(line.url)}">{escape(p.name)}</a></td>'
            f"<td>{escape(p.status)}</td><td>{departments}</td>"
        )
        if columns["budget"]:
            items = "<br>".join(f"{escape(code)} {escape(name)}" for code, name in p.budget_items)
            html.append(f"<td>{items}</td>")
        if columns["grade"]:
            grade = ""
            if e is not None and (e.grade or e.achievement):
                codes = (e.grade.code if e.grade else "") + (e.achievement.code if e.achievement else "")
                grade = f"{escape(year(e.fiscal_year) if e.fiscal_year else '')} {escape(codes)}"
            html.append(f"<td>{grade}</td>")
        html.append("</tr>")
    html.append("</tbody></table></div>")
    return mark_safe("".join(html))


def plan_sections(
    blocks: Iterable, municipality_name: str, fiscal_year: int | None, columns: dict[str, bool]
) -> SafeString:
    """The plan page's sections (``dashboard.SectionBlock``) in reading order: each heading, its KPI counts and
    grade distribution (top-level sections), its KPI cards and table and its projects.

    Through the template engine this loop cost about as much as the cards inside it: fifteen sections of a
    dozen tags and plural translations each."""
    words = _Words.now()
    html = []
    for block in blocks:
        s = block.section
        pk = escape(s.pk)
        heading = "h2" if block.depth == 0 else "h3"
        number = f" {escape(s.number)}" if s.number else ""
        pages = f" <small>{escape(s.pages)}</small>" if s.pages else ""
        html.append(
            f'<section id="section-{pk}" class="level-{escape(block.depth)}" aria-labelledby="heading-{pk}">'
            f'<{heading} id="heading-{pk}">{escape(s.level)}{number}　{escape(s.title)}{pages}</{heading}>'
        )
        if block.kpi_counts:
            counts = "　".join(
                f'<span class="badge {escape(status)}">{words.statuses.get(status, "")}</span> '
                + escape(ngettext("%(n)s指標", "%(n)s指標", n) % {"n": words.number(n)})
                for status, n in block.kpi_counts
            )
            html.append(f'<p class="kpi-counts" id="kpi-counts-{pk}">{words.kpi_counts_title}：{counts}</p>')
        if block.grades:
            html.append(_grade_distribution(block, pk, fiscal_year, words))
        if block.cards:
            html.append(kpi_cards(block.cards, municipality_name))
            table = kpi_table(block.cards)
            html.append(f'<details class="kpi-table"><summary>{words.kpi_table_title}</summary>{table}</details>')
        if block.projects:
            html.append(projects_table(block.projects, columns))
        html.append("</section>")
    return mark_safe("".join(html))


def _grade_distribution(block, pk: str, fiscal_year: int | None, words: _Words) -> str:
    n = block.graded
    if fiscal_year:
        title = ngettext("評価の分布（%(n)s事業の%(year)sの評価）", "評価の分布（%(n)s事業の%(year)sの評価）", n)
        title %= {"n": words.number(n), "year": year_label(fiscal_year)}
    else:
        title = ngettext("評価の分布（%(n)s事業の最新の評価）", "評価の分布（%(n)s事業の最新の評価）", n) % {
            "n": words.number(n)
        }
    html = [
        f'<h3 class="grades-title" id="grades-{pk}">{escape(title)}</h3>'
        f'<ul class="progress-list grades" aria-labelledby="grades-{pk}">'
    ]
    for g in block.grades:
        label = f" {escape(g.label)}" if g.label else ""
        count = gettext("%(count)s事業（%(percent)s%%）") % {
            "count": words.number(g.count),
            "percent": words.number(g.percent),
        }
        html.append(
            f"<li><span><strong>{escape(g.code)}</strong>{label}</span>"
            f'<div class="bar" aria-hidden="true"><span style="width: {escape(g.percent)}%"></span></div>'
            f'<span class="count">{escape(count)}</span></li>'
        )
    if block.ungraded:
        count = gettext("%(count)s事業") % {"count": words.number(block.ungraded)}
        html.append(f'<li><span>{words.not_graded}</span><span></span><span class="count">{escape(count)}</span></li>')
    html.append("</ul>")
    return "".join(html)
