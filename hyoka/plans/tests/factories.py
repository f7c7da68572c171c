"""A small but complete hyoka.plan/1 document for tests that need to vary one thing at a time."""

import copy
from typing import Any

MINIMAL: dict[str, Any] = {
    "schema": "hyoka.plan/1",
    "municipality": {"code": "112259", "name": "入間市", "prefecture": "埼玉県"},
    "plan": {
        "title": "テスト戦略",
        "kind": "comprehensive_strategy",
        "start_fy": 2015,
        "end_fy": 2019,
        "version": "第1期",
    },
    "evaluation_scheme": {
        "grades": [{"code": "A", "label": "定常的実施"}, {"code": "B", "label": "一部着手"}],
        "achievement_levels": [
            {"code": "1", "label": "計画以上", "min_percent": 105},
            {"code": "2", "label": "計画どおり", "min_percent": 95, "max_percent": 105},
        ],
    },
    "sections": [
        {
            "number": "1",
            "level": "基本目標",
            "title": "働きやすいまちをつくる",
            "indicators": [
                {
                    "name": "市内事業所数",
                    "unit": "事業所",
                    "direction": "maintain",
                    "baseline": {"value": 4986, "period": {"label": "H26", "fiscal_year": 2014}},
                    "target": {
                        "value": 4986,
                        "comparator": ">=",
                        "text": "基準値",
                        "period": {"label": "H31", "fiscal_year": 2019},
                    },
                    "observations": [
                        {"value": 4962, "period": {"label": "H28末現在", "fiscal_year": 2016}, "status": "provisional"}
                    ],
                }
            ],
            "projects": [
                {
                    "number": "1",
                    "name": "企業等誘致事業",
                    "status": "継続",
                    "departments": ["商工観光課"],
                    "budget_items": [{"code": "0104010242", "name": "誘致事業", "department": "商工観光課"}],
                    "evaluations": [{"fiscal_year": 2016, "grade": "A", "achievement": "2"}],
                }
            ],
            "sections": [{"level": "基本施策", "title": "しごとの場を創る", "sections": []}],
        }
    ],
}


def minimal(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(MINIMAL)
    doc.update(changes)
    return doc
