"""The numbered evaluation table: a yearly evaluation of a plan's projects, one numbered row each.

Rows read `N 事業名` (the name may sit on the lines after a bare number, or wrap), a description
paragraph, an optional `《令和6年度目標値》` block, one or more 担当課 lines, then the grade and the
achievement level (`保育課 A 2`, or on lines of their own) followed by the year's narrative. Rows sit
under 基本目標N and ①… headings. Page headers, column titles and the legend repeat on every page and
are dropped as recurring blocks; the legend becomes the EvaluationScheme.
Everything keys on that structure, never on one city's wording.

Its stages: `front.py` sets the page furniture (`boilerplate.py`) and preamble apart and finds the
title, year and legend there; `rows.py` cuts the numbered rows; `grades.py` finds each row's grade,
achievement and departments; `targets.py` reads a row's 《目標値》 block and the actuals that answer it;
`reader.py` puts them into sections, projects and evaluations.
"""

from hyoka.ingest.text.evaluation.grades import departments
from hyoka.ingest.text.evaluation.reader import EvaluationTableReader, detect_evaluation_table, read_evaluation_table

__all__ = ["EvaluationTableReader", "departments", "detect_evaluation_table", "read_evaluation_table"]
