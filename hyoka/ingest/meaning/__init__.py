"""Meaning: recovered tables and the blocks around them → indicators, projects, evaluations.

The stage after layout recovery (`hyoka.ingest.layout`) and column meaning
(`hyoka.ingest.columns`) in the ingest pipeline: bytes → text → tables of cells → meaning →
`PlanDocument`. Pure Python, no Django.

- `values`: one printed cell → value, unit, period, text (the numbers rule);
- `arrows`: `名称：54.2%（H26）→ 60%（H31）` → baseline and target;
- `tables`: a table with column meanings → indicators and projects;
- `stream`: KPI tables no layout recovery found, read as a stream of tokens by what each token
  means (header words, figures, periods, names): header-then-rows, label/value records, year
  grids one cell per line, figures labelled in running text;
- `records`, `listed`, `glued`, `pairs`, `prose`: tables that lost their grid — each cell after its
  column's word, 、-separated rows under an order sentence, cells glued with no separator, name /
  dated value / target lines, targets stated in sentences (kanji numerals too);
- `sheet`: a single-project evaluation sheet (事務事業評価シート) → a project and its KPIs;
- `document`: the "tables and blocks" text layout that puts them together.
"""
