"""The public cache: what anonymous readers get of pages and API answers, kept per plan and published version.

Django's cache framework holds the responses (local memory by default; Django's RedisCache when REDIS_URL is
set, so several app servers share it: settings.CACHES). The key names the plan (or 0 for pages across plans),
the plan's version (``PublicVersion``, a counter in the database), the language, the htmx flag and the full
path. Every write that can change what the public sees bumps the version in its own transaction (signals
below, on save and delete of plans, sections, KPIs, values, target revisions, projects, evaluations, cycles,
schemes…), and the plan's global scope with it; a page cached under an old version is never read again and
simply expires. Writes that skip signals (``bulk_create``, ``QuerySet.update``) call ``bump_plans`` themselves
(hyoka synth does).

Never cached, never filled: a logged-in user's request, a request with an ``Authorization`` header (an API
token is a user), a request carrying a session or a flash message, anything but GET/HEAD, any answer but 200.
So what staff see of unpublished years cannot reach the public, and the public's copy is the anonymous view.

HTML pages carry a CSRF token (the language switch): while a view answers the public its templates write a
placeholder (the context processor ``public_csrf_token``), the cached copy keeps it, and each reader gets their
own token put in its place, the first reader as every later one.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache, wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from hyoka.web.models import EVERY_PLAN, PublicVersion

CACHE_ALIAS = "default"
TIMEOUT = 24 * 60 * 60  # a version bump makes an entry unreachable at once; the timeout only frees memory
_KEPT_HEADERS = ("Content-Type", "Content-Disposition", "X-License", "Vary", "Content-Language")


# --- versions -------------------------------------------------------------------------------------------


def version_of(scope: int) -> int:
    """The public version of a plan (or of all plans, scope 0): one query; the row is made at first read.

    A new row starts at a random version, so a row made again (a transaction rolled back, a database
    restored from a backup) never meets pages cached under the first one's numbers."""
    version = PublicVersion.objects.filter(scope=scope).values_list("version", flat=True).first()
    return _first_versions([scope])[scope] if version is None else version


def _first_versions(scopes: list[int]) -> dict[int, int]:
    """Rows for scopes that have none, each at a random version (above); a row another process made meanwhile
    stays as it is (and a version read here that differs from it only makes a reader read again)."""
    versions = {scope: secrets.randbelow(2**62) for scope in scopes}
    PublicVersion.objects.bulk_create(
        [PublicVersion(scope=scope, version=v) for scope, v in versions.items()], ignore_conflicts=True
    )
    return versions


def plan_versions() -> dict[int, int]:
    """Every plan's public version by plan id: two queries (three when some plan has no row yet; it is given
    one, so that its next write moves a version here). A value derived from every plan's figures records these
    and, later, reads again only the plans whose version moved (hyoka.catalog.comparison)."""
    from hyoka.plans.models import Plan

    rows = PublicVersion.objects.exclude(scope=EVERY_PLAN)
    if unversioned := list(Plan.objects.exclude(pk__in=rows.values("scope")).values_list("pk", flat=True)):
        _first_versions(unversioned)
    return dict(rows.values_list("scope", "version"))


def bump_plans(plan_ids: Q | list[int] | models.QuerySet, *, using: str = "default") -> None:
    """What the public sees of these plans changed: their versions and the global one go up (one UPDATE).
    ``plan_ids`` is a list of ids or a ``values("…")`` queryset of them (a subquery)."""
    scopes = Q(scope=EVERY_PLAN) | Q(scope__in=plan_ids)
    PublicVersion.objects.using(using).filter(scopes).update(version=F("version") + 1, changed_at=timezone.now())


def _plans_of(instance: models.Model) -> list[int] | models.QuerySet | None:
    """The ids of the plans a saved or deleted row belongs to (a list or a subquery), None for none."""
    from hyoka.evaluations.models import (
        AchievementLevel,
        Evaluation,
        EvaluationCycle,
        EvaluationMetric,
        EvaluationScheme,
        Grade,
        PublishedEvaluation,
        PublishedIndicator,
        PublishedObservation,
    )
    from hyoka.indicators.models import Indicator, Observation, TargetRevision
    from hyoka.plans.models import Benchmark, DataLoad, Department, Municipality, Plan, Revision, Section
    from hyoka.projects.models import Attachment, BudgetItem, Project, ProjectBudgetItem, ProjectDepartment

    match instance:
        case Plan():
            return [instance.pk]
        case Section() | Revision() | Benchmark() | Indicator() | Project() | EvaluationScheme() | EvaluationCycle():
            return [instance.plan_id]
        case DataLoad():
            return [instance.plan_id] if instance.plan_id else []
        case Observation() | TargetRevision() | PublishedIndicator() | PublishedObservation():
            return Indicator.objects.filter(pk=instance.indicator_id).values("plan_id")
        case PublishedEvaluation():
            return EvaluationCycle.objects.filter(pk=instance.cycle_id).values("plan_id")
        case Evaluation() | ProjectDepartment() | ProjectBudgetItem() | Attachment():
            return Project.objects.filter(pk=instance.project_id).values("plan_id")
        case EvaluationMetric():
            return Evaluation.objects.filter(pk=instance.evaluation_id).values("project__plan_id")
        case Grade() | AchievementLevel():
            return EvaluationScheme.objects.filter(pk=instance.scheme_id).values("plan_id")
        case Municipality():
            return Plan.objects.filter(municipality_id=instance.pk).values("pk")
        case Department() | BudgetItem():
            return Plan.objects.filter(municipality_id=instance.municipality_id).values("pk")
    plans_of = getattr(instance, "public_plans", None)  # another app's model (the catalogue) names its plans
    return plans_of() if plans_of is not None else None  # None: the global scope only


def _on_write(sender, instance, using="default", raw=False, **kwargs) -> None:
    if raw:  # loaddata: a fixture, not a change anyone reads yet
        return
    plans = _plans_of(instance)
    bump_plans([] if plans is None else plans, using=using)


def watched_models() -> list[type[models.Model]]:
    from django.apps import apps

    names = [
        "plans.Municipality",
        "plans.Department",
        "plans.Plan",
        "plans.Section",
        "plans.Revision",
        "plans.Benchmark",
        "plans.DataLoad",
        "indicators.Indicator",
        "indicators.Observation",
        "indicators.TargetRevision",
        "projects.Project",
        "projects.ProjectDepartment",
        "projects.BudgetItem",
        "projects.ProjectBudgetItem",
        "projects.Attachment",
        "evaluations.EvaluationScheme",
        "evaluations.Grade",
        "evaluations.AchievementLevel",
        "evaluations.Evaluation",
        "evaluations.EvaluationMetric",
        "evaluations.EvaluationCycle",
        "evaluations.PublishedEvaluation",
        "evaluations.PublishedIndicator",
        "evaluations.PublishedObservation",
    ]
    watched = [apps.get_model(name) for name in names]
    if apps.is_installed("hyoka.catalog"):  # standard indicators and links: the comparison pages (global scope)
        watched += list(apps.get_app_config("catalog").get_models())
    return watched


def connect_signals() -> None:
    """Called once from WebConfig.ready(): every watched model's save and delete bump the versions."""
    for model in watched_models():
        post_save.connect(_on_write, sender=model, dispatch_uid=f"hyoka-public-cache-save-{model._meta.label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"hyoka-public-cache-delete-{model._meta.label}")


# --- responses ------------------------------------------------------------------------------------------


def cacheable(request: HttpRequest) -> bool:
    """Whether the request is the public's: anonymous, without token, session or flash message, a GET/HEAD."""
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not (settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES)


def cache_key(request: HttpRequest, scope: int, version: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    fragment = "hx" if request.headers.get("HX-Request") else "page"
    return f"hyoka:public:{scope}:{version}:{translation.get_language()}:{fragment}:{path}"


def public_csrf_token(request: HttpRequest) -> dict[str, str]:
    """Context processor (after Django's own): while a view answers the public, ``{{ csrf_token }}`` and
    ``{% csrf_token %}`` write the placeholder, which ``public_cache`` swaps for the reader's token. Before, the
    reader's tokens were searched for in the finished page, which cost more than a millisecond a page."""
    return {"csrf_token": csrf_placeholder()} if serving_the_public() else {}


def csrf_placeholder() -> str:
    """What a kept page holds where each reader's CSRF token goes. Made from SECRET_KEY, so no stored text can
    be it (a KPI named after a fixed word showed every reader a token instead), and every app server sharing
    the cache writes and finds the same."""
    return _placeholder_of(settings.SECRET_KEY)


@lru_cache(maxsize=4)
def _placeholder_of(secret_key: str) -> str:
    return "hyoka-csrf-" + salted_hmac("hyoka.web.cache.csrf_placeholder", "", secret=secret_key).hexdigest()


def _with_token(content: bytes, request: HttpRequest) -> bytes:
    """The kept page with the reader's own CSRF token in place of the placeholder (and its cookie to come)."""
    placeholder = csrf_placeholder().encode()
    return content.replace(placeholder, get_token(request).encode()) if placeholder in content else content


# While a view answers the public: the versions it has read (scope → version), so each is read once a request.
_serving_the_public: ContextVar[dict[int, int] | None] = ContextVar("hyoka_serving_the_public", default=None)


HELD = 128  # values a process holds (held): a country's series of one standard is a few MB


class _Held:
    """This process's own copies of values derived from the public data, newest use last.

    The shared cache pickles what it keeps, and unpickling a country's figures (1,741 municipalities' series)
    costs more than the page that reads them; a process keeps the objects themselves. Keys carry the public
    version (``version_of``), which every app server reads from the database, so a held value is never read
    after a write, whichever server made it; the oldest go past ``HELD`` values."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: OrderedDict[str, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
        return None

    def put(self, key: str, value: Any) -> None:
        with self.lock:
            self.values[key] = value
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


held = _Held(HELD)


def serving_the_public() -> bool:
    """Whether the running view answers the public (a request public_cache may keep): only then may what it
    reads come from the cache too (hyoka.catalog.comparison.kept_series); staff always read the database."""
    return _serving_the_public.get() is not None


def public_version(scope: int) -> int:
    """``version_of(scope)`` as the public's request read it first: one query a request, however many kept
    values it looks up."""
    versions = _serving_the_public.get()
    if versions is None:
        return version_of(scope)
    if scope not in versions:
        versions[scope] = version_of(scope)
    return versions[scope]


def hold(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, for the public's requests held by this process under the version of every plan."""
    if not serving_the_public():
        return compute()
    key = f"hyoka:{name}:{public_version(EVERY_PLAN)}"
    value = held.get(key)
    if value is None:
        value = compute()
        held.put(key, value)
    return value


def public_cache(scope_of: Callable[..., int]) -> Callable:
    """Serve the public's copy from the cache (or fill it); ``scope_of(**view_kwargs)`` names the plan (0 = all,
    None = do not cache)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            scope = scope_of(**kwargs) if cacheable(request) else None
            if scope is None:
                return view(request, *args, **kwargs)
            version = version_of(scope)
            key = cache_key(request, scope, version)
            store = caches[CACHE_ALIAS]
            kept = store.get(key)
            if kept is not None:
                status, headers, content = kept
                response = HttpResponse(_with_token(content, request), status=status)
                for name, value in headers:
                    response[name] = value
                response["X-Hyoka-Cache"] = "hit"
                return response
            serving = _serving_the_public.set({scope: version})
            try:
                response = view(request, *args, **kwargs)
            finally:
                _serving_the_public.reset(serving)
            if response.streaming:
                return response
            content = response.content  # with the placeholder, kept as it is
            response.content = _with_token(content, request)
            if response.status_code == 200 and not response.cookies:
                headers = [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)]
                store.set(key, (response.status_code, headers, content), TIMEOUT)
                response["X-Hyoka-Cache"] = "miss"
            return response

        return wrapper

    return decorator


def plan_scope(plan_id: Any = None, **_: Any) -> int | None:
    """The plan a URL names (its ``plan_id``); None (not cached) when it is no plan id at all."""
    try:
        scope = int(plan_id)
    except (TypeError, ValueError):
        return None
    return scope if 0 < scope < 2**63 else None  # an id no database row can have is not cached


def every_plan(**_: Any) -> int:
    return EVERY_PLAN
