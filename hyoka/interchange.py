"""The `hyoka.plan/1` interchange model (see DESIGN.md, "The interchange contract").

Every ingest reader produces a `PlanDocument`, the loader consumes it, and
`hyoka export --format json` writes it back. It is defined once, here, with no
Django import, so readers and tests can use it without a database.

Values are JSON numbers (△24 → -24, 95.7% → 95.7 with unit "%"); text stays as
written. Identity is by natural keys (names, numbers, labels), never row ids.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hyoka.jp.municipalities import check_digit, code_is_valid
from hyoka.precision import FIRST_YEAR, LAST_YEAR, number_problem

SCHEMA = "hyoka.plan/1"

Direction = Literal["increase", "decrease", "maintain", "at_most", "at_least"]
Comparator = Literal[">=", "<=", "=", ">", "<"]
ObservationStatus = Literal["final", "provisional", "pending", "not_applicable"]
# An evaluation's place in the yearly cycle (Evaluation.Status); absent: unknown, loaded as a draft.
EvaluationState = Literal["not_started", "draft", "submitted", "returned", "approved"]
PlanKind = Literal[
    "comprehensive_strategy",  # まち・ひと・しごと創生総合戦略
    "master_plan",  # 総合計画
    "child_support_plan",  # 子ども・子育て支援事業計画
    "sector_plan",  # 個別計画
    "other",
]

# Numbers travel as JSON numbers; Decimal keeps 1.18 exactly 1.18 on the way through. Whether the database can
# hold one is `unstorable`'s question, asked where a document comes in (parse_document, the loader), not here:
# a document exported from rows stored before the rule must still be built, and then show the value as it is.
Number = Annotated[Decimal, Field(allow_inf_nan=False)]
# A 年度 or calendar year. Its range (hyoka.precision's years) is checked on reading, as numbers are, not by the
# model: a document exported from a year stored before the rule must still be built, and then shows it.
YEAR = "year"
Year = Annotated[int, YEAR]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Period(Model):
    """A point or span in time with the label the document printed (令和4年度末, H28 末現在)."""

    label: str
    fiscal_year: Year | None = None  # 年度 (April–March), e.g. FY2022 = 令和4年度
    year: Year | None = None  # calendar year, where the label names one (平成29年)
    date: dt.date | None = None  # a day, where the label names one (平成31年1月1日時点)


class Municipality(Model):
    code: str = Field(pattern=r"^\d{6}$", description="全国地方公共団体コード (6 digits, with check digit)")
    name: str = Field(min_length=1)
    prefecture: str = Field(min_length=1)

    @field_validator("code")
    @classmethod
    def _check_digit(cls, code: str) -> str:
        if not code_is_valid(code):
            raise ValueError(f"check digit of {code} is wrong (expected {code[:5]}{check_digit(code[:5])})")
        return code


class PlanInfo(Model):
    title: str = Field(min_length=1)
    kind: PlanKind = "comprehensive_strategy"
    start_fy: Year | None = None
    end_fy: Year | None = None
    version: str = ""  # 第1期, 第2期, 改定 …
    section_levels: list[str] = []  # the names this plan gives its levels: 基本目標, 基本施策 …
    source: str | None = None  # the document this plan was read from
    notes: list[str] = []


class Grade(Model):
    code: str = Field(min_length=1)
    label: str | None = None


class AchievementLevel(Model):
    code: str = Field(min_length=1)
    label: str | None = None
    min_percent: Number | None = None  # e.g. 1: 計画以上 ≥ 105 %
    max_percent: Number | None = None  # e.g. 2: 計画どおり 95 % – 105 % (upper bound exclusive)


class EvaluationScheme(Model):
    legend_text: str | None = None
    grades: list[Grade] = []
    achievement_levels: list[AchievementLevel] = []
    # 今後の方向性 choices (拡充・継続・改善 …); absent: the seven common words. The sheet's fields below are
    # None when absent (not []), so documents written before them stay byte-identical when exported again.
    directions: list[str] | None = None
    unit_cost_per_person_year: Number | None = None  # 人件費単価 in yen: 人件費 = 人工 × this


class Baseline(Model):
    value: Number | None = None
    text: str | None = None  # as printed, where the value alone loses information (—)
    period: Period | None = None


class Target(Model):
    value: Number | None = None
    comparator: Comparator | None = None
    text: str | None = None  # 基準値, 基準値以上, 2.0%以内, 年間15件 …
    period: Period | None = None


class TargetRevision(Model):
    """A change of an indicator's target (目標改定): the target it replaced, the new one, the first fiscal
    year the new one is in force, when it was decided and why. In the order decided; the indicator's
    own `target` is the one in force now."""

    before: Target
    after: Target
    effective_from_fy: Year
    decided: dt.date
    reason: str = Field(min_length=1)


class Observation(Model):
    value: Number | None = None
    period: Period
    status: ObservationStatus = "final"
    text: str | None = None  # the cell as printed (確報値待ち, 年間 15 件, —)
    note: str | None = None

    @model_validator(mode="after")
    def _value_or_reason(self) -> Observation:
        if self.value is None and self.status in ("final", "provisional"):
            raise ValueError("an observation without a value must have status 'pending' or 'not_applicable'")
        return self


class StatedDelta(Model):
    """The 基準値からの増減 column as the document printed it (checked against our own computation)."""

    value: Number | None = None
    text: str


class Indicator(Model):
    name: str = Field(min_length=1)
    unit: str | None = None
    direction: Direction = "increase"
    baseline: Baseline | None = None
    target: Target | None = None
    observations: list[Observation] = []
    stated_delta: StatedDelta | None = None
    target_revisions: list[TargetRevision] = []  # the target's history, oldest first (optional)
    project_number: str | None = None  # links a target stated inside a project (《令和6年度目標値》)
    definition: str | None = None
    source: str | None = None
    notes: list[str] = []

    @model_validator(mode="after")
    def _one_observation_per_period(self) -> Indicator:
        _require_unique("observation period", [o.period.label for o in self.observations])
        return self


class BudgetItem(Model):
    """予算事務事業: a 10-digit budget code (absent where the document prints '-'), name, department."""

    code: str | None = Field(default=None, pattern=r"^\d{10}$")
    name: str = Field(min_length=1)
    department: str | None = None


class Metric(Model):
    """A figure reported for a project in a year, optionally with the value it moved from."""

    name: str = Field(min_length=1)
    value: Number | None = None
    unit: str | None = None
    period: Period | None = None
    text: str | None = None
    before: Observation | None = None
    delta_text: str | None = None  # the phrase as printed: 462人増, 7.8ポイント上昇


class EvaluationCost(Model):
    """事業費 and staff time of the year, in yen and person-years (人工)."""

    budget: Number | None = None  # 予算額
    settlement: Number | None = None  # 決算額
    person_years: Number | None = None  # 人工


class Viewpoint(Model):
    """One of the three viewpoints of a 行政評価 sheet: its grade (A 高い, B 中程度, C 低い) and comment."""

    name: Literal["necessity", "effectiveness", "efficiency"]  # 必要性・有効性・効率性
    grade: Literal["A", "B", "C"] | None = None
    comment: str | None = None


class Evaluation(Model):
    fiscal_year: Year
    state: EvaluationState | None = None  # approved: reviewed and publishable; a document's own is unknown
    grade: str | None = None
    achievement: str | None = None
    narrative: str | None = None
    future_direction: str | None = None  # 今後の方針
    direction: str | None = None  # 今後の方向性, one of the scheme's directions
    cost: EvaluationCost | None = None
    viewpoints: list[Viewpoint] | None = None
    committee_opinion: str | None = None  # 外部評価委員会の意見
    city_response: str | None = None  # 対応方針
    metrics: list[Metric] = []
    references: list[str] = []  # 資料３「…」のとおり


class Attachment(Model):
    title: str = Field(min_length=1)
    kind: Literal["image", "document", "link"] = "image"
    uri: str | None = None


class Project(Model):
    number: str | None = None
    name: str = Field(min_length=1)
    description: str | None = None
    status: str | None = None  # 継続 / 新規 / 拡充 / 検討 / 追加 …
    departments: list[str] = []
    budget_items: list[BudgetItem] = []
    policy_refs: list[str] = []  # master-plan references such as 施策311
    attachments: list[Attachment] = []
    evaluations: list[Evaluation] = []
    notes: list[str] = []

    @model_validator(mode="after")
    def _unique_children(self) -> Project:
        _require_unique("evaluation fiscal_year", [e.fiscal_year for e in self.evaluations])
        _require_unique("department", self.departments)
        _require_unique("budget item", [(b.code, b.name) for b in self.budget_items])
        _require_unique("attachment", [a.title for a in self.attachments])
        return self


class Section(Model):
    number: str | None = None
    level: str = Field(min_length=1)  # 基本目標, 基本施策, 施策の方向 … as the plan names it
    title: str = Field(min_length=1)
    pages: str | None = None
    indicators: list[Indicator] = []
    projects: list[Project] = []
    sections: list[Section] = []

    @model_validator(mode="after")
    def _unique_children(self) -> Section:
        _require_unique("indicator", [(i.name, i.project_number) for i in self.indicators])
        _require_unique("project", [(p.number, p.name) for p in self.projects])
        _require_unique("section", [(s.level, s.number, s.title) for s in self.sections])
        return self


class Benchmark(Model):
    """A value of another area for comparison (合計特殊出生率 of 小平市 …)."""

    indicator: str = Field(min_length=1)
    area: str = Field(min_length=1)
    value: Number
    unit: str | None = None
    period: Period | None = None
    source: str | None = None


class Revision(Model):
    """A revision point of the plan (改定ポイント) for one section, with its page range."""

    section: str = Field(min_length=1)
    pages: str | None = None
    points: list[str] = []
    notes: list[str] = []


class PlanDocument(Model):
    schema_: Literal["hyoka.plan/1"] = Field(alias="schema")
    municipality: Municipality
    plan: PlanInfo
    evaluation_scheme: EvaluationScheme | None = None
    indicators: list[Indicator] = []  # plan-level indicators not under a section (人口ビジョン)
    sections: list[Section] = []
    benchmarks: list[Benchmark] = []
    revisions: list[Revision] = []

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _unique_top_level(self) -> PlanDocument:
        _require_unique("section", [(s.level, s.number, s.title) for s in self.sections])
        # A project or indicator is one thing in a plan wherever it is filed: that is how a later
        # document that moves it to another section updates it instead of adding a second one.
        _require_unique("project (plan-wide)", [(p.number, p.name) for p in self.all_projects()])
        _require_unique("indicator (plan-wide)", [(i.name, i.project_number) for i in self.all_indicators()])
        _require_unique(
            "benchmark", [(b.indicator, b.area, b.period.label if b.period else None) for b in self.benchmarks]
        )
        return self

    def all_sections(self) -> list[Section]:
        """Every section, depth first in reading order."""
        found: list[Section] = []

        def walk(sections: list[Section]) -> None:
            for s in sections:
                found.append(s)
                walk(s.sections)

        walk(self.sections)
        return found

    def all_projects(self) -> list[Project]:
        return [p for s in self.all_sections() for p in s.projects]

    def all_indicators(self) -> list[Indicator]:
        return self.indicators + [k for s in self.all_sections() for k in s.indicators]

    def to_json(self) -> str:
        """Canonical JSON: stable key order, UTF-8 text, numbers without trailing zeros."""
        data = self.model_dump(mode="python", by_alias=True, exclude_none=True, exclude_defaults=False)
        return json.dumps(_plain(data), ensure_ascii=False, indent=2) + "\n"


class DocumentError(ValueError):
    """A document that does not satisfy the contract; each message names its JSON path."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


def parse_document(data: str | bytes | dict[str, Any], source: str = "<document>") -> PlanDocument:
    """Validate JSON text (or already-decoded data) into a PlanDocument, or raise DocumentError."""
    if not isinstance(data, dict):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as e:
            raise DocumentError(source, [f"line {e.lineno} column {e.colno}: not valid JSON ({e.msg})"]) from e
        except UnicodeDecodeError as e:
            raise DocumentError(source, [f"byte {e.start}: not UTF-8 text"]) from e
        except RecursionError as e:  # json.loads recurses once per level: a thousand levels break it
            raise DocumentError(source, ["$: nested too deep (JSON objects and arrays within each other)"]) from e
        if not isinstance(data, dict):
            raise DocumentError(source, ["$: expected a JSON object"])
    if data.get("schema") != SCHEMA:
        raise DocumentError(source, [f"$.schema: expected {SCHEMA!r}, found {data.get('schema')!r}"])
    try:
        document = PlanDocument.model_validate(data)
    except ValidationError as e:
        raise DocumentError(source, [f"{json_path(err['loc'])}: {err['msg']}" for err in e.errors()]) from e
    if problems := unstorable(document):
        raise DocumentError(source, problems)
    return document


def unstorable(model: BaseModel, path: str = "$") -> list[str]:
    """Every number or year of `model` the database cannot hold (hyoka.precision's rule), with its JSON path."""
    problems: list[str] = []
    for name, value in model:
        field = type(model).model_fields[name]
        problems += _unstorable(
            value, f"{path}.{field.alias or name}", YEAR in field.metadata or _is_year(field.annotation)
        )
    return problems


def _is_year(annotation: Any) -> bool:
    """Year | None (a plain Year's mark is in its field's metadata)."""
    return annotation == Year or any(_is_year(a) for a in get_args(annotation) if a is not YEAR)


def _unstorable(value: Any, path: str, year: bool = False) -> list[str]:
    if year and isinstance(value, int) and not FIRST_YEAR <= value <= LAST_YEAR:
        return [f"{path}: {value} is not a year from {FIRST_YEAR} to {LAST_YEAR}"]
    if isinstance(value, Decimal):
        problem = number_problem(value)
        return [f"{path}: {problem}"] if problem else []
    if isinstance(value, BaseModel):
        return unstorable(value, path)
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _unstorable(v, f"{path}[{i}]")]
    return []


def json_path(loc: tuple[Any, ...]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _require_unique(kind: str, keys: list[Any]) -> None:
    seen: set[Any] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"duplicate {kind} {key!r}: natural keys must be unique")
        seen.add(key)


def _plain(value: Any) -> Any:
    """Turn Decimals into ints or floats and dates into ISO text, recursively, for json.dumps."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v != [] or k in _KEEP_EMPTY}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return number_to_json(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_KEEP_EMPTY = {"sections"}


def number_to_json(value: Decimal) -> int | float:
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return int(normalized)
    return float(normalized)
