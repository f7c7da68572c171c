"""Checks of a plan against itself: where a document's printed change disagrees with its own numbers.

Cities type 基準値からの増減 and "462人増" by hand; a slip there is common (seed 000 prints
462人増 for 2,684人 → 3,128人, which is 444). The reader keeps what is printed; these checks
say where it does not add up, as warnings a planning officer can look into.
"""

from __future__ import annotations

from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.base import Place, Warning
from hyoka.jp import QuantityError, format_quantity, parse_delta_phrase


def check_deltas(doc: ix.PlanDocument, source: str) -> list[Warning]:
    warnings = []
    for k in doc.all_indicators():
        stated = k.stated_delta
        latest = next((o for o in reversed(k.observations) if o.value is not None), None)
        if stated is None or stated.value is None or latest is None or not k.baseline or k.baseline.value is None:
            continue
        computed = latest.value - k.baseline.value
        if computed != stated.value:
            warnings.append(
                _warning(source, f"指標「{k.name}」", stated.text, k.baseline.value, latest.value, computed, k.unit)
            )
    for project in doc.all_projects():
        for evaluation in project.evaluations:
            for m in evaluation.metrics:
                if not (m.delta_text and m.before and m.before.value is not None and m.value is not None):
                    continue
                try:
                    stated_value, _ = parse_delta_phrase(m.delta_text, unit=m.unit)
                except (QuantityError, ValueError):
                    continue
                computed = m.value - m.before.value
                if computed != stated_value:
                    where = f"事業「{project.name}」の「{m.name}」"
                    warnings.append(_warning(source, where, m.delta_text, m.before.value, m.value, computed, m.unit))
    return warnings


def _warning(source: str, what: str, printed: str, before: Decimal, after: Decimal, computed: Decimal, unit) -> Warning:
    def show(value: Decimal) -> str:
        return format_quantity(value, unit)

    return Warning(
        Place(source),
        f"{what}: 記載の増減「{printed}」が数値と合いません（{show(before)} → {show(after)} は {show(computed)}）",
    )
