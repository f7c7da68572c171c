"""A plan as a set of facts, to compare what a reader found with what a document states.

Each fact is a tuple such as ("observation", "市内事業所数", "H28末現在", "4962", "provisional").
Text is compared after NFKC and with all whitespace removed, so PDF spacing
(`H28 末現在` / `H28末現在`) does not count as a difference; numbers are compared exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from hyoka import interchange as ix

Fact = tuple[str, ...]


def key(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def num(value: Decimal | None) -> str:
    return "" if value is None else str(ix.number_to_json(value))


def label(period: ix.Period | None) -> str:
    return key(period.label) if period else ""


def facts(doc: ix.PlanDocument) -> set[Fact]:
    found: set[Fact] = set()
    scheme = doc.evaluation_scheme
    if scheme:
        found |= {("grade", g.code, key(g.label)) for g in scheme.grades}
        found |= {
            ("achievement_level", a.code, key(a.label), num(a.min_percent), num(a.max_percent))
            for a in scheme.achievement_levels
        }
    found |= set(_indicator_facts(doc.indicators, "")) | set(_section_facts(doc.sections, ""))
    found |= {("benchmark", key(b.indicator), key(b.area), num(b.value), label(b.period)) for b in doc.benchmarks}
    for r in doc.revisions:
        found.add(("revision", key(r.section), key(r.pages)))
        found |= {("revision_point", key(r.section), key(point)) for point in r.points}
    return found


def _section_facts(sections: list[ix.Section], parent: str) -> Iterator[Fact]:
    for s in sections:
        here = key(s.title)
        yield ("section", parent, key(s.level), key(s.number), here)
        yield from _indicator_facts(s.indicators, here)
        for p in s.projects:
            name = key(p.name)
            yield ("project", here, key(p.number), name, key(p.status))
            yield from (("department", name, key(d)) for d in p.departments)
            yield from (("budget_item", name, b.code or "", key(b.name)) for b in p.budget_items)
            yield from (("policy_ref", name, key(ref)) for ref in p.policy_refs)
            for e in p.evaluations:
                if e.grade or e.achievement:
                    yield ("evaluation", name, str(e.fiscal_year), e.grade or "", e.achievement or "")
                for m in e.metrics:
                    yield ("metric", name, key(m.name), num(m.value), m.unit or "", label(m.period))
        yield from _section_facts(s.sections, here)


def _indicator_facts(indicators: list[ix.Indicator], section: str) -> Iterator[Fact]:
    for k in indicators:
        name = key(k.name)
        yield ("indicator", section, name, k.unit or "", k.project_number or "")
        if k.baseline and (k.baseline.value is not None or k.baseline.period):
            yield ("baseline", name, num(k.baseline.value), label(k.baseline.period))
        if k.target:
            yield ("target", name, num(k.target.value), key(k.target.text), label(k.target.period))
        for o in k.observations:
            yield ("observation", name, label(o.period), num(o.value), o.status)


@dataclass(frozen=True)
class Score:
    found: int
    expected: int
    matched: int
    missed: list[Fact]  # expected but not found
    extra: list[Fact]  # found but not expected

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.1%} ({self.matched}/{self.found}), "
            f"recall {self.recall:.1%} ({self.matched}/{self.expected})"
        )


def score(found: ix.PlanDocument, expected: ix.PlanDocument) -> Score:
    a, b = facts(found), facts(expected)
    return Score(len(a), len(b), len(a & b), sorted(b - a), sorted(a - b))
