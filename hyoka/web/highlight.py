"""Search snippets: a window of text around the first match, every match wrapped in <mark>.

Pure Python, no Django. Matching is on NFKC, case-folded text (so ﾈｳﾎﾞﾗ finds ネウボラ and ３歳
finds 3歳) while the snippet shows the text as stored; each normalised character remembers the
stretch of original text it came from, which keeps the <mark> on the right characters.
"""

from __future__ import annotations

import unicodedata
from html import escape

from hyoka.jp.matching import normalise

# Half-width voiced marks combine with the kana before them under NFKC (ﾎﾞ → ボ).
_JOINERS = "\uff9e\uff9f\u3099\u309a"


def _normalised_with_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and (text[j] in _JOINERS or unicodedata.combining(text[j])):
            j += 1
        piece = normalise(text[i:j])
        out.append(piece)
        spans.extend([(i, j)] * len(piece))
        i = j
    return "".join(out), spans


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where any of ``words`` occurs in ``text`` (as original-text ranges, merged, in order)."""
    folded, spans = _normalised_with_spans(text)
    found: list[tuple[int, int]] = []
    for word in {normalise(w) for w in words if w.strip()}:
        start = folded.find(word)
        while start != -1:
            found.append((spans[start][0], spans[start + len(word) - 1][1]))
            start = folded.find(word, start + 1)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def snippet(text: str, words: list[str], *, before: int = 30, after: int = 70) -> str:
    """Escaped HTML: the text around the first match with matches in <mark>; the start of the text if none."""
    matches = match_spans(text, words)
    if not matches:
        cut = text[: before + after]
        return escape(cut) + ("…" if len(text) > len(cut) else "")
    start = max(0, matches[0][0] - before)
    end = min(len(text), matches[0][1] + after)
    parts = ["…" if start > 0 else ""]
    position = start
    for a, b in matches:
        if a >= end:
            break
        a, b = max(a, start), min(b, end)
        parts.append(escape(text[position:a]))
        parts.append(f"<mark>{escape(text[a:b])}</mark>")
        position = b
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)
