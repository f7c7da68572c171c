"""Arrow lines: `市民の満足度：54.2%（H26）→ 60%（H31）` → an indicator's baseline and target.

Plans print a KPI as "from → to" alone on a line, inside run-on prose (`…を進めます。市民の満足度：
54.2%（H26）→ 60%（H31）を目指します`), or inside a table cell with the year glued on
(`H26年▲1,250→H31年▲600`, the name being the row's). The left side is the baseline, the right
side the target; each side keeps its printed text and its period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hyoka.ingest.meaning.values import PERIOD, CellValue, nfkc_aligned, read_cell

ARROWS = "→⇒➡⇨➔"
_NUM = r"[+△▲−\-]?\s*\d[\d,]*(?:\.\d+)?"
_UNIT = r"(?:[万億兆](?:[^\s\d→⇒➡⇨➔（()）、。,:：]{0,5})|%|％|‰|[^\s\d→⇒➡⇨➔（()）、。,:：を]{1,5})?"
_SIDE = (
    rf"(?:(?:{PERIOD})\s*[:：]?\s*)?{_NUM}\s*{_UNIT}(?:\s*[/／][年月週日])?"
    rf"(?:\s*[（(]\s*(?:{PERIOD})\s*[^）)]{{0,6}}[）)])?"
)
ARROW_RE = re.compile(
    rf"(?:(?P<name>[^\s:：。！？!?→⇒➡⇨➔][^:：。！？!?→⇒➡⇨➔]{{0,60}}?)\s*[:：]\s*)?"
    rf"(?P<before>{_SIDE})\s*(?:[{ARROWS}]|->|⇒)\s*(?P<after>{_SIDE})"
)
_LEAD_RE = re.compile(r"^[\s・○●◎◇◆□■☆★\-－※*]+")


@dataclass(frozen=True)
class Arrow:
    """One "before → after" pair; `name` is None inside a cell (the row names the KPI)."""

    name: str | None
    before: CellValue
    after: CellValue
    start: int  # where the pair starts in the (NFKC) text


def find_arrows(text: str, era_hint: str | None = None) -> list[Arrow]:
    """Every arrow pair in a line, a paragraph or a cell; sides that hold no number are skipped."""
    s = nfkc_aligned(text)
    found: list[Arrow] = []
    for m in ARROW_RE.finditer(s):
        before = read_cell(text[m.start("before") : m.end("before")], era_hint)
        after = read_cell(text[m.start("after") : m.end("after")], era_hint)
        if before.value is None or after.value is None:
            continue
        name = text[m.start("name") : m.end("name")] if m["name"] else _name_before(text, m.start())
        found.append(Arrow(_clean_name(name), before, after, m.start()))
    return found


_SPACED_RUN_RE = re.compile(r"(?<!\S)(?:\S ){2,}\S(?!\S)")
_BULLETS = "◆◇○●■□☆★"


def _name_before(text: str, at: int) -> str | None:
    """The label printed just before a pair with no colon.

    On a short line (`転入超過数 H26年▲1,250→…`) the whole head; in run-on text the last phrase,
    with justified characters put back together (`実 施 箇 所` → 実施箇所), and a short phrase
    qualified by the bulleted item it belongs to (`◆延長保育の拡充 … 実施箇所` → `延長保育の拡充 実施箇所`).
    """
    head = re.split(r"[。！？!?\n]", text[:at])[-1].strip()
    if not head or re.search(r"[→⇒]", head[-40:]):
        return None
    if len(head) <= 40 and re.search(r"[^\d\s]{2}", head) and len(head.split()) <= 3:
        return head
    joined = _SPACED_RUN_RE.sub(lambda m: m[0].replace(" ", ""), head)
    phrase = joined.split()[-1] if joined.split() else ""
    if (label := _label_before_qualifier(head)) is not None:
        phrase = label
    if not re.search(r"[^\d\s,.]{2}", phrase) or len(phrase) > 30:
        return None
    bullet = max(joined.rfind(b) for b in _BULLETS)
    if len(phrase) <= 8 and bullet >= 0:
        group = joined[bullet + 1 :].split()[0] if joined[bullet + 1 :].split() else ""
        if group and group != phrase:
            return f"{group} {phrase}"
    return phrase


_QUALIFIER_RE = re.compile(r"\S*[(（][^()（）]{1,20}[)）]$")


def _label_before_qualifier(head: str) -> str | None:
    """`実 施 箇 所 病児保育(病後児併設型)3→4か所`: a justified label (a table's label cell) followed by a
    bracketed qualifier glued to the figure — the qualifier belongs to the value cell, the label names
    the KPI. None when the head does not end that way."""
    if head != head.rstrip() or not _QUALIFIER_RE.search(head):
        return None
    words = head.split()
    if len(words) < 2:
        return None
    runs = list(_SPACED_RUN_RE.finditer(head))
    if not runs or head[runs[-1].end() :].split() != [words[-1]]:
        return None
    return runs[-1][0].replace(" ", "")


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = _LEAD_RE.sub("", name).strip()
    name = re.sub(r"^(?:KPI|指標|数値目標|成果指標|目標)\s*[:：]?\s*", "", name).strip()
    return name or None
