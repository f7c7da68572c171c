"""Progress engine (進捗評価): pure Python, no Django. See docs/progress.md."""

from hyoka.engine.progress import (
    Comparator,
    Direction,
    GradeRule,
    IndicatorSpec,
    Point,
    Progress,
    Status,
    assess,
    assess_years,
    suggest_grade,
)

__all__ = [
    "Comparator",
    "Direction",
    "GradeRule",
    "IndicatorSpec",
    "Point",
    "Progress",
    "Status",
    "assess",
    "assess_years",
    "suggest_grade",
]
