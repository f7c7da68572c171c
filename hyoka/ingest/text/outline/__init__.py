"""The "outline" layout of plan texts: goals and policies with tables and blocks under them.

One reader for the layouts cities print a strategy in (see DESIGN.md), keyed on structure only,
never on a city's wording, so another city's plan in the same family reads without changes.
`reader.py` walks the lines once and hands each block to its stage:

- `headings.py`: 基本目標 / 基本施策 / 施策の方向 / 第1章 / ①… headings → the section tree;
- `tables.py` → `kpi_tables.py` (指標 / 基準値 / 現状値 / 増減 / 目標値 and their ※ notes) and
  `project_tables.py` (事業名 / 取組内容 / 所管課);
- `initiatives.py`: ◇initiative【継続】 施策311 blocks with 予算事務事業 rows;
- `progress.py`: ○project blocks of a progress summary (narrative, highlight metrics), rankings;
- `revisions.py`: 【対象ページ】 revision points with KPIs and benchmarks in their prose;
- `document.py`: all of it → one `PlanDocument` (title, kind, evaluations, duplicates merged);
- `marks.py`: what every stage reads a line with (NFKC for matching, tab cells, bullets, periods).
"""

from hyoka.ingest.text.outline.reader import OutlineReader, detect_outline, read_outline

__all__ = ["OutlineReader", "detect_outline", "read_outline"]
