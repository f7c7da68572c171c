"""National scale: `make bench-national` (or `python -m hyoka.national.bench`) prints the numbers.

On a PostgreSQL database of its own (made afresh; ``--database-url``, default the ``national`` database on
127.0.0.1), it migrates, runs ``hyoka synth`` for every municipality of the national list in a child process
(its wall time and peak memory), then serves Hyoka with gunicorn as hyoka.web.bench does (DEBUG=0, the same
clients and table, whose helpers it reuses) and measures beside /ping/: the あきる野市 plan page from the
public cache and uncached (each request its own query string), a search over the national data, and the
comparison pages of one indicator across the country and of one municipality. The demo's plans (the five seed
documents) are loaded beside the synthetic ones. Last, in this process: the CPU time of the uncached plan page of
あきる野市's demo plan and of its synthetic one, and the indicator comparison with the country's figures held
and the first after a write. Exits non-zero if any request did not answer 200.
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlparse

from hyoka.national.synth import limit_argument
from hyoka.web import bench as web

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/national"
AKIRUNO = "132284"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hyoka.national.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("NATIONAL_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--keep", action="store_true", help="use the data already there (no drop, no synth)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=limit_argument, default=None, help="only the first N municipalities")
    parser.add_argument("--clients", type=web.at_least(1), default=8)
    parser.add_argument("--requests", type=web.at_least(0), default=200)
    parser.add_argument("--warmup", type=web.at_least(0), default=3)
    parser.add_argument("--workers", type=web.at_least(1), default=2)
    parser.add_argument("--threads", type=web.at_least(1), default=4)
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("the national benchmark runs on PostgreSQL (--database-url postgres://…)")

    data_dir = Path(tempfile.mkdtemp(prefix="hyoka-national-"))
    try:
        env = _environment(data_dir, args.database_url)
        if not args.keep:
            _fresh_database(args.database_url)
        _manage(env, "migrate", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        synth_line = "synth: kept the data already there (--keep)"
        if not args.keep:
            synth_line = _synth(env, args)
        print(synth_line, flush=True)
        _manage(env, "demo", "--no-serve")  # the seed cities' plans beside the synthetic ones, as a real
        targets, facts = _targets(env)  # national Hyoka holds documents read in; on a second run: 変更なし
        print(facts)
        with web.serving(env, args.workers, args.threads, data_dir / "gunicorn.log") as port:
            print(
                f"gunicorn {args.workers} workers × {args.threads} threads, DEBUG=0, PostgreSQL, local-memory cache; "
                f"{args.clients} keep-alive clients on the same machine ({os.cpu_count()} CPUs), "
                f"{args.requests} requests per URL"
            )
            results = [web.measure(port, target, args) for target in targets]
        web.print_table(results)
        for line in _cpu_of_uncached_plan_pages():
            print(line)
        print(_comparison_after_a_write())
        return web.report_failures(results)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _environment(data_dir: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="hyoka.settings",
        HYOKA_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        STATIC_ROOT=str(data_dir / "static"),
        DEBUG="0",
        ALLOWED_HOSTS=f"{web.HOST},testserver",
        SECRET_KEY=secrets.token_urlsafe(40),
    )
    env.pop("REDIS_URL", None)
    return env


def _fresh_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([sys.executable, "-m", "hyoka.cli", "manage", *command], env=env, check=True)


def _synth(env: dict[str, str], args: argparse.Namespace) -> str:
    command = [sys.executable, "-m", "hyoka.cli", "synth", "--seed", str(args.seed)]
    if args.limit:
        command += ["--limit", str(args.limit)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux: KiB
    return f"synth + load: {done.stdout.strip()}; wall {seconds:.0f} s ({seconds / 60:.1f} min), peak memory {peak_mb:.0f} MB"


def _targets(env: dict[str, str]) -> tuple[list[web.Target], str]:
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections
    from django.urls import NoReverseMatch, reverse

    from hyoka.catalog.models import IndicatorLink
    from hyoka.indicators.models import Indicator, Observation
    from hyoka.national.bulk import SOURCE
    from hyoka.plans.models import Plan

    plan = Plan.objects.filter(municipality__code=AKIRUNO, source=SOURCE).first() or Plan.objects.first()
    facts = (
        f"data: {Plan.objects.count()} plans, {Indicator.objects.count()} KPIs, {Observation.objects.count()} values, "
        f"{IndicatorLink.objects.confirmed().count()} confirmed links; plan measured: {plan.municipality} {plan} "
        f"(ID {plan.pk})"
    )
    plan_url = reverse("plan-detail", args=[plan.pk])
    targets = [
        web.Target("ping (minimal view)", "/ping/"),
        web.Target("plan page, cached", plan_url),
        web.Target("plan page, uncached", plan_url, vary=True),
        web.Target("search, uncached", reverse("search") + "?q=" + quote("子育て支援"), vary=True),
    ]
    try:
        targets += [
            web.Target("compare indicator", reverse("compare-indicator", args=["total_fertility_rate"]), vary=True),
            web.Target("compare municipality", reverse("compare-municipality", args=[AKIRUNO]), vary=True),
        ]
    except NoReverseMatch:
        facts += "; the comparison pages are not there (hyoka.catalog)"
    connections.close_all()
    return targets, facts


def _cpu_of_uncached_plan_pages(n: int = 60) -> list[str]:
    """The CPU of this process for the uncached plan page of あきる野市's demo plan (子ども・子育て支援総合計画, the
    plan `make bench-web` measures on SQLite), then of its synthetic plan, twice the KPIs with ten years each."""
    from django.db.models import Count

    from hyoka.national.bulk import SOURCE
    from hyoka.plans.models import Plan

    akiruno = Plan.objects.filter(municipality__code=AKIRUNO).annotate(kpis=Count("indicators"))
    plans = [
        ("demo", akiruno.exclude(source=SOURCE).order_by("-kpis", "pk").first()),
        ("national", akiruno.filter(source=SOURCE).first()),
    ]
    return [
        web.describe_cpu(
            f"uncached plan page in one process, あきる野市 {which} plan (ID {plan.pk}, {plan.kpis} KPIs)",
            web.cpu_per_request(f"/plans/{plan.pk}/", n),
        )
        for which, plan in plans
        if plan is not None
    ]


def _comparison_after_a_write(n: int = 5) -> str:
    """Wall time in this process of the indicator comparison as the public, with the country's figures held, and
    the first after a write (one value of the measured plan saved again: every version goes up)."""
    from django.test import Client
    from django.urls import reverse

    from hyoka.indicators.models import Observation

    client, url = Client(), reverse("compare-indicator", args=["total_fertility_rate"])
    value = Observation.objects.filter(indicator__plan__municipality__code=AKIRUNO).order_by("pk").first()
    warm, after = [], []
    for i in range(n):
        value.save()
        started = time.perf_counter()
        assert client.get(f"{url}?after={i}").status_code == 200
        after.append(time.perf_counter() - started)
        started = time.perf_counter()
        assert client.get(f"{url}?warm={i}").status_code == 200
        warm.append(time.perf_counter() - started)
    return (
        f"indicator comparison in one process: {sorted(warm)[n // 2] * 1000:.0f} ms with the country's figures held, "
        f"{sorted(after)[n // 2] * 1000:.0f} ms for the first after a write (median of {n})"
    )


if __name__ == "__main__":
    sys.exit(main())
