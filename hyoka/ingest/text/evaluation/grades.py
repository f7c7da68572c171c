"""A row's grade and achievement level (`保育課 A 2`, or on lines of their own), with the codes the
legend allows, and the 担当課 lines printed before them.
"""

from __future__ import annotations

import re

from hyoka import interchange as ix
from hyoka.ingest.text.legend import SYMBOLS
from hyoka.ingest.text.lines import Line, nfkc

DEPT_SUFFIXES = (
    "課",
    "室",
    "係",
    "部",
    "局",
    "所",
    "センター",
    "館",
    "園",
    "校",
    "会",
    "署",
    "班",
    "担当",
    "グループ",
    "庁",
)
_NOT_DEPT_CHARS = set("。、，,.「」『』※《》【】:：;；")


class GradePatterns:
    """Where a row's grade and achievement level are printed, with the codes the legend allows."""

    def __init__(self, scheme: ix.EvaluationScheme | None):
        grades = [nfkc(g.code) for g in scheme.grades] if scheme else []
        levels = [nfkc(a.code) for a in scheme.achievement_levels] if scheme else []
        self.grades, self.levels = set(grades), set(levels)
        g = "|".join(re.escape(c) for c in sorted(set(grades), key=len, reverse=True) if len(c) > 1)
        g = (g + "|" if g else "") + rf"[A-Z]|[{SYMBOLS}]"
        a = "|".join(re.escape(c) for c in sorted(set(levels), key=len, reverse=True) if not c.isdigit())
        a = (a + "|" if a else "") + r"\d"
        self.grade_only = bool(grades) and not levels
        self.row = re.compile(rf"^(?:(?P<dept>.+?)\s+)?(?P<g>{g})\s+(?P<a>{a})(?:\s+(?P<rest>.*))?$")
        self.alone = re.compile(rf"^(?:(?P<dept>.+?)\s+)?(?P<g>{g})(?:\s+(?P<rest>.*))?$")
        self.level = re.compile(rf"^(?P<a>{a})(?:\s+(?P<rest>.*))?$")

    def find(self, lines: list[Line]) -> tuple[int, int, str, str | None, str | None, str] | None:
        """(grade line, last line used, dept prefix, grade, achievement, rest of the line) or None."""
        for i, line in enumerate(lines):
            text = line.norm
            if not text:
                continue
            m = self.row.match(text)
            if m and dept_ok(m.group("dept")):
                return i, i, m.group("dept") or "", m.group("g"), m.group("a"), _rest(line, m.group("rest"))
            m = self.alone.match(text)
            if not m or not dept_ok(m.group("dept")):
                continue
            if m.group("rest") is None:
                j = next((k for k in range(i + 1, len(lines)) if not lines[k].blank), None)
                if j is not None and (n := self.level.match(lines[j].norm)):
                    return i, j, m.group("dept") or "", m.group("g"), n.group("a"), _rest(lines[j], n.group("rest"))
            if self.grade_only and (m.group("g") in self.grades):
                return i, i, m.group("dept") or "", m.group("g"), None, _rest(line, m.group("rest"))
        return None


def _rest(line: Line, rest: str | None) -> str:
    """The printed text after the grade codes (narrative that starts on the grade line)."""
    if not rest:
        return ""
    raw = line.text
    tail = re.sub(r"\s+", "", rest)[:4]
    for pos in range(len(raw)):
        if re.sub(r"\s+", "", nfkc(raw[pos:]))[:4] == tail and nfkc(raw[pos:]).strip().startswith(rest[:1]):
            return raw[pos:].strip()
    return rest


def dept_ok(text: str | None) -> bool:
    return text is None or dept_like(text)


def dept_like(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > 16 or any(c in _NOT_DEPT_CHARS for c in t) or re.search(r"[0-9０-９]", t):
        return False
    balanced = t.count("(") + t.count("（") == t.count(")") + t.count("）")
    return balanced and t[0] not in "(（○◯●◎◆◇■□・"


def departments(fragments: list[str]) -> list[str]:
    """Department lines as printed, rejoined where the PDF wrapped a name (`子ども家庭支援セ` + `ンター`)."""
    parts: list[str] = []
    for fragment in fragments:
        pieces = [p.strip() for p in re.split(r"[・、/／]", fragment) if p.strip()]
        if len(pieces) > 1 and all(p.endswith(DEPT_SUFFIXES) for p in pieces):
            parts.extend(pieces)
        else:
            parts.append(fragment.strip())
    found: list[str] = []
    current = ""
    for part in parts:
        current += part
        if current.endswith(DEPT_SUFFIXES):
            found.append(current)
            current = ""
    if current:
        found.append(current)
    return found
