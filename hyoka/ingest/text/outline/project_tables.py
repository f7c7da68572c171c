"""Project tables under a goal or policy (事業名 / 取組内容 / 所管課, with No., 区分 or notes columns),
their status taken from a ○継続事業 group header above where the table has no 区分 column.
"""

from __future__ import annotations

import re

from hyoka import interchange as ix
from hyoka.ingest.base import Warning
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.marks import cells, is_dash
from hyoka.ingest.text.outline.tables import CONTENT_RE, DEPARTMENT_RE, PROJECT_NAME_RE, header_words, table_rows

_NUMBER_RE = re.compile(r"^(?:No\.?|NO\.?|番号|№)$", re.IGNORECASE)
_STATUS_COL_RE = re.compile(r"^(?:区分|状況|方向性|今後の方針)$")
_DEPT_SPLIT_RE = re.compile(r"[、,，/／;；]\s*")


def read_project_table(
    lines: list[Line], start: int, status: str | None, source: str, warnings: list[Warning]
) -> tuple[list[ix.Project], int]:
    """Projects of a 事業名 / 取組内容 / 所管課 table; `status` comes from the ○継続事業 header above it."""
    header = cells(lines[start])
    roles: list[str] = []
    for h in header:
        w = header_words(h)
        if not w:
            roles.append("note")
        elif PROJECT_NAME_RE.match(w) and "name" not in roles:
            roles.append("name")
        elif _NUMBER_RE.match(w):
            roles.append("number")
        elif _STATUS_COL_RE.match(w):
            roles.append("status")
        elif DEPARTMENT_RE.search(w) and "department" not in roles:
            roles.append("department")
        elif CONTENT_RE.search(w) and "description" not in roles:
            roles.append("description")
        else:
            roles.append("note")
    rows, end = table_rows(lines, start, header)
    projects: list[ix.Project] = []
    for line, cs in rows:
        data: dict[str, str] = {}
        notes: list[str] = []
        for i, role in enumerate(roles):
            value = cs[i].strip() if i < len(cs) else ""
            if role == "note":
                if value:
                    notes.append(f"{header[i].strip()}: {value}" if header[i].strip() else value)
            else:
                data[role] = value
        name = data.get("name", "")
        if not name or is_dash(name):
            warnings.append(Warning(line.place(source), "a project row without a name (事業名) is skipped"))
            continue
        departments = [d.strip() for d in _DEPT_SPLIT_RE.split(data.get("department", "")) if d.strip()]
        departments = [d for d in departments if not is_dash(d)]
        projects.append(
            ix.Project(
                number=data.get("number") or None,
                name=name,
                description=data.get("description") or None,
                status=data.get("status") or status,
                departments=list(dict.fromkeys(departments)),
                notes=notes,
            )
        )
    return projects, end
