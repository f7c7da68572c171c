"""Meaning: recovered tables and the blocks around them → indicators, projects, evaluations.

The stage after layout recovery (`hyoka.ingest.layout`) and column meaning
(`hyoka.ingest.columns`) in the ingest pipeline: bytes → text → tables of cells → meaning →
`PlanDocument`. Pure Python, no Django.

- `values`: one printed cell → value, unit, period, text (the numbers rule);
- `arrows`: `名称：54.2%（H26）→ 60%（H31）` → baseline and target;
- `tables`: a table with column meanings → indicators and projects;
- `sheet`: a single-project evaluation sheet (事務事業評価シート) → a project and its KPIs;
- `document`: the "tables and blocks" text layout that puts them together.
"""
