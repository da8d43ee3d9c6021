"""Public pages through the production stack's nginx cache, against the bare app served directly, in the same run.

    .venv/bin/python benchmarks/edge_cache.py [--runs 3] [--seconds 10] [--only wards home report a-to-z]

Uses the stack running from deploy/run (`make prod-up`) if there is one, otherwise starts one with the whole
demonstration data (704 wards with their crime figures) and stops it afterwards. The bare app
(benchmarks/bare_app.py) is served by gunicorn with the harness's production settings, as in public_pages.py; the
pages are asked of nginx's main listener over https (TLS, keep-alive: what a browser does), which keeps what the
portal sends with `Cache-Control: public` (docs/adr/0009). Warm runs only: the warm-up fills the cache, and nginx
asks the portal again (with If-None-Match) when a page's max-age has passed, which the runs include.

The CPU columns count nginx and both web instances (their masters and workers) as the server. It prints the harness's
Markdown table; docs/performance.md keeps the published figures. That an edit shows through the cache within a
minute is proved by e2e_stack/test_edge_cache.py, not measured here.
"""

from __future__ import annotations

import argparse
import re
import ssl
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import harness  # noqa: E402

from deploy import stack as stacks  # noqa: E402

SCENARIOS = ("wards", "home", "report", "a-to-z")


class StackServer(harness.RunningServer):
    """The stack's nginx: measured, never restarted; its CPU and the web instances' count as the server's."""

    def __init__(self, running: stacks.Stack, folder: Path) -> None:
        super().__init__(running.url, folder)
        self.stack = running

    @property
    def pid(self) -> int | None:
        return self.stack.pids["nginx"]

    def web_pids(self) -> list[int]:
        masters = [self.stack.pids[f"web-{number}"] for number in stacks.WEB_INSTANCES]
        return [pid for master in masters for pid in (master, *harness._children(master))]

    def get(self, path: str) -> str:
        context = ssl.create_default_context(cafile=str(self.stack.certificate))
        with urllib.request.urlopen(f"{self.base_url}{path}", timeout=60, context=context) as response:
            return response.read().decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, help="measure these scenarios only (bare always)")
    harness.add_common_arguments(parser)
    args = parser.parse_args()
    chosen = set(args.only or SCENARIOS)
    harness.require_wrk()
    run = harness.describe_run()
    with stacks.running_or_started() as running:
        with harness.work_folder("benchmark-edge-") as folder:
            bare = harness.bare_server(folder, args.workers)
            nginx = StackServer(running, folder)
            try:
                bare.start()
                codes = sorted(set(re.findall(r'href="/wards/([A-Z][0-9]{8})"', nginx.get("/wards"))))
                wards = [f"/wards/{code}" for code in codes]
                scenarios = [
                    harness.Scenario('bare Flask app: `/` answers "ok", gunicorn directly', bare, ["/"]),
                    harness.Scenario(f"`/wards/<code>` through nginx's cache, all {len(wards)} wards", nginx, wards),
                    harness.Scenario("`/` home through nginx's cache", nginx, ["/"]),
                    harness.Scenario("`/report` through nginx's cache", nginx, ["/report"]),
                    harness.Scenario("`/wards` A to Z through nginx's cache", nginx, ["/wards"]),
                ]
                wanted = [True, "wards" in chosen, "home" in chosen, "report" in chosen, "a-to-z" in chosen]
                scenarios = [scenario for scenario, keep in zip(scenarios, wanted, strict=True) if keep]
                print(f"Measuring {len(scenarios)} scenarios, {args.runs} runs each, interleaved...", flush=True)
                settings = {
                    "threads": args.threads,
                    "connections": args.connections,
                    "extra_pids": nginx.web_pids,
                    "quiet_wait": args.quiet_wait,
                    "max_others": args.max_others,
                }
                rows = harness.measure(scenarios, args.runs, args.seconds, args.warmup, **settings)
            finally:
                bare.stop()
    described = harness.settings_of(args)
    described["stack"] = "nginx (TLS, keep-alive, proxy_cache) over 2 gunicorn instances of 2 sync workers"
    harness.report("Public pages through the nginx cache", run, described, rows)


if __name__ == "__main__":
    main()
