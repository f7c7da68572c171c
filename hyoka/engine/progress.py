"""Progress engine (進捗評価): from an indicator (指標・KPI) and its 実績値 to a Progress.

Pure functions, standard library only, no Django: the web app, reports and the CLI all
call the same code, and it is cheap to property-test. Every formula is written out in
docs/progress.md next to the reason for it.

Why not actual ÷ target: 社会移動数 goes from △321 to a target of △160; −358 ÷ −160 would
read as 224 % "achieved" while the city is moving away from the target. Progress is
therefore measured on the gap between baseline and target (進捗率), and the conventional
達成率 (actual ÷ target) is only reported where it means something.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Literal

from hyoka.jp import delta_phrase, format_number, format_quantity
from hyoka.precision import rounded

Direction = Literal["increase", "decrease", "maintain", "at_most", "at_least"]
Status = Literal["achieved", "on_track", "behind", "no_data", "pending"]
Comparator = Literal[">=", "<=", "=", ">", "<"]

_DIRECTIONS = ("increase", "decrease", "maintain", "at_most", "at_least")
_COMPARATORS = (">=", "<=", "=", ">", "<")
# Comparator implied by the direction when the target text gave none.
_DEFAULT_COMPARATOR: dict[str, str] = {
    "increase": ">=",
    "at_least": ">=",
    "maintain": ">=",  # 基準値: keeping the level or doing better
    "decrease": "<=",
    "at_most": "<=",
}
_HUNDRED = Decimal(100)
# Generous precision and no traps: overflow or 0 ÷ 0 become NaN/Infinity, which
# _finite() turns into None, so assess() never raises on odd numbers.
_CTX = Context(prec=50, rounding=ROUND_HALF_UP, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])


@dataclass(frozen=True)
class IndicatorSpec:
    """指標・KPI as the engine needs it (no database, no text)."""

    name: str
    unit: str | None
    direction: Direction
    baseline: Decimal | None
    baseline_fy: int | None
    target: Decimal | None
    target_comparator: Comparator | None
    target_fy: int | None
    # 中間目標: (fiscal year, value) the plan expects on the way to the target; a year that has one is on track
    # when its value reaches it, instead of by the projected trend (docs/progress.md, "Interim targets").
    interim: tuple[tuple[int, Decimal], ...] = ()


def interim_for(spec: IndicatorSpec, fiscal_year: int | None) -> Decimal | None:
    """The interim target (中間目標) set for ``fiscal_year``, if any; the last one given for a year wins."""
    if fiscal_year is None:
        return None
    found = None
    for year, value in spec.interim:
        if year == fiscal_year and _finite(value) is not None:
            found = _finite(value)
    return found


@dataclass(frozen=True)
class Point:
    """実績値 for one fiscal year; a pending point (確報値待ち) has no value yet."""

    fiscal_year: int | None
    value: Decimal | None
    status: Literal["final", "provisional", "pending", "not_applicable"] = "final"


@dataclass(frozen=True)
class GradeRule:
    """One achievement level of a plan's 評価基準, e.g. 1: ≥105 %, 2: 95–105 %.

    The range is [min_percent, max_percent); min_percent None marks a fall-through level
    for everything lower (e.g. 3 and 4 of あきる野市).
    """

    code: str
    min_percent: Decimal | None
    max_percent: Decimal | None = None


@dataclass(frozen=True)
class Progress:
    """The assessment of one indicator for one fiscal year."""

    fiscal_year: int | None  # the year assessed (latest observation with a value, by default)
    actual: Decimal | None
    delta: Decimal | None  # actual − baseline (基準値からの増減)
    delta_phrase: str | None  # signed style, as a KPI table prints it: △24事業所
    progress_percent: Decimal | None  # 進捗率, direction-aware, 1 decimal place
    achievement_rate: Decimal | None  # 達成率, only where meaningful, 1 decimal place
    status: Status
    projected: Decimal | None  # value projected at target_fy from the observed trend
    suggested_grade: str | None
    explanation: str  # one short Japanese sentence for a planning officer
    explanation_en: str = ""  # the same sentence in English, for pages read in English

    def explained(self, language: str = "ja") -> str:
        """The explanation in ``language`` (a Django language code: en, en-us …; anything else is Japanese)."""
        return self.explanation_en if language.startswith("en") and self.explanation_en else self.explanation


# ---------------------------------------------------------------------------
# public functions


def assess(
    spec: IndicatorSpec,
    points: Sequence[Point],
    *,
    fiscal_year: int | None = None,
    rules: Sequence[GradeRule] = (),
) -> Progress:
    """Assess ``spec`` at ``fiscal_year`` (default: the latest year that has a value).

    Only points up to the assessed year feed the trend, so assessing a past year gives
    the answer the city would have seen then.
    """
    with localcontext(_CTX):
        return _assess(spec, points, fiscal_year, rules)


def assess_years(spec: IndicatorSpec, points: Sequence[Point], *, rules: Sequence[GradeRule] = ()) -> list[Progress]:
    """One Progress per fiscal year that has a point (pending years included), oldest first."""
    years = sorted({p.fiscal_year for p in points if isinstance(p.fiscal_year, int)})
    return [assess(spec, points, fiscal_year=fy, rules=rules) for fy in years]


def suggest_grade(percent: Decimal | None, rules: Sequence[GradeRule]) -> str | None:
    """The achievement level (達成度) whose range contains ``percent``.

    Rules with a min_percent are tried from the highest min down; the first whose
    [min, max) contains the percent wins, so 105 % is "1" under 1: ≥105, 2: 95–105.
    Lower values fall through to the rules without a min: first those with a max that
    contains the percent (tightest max first), then the first unbounded one in the
    scheme's own order. Plans list levels best to worst, so that is the best remaining
    level ("3" of 3/4); later ones such as 未実施 cannot be derived from a percentage.
    """
    with localcontext(_CTX):
        p = _finite(percent)
        if p is None:
            return None
        bounded = [(r, _finite(r.min_percent), _finite(r.max_percent)) for r in rules]
        with_min = sorted((x for x in bounded if x[1] is not None), key=lambda x: x[1], reverse=True)
        for rule, lo, hi in with_min:
            if lo <= p and (hi is None or p < hi):
                return rule.code
        capped = sorted((x for x in bounded if x[1] is None and x[2] is not None), key=lambda x: x[2])
        for rule, _lo, hi in capped:
            if p < hi:
                return rule.code
        for rule, lo, hi in bounded:
            if lo is None and hi is None:
                return rule.code
        return None


# ---------------------------------------------------------------------------
# formulas


def progress_ratio(direction: str, baseline: Decimal | None, target: Decimal | None, actual: Decimal, met: bool):
    """進捗率 (unrounded): how far the actual has come from the baseline towards the target.

    increase/decrease: (actual − baseline) ÷ (target − baseline) × 100, only when the
    target lies on the direction's side of the baseline; negative means moving away.
    at_least/at_most: the same formula while the baseline is on the wrong side of the
    bound (at_most: (baseline − actual) ÷ (baseline − target)); when it already meets
    the bound, or for maintain (基準値), progress is 100 if met and None otherwise.
    """
    if direction in ("increase", "decrease"):
        if baseline is None or target is None:
            return None
        gap = target - baseline
        if gap == 0 or (gap > 0) != (direction == "increase"):
            return None
        return (actual - baseline) / gap * _HUNDRED
    if direction in ("at_least", "at_most") and baseline is not None and target is not None:
        gap = target - baseline
        if gap != 0 and (gap > 0) == (direction == "at_least"):
            return (actual - baseline) / gap * _HUNDRED
    return _HUNDRED if met else None


def achievement_ratio(direction: str, baseline: Decimal | None, target: Decimal | None, actual: Decimal):
    """達成率 (unrounded) as city tables print it, or None where the ratio misleads.

    More-is-better (increase, at_least, maintain): actual ÷ target × 100 when actual ≥ 0
    and target > 0. Less-is-better (decrease, at_most): target ÷ actual × 100 when both
    are > 0 (so 12 店舗 against a ceiling of 16 is 133.3 %). A negative baseline marks a
    signed quantity (社会移動数), where a ratio of two levels has no meaning: None.
    """
    if target is None or (baseline is not None and baseline < 0):
        return None
    if direction in ("increase", "at_least", "maintain"):
        if actual >= 0 and target > 0:
            return actual / target * _HUNDRED
        return None
    if actual > 0 and target > 0:
        return target / actual * _HUNDRED
    return None


def linear_trend(pairs: Sequence[tuple[int, Decimal]], year: int) -> Decimal | None:
    """Least-squares line through (fiscal year, value) pairs, evaluated at ``year``.

    slope = Σ(x − x̄)(y − ȳ) ÷ Σ(x − x̄)², value = ȳ + slope × (year − x̄). With two
    years it is the straight line through them; with fewer than two distinct years
    there is no trend and the result is None. Missing years are simply absent.
    """
    if len({x for x, _ in pairs}) < 2:
        return None
    n = Decimal(len(pairs))
    mean_x = sum((Decimal(x) for x, _ in pairs), Decimal(0)) / n
    mean_y = sum((y for _, y in pairs), Decimal(0)) / n
    sxy = sum(((Decimal(x) - mean_x) * (y - mean_y) for x, y in pairs), Decimal(0))
    sxx = sum(((Decimal(x) - mean_x) ** 2 for x, _ in pairs), Decimal(0))
    return _finite(mean_y + sxy / sxx * (Decimal(year) - mean_x))


# ---------------------------------------------------------------------------
# the assessment


def _assess(spec: IndicatorSpec, points: Sequence[Point], fiscal_year: int | None, rules: Sequence[GradeRule]):
    direction = spec.direction if spec.direction in _DIRECTIONS else "increase"
    comparator = spec.target_comparator if spec.target_comparator in _COMPARATORS else _DEFAULT_COMPARATOR[direction]
    baseline = _finite(spec.baseline)
    target = _finite(spec.target)
    if target is None and direction == "maintain":
        target = baseline  # 基準値: the target is the baseline
    baseline_fy = spec.baseline_fy if isinstance(spec.baseline_fy, int) else None
    target_fy = spec.target_fy if isinstance(spec.target_fy, int) else None

    dated, undated = _usable(points)
    if fiscal_year is not None:
        fy, actual = fiscal_year, dated.get(fiscal_year)
    elif dated:
        fy = max(dated)
        actual = dated[fy]
    else:
        fy, actual = None, (undated[-1] if undated else None)

    if actual is None:
        relevant = [p for p in points if fiscal_year is None or p.fiscal_year == fiscal_year]
        status: Status = "pending" if any(p.status == "pending" for p in relevant) else "no_data"
        if fy is None:  # name the year that is waiting (確報値待ち) or empty, when there is one
            years = [p.fiscal_year for p in relevant if isinstance(p.fiscal_year, int)]
            if status == "pending":
                years = [p.fiscal_year for p in relevant if p.status == "pending" and isinstance(p.fiscal_year, int)]
            fy = max(years, default=None)
        text = _no_value_text(status, fy)
        return Progress(fy, None, None, None, None, None, status, None, None, text, _no_value_text_en(status, fy))

    delta = _finite(actual - baseline) if baseline is not None else None
    met = target is not None and _meets(actual, target, comparator)
    progress = _percent(progress_ratio(direction, baseline, target, actual, met))
    achievement = _percent(achievement_ratio(direction, baseline, target, actual))

    projected_raw = None
    if target is not None and target_fy is not None and fy is not None and fy < target_fy:
        trend = {y: v for y, v in dated.items() if y <= fy}
        pairs = list(trend.items())
        if baseline is not None and baseline_fy is not None and baseline_fy <= fy and baseline_fy not in trend:
            pairs.append((baseline_fy, baseline))  # an observation for the baseline year wins
        projected_raw = linear_trend(pairs, target_fy)

    interim = interim_for(spec, fy) if target_fy is None or fy is None or fy < target_fy else None
    if target is None:
        status = "no_data"  # nothing to compare against (target not set or not numeric)
    elif met:
        status = "achieved"
    elif interim is not None:
        status = "on_track" if _meets(actual, interim, comparator) else "behind"
    elif projected_raw is not None and _meets(projected_raw, target, comparator):
        status = "on_track"
    else:
        status = "behind"

    projected = _round_like(projected_raw, [v for v in (baseline, target, actual) if v is not None])
    grade = suggest_grade(achievement if achievement is not None else progress, rules)
    if interim is not None and target is not None and not met:
        case, goal_value, goal_direction, year = _interim_case(status), interim, "increase", fy
    else:
        case = _verdict(comparator, baseline, target, delta, status, projected_raw, fy, target_fy)
        goal_value, goal_direction, year = target, direction, target_fy
    text, text_en = (
        _explain(
            language,
            case,
            unit=spec.unit,
            actual=actual,
            delta=delta,
            direction=goal_direction,
            comparator=comparator,
            goal=goal_value,
            year=year,
        )
        for language in ("ja", "en")
    )
    return Progress(
        fy,
        actual,
        delta,
        delta_phrase(delta, spec.unit, style="signed") if delta is not None else None,
        progress,
        achievement,
        status,
        projected,
        grade,
        text,
        text_en,
    )


def _usable(points: Sequence[Point]) -> tuple[dict[int, Decimal], list[Decimal]]:
    """Values that count: final or provisional (速報値), finite; the last point of a year wins.

    A pending point with a stray value is still pending (確報値待ち means no value yet),
    and not_applicable values are ignored.
    """
    dated: dict[int, Decimal] = {}
    undated: list[Decimal] = []
    for p in points:
        value = _finite(p.value)
        if value is None or p.status in ("pending", "not_applicable"):
            continue
        if isinstance(p.fiscal_year, int):
            dated[p.fiscal_year] = value
        else:
            undated.append(value)
    return dated, undated


def _meets(value: Decimal, target: Decimal, comparator: str) -> bool:
    if comparator == ">=":
        return value >= target
    if comparator == "<=":
        return value <= target
    if comparator == ">":
        return value > target
    if comparator == "<":
        return value < target
    return value == target


def _finite(value: object) -> Decimal | None:
    """Decimal or None; ints are accepted, NaN/Infinity and other types count as missing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return None


def _percent(value: Decimal | None) -> Decimal | None:
    """Round a percentage to 1 decimal place (ROUND_HALF_UP), only for the output."""
    if value is None or not value.is_finite():
        return None
    result = rounded(value, 1)  # hyoka.precision: also past the default context's 28 digits
    if not result.is_finite():
        return None
    return result.copy_abs() if result == 0 else result  # no "-0.0"


def _round_like(value: Decimal | None, inputs: list[Decimal]) -> Decimal | None:
    """Round a projection to one place more than the most precise input (max 10 places)."""
    if value is None:
        return None
    places = max([0, *(-v.as_tuple().exponent for v in inputs)])
    places = min(places + 1, 10)
    result = rounded(value, places)
    return result if result.is_finite() else None


# ---------------------------------------------------------------------------
# Japanese text


def _target_label(direction: str, comparator: str, target: Decimal, unit: str | None) -> str:
    text = format_quantity(target, unit)
    if direction == "maintain":
        return f"基準値{text}の維持"
    if comparator == ">=" and direction == "at_least":
        return f"{text}以上"
    if comparator == "<=" and direction == "at_most":
        return f"{text}以内"
    if comparator == ">":
        return f"{text}超"
    if comparator == "<":
        return f"{text}未満"
    return text


def _movement(delta: Decimal | None, actual: Decimal, unit: str | None) -> str:
    """First clause: how the value moved from the baseline (a % indicator moves in points)."""
    if delta is None:
        return f"実績値は{format_quantity(actual, unit)}で"
    if delta == 0:
        return "基準値から変化がなく"
    amount = format_number(abs(delta))
    if unit == "位":  # ranks: lower is better, a larger number is a fall
        return f"基準値から順位が{amount}位{'下がって' if delta > 0 else '上がって'}おり"
    if unit == "%":
        return f"基準値から{amount}ポイント{'上昇' if delta > 0 else '低下'}しており"
    return f"基準値から{amount}{unit or ''}{'増加' if delta > 0 else '減少'}しており"


def _verdict(comparator, baseline, target, delta, status, projected, fy, target_fy) -> str:
    """Which sentence explains a verdict against the final target: decided once, said in each language."""
    if target is None:
        return "no_target"
    if status in ("achieved", "on_track"):
        return status
    if delta is not None and _moving_away(delta, baseline, target, comparator):
        return "moving_away"
    if fy is not None and target_fy is not None and fy >= target_fy:
        return "target_year_passed"
    if projected is not None:
        return "will_miss"
    return "not_reached"


def _interim_case(status: str) -> str:
    """The sentence for a year judged by its interim target (中間目標)."""
    return "interim_reached" if status == "on_track" else "interim_not_reached"


SENTENCES = {  # {first}: the movement from the baseline; {goal}: the target or interim target as a phrase
    "ja": {
        "no_target": "{first}、目標値が数値で設定されていないため達成状況を判定できません。",
        "achieved": "{first}、{goal}を達成しています。",
        "on_track": "{first}、このままの傾向で{year}年度には{goal}を達成する見込みです。",
        "moving_away": "{first}、{goal}と逆方向に推移しています。",
        "target_year_passed": "{first}、目標年度を迎えましたが{goal}に届いていません。",
        "will_miss": "{first}、このままの傾向では{goal}に届かない見込みです。",
        "not_reached": "{first}、{goal}に届いていません。",
        "interim_reached": "{first}、{goal}に達しています。",
        "interim_not_reached": "{first}、{goal}に届いていません。",
    },
    "en": {
        "no_target": "{first}; the target is not a number, so progress cannot be judged.",
        "achieved": "{first}: {goal} is reached.",
        "on_track": "{first}: at this pace {goal} will be reached by FY{year}.",
        "moving_away": "{first}: moving away from {goal}.",
        "target_year_passed": "{first}: the target year has come and {goal} is not reached.",
        "will_miss": "{first}: at this pace {goal} will not be reached.",
        "not_reached": "{first}: {goal} is not reached yet.",
        "interim_reached": "{first}: {goal} is reached.",
        "interim_not_reached": "{first}: {goal} is not reached.",
    },
}


def _explain(language: str, case: str, *, unit, actual, delta, direction, comparator, goal, year) -> str:
    """The engine's sentence on a verdict (``case``, from _verdict or _interim_case) in ``language``."""
    interim = case.startswith("interim")
    if language == "en":
        first = _movement_en(delta, actual, unit)
        label = _target_label_en(direction, comparator, goal, unit) if goal is not None else ""
        phrase = f"the interim target for FY{year} ({label})" if interim else f"the target ({label})"
    else:
        first = _movement(delta, actual, unit)
        label = _target_label(direction, comparator, goal, unit) if goal is not None else ""
        phrase = f"{year}年度の中間目標（{label}）" if interim else f"目標（{label}）"
    return SENTENCES[language][case].format(first=first, goal=phrase, year=year)


def _moving_away(delta: Decimal, baseline: Decimal | None, target: Decimal, comparator: str) -> bool:
    """Did the value move against the comparator (for "=", away from the target)?"""
    if delta == 0:
        return False
    if comparator == "=":
        if baseline is None or baseline == target:
            return True
        return (delta > 0) != (target > baseline)
    return (delta > 0) != (">" in comparator)


def _no_value_text(status: str, fy: int | None) -> str:
    year = f"{fy}年度の" if fy is not None else ""
    if status == "pending":
        return f"{year}実績値は確定待ち（確報値待ち）のため、まだ評価できません。"
    return f"{year}実績値がないため評価できません。"


# ---------------------------------------------------------------------------
# the same sentences in English (the pages' English; units stay as the city writes them: 事業所, 人)


def _target_label_en(direction: str, comparator: str, target: Decimal, unit: str | None) -> str:
    text = format_quantity(target, unit)
    if direction == "maintain":
        return f"keeping the baseline {text}"
    words = {">=": "at least ", "<=": "at most ", ">": "more than ", "<": "less than "}
    if comparator in (">", "<") or (comparator == ">=" and direction == "at_least"):
        return words[comparator] + text
    if comparator == "<=" and direction == "at_most":
        return words[comparator] + text
    return text


def _movement_en(delta: Decimal | None, actual: Decimal, unit: str | None) -> str:
    if delta is None:
        return f"The value is {format_quantity(actual, unit)}"
    if delta == 0:
        return "No change from the baseline"
    return f"{delta_phrase(delta, unit, language='en').capitalize()} from the baseline"


def _no_value_text_en(status: str, fy: int | None) -> str:
    year = f" for FY{fy}" if fy is not None else ""
    if status == "pending":
        return f"The value{year} awaits final figures, so it cannot be assessed yet."
    return f"There is no value{year}, so it cannot be assessed."
