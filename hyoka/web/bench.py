"""Page latency under load: `make bench-web` (or `python -m hyoka.web.bench`) prints the numbers.

Serves the demo data from a temporary data directory with gunicorn, as production would
(DEBUG=0, WhiteNoise from the finders, no collectstatic), and measures the plan page, a KPI page
and the project list of the largest demo plan next to a minimal Django view (`/ping/`), each
under the same concurrent load from this machine: N clients, each on its own keep-alive
connection, a warm-up, then a fixed number of requests per URL. p50 and p95 are shown as
milliseconds and as multiples of the ping's, which is what the pages cost beyond Django itself.
Exits non-zero if any request did not answer 200.
"""

from __future__ import annotations

import argparse
import http.client
import io
import math
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) by linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is not within 0–100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Target:
    label: str
    path: str
    vary: bool = False  # each request its own query string (?_=n): never served from the public cache

    def request_path(self, n: int | str) -> str:
        if not self.vary:
            return self.path
        return f"{self.path}{'&' if '?' in self.path else '?'}_={n}"


@dataclass
class Measurement:
    target: Target
    latencies: list[float] = field(default_factory=list)  # seconds, one per measured request
    failures: list[str] = field(default_factory=list)  # "HTTP 500" …, one per failed request (warm-up included)
    seconds: float = 0.0  # wall time of the measured requests

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 50) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 95) * 1000

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of ``minimum`` or more, else a message naming what was given."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = minimum - 1
        if number < minimum:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of {minimum} or more")
        return number

    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hyoka.web.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=at_least(1), default=8, help="concurrent clients (default 8)")
    parser.add_argument("--requests", type=at_least(0), default=300, help="measured requests per URL (default 300)")
    parser.add_argument(
        "--warmup", type=at_least(0), default=5, help="unmeasured requests per client first (default 5)"
    )
    parser.add_argument("--workers", type=at_least(1), default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=at_least(1), default=4, help="threads per gunicorn worker (default 4)")
    args = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="hyoka-bench-"))
    try:
        env = _environment(data_dir)
        plan, targets = _set_up(env)
        with serving(env, args.workers, args.threads, data_dir / "gunicorn.log") as port:
            print(
                f"Hyoka web benchmark: gunicorn {args.workers} workers × {args.threads} threads, DEBUG=0, SQLite; "
                f"{args.clients} concurrent keep-alive clients on the same machine ({os.cpu_count()} CPUs), "
                f"{args.requests} requests per URL after {args.warmup} per client to warm up; "
                f"Python {platform.python_version()}"
            )
            print(f"largest demo plan: {plan}")
            results = [measure(port, target, args) for target in targets]
        print_table(results)
        plan_page = next(t.path for t in targets if t.label == "plan page")
        print(describe_cpu("plan page, uncached, in one process", cpu_per_request(plan_page)))
        return report_failures(results)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def cpu_per_request(path: str, n: int = 60) -> list[float]:
    """CPU seconds of this process for each of ``n`` requests of ``path`` through ``hyoka.wsgi.application``
    (what gunicorn calls; the test client would add its own bookkeeping of every template rendered), each with
    the public cache cleared and its own query string, sorted."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from hyoka.wsgi import application as handler

    factory = RequestFactory()

    def answer(n: int) -> str:
        status: list[str] = []
        response = handler(factory.get(path, {"cpu": n}).environ, lambda s, headers, exc=None: status.append(s))
        b"".join(response)  # the body, as a server sends it
        response.close()  # and request_finished, as a server's close() sends it
        return status[0]

    assert answer(-1).startswith("200"), path
    times = []
    for i in range(n):
        cache.clear()
        started = time.process_time()
        assert answer(i).startswith("200"), path
        times.append(time.process_time() - started)
    return sorted(times)


def describe_cpu(what: str, times: list[float]) -> str:
    return (
        f"{what}: CPU p50 {percentile(times, 50) * 1000:.1f} ms, p95 {percentile(times, 95) * 1000:.1f} ms per "
        f"request (n={len(times)}, hyoka.wsgi's application in this process; {_whose_work_is_in_it()})"
    )


def _whose_work_is_in_it() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return "SQLite's own work is in it"
    return f"{connection.display_name}'s own work, in its server process, is not"


def _environment(data_dir: Path) -> dict[str, str]:
    """A production-like configuration on a throw-away database; set here for the server and for this process."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="hyoka.settings",
        HYOKA_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'hyoka.sqlite3'}",
        CONN_MAX_AGE="60",  # as docs/deploy.md sets it in production, and the national bench: no connect a request
        STATIC_ROOT=str(data_dir / "static"),
        DEBUG="0",
        ALLOWED_HOSTS=f"{HOST},testserver",  # testserver: cpu_per_request
        SECRET_KEY=secrets.token_urlsafe(40),
    )
    os.environ.update(env)
    return env


def _set_up(env: dict[str, str]) -> tuple[str, list[Target]]:
    """Migrate and load the demo (as `hyoka demo --no-serve`); the URLs of the largest plan."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.db.models import Count

    from hyoka.indicators.models import Indicator, Observation
    from hyoka.plans.models import Plan
    from hyoka.projects.models import Project

    call_command("demo", no_serve=True, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG=0 serves hashed files, as production

    def facts(plan: Plan) -> tuple[int, int, int]:
        return (
            Indicator.objects.filter(plan=plan).count(),
            Project.objects.filter(plan=plan).count(),
            Observation.objects.filter(indicator__plan=plan).count(),
        )

    plan = max(Plan.objects.select_related("municipality").order_by("pk"), key=lambda p: sum(facts(p)))
    indicators, projects, observations = facts(plan)
    kpi = (
        Indicator.objects.filter(plan=plan)
        .annotate(n=Count("observations"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    connections.close_all()
    described = (
        f"{plan.municipality.name} {plan.title} (ID {plan.pk}): "
        f"{indicators} KPIs, {projects} projects, {observations} actual values"
    )
    targets = [
        Target("ping (minimal view)", "/ping/"),
        Target("plan page", f"/plans/{plan.pk}/"),
        Target("KPI page", f"/plans/{plan.pk}/indicators/{kpi}/"),
        Target("project list", f"/plans/{plan.pk}/projects/"),
    ]
    return described, targets


@contextmanager
def serving(env: dict[str, str], workers: int, threads: int, log: Path) -> Iterator[int]:
    """Hyoka under gunicorn on a free local port (yielded) until the block ends; its output goes to ``log``."""
    port = _free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "hyoka.wsgi", "-w", str(workers)]
            + ["--threads", str(threads), "-b", f"{HOST}:{port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(port, server, log)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def report_failures(results: list[Measurement]) -> int:
    """The requests that did not answer 200, on stderr; the exit code (1 if any)."""
    failed = sum(len(r.failures) for r in results)
    if not failed:
        return 0
    print(f"{failed} requests failed:", file=sys.stderr)
    for r in results:
        for problem in sorted(set(r.failures)):
            print(f"  {r.target.path}: {problem} ×{r.failures.count(problem)}", file=sys.stderr)
    return 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_until_up(port: int, server: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not start within {timeout:.0f} s:\n{log.read_text(errors='replace')}")


def measure(port: int, target: Target, args: argparse.Namespace) -> Measurement:
    """All clients on one URL: each warms up on its own connection, then they share `args.requests`."""
    result = Measurement(target)
    remaining = iter(range(args.requests))
    lock = threading.Lock()
    started = threading.Barrier(args.clients + 1)

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            for w in range(args.warmup):  # a varying target warms up on paths of its own
                _get(connection, target.request_path(f"w{threading.get_ident()}-{w}"), result, lock, record=False)
            started.wait()
            while True:
                with lock:
                    n = next(remaining, None)
                if n is None:
                    return
                _get(connection, target.request_path(n), result, lock, record=True)
        finally:
            connection.close()

    with ThreadPoolExecutor(args.clients) as pool:
        futures = [pool.submit(client) for _ in range(args.clients)]
        started.wait()
        start = time.perf_counter()
        for future in futures:
            future.result()
        result.seconds = time.perf_counter() - start
    return result


def _get(connection: http.client.HTTPConnection, path: str, result: Measurement, lock, *, record: bool) -> None:
    for _attempt in (1, 2):
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Host": HOST})
            response = connection.getresponse()
            response.read()
            problem = None if response.status == 200 else f"HTTP {response.status}"
            break
        except (OSError, http.client.HTTPException) as e:
            # gunicorn closes a keep-alive connection idle for 2 s (while others warm up): reconnect once.
            connection.close()
            problem = type(e).__name__
    elapsed = time.perf_counter() - start
    with lock:
        if problem:
            result.failures.append(problem)
        elif record:
            result.latencies.append(elapsed)


def print_table(results: list[Measurement]) -> None:
    ping = results[0] if results and results[0].latencies else None
    header = f"{'page':<20} {'URL':<28} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p50/ping':>9} {'p95/ping':>9} {'failed':>7}"
    print(header)
    print("-" * len(header))
    for r in results:
        failed = len(r.failures)
        if not r.latencies:
            print(f"{r.target.label:<20} {r.target.path:<28} {'—':>8} {'—':>8} {'—':>8} {'—':>9} {'—':>9} {failed:>7}")
            continue
        p50_ratio = f"{r.p50_ms / ping.p50_ms:.1f}×" if ping else "—"
        p95_ratio = f"{r.p95_ms / ping.p95_ms:.1f}×" if ping else "—"
        print(
            f"{r.target.label:<20} {r.target.path:<28} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} {r.per_second:>8.1f} "
            f"{p50_ratio:>9} {p95_ratio:>9} {failed:>7}"
        )


if __name__ == "__main__":
    sys.exit(main())
