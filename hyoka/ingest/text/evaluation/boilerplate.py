"""Page furniture of a table printed over many pages: headers, column titles, legends and page numbers.

A PDF table repeats its page header, its column headings and its legend on every page, and text
extraction drops them between (or inside) rows. They are found as *blocks* that recur: runs of
consecutive lines whose line-to-line successions recur many times (`項`→`目`→`N`→`o`). Single lines
that recur are not enough: in an evaluation table `子ども家庭支援セ` or `継続して実施しました。`
recur as often as the header does. Truncated copies of the header (the last page prints only part
of it) are caught by extending the blocks over neighbouring lines whose text occurs in a full block.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from hyoka.ingest.facts import key
from hyoka.ingest.text.lines import Line

MIN_REPEATS = 3  # a block must recur at least this often to be page furniture
MIN_BLOCK = 4  # lines

PAGE_NUMBER_RE = re.compile(r"^(?:[-－ー―‐]\s*\d{1,3}\s*[-－ー―‐]|\d{1,3}\s*/\s*\d{1,3}|[pP]\.?\s*\d{1,3}|\d{1,3})$")
DASHED_PAGE_RE = re.compile(r"^(?:[-－ー―‐]\s*\d{1,3}\s*[-－ー―‐]|\d{1,3}\s*/\s*\d{1,3}|[pP]\.\s*\d{1,3})$")


def find_boilerplate(lines: list[Line]) -> set[int]:
    """Indexes (into `lines`) of repeated page headers, legends and page numbers."""
    keys = [key(line.text) for line in lines]
    nonblank = [i for i, k in enumerate(keys) if k]
    pairs = Counter((keys[a], keys[b]) for a, b in zip(nonblank, nonblank[1:], strict=False))
    marked: set[int] = set()
    run: list[int] = []  # positions in `nonblank` whose pair with the next one recurs
    for pos in range(len(nonblank) - 1):
        if pairs[(keys[nonblank[pos]], keys[nonblank[pos + 1]])] >= MIN_REPEATS:
            run.append(pos)
            continue
        marked |= _block(run, nonblank, keys, pairs)
        run = []
    marked |= _block(run, nonblank, keys, pairs)
    marked |= _page_edges(lines, keys)
    furniture = {keys[i] for i in marked}
    # extend over truncated copies: neighbours whose text belongs to a full block
    changed = True
    while changed:
        changed = False
        for pos, i in enumerate(nonblank):
            if i in marked or keys[i] not in furniture:
                continue
            neighbours = nonblank[max(pos - 1, 0) : pos + 2]
            if any(n in marked for n in neighbours if n != i):
                marked.add(i)
                changed = True
    # page numbers: printed as - 3 -, or alone on a line just before the next page's furniture
    # (a bare number just after the furniture may be the next row's number: the reader decides)
    for pos, i in enumerate(nonblank):
        text = lines[i].norm
        following = nonblank[pos + 1] if pos + 1 < len(nonblank) else None
        if DASHED_PAGE_RE.match(text) or (PAGE_NUMBER_RE.match(text) and following in marked):
            marked.add(i)
    return marked


def _page_edges(lines: list[Line], keys: list[str], top: int = 12, bottom: int = 2) -> set[int]:
    """With page breaks known (form feeds), lines at the top or foot of at least half the pages
    (and of two at least) are page furniture even when the table has only two pages."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.page is not None and keys[i]:
            pages.setdefault(line.page, []).append(i)
    if len(pages) < 2:
        return set()
    edges = {p: idx[:top] + idx[-bottom:] for p, idx in pages.items()}
    seen = Counter(k for idx in edges.values() for k in {keys[i] for i in idx})
    need = max(2, len(pages) / 2)
    return {i for idx in edges.values() for i in idx if seen[keys[i]] >= need}


def _block(run: list[int], nonblank: list[int], keys: list[str], pairs: Counter) -> set[int]:
    """A run of recurring successions is furniture when long enough; weak links at its ends (a row's
    last line that happens to precede the header a few times) are trimmed off first."""
    if not run:
        return set()
    counts = [pairs[(keys[nonblank[p]], keys[nonblank[p + 1]])] for p in run]
    floor = statistics.median(counts) / 2
    start, end = 0, len(run)
    while start < end and counts[start] < floor:
        start += 1
    while end > start and counts[end - 1] < floor:
        end -= 1
    kept = run[start:end]
    if len(kept) + 1 < MIN_BLOCK:
        return set()
    return {nonblank[p] for p in kept} | {nonblank[kept[-1] + 1]}
