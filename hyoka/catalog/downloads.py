"""The comparisons as CSV and JSON (open data, CC BY 4.0).

CSVs follow the open-data conventions the plan CSV follows: UTF-8 with a byte-order mark, CRLF, the row led by
全国地方公共団体コード, ID (a stable row key) and 地方公共団体名; every text cell formula-safe
(``hyoka.safecells`` through ``hyoka.web.downloads.csv_response``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from hyoka import interchange as ix
from hyoka.catalog.comparison import IndicatorComparison, MunicipalityComparison, Standing, YearRow
from hyoka.catalog.models import StandardIndicator
from hyoka.catalog.stats import SIZE_GROUPS
from hyoka.web.downloads import LICENSE, csv_response

__all__ = ["LICENSE", "indicator_csv", "indicator_document", "municipality_csv", "municipality_document"]

FINAL, PROVISIONAL = "確定", "速報・暫定"

# One row a municipality, indicator and year: the open-data convention's three columns first, then the figure.
VALUE_HEADER = [
    "全国地方公共団体コード",
    "ID",
    "地方公共団体名",
    "都道府県名",
    "類似団体区分",
    "標準指標コード",
    "指標名",
    "年",
    "値",
    "単位",
    "値の状態",
]
INDICATOR_HEADER = [*VALUE_HEADER, "順位", "報告団体数"]


def _number(value: Decimal | None) -> float | int | None:
    return None if value is None else ix.number_to_json(value)


def indicator_csv(data: tuple[StandardIndicator, list[YearRow]]) -> HttpResponse:
    standard, rows = data
    lines = [
        [
            *_value_cells(r.reporter.code, r.reporter.name, r.reporter.prefecture, r.reporter.group, standard, r),
            r.rank,
            r.count,
        ]
        for r in rows
    ]
    response = csv_response(f"compare-{standard.code}.csv", INDICATOR_HEADER, lines)
    response["X-License"] = LICENSE
    return response


def _standard(standard: StandardIndicator) -> dict[str, Any]:
    return {
        "code": standard.code,
        "name": standard.name,
        "unit": standard.unit,
        "direction": standard.direction,
        "definition": standard.definition,
        "source": standard.source,
        "estat_code": standard.estat_code or None,
        "ssds_code": standard.ssds_code or None,
    }


def indicator_document(c: IndicatorComparison) -> dict[str, Any]:
    return {
        "standard": _standard(c.standard),
        "year": c.year,
        "years": c.years,
        "prefecture": c.prefecture,
        "national_median": _number(c.national.value),
        "reporting": c.national.count,
        "prefecture_medians": [
            {"prefecture": m.label, "median": _number(m.value), "count": m.count} for m in c.prefectures
        ],
        "distribution": [{"low": _number(b.low), "high": _number(b.high), "count": b.count} for b in c.histogram],
        "trend": [{"year": y, "national_median": _number(n), "prefecture_median": _number(p)} for y, n, p in c.trend],
        "ranking": [
            {
                "rank": r.rank,
                "code": r.reporter.code,
                "name": r.reporter.name,
                "prefecture": r.reporter.prefecture,
                "group": r.reporter.group,
                "value": _number(r.point.value),
                "final": r.point.final,
                "previous_year": r.previous_year,
                "previous_value": _number(r.previous.value) if r.previous else None,
            }
            for r in c.rows
        ],
        "license": LICENSE,
    }


MUNICIPALITY_HEADER = [
    *VALUE_HEADER,
    "都道府県内順位",
    "都道府県内団体数",
    "都道府県の中央値",
    "類似団体内順位",
    "類似団体数",
    "類似団体の中央値",
    "全国順位",
    "全国団体数",
    "全国の中央値",
]


def municipality_csv(c: MunicipalityComparison) -> HttpResponse:
    lines = [
        [
            *_value_cells(c.code, c.name, c.prefecture, c.group, line.standard, line),
            *_standing_cells(line.prefecture),
            *_standing_cells(line.group),
            *_standing_cells(line.country),
        ]
        for line in c.lines
    ]
    response = csv_response(f"compare-{c.code}.csv", MUNICIPALITY_HEADER, lines)
    response["X-License"] = LICENSE
    return response


def _value_cells(code: str, name: str, prefecture: str, group: str, standard, row) -> list[Any]:
    """The VALUE_HEADER cells of one figure (``row`` has ``year`` and ``point``); the ID is code-standard-year."""
    return [
        code,
        f"{code}-{standard.code}-{row.year}",
        name,
        prefecture,
        SIZE_GROUPS[group],
        standard.code,
        standard.name,
        row.year,
        row.point.value,
        standard.unit,
        FINAL if row.point.final else PROVISIONAL,
    ]


def _standing_cells(s: Standing) -> list[Any]:
    return [s.rank, s.count, s.median]


def _standing(s: Standing) -> dict[str, Any]:
    return {"rank": s.rank, "count": s.count, "median": _number(s.median)}


def municipality_document(c: MunicipalityComparison) -> dict[str, Any]:
    return {
        "code": c.code,
        "name": c.name,
        "prefecture": c.prefecture,
        "group": c.group,
        "indicators": [
            {
                "standard": _standard(line.standard),
                "year": line.year,
                "value": _number(line.point.value),
                "final": line.point.final,
                "prefecture": _standing(line.prefecture),
                "group": _standing(line.group),
                "country": _standing(line.country),
            }
            for line in c.lines
        ],
        "license": LICENSE,
    }
