"""The API's schemas: one per endpoint's answer and body, built on the hyoka.plan/1 models where the shape
is the plan's (a project, a KPI, an entry), with the row ids and the figures an API reader needs beside them.

Answers are described in pydantic's validation mode (api.py's ``_OpenAPI``): a hyoka.plan/1 number is a
Decimal, which the API writes as a JSON number (api.py's renderer), as the documents do; the
serialization-mode schema would promise a string.
"""

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from hyoka import interchange as ix
from hyoka.engine.progress import Status as ProgressStatus
from hyoka.precision import FIRST_YEAR, LAST_YEAR

# Text the database stores as written: no NUL (PostgreSQL refuses it) nor other C0 controls; tabs and newlines kept.
_PLAIN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def plain(max_length: int | None = None) -> Any:
    return Annotated[str, StringConstraints(max_length=max_length, pattern=_PLAIN)]


def _json_number(value: Any) -> Any:
    if isinstance(value, bool | str):  # a number is a JSON number, as in hyoka.plan/1 ("12" is refused)
        raise ValueError("expected a JSON number")
    return Decimal(str(value)) if isinstance(value, int | float) else value


# A value sent to be stored: a JSON number (its range is hyoka.precision's rule, checked by api.py: 422).
Number = Annotated[
    Decimal, BeforeValidator(_json_number), Field(allow_inf_nan=False), WithJsonSchema({"type": "number"})
]


def _whole(value: Any) -> Any:
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        # A path or query parameter is its digits only: pydantic, like int(), reads " 1" and "\v1" as 1.
        raise ValueError("expected digits 0-9")
    return int(value) if isinstance(value, float) and value.is_integer() else value  # JSON's 3.0 is the integer 3


Id = Annotated[int, Field(ge=1, le=2**31 - 1), BeforeValidator(_whole)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1), BeforeValidator(_whole)]
FiscalYear = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR), BeforeValidator(_whole)]  # hyoka.precision's years
OUT = ConfigDict(extra="forbid")


class Out(BaseModel):
    model_config = OUT


class Error(Out):
    detail: str | list[dict[str, Any]]
    problems: dict[str, str] | None = None  # what an entry still needs before it can be submitted, per field


class MunicipalityOut(ix.Municipality):
    model_config = OUT
    plans: list[int]  # the ids of its plans the caller may read


class PlanOut(ix.PlanInfo):
    model_config = OUT
    id: int
    published: bool
    municipality: ix.Municipality


class PlanDocumentOut(ix.PlanDocument):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SectionOut(Out):
    id: int
    parent_id: int | None
    number: str | None
    level: str
    title: str
    pages: str | None


class ProgressOut(Out):
    """The engine's verdict on a KPI (docs/progress.md): the year assessed, its value and the progress."""

    fiscal_year: int | None
    actual: Decimal | None
    delta: Decimal | None
    delta_phrase: str | None
    progress_percent: Decimal | None
    achievement_rate: Decimal | None
    status: ProgressStatus  # the engine's own words, so a new verdict is in the schema at once
    status_label: str


class IndicatorOut(ix.Indicator):
    model_config = OUT
    id: int
    section_id: int | None
    project_id: int | None
    progress: ProgressOut


class ProjectOut(ix.Project):
    model_config = OUT
    id: int
    section_id: int | None


class EvaluationOut(ix.Evaluation):
    model_config = OUT
    id: int
    project_id: int
    version: int  # send it back with a change: a stale one is refused (409)


class KpiValueIn(BaseModel):
    """One KPI's value for the entry's year (a KPI of the entry's project)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    indicator_id: Id
    period_label: plain(100) = ""  # empty: the fiscal year (令和3年度)
    value: Number | None = None
    text: plain(200) = ""
    status: ix.ObservationStatus = "final"
    note: plain(2000) = ""
    version: Version | None = None  # the value's version when read (0: none yet)


class MetricIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: plain(200)
    value: Number | None = None
    unit: plain(20) = ""
    text: plain(200) = ""


class CostIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    budget: Number | None = None
    settlement: Number | None = None
    person_years: Number | None = None


class ViewpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: Literal["necessity", "effectiveness", "efficiency"]
    grade: Literal["A", "B", "C"] | None = None
    comment: plain(2000) = ""


class EntryIn(BaseModel):
    """A department's entry for the year, in hyoka.plan/1's words (grade and achievement by code); it replaces
    what is stored. Without ``cost``, ``viewpoints`` and ``direction`` the sheet's fields stay as they are."""

    model_config = ConfigDict(extra="forbid", strict=True)
    version: Version  # the entry's version when read
    grade: plain(10) | None = None
    achievement: plain(10) | None = None
    narrative: plain(20000) = ""
    future_direction: plain(20000) = ""
    direction: plain(20) | None = None
    cost: CostIn | None = None
    viewpoints: list[ViewpointIn] | None = None
    metrics: list[MetricIn] = Field(default=[], max_length=100)
    observations: list[KpiValueIn] = Field(default=[], max_length=100)


class SubmitIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    version: Version
