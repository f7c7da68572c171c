"""Hyoka's vocabularies, each written once: codes, their Japanese labels and their colours.

Pure Python (no Django), read by the models' helpers, the pages, the templates and the reports, so 達成 is
達成 everywhere and a colour means the same on the web as on paper. Labels are marked with
``gettext_noop`` so makemessages finds them; a page translates a label when it prints it
(``hyoka.web.fragments``), a report prints it in Japanese.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


def gettext_noop(message: str) -> str:
    """Marks a label for the English catalogue without translating it here (no Django in this module)."""
    return message


@dataclass(frozen=True)
class Term:
    code: str
    label: str  # Japanese, as printed in reports; pages translate it
    tone: str  # the pages' CSS tone: ok, bad, warn, muted
    colour: str  # the reports' chart colour (and the pages' tone, in print)


# A KPI's status: the engine's verdict (achieved … no_data), made precise where the engine says no_data
# although the KPI has a value: its target is words (判定不可) or missing (目標なし).
KPI_STATUSES: dict[str, Term] = {
    t.code: t
    for t in (
        Term("achieved", gettext_noop("達成"), "ok", "#1e7b34"),
        Term("on_track", gettext_noop("順調"), "ok", "#1f5fbf"),
        Term("behind", gettext_noop("遅れ"), "bad", "#c8102e"),
        Term("not_judgeable", gettext_noop("判定不可"), "muted", "#8a5a00"),
        Term("no_target", gettext_noop("目標なし"), "muted", "#5f5f5f"),
        Term("pending", gettext_noop("集計中"), "muted", "#b26b00"),
        Term("no_data", gettext_noop("データなし"), "muted", "#767676"),
    )
}

# The counts per basic goal, on the web and in the reports: everything that is not 達成, 順調 or 遅れ is
# counted as 判定不可 (no value yet, figures being compiled, a target in words or none).
SUMMARY_STATUSES = ("achieved", "on_track", "behind", "not_judgeable")


def kpi_status(engine_status: str, *, has_value: bool, target_value: Decimal | None, target_text: str) -> str:
    """The status a reader sees: the engine's, except that a KPI with a value but no verdict says why."""
    if engine_status != "no_data" or not has_value:
        return engine_status
    if target_value is None and not target_text:
        return "no_target"
    return "not_judgeable"  # a target in words (全園実施), or no baseline to measure progress from


def summary_status(status: str) -> str:
    """The column of the per-goal counts a status falls in."""
    return status if status in SUMMARY_STATUSES else "not_judgeable"


# Where a KPI is meant to go (Indicator.direction): the model's choices read these labels.
DIRECTIONS: dict[str, str] = {
    "increase": gettext_noop("増加を目指す"),
    "decrease": gettext_noop("減少を目指す"),
    "maintain": gettext_noop("維持"),
    "at_most": gettext_noop("上限以内"),
    "at_least": gettext_noop("下限以上"),
}

# How final a KPI's value is (Observation.status): the model's choices read these labels.
OBSERVATION_STATUSES: dict[str, str] = {
    "final": gettext_noop("確定"),
    "provisional": gettext_noop("速報・暫定"),
    "pending": gettext_noop("未確定（確報値待ち等）"),
    "not_applicable": gettext_noop("該当なし"),
}

# What kind of plan a plan is (Plan.kind): the model's choices and Hyoka's own workbook read these labels.
PLAN_KINDS: dict[str, str] = {
    "comprehensive_strategy": gettext_noop("まち・ひと・しごと創生総合戦略"),
    "master_plan": gettext_noop("総合計画"),
    "child_support_plan": gettext_noop("子ども・子育て支援事業計画"),
    "sector_plan": gettext_noop("個別計画"),
    "other": gettext_noop("その他"),
}
