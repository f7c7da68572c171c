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
from hyoka.engine.targets import (
    Target,
    TargetChange,
    assess_in_force,
    revision_in_force,
    spec_with_target,
    target_for_year,
)

__all__ = [
    "Comparator",
    "Direction",
    "GradeRule",
    "IndicatorSpec",
    "Point",
    "Progress",
    "Status",
    "Target",
    "TargetChange",
    "assess",
    "assess_in_force",
    "assess_years",
    "revision_in_force",
    "spec_with_target",
    "suggest_grade",
    "target_for_year",
]
