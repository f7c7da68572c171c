"""The numbered rows of an evaluation table and the headings between them.

A row reads `N 事業名` (the name may sit on the lines after a bare number, or wrap); only the next
number in sequence starts a new row, or 1 after a heading (numbering that restarts per goal).
Rows sit under 基本目標N and ①… headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hyoka.ingest.text.lines import Line

GOAL_RE = re.compile(
    r"^(?P<level>基本目標|基本方針|基本施策|政策目標|目標)\s*(?P<num>\d+|[一二三四五六七八九十]+|[IVXⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+)"
    r"\s*[.．:：、]?\s*(?P<title>\S.*)$"
)
POLICY_RE = re.compile(r"^(?P<num>[①-⑳㉑-㉟]|[（(]\s*[0-9０-９]{1,2}\s*[)）])\s*(?P<title>\S.*)$")
ITEM_RE = re.compile(r"^(?P<num>\d{1,3})[.．)）]?(?:\s+(?P<name>\S.*))?$")
NOT_NAME_START = tuple("年月日回件人%％歳")


@dataclass
class Row:
    number: str
    name: str
    start: int  # index into the content lines
    lines: list[Line] = field(default_factory=list)  # everything after the name


def indented(line: Line) -> bool:
    return line.text[:1] == "\u3000" or line.text.startswith("  ")


def numbered_item(line: Line, expected: int | None, restart: bool = False) -> tuple[str, str] | None:
    """`12 事業名` or a bare `12`; only the next number in sequence counts as a new row, or 1 after a
    heading (numbering that restarts per goal)."""
    if indented(line):
        return None
    m = ITEM_RE.match(line.norm)
    if not m or (m.group("name") or "").startswith(NOT_NAME_START):
        return None
    number = int(m.group("num"))
    if expected is not None and number != expected and not (restart and number == 1):
        return None
    return m.group("num"), (m.group("name") or "")


def numbered_rows(content: list[Line]) -> list[Row]:
    """Numbered rows with the lines that follow each, up to the next row or heading."""
    rows: list[Row] = []
    current: Row | None = None
    expected: int | None = None
    after_heading = False
    for i, line in enumerate(content):
        if (found := numbered_item(line, expected, after_heading)) is not None:
            number, name = found
            expected = int(number) + 1
            current = Row(str(int(number)), name, i)
            rows.append(current)
            after_heading = False
        elif is_heading(content, i):
            current = None
            after_heading = True
        elif current is not None:
            current.lines.append(line)
    return rows


def is_heading(content: list[Line], i: int) -> bool:
    line = content[i]
    if GOAL_RE.match(line.norm) and not indented(line):
        return True
    return bool(POLICY_RE.match(line.text.strip())) and not indented(line) and _next_is_row(content, i)


def _next_is_row(content: list[Line], i: int) -> bool:
    for line in content[i + 1 :]:
        if line.blank:
            continue
        return numbered_item(line, None) is not None or bool(GOAL_RE.match(line.norm))
    return False


def wrapped_name(name: str, lines: list[Line]) -> bool:
    """A name on the number line continues on the next line when that line is short, unindented, not a
    sentence, and a blank or an indented paragraph follows it."""
    if len(name) < 15 or not lines or lines[0].blank or indented(lines[0]) or lines[0].text.strip().endswith("。"):
        return False
    return len(lines) == 1 or lines[1].blank or indented(lines[1])


def paragraph(lines: list[Line]) -> str:
    return "".join(line.text.rstrip() for line in lines if not line.blank).strip()
