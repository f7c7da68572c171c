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


def _name_before(text: str, at: int) -> str | None:
    """`転入超過数 H26年▲1,250→…`: a short label printed just before the pair, on its line."""
    head = re.split(r"[。！？!?\n]", text[:at])[-1].strip()
    if 2 <= len(head) <= 40 and re.search(r"[^\d\s]{2}", head) and not re.search(r"[→⇒]", head):
        return head
    return None


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = _LEAD_RE.sub("", name).strip()
    name = re.sub(r"^(?:KPI|指標|数値目標|成果指標|目標)\s*[:：]?\s*", "", name).strip()
    return name or None
