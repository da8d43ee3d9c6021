"""Check your answers: how long the page takes for a complete draft of every report type, against the bare app.

    .venv/bin/python benchmarks/check_answers.py [--renders 200] [--runs 3] [--seconds 10] [--database-url URL]

Each run of the portal starts from an empty database holding the migrations and the real wards, served with the
harness's production gunicorn settings. One browser session walks every report type's journey over HTTP with the
answers the tests walk (tests/factories: every step answered, items, suspects and vehicles added), so its one session
cookie points at a complete draft of each type. Then:

- render time: one request at a time, `--renders` per type, the types interleaved; the median and p99 of the time
  from sending the request to reading the whole page (one client, so no request waits for another), and the
  server's CPU per page over all of them;
- throughput: wrk cycles through every type's check-answers page with that cookie, warm, interleaved with the bare
  Flask app run by run (benchmarks/harness.py), so the page is also given as a ratio to it with the server's CPU
  per request.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import time
from pathlib import Path

# Run as a script: the harness sits beside this file, and the answers the tests walk are in the project's tests.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import harness  # noqa: E402
from submit import WARD, Browser  # noqa: E402

from tests.factories import crime_reports, reports  # noqa: E402

JOURNEYS = {
    **{slug: pages(WARD) for slug, pages in crime_reports.PAGES.items()},
    "road-traffic-incident": reports.road_traffic_pages(WARD),
    "fraud": reports.fraud_pages(WARD),
    "anti-social-behaviour": reports.asb_pages(WARD),
}


def check_answers_path(slug: str) -> str:
    return f"/report/{slug}/check-answers"


def walk_every_journey(server: harness.Server) -> str:
    """Answer every type's journey in one browser session; return its Cookie header."""
    browser = Browser(server)
    for slug, pages in JOURNEYS.items():
        for step, answers in pages:
            browser.answer(f"/report/{slug}/{step}", answers)
        status, location, page = browser.request("GET", check_answers_path(slug))
        if status != 200 or "Send report" not in page:
            raise SystemExit(f"{slug}: check your answers answered {status} {location}: the journey is incomplete")
    browser.request("GET", check_answers_path(next(iter(JOURNEYS))))  # the session now holds its CSRF token too
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def rows_on(page: str) -> int:
    return page.count('class="govuk-summary-list__row')


def render_times(server: harness.Server, cookie: str, renders: int) -> dict[str, list[float]]:
    """Seconds per page, `renders` of each type, one request at a time, the types taken in turn."""
    times: dict[str, list[float]] = {slug: [] for slug in JOURNEYS}
    for _ in range(renders):
        for slug in JOURNEYS:
            began = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            try:
                connection.request("GET", check_answers_path(slug), headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
            finally:
                connection.close()
            times[slug].append(time.perf_counter() - began)
            if response.status != 200:
                raise SystemExit(f"{slug}: check your answers answered {response.status}")
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def render_table(times: dict[str, list[float]], rows: dict[str, int], cpu_ms: float) -> str:
    lines = [
        "| Report type | Answer rows | Median ms | p99 ms | Slowest ms |",
        "|---|---|---|---|---|",
    ]
    for slug, seconds in times.items():
        median, p99, slowest = statistics.median(seconds), percentile(seconds, 0.99), max(seconds)
        lines.append(f"| {slug} | {rows[slug]} | {1000 * median:.1f} | {1000 * p99:.1f} | {1000 * slowest:.1f} |")
    every = [value for seconds in times.values() for value in seconds]
    lines.append(
        f"| every type ({len(every):,} pages) | - | {1000 * statistics.median(every):.1f}"
        f" | {1000 * percentile(every, 0.99):.1f} | {1000 * max(every):.1f} |"
    )
    return "\n".join(lines) + f"\n\nServer CPU per page, over every render: {cpu_ms:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=200, help="pages of each type timed one by one (default: 200)")
    harness.add_common_arguments(parser)
    args = parser.parse_args()
    harness.require_wrk()
    run = harness.describe_run()
    with harness.work_folder("benchmark-check-answers-") as folder:
        database = harness.Database(args.database_url, folder)
        bare = harness.bare_server(folder, args.workers)
        portal = harness.portal_server(
            folder, harness.prepare_portal(database, demo=False, log_level=args.log_level), args.workers
        )
        try:
            bare.start()
            portal.start()
            cookie = walk_every_journey(portal)
            page_rows = {}
            for slug in JOURNEYS:
                connection = http.client.HTTPConnection("127.0.0.1", portal.port, timeout=60)
                connection.request("GET", check_answers_path(slug), headers={"Cookie": cookie})
                page_rows[slug] = rows_on(connection.getresponse().read().decode())
                connection.close()
            render_times(portal, cookie, 5)  # every worker has rendered every type
            if args.quiet_wait:
                harness.wait_for_quiet(args.quiet_wait)
            with harness.CpuMeter(portal.pid, database.backend_pids) as cpu:
                times = render_times(portal, cookie, args.renders)
            pages = sum(len(seconds) for seconds in times.values())
            cpu_ms = 10 * cpu.server_percent * (time.monotonic() - cpu.started) / pages
            print(f"  render times: {pages} pages one by one, others took {cpu.others_percent:.0f}% of a core")
            scenarios = [
                harness.Scenario("bare Flask app", bare, ["/"]),
                harness.Scenario(
                    f"check your answers, every type ({len(JOURNEYS)}), warm",
                    portal,
                    [check_answers_path(slug) for slug in JOURNEYS],
                    headers={"Cookie": cookie},
                ),
            ]
            settings = harness.wrk_settings(args, database)
            rows = harness.measure(scenarios, args.runs, args.seconds, args.warmup, **settings)
        finally:
            bare.stop()
            portal.stop()
            database.drop()
    settings = harness.settings_of(args)
    settings["render times"] = f"{args.renders} pages of each type, one request at a time, a new connection each"
    harness.report(f"Check your answers on {database.kind}", run, settings, rows)
    print()
    print(render_table(times, page_rows, cpu_ms))


if __name__ == "__main__":
    main()
