"""Write a `PlanDocument` into the database, inside one transaction, by natural keys.

Every row is found by what identifies it in the document (municipality code; plan
title and version; section level, number and title under its parent; indicator
name and project number; observation period label; project number and name, plan-wide;
budget code and name; evaluation fiscal year), never by row id, and compared as `matching` says (基本目標１ = 基本目標 1, spacing
and 全角/半角 are no change). Rows that are equal are left untouched, so loading the same
document twice changes nothing and `LoadResult.changes` says so.

A full load (prune=True) deletes the rows the document no longer has, except what people made:
an evaluation, observation or comment of a year that has an evaluation cycle, and any row with
history (Change) or holding such a row; those are kept and listed in `LoadResult.kept`. An
import (prune=False) deletes nothing, keeps the stored order, the plan's 出典 and the printed
form of an unchanged value, and adds list items (notes) to the stored ones.

One load per municipality runs at a time: its row is locked first (created if new), so two
imports of one document wait for each other and the second finds the first's rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction

from hyoka import interchange as ix
from hyoka.evaluations.models import (
    AchievementLevel,
    Change,
    Comment,
    Evaluation,
    EvaluationCycle,
    EvaluationMetric,
    EvaluationScheme,
    Grade,
)
from hyoka.indicators.models import Indicator, Observation, TargetRevision
from hyoka.plans.matching import merged_list, number_key, same_value, text_key
from hyoka.plans.models import Benchmark, DataLoad, Department, Municipality, Plan, Revision, Section
from hyoka.projects.models import Attachment, BudgetItem, Project, ProjectBudgetItem, ProjectDepartment


@dataclass
class LoadResult:
    plan: Plan
    changes: Counter[str] = field(default_factory=Counter)  # "created Project" → 3 …
    details: list[str] = field(default_factory=list)  # one line per created, updated or deleted row
    kept: list[str] = field(default_factory=list)  # rows a full load did not delete, each with why
    absent: Counter[str] = field(default_factory=Counter)  # 事業 → 3: rows an import left that a full load deletes

    @property
    def changed(self) -> bool:
        return any(self.changes.values())

    def summary(self) -> str:
        if not self.changed:
            return "変更なし (no changes)"
        return ", ".join(f"{key} {n}" for key, n in sorted(self.changes.items()) if n)

    def kept_summary(self) -> str:
        """One line for the command line: '' when a full load deleted all it meant to."""
        if not self.kept:
            return ""
        counts = Counter(line.split(":", 1)[0].removeprefix("= ") for line in self.kept)
        listed = "、".join(f"{name} {n}" for name, n in counts.items())
        return f"削除せず残したもの（評価サイクルのある年度・変更履歴のある行）: {listed}"


class LoadError(ValueError):
    """The document is valid JSON but inconsistent (an unknown grade code, a dangling project number)."""


def load_document(doc: ix.PlanDocument, *, prune: bool = True, source: str = "", by=None) -> LoadResult:
    """Write `doc`; with prune=False (an import of next year's figures) nothing already there is deleted.

    A load that changes anything is kept as a DataLoad (the plan's 取込履歴): the file, the 出典 the
    document names, the user (None from the command line), and every row added, changed (before → after)
    or deleted.
    """
    if problems := ix.unstorable(doc):  # a reader's document has not been through parse_document
        raise LoadError("; ".join(problems))
    with transaction.atomic():
        result = _Loader(doc, prune=prune).run()
        if result.changed:
            DataLoad.objects.create(
                plan=result.plan,
                plan_label=str(result.plan)[:300],
                source=source[:300],
                provenance=doc.plan.source or "",
                by=by,
                summary=result.summary()[:500],
                details=result.details,
            )
        return result


def lock_municipality(code: str) -> Municipality | None:
    """Lock the municipality's row until the transaction ends (None if it is not stored yet).

    Every load locks it before reading the plan, so loads of one city's plans run one at a time and
    each finds what the one before it wrote (no duplicate projects, KPIs or sections).
    """
    return Municipality.objects.select_for_update().filter(code=code).first()


def _locked_or_created(municipality: ix.Municipality) -> tuple[Municipality, bool]:
    """The locked row, created if new. Two loads of one new city both try to create it: the unique code
    makes the second wait for the first's commit and then lock that row, so it finds the first's plan."""
    row = lock_municipality(municipality.code)
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            row = Municipality.objects.create(
                code=municipality.code, name=municipality.name, prefecture=municipality.prefecture
            )
            return row, True
    except IntegrityError:
        return Municipality.objects.select_for_update().get(code=municipality.code), False


# What identifies a row of each model within its plan (or municipality): its natural key.
KEYS: dict[type[models.Model], tuple[str, ...]] = {
    Municipality: ("code",),
    Plan: ("municipality", "title", "version"),
    Department: ("municipality", "name"),
    BudgetItem: ("municipality", "code", "name"),
    EvaluationScheme: ("plan",),
    Grade: ("scheme", "code"),
    AchievementLevel: ("scheme", "code"),
    Section: ("plan", "parent", "level", "number", "title"),
    Project: ("plan", "number", "name"),
    ProjectDepartment: ("project", "department"),
    ProjectBudgetItem: ("project", "budget_item"),
    Attachment: ("project", "title"),
    Evaluation: ("project", "fiscal_year"),
    EvaluationMetric: ("evaluation", "position"),
    Indicator: ("plan", "name", "project"),
    Observation: ("indicator", "period_label"),
    TargetRevision: ("indicator", "position"),
    Benchmark: ("plan", "indicator", "area", "period_label"),
    Revision: ("plan", "position"),
}
# Rows kept by their exact text: a department is whom people belong to (青少年課 (…) and 青少年課 （…） are
# two rows of a city), codes are codes.
EXACT_KEYS = (Municipality, Plan, Department, BudgetItem, Grade, AchievementLevel)
# The rows a plan owns, children first (the order stale rows are deleted in), and how to find them.
PLAN_ROWS: list[tuple[type[models.Model], str]] = [
    (Observation, "indicator__plan"),
    (EvaluationMetric, "evaluation__project__plan"),
    (ProjectDepartment, "project__plan"),
    (ProjectBudgetItem, "project__plan"),
    (Attachment, "project__plan"),
    (Evaluation, "project__plan"),
    (Indicator, "plan"),
    (Project, "plan"),
    (Section, "plan"),
    (Benchmark, "plan"),
    (Revision, "plan"),
    (Grade, "scheme__plan"),
    (AchievementLevel, "scheme__plan"),
    (EvaluationScheme, "plan"),
]
# Rows nothing else points to: created together at the end, one INSERT per model.
LEAVES = (
    Observation,
    EvaluationMetric,
    ProjectDepartment,
    ProjectBudgetItem,
    Attachment,
    Benchmark,
    Revision,
    TargetRevision,
)


def _key(model: type[models.Model], source: dict[str, Any] | models.Model) -> tuple:
    """The natural key of a lookup dict or of a stored row, in the same shape for both, texts
    normalised (`matching`): 基本目標１ and 基本目標 1 are one section, （ ） and ( ) one project."""
    parts = []
    for name in KEYS[model]:
        if isinstance(source, dict):
            value = source[name]
            value = value.pk if isinstance(value, models.Model) else value
        else:
            value = getattr(source, model._meta.get_field(name).attname)
        if isinstance(value, str) and model not in EXACT_KEYS:
            value = number_key(value) if name == "number" else text_key(value)
        parts.append(value)
    return tuple(parts)


class _Loader:
    def __init__(self, doc: ix.PlanDocument, *, prune: bool):
        self.doc = doc
        self.pruning = prune
        self.changes: Counter[str] = Counter()
        self.details: list[str] = []
        self.kept: list[str] = []
        self.absent: Counter[str] = Counter()
        self.stored: dict[type[models.Model], dict[tuple, models.Model]] = {}
        self.rows: dict[type[models.Model], list[models.Model]] = {}  # every fetched row, two with one key too
        self.touched: dict[type[models.Model], set[int]] = {model: set() for model in KEYS}
        self.new_leaves: dict[type[models.Model], list[models.Model]] = {model: [] for model in LEAVES}

    # -- generic sync: the plan's rows are fetched once per model and matched in memory ------------

    def fetch(self, model: type[models.Model], **scope: Any) -> None:
        self.rows[model] = list(model.objects.filter(**scope))
        self.stored[model] = {_key(model, row): row for row in self.rows[model]}

    def upsert(
        self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any], initial: dict | None = None
    ) -> Any:
        """The row `lookup` names, created with `values` (and `initial`, what only a new row takes) or updated."""
        _check_text(model, lookup, {**values, **(initial or {})})
        if model in self.stored:
            obj = self.stored[model].get(_key(model, lookup))
        else:
            obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(initial or {}))
            if model in LEAVES:
                self.new_leaves[model].append(obj)
            else:
                obj.save(force_insert=True)
            self.changes[f"created {model.__name__}"] += 1
            self.details.append(f"+ {model._meta.verbose_name}: {obj}")
            if model in self.stored:  # a later row of the same document may name it again
                self.stored[model][_key(model, lookup)] = obj
                self.touched[model].add(obj.pk)
            return obj
        self.touched[model].add(obj.pk)
        if not self.pruning:
            values = self.merged(obj, values)
        changed = [name for name, value in values.items() if not same_value(getattr(obj, name), value)]
        if changed:
            before = {name: getattr(obj, name) for name in changed}
            for name in changed:
                setattr(obj, name, values[name])
            saved = changed
            if model in (Evaluation, Observation):  # a cycle form opened before this load must not overwrite it
                obj.version += 1
                saved = [*changed, "version"]
            obj.save(update_fields=saved)
            self.changes[f"updated {model.__name__}"] += 1
            diffs = ", ".join(f"{name}: {_short(before[name])} → {_short(values[name])}" for name in changed)
            self.details.append(f"~ {model._meta.verbose_name}: {obj} ({diffs})")
        return obj

    @staticmethod
    def merged(obj: models.Model, values: dict[str, Any]) -> dict[str, Any]:
        """What an import (a partial document: next year's figures, a re-read PDF) may change in a stored row.

        What it leaves blank stays as stored; the stored order stands; list items are added, not replaced;
        the plan's 出典 stays (each load's is kept in DataLoad); a number read again keeps the printed form
        stored with it, or none (受診者421人（受診率95.7％） is not rewritten as the whole line a PDF reader saw).
        """
        kept = {"position"}
        if isinstance(obj, Plan):
            kept.add("source")
        value = values.get("value")
        if isinstance(obj, Observation | EvaluationMetric) and value is not None and same_value(obj.value, value):
            kept.add("text")  # the printed form of a number; without a number (確報値待ち) the text is the content
        merged = {}
        for name, value in values.items():
            if name in kept or value in (None, "", []):
                continue
            stored = getattr(obj, name)
            merged[name] = merged_list(stored, value) if isinstance(value, list) and isinstance(stored, list) else value
        return merged

    def finish(self) -> None:
        """Insert the new leaf rows, then delete what the document no longer has (children first),
        except what people made (`protected`), which is kept and listed."""
        stale = {
            model: [row for row in self.rows.get(model, []) if row.pk not in self.touched[model]]
            for model, _ in PLAN_ROWS
        }
        for model, rows in self.new_leaves.items():
            model.objects.bulk_create(rows)
        keep = self.protected(stale)
        for model, rows in stale.items():
            name = model._meta.verbose_name
            going = [row for row in rows if row.pk not in keep[model]]
            if not self.pruning:  # an import deletes nothing; it counts what a full load would delete
                if going:
                    self.absent[str(name)] += len(going)
                continue
            self.kept += [f"= {name}: {row}（{keep[model][row.pk]}）" for row in rows if row.pk in keep[model]]
            if going:
                self.details += [f"- {name}: {row}" for row in going]
                model.objects.filter(pk__in=[row.pk for row in going]).delete()
                self.changes[f"deleted {model.__name__}"] += len(going)

    def protected(self, stale: dict[type[models.Model], list[models.Model]]) -> dict[type[models.Model], dict]:
        """Stale rows a load must not delete, per model: pk → why.

        An entry, KPI value or comment of a year that has an evaluation cycle is the departments' work, and
        a row with history (Change) outlives any document; a row holding a kept row is kept with it, since
        deleting it would cascade (a section holds projects, a project its entries).
        """
        keep: dict[type[models.Model], dict[int, str]] = {model: {} for model, _ in PLAN_ROWS}
        if any(stale.values()):
            self.made_by_people(stale, keep)
            self.holding_kept_rows(stale, keep)
        stale_pks = {model: {row.pk for row in rows} for model, rows in stale.items()}
        # A holder the document still has is not stale: only stale rows are reported as kept.
        return {model: {pk: why for pk, why in held.items() if pk in stale_pks[model]} for model, held in keep.items()}

    def made_by_people(self, stale: dict, keep: dict) -> None:
        """Entries (with their metrics) and KPI values of a cycle year; entries and KPIs with history."""
        years = set(EvaluationCycle.objects.filter(plan=self.plan).values_list("fiscal_year", flat=True))
        entries = {row.pk: row for row in self.rows[Evaluation]}
        with_history = {
            *Change.objects.filter(evaluation__in=entries).values_list("evaluation_id", flat=True),
            *Comment.objects.filter(evaluation__in=entries).values_list("evaluation_id", flat=True),
        }
        kpis_with_history = set(Change.objects.filter(indicator__plan=self.plan).values_list("indicator_id", flat=True))

        def why(e: Evaluation) -> str | None:
            if e.fiscal_year in years:
                return f"{e.fiscal_year}年度は評価サイクルがあります"
            return "変更履歴があります" if e.pk in with_history else None

        for e in stale[Evaluation]:
            if reason := why(e):
                keep[Evaluation][e.pk] = reason
        for m in stale[EvaluationMetric]:
            if reason := why(entries[m.evaluation_id]):
                keep[EvaluationMetric][m.pk] = reason
        for o in stale[Observation]:
            if (o.fiscal_year or o.year) in years:
                keep[Observation][o.pk] = f"{o.fiscal_year or o.year}年度は評価サイクルがあります"
            elif o.indicator_id in kpis_with_history:
                keep[Observation][o.pk] = "指標に変更履歴があります"
        for k in stale[Indicator]:
            if k.pk in kpis_with_history:
                keep[Indicator][k.pk] = "変更履歴があります"

    def holding_kept_rows(self, stale: dict, keep: dict) -> None:
        """What a kept row needs to stay: its KPI, project (whole, with its links), section and the
        section's ancestors; grades and levels still in use (RESTRICT) and their scheme."""
        held = "残す行を含みます"

        def hold(model: type[models.Model], pk: int | None) -> None:
            if pk is not None:
                keep[model].setdefault(pk, held)

        observations = {o.pk: o for o in self.rows[Observation]}
        entries = {e.pk: e for e in self.rows[Evaluation]}
        kpis = {k.pk: k for k in self.rows[Indicator]}
        projects = {p.pk: p for p in self.rows[Project]}
        sections = {s.pk: s for s in self.rows[Section]}
        for pk in list(keep[Observation]):
            hold(Indicator, observations[pk].indicator_id)
        for pk in keep[Evaluation]:
            hold(Project, entries[pk].project_id)
        for pk in keep[Indicator]:
            hold(Project, kpis[pk].project_id)
        for link_model in (ProjectDepartment, ProjectBudgetItem, Attachment):
            for link in stale[link_model]:
                if link.project_id in keep[Project]:
                    hold(link_model, link.pk)
        holders = [projects[pk].section_id for pk in keep[Project]] + [kpis[pk].section_id for pk in keep[Indicator]]
        while holders:
            pk = holders.pop()
            if pk is not None and pk not in keep[Section]:
                hold(Section, pk)
                holders.append(sections[pk].parent_id)
        going = [e.pk for e in stale[Evaluation] if e.pk not in keep[Evaluation]] if self.pruning else []
        for model, column in ((Grade, "grade"), (AchievementLevel, "achievement")):
            graded = Evaluation.objects.filter(**{f"{column}__in": stale[model]}).exclude(pk__in=going)
            for pk in set(graded.values_list(column, flat=True)):
                keep[model].setdefault(pk, "評価で使われています")
                hold(EvaluationScheme, next(r.scheme_id for r in stale[model] if r.pk == pk))

    # -- the document ------------------------------------------------------------------

    def run(self) -> LoadResult:
        d = self.doc
        row, created = _locked_or_created(d.municipality)
        if created:
            self.changes["created Municipality"] += 1
            self.details.append(f"+ {Municipality._meta.verbose_name}: {row}")
        self.municipality = self.upsert(
            Municipality,
            {"code": d.municipality.code},
            {"name": d.municipality.name, "prefecture": d.municipality.prefecture},
        )
        info = d.plan
        self.plan = self.upsert(
            Plan,
            {"municipality": self.municipality, "title": info.title, "version": info.version},
            {
                "kind": info.kind,
                "start_fy": info.start_fy,
                "end_fy": info.end_fy,
                "section_levels": info.section_levels,
                "source": info.source or "",
                "notes": info.notes,
            },
        )
        self.fetch(Department, municipality=self.municipality)
        self.fetch(BudgetItem, municipality=self.municipality)
        # Target revisions are history: added and updated by a load, never deleted by one (not in PLAN_ROWS).
        for model, path in [*PLAN_ROWS, (TargetRevision, "indicator__plan")]:
            if self.changes["created Plan"]:
                self.stored[model], self.rows[model] = {}, []  # a new plan has no rows yet
            else:
                self.fetch(model, **{path: self.plan})
        self.departments: dict[str, Department] = {}
        self.load_scheme(d.evaluation_scheme)

        self.sections: list[Section] = []
        self.projects: list[Project] = []
        self.indicators: list[Indicator] = []
        self.load_sections(d.sections, parent=None, path="$.sections")
        self.load_indicators(d.indicators, section=None, path="$.indicators")
        for i, b in enumerate(d.benchmarks):
            self.upsert(
                Benchmark,
                {"plan": self.plan, "indicator": b.indicator, "area": b.area, "period_label": _label(b.period)},
                {"value": b.value, "unit": b.unit or "", "source": b.source or "", "position": i, **_period(b.period)},
            )
        for i, r in enumerate(d.revisions):
            self.upsert(
                Revision,
                {"plan": self.plan, "position": i},
                {"section": r.section, "pages": r.pages or "", "points": r.points, "notes": r.notes},
            )
        self.finish()
        return LoadResult(self.plan, self.changes, self.details, self.kept, self.absent)

    def load_scheme(self, scheme: ix.EvaluationScheme | None) -> None:
        self.grades: dict[str, Grade] = {}
        self.levels: dict[str, AchievementLevel] = {}
        if scheme is None:
            return
        fields: dict[str, Any] = {"legend_text": scheme.legend_text or ""}
        if scheme.directions:  # a document that names none keeps the plan's list
            fields["directions"] = scheme.directions
        if scheme.unit_cost_per_person_year is not None:
            fields["unit_cost_per_person_year"] = scheme.unit_cost_per_person_year
        row = self.upsert(EvaluationScheme, {"plan": self.plan}, fields)
        for i, g in enumerate(scheme.grades):
            self.grades[g.code] = self.upsert(
                Grade, {"scheme": row, "code": g.code}, {"label": g.label or "", "position": i}
            )
        for i, a in enumerate(scheme.achievement_levels):
            self.levels[a.code] = self.upsert(
                AchievementLevel,
                {"scheme": row, "code": a.code},
                {"label": a.label or "", "min_percent": a.min_percent, "max_percent": a.max_percent, "position": i},
            )

    def load_sections(self, sections: list[ix.Section], parent: Section | None, path: str) -> None:
        for i, s in enumerate(sections):
            row = self.upsert(
                Section,
                {"plan": self.plan, "parent": parent, "level": s.level, "number": s.number or "", "title": s.title},
                {"pages": s.pages or "", "position": len(self.sections)},
            )
            self.sections.append(row)
            here = f"{path}[{i}]"
            self.load_projects(s.projects, row, f"{here}.projects")
            self.load_indicators(s.indicators, row, f"{here}.indicators")
            self.load_sections(s.sections, row, f"{here}.sections")

    def department(self, name: str) -> Department:
        if name not in self.departments:
            self.departments[name] = self.upsert(Department, {"municipality": self.municipality, "name": name}, {})
        return self.departments[name]

    def load_projects(self, projects: list[ix.Project], section: Section, path: str) -> None:
        for i, p in enumerate(projects):
            row = self.upsert(
                Project,
                {"plan": self.plan, "number": p.number or "", "name": p.name},
                {
                    "section": section,
                    "description": p.description or "",
                    "status": p.status or "",
                    "policy_refs": p.policy_refs,
                    "notes": p.notes,
                    "position": len(self.projects),
                },
            )
            self.projects.append(row)
            for j, name in enumerate(p.departments):
                self.upsert(ProjectDepartment, {"project": row, "department": self.department(name)}, {"position": j})
            for j, b in enumerate(p.budget_items):
                item = self.upsert(
                    BudgetItem, {"municipality": self.municipality, "code": b.code or "", "name": b.name}, {}
                )
                dept = self.department(b.department) if b.department else None
                self.upsert(
                    ProjectBudgetItem, {"project": row, "budget_item": item}, {"department": dept, "position": j}
                )
            for j, a in enumerate(p.attachments):
                self.upsert(
                    Attachment, {"project": row, "title": a.title}, {"kind": a.kind, "uri": a.uri or "", "position": j}
                )
            for j, e in enumerate(p.evaluations):
                self.load_evaluation(row, e, f"{path}[{i}].evaluations[{j}]")

    def load_evaluation(self, project: Project, e: ix.Evaluation, path: str) -> Evaluation:
        grade = self.lookup_code(self.grades, e.grade, f"{path}.grade")
        level = self.lookup_code(self.levels, e.achievement, f"{path}.achievement")
        row = self.upsert(
            Evaluation,
            {"project": project, "fiscal_year": e.fiscal_year},
            {
                "grade": grade,
                "achievement": level,
                "narrative": e.narrative or "",
                "future_direction": e.future_direction or "",
                "references": e.references,
                **_sheet_fields(e),
            },
            # The workflow state is the cycle's: a new entry takes the document's (a draft when it does not
            # say, never approved by default), a stored one keeps its own.
            initial={"status": e.state or Evaluation.Status.DRAFT},
        )
        for k, m in enumerate(e.metrics):
            self.upsert(
                EvaluationMetric,
                {"evaluation": row, "position": k},
                {
                    "name": m.name,
                    "value": m.value,
                    "unit": m.unit or "",
                    "text": m.text or "",
                    "period_label": _label(m.period),
                    **_period(m.period),
                    "before": m.before.model_dump(mode="json", exclude_none=True) if m.before else None,
                    "delta_text": m.delta_text or "",
                },
            )
        return row

    def lookup_code(self, codes: dict[str, Any], code: str | None, path: str) -> Any:
        if code is None:
            return None
        if code not in codes:
            known = "、".join(codes) or "(評価基準なし / no evaluation_scheme)"
            raise LoadError(f"{path}: {code!r} is not in the plan's evaluation_scheme ({known})")
        return codes[code]

    def load_indicators(self, indicators: list[ix.Indicator], section: Section | None, path: str) -> None:
        for i, k in enumerate(indicators):
            project = None
            if k.project_number is not None:
                project = next((p for p in self.projects if p.number == k.project_number), None)
                if project is None:
                    raise LoadError(f"{path}[{i}].project_number: no project numbered {k.project_number!r} in the plan")
            baseline = k.baseline or ix.Baseline()
            target = k.target or ix.Target()
            row = self.upsert(
                Indicator,
                {"plan": self.plan, "name": k.name, "project": project},
                {
                    "section": section,
                    "unit": k.unit or "",
                    "direction": k.direction,
                    "definition": k.definition or "",
                    "source": k.source or "",
                    "notes": k.notes,
                    "baseline_value": baseline.value,
                    "baseline_text": baseline.text or "",
                    **_period(baseline.period, "baseline_"),
                    "target_value": target.value,
                    "target_comparator": target.comparator or "",
                    "target_text": target.text or "",
                    **_period(target.period, "target_"),
                    "stated_delta_value": k.stated_delta.value if k.stated_delta else None,
                    "stated_delta_text": k.stated_delta.text if k.stated_delta else "",
                    "position": len(self.indicators),
                },
            )
            self.indicators.append(row)
            for j, r in enumerate(k.target_revisions):
                self.upsert(TargetRevision, {"indicator": row, "position": j}, _target_revision(r))
            for j, o in enumerate(k.observations):
                self.upsert(
                    Observation,
                    {"indicator": row, "period_label": o.period.label},
                    {
                        "value": o.value,
                        "status": o.status,
                        "text": o.text or "",
                        "note": o.note or "",
                        "position": j,
                        **_period(o.period),
                    },
                )


def _target_revision(r: ix.TargetRevision) -> dict[str, Any]:
    """A revision's columns; who decided it is not in a document, so a stored row keeps its own."""
    values: dict[str, Any] = {
        "effective_from_fy": r.effective_from_fy,
        "decided": r.decided,
        "reason": r.reason,
    }
    for prefix, t in (("before_", r.before), ("after_", r.after)):
        values |= {
            f"{prefix}value": t.value,
            f"{prefix}comparator": t.comparator or "",
            f"{prefix}text": t.text or "",
            f"{prefix}label": _label(t.period),
            f"{prefix}fiscal_year": (t.period.fiscal_year or t.period.year) if t.period else None,
        }
    return values


def _check_text(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> None:
    """Every text checked against its column before writing: SQLite would store one past max_length and
    PostgreSQL raise (a NUL too), a traceback either way; LoadError names the model, field and row instead.
    A NUL is refused here (`hyoka import`'s JSON and CSV readers have removed it with a warning); the other
    control characters are stored as read and left out where a format cannot hold them (hyoka.safecells)."""
    for name, value in (*lookup.items(), *values.items()):
        if not isinstance(value, str):
            continue
        limit = getattr(model._meta.get_field(name), "max_length", None)
        problem = None
        if limit is not None and len(value) > limit:
            problem = f"{len(value):,} characters, more than the {limit:,} it can hold"
        elif "\x00" in value:
            problem = "a NUL character in the text"
        if problem:
            row = ", ".join(f"{k} {_short(v)}" for k, v in lookup.items() if not isinstance(v, models.Model))
            raise LoadError(f"{model.__name__}.{name} ({row}): {problem}")


def _short(value: Any) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _label(period: ix.Period | None) -> str:
    return period.label if period else ""


def _period(period: ix.Period | None, prefix: str = "") -> dict[str, Any]:
    """The columns a period is stored in; `label` only where the model names it `<prefix>label`."""
    values = {
        f"{prefix}fiscal_year": period.fiscal_year if period else None,
        f"{prefix}year": period.year if period else None,
        f"{prefix}date": period.date if period else None,
    }
    if prefix:
        values[f"{prefix}label"] = _label(period)
    return values


def _sheet_fields(e: ix.Evaluation) -> dict[str, Any]:
    """The evaluation sheet's fields the document gives; what it leaves out stays as stored (an older document,
    or one read from a city's PDF, never blanks a committee's opinion or a cost entered in Hyoka)."""
    fields: dict[str, Any] = {}
    if e.direction is not None:
        fields["direction"] = e.direction
    if e.cost is not None:
        fields |= {
            "budget_amount": e.cost.budget,
            "settlement_amount": e.cost.settlement,
            "person_years": e.cost.person_years,
        }
    for v in e.viewpoints or []:
        fields |= {f"{v.name}_grade": v.grade or "", f"{v.name}_comment": v.comment or ""}
    if e.committee_opinion is not None:
        fields["committee_opinion"] = e.committee_opinion
    if e.city_response is not None:
        fields["city_response"] = e.city_response
    return fields
