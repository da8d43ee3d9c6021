"""The public pages against a bare Flask app, on the same gunicorn settings, in the same run.

    .venv/bin/python benchmarks/public_pages.py [--runs 3] [--seconds 10] [--database-url URL] [--only NAME ...]

Loads the bundled real data (704 wards, boundaries, 24 months of crime, advice, demonstration ward teams) through
`flask --app portal demo load` into a temporary SQLite database (or a private PostgreSQL database beside
--database-url), serves the portal and benchmarks/bare_app.py with gunicorn's production settings, and measures with
wrk (see benchmarks/harness.py):

- bare: the bare app's "ok";
- wards-warm: every ward page, cycled, after a warm-up pass (each process's ward page cache full);
- wards-cold: every ward page, cycled, for the first --seconds after a restart (every process cache empty; the
  renderings kept in the database by earlier runs are there, as after a restart in production);
- wards-changed: the same, after the public content has also been given a new version (as a staff edit or a loader
  does), so nothing rendered before counts and every ward page is rendered again: the cost of a first render;
- home, report: / and /report, warm;
- a-to-z: /wards, the A to Z of all 704 wards, warm.

It prints a Markdown table (median requests/s, min-max spread, p50 and p99 latency, ratio to the bare app) with the
date, machine, commit and command; docs/performance.md keeps the published figures.
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

# Run as a script: the harness sits beside this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

SCENARIOS = ("bare", "wards-warm", "wards-cold", "wards-changed", "home", "report", "a-to-z")


def ward_paths(server: harness.Server) -> list[str]:
    """Every ward page the A to Z links to: the pages a visitor can reach, whatever the database holds."""
    codes = sorted(set(re.findall(r'href="/wards/([A-Z][0-9]{8})"', server.get("/wards"))))
    if not codes:
        raise SystemExit("the A to Z page (/wards) links to no ward: was the data loaded?")
    return [f"/wards/{code}" for code in codes]


def new_version(database: harness.Database) -> Callable[[], None]:
    """Give the public content a new version, as any change to it does (docs/adr/0009): the portal's table, by name."""

    def change() -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(database.url)
        try:
            with engine.begin() as connection:
                connection.execute(text("UPDATE public_content_version SET version = :v"), {"v": secrets.token_hex(8)})
        finally:
            engine.dispose()

    return change


def first_render_cost(portal: harness.Server, database: harness.Database, wards: list[str]) -> float:
    """CPU milliseconds the server spends on a ward page's first render, on average: a restart with one worker, a new
    version of the public content (nothing rendered before counts), then every ward page once, one request at a
    time, with the worker's CPU time read from /proc before and after. HTTP and the access log are included."""
    workers = portal.spec.workers
    portal.spec.workers = 1
    try:
        portal.restart()
        new_version(database)()
        portal.get("/healthz")  # the worker's own first request (connections, caches) is not a ward's
        worker = harness._children(portal.pid or 0)[0]
        before = harness._process_ticks(worker)
        for path in wards:
            portal.get(path)
        return 1000 * (harness._process_ticks(worker) - before) / harness.CLOCK_TICKS / len(wards)
    finally:
        portal.spec.workers = workers
        portal.restart()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, help="measure these scenarios only (bare always)")
    harness.add_common_arguments(parser)
    args = parser.parse_args()
    chosen = {"bare", *(args.only or SCENARIOS)}
    harness.require_wrk()
    run = harness.describe_run()
    with harness.work_folder("benchmark-public-") as folder:
        database = harness.Database(args.database_url, folder)
        bare = harness.bare_server(folder, args.workers)
        portal = harness.portal_server(folder, {}, args.workers)
        try:
            print(f"Loading the bundled data into {database.kind}...", flush=True)
            portal.spec.env = harness.prepare_portal(database, log_level=args.log_level)
            bare.start()
            portal.start()
            wards = ward_paths(portal)
            scenarios = [
                harness.Scenario('bare Flask app: `/` answers "ok"', bare, ["/"]),
                harness.Scenario(f"`/wards/<code>`, warm, all {len(wards)} wards cycled", portal, wards),
                harness.Scenario(
                    f"`/wards/<code>`, cold: first {args.seconds:.0f} s after a restart", portal, wards, True
                ),
                harness.Scenario(
                    f"`/wards/<code>`, first {args.seconds:.0f} s after a restart and a change of the public content",
                    portal,
                    wards,
                    True,
                    prepare=new_version(database),
                ),
                harness.Scenario("`/` home, warm", portal, ["/"]),
                harness.Scenario("`/report`, warm", portal, ["/report"]),
                harness.Scenario("`/wards` A to Z, warm", portal, ["/wards"]),
            ]
            scenarios = [s for name, s in zip(SCENARIOS, scenarios, strict=True) if name in chosen]
            print(f"Measuring {len(scenarios)} scenarios, {args.runs} runs each, interleaved...", flush=True)
            rows = harness.measure(
                scenarios, args.runs, args.seconds, args.warmup, **harness.wrk_settings(args, database)
            )
            render_ms = first_render_cost(portal, database, wards) if "wards-changed" in chosen else None
        finally:
            bare.stop()
            portal.stop()
            database.drop()
    harness.report(f"Public pages on {database.kind}", run, harness.settings_of(args), rows)
    if render_ms is not None:
        print(
            f"\nFirst render of a ward page after a change of the public content, averaged over all {len(wards)}"
            f" (one worker, one request at a time): {render_ms:.1f} ms of the server's CPU"
        )


if __name__ == "__main__":
    main()
