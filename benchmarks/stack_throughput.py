"""Requests per second through the production stack (nginx with TLS, two gunicorn instances of 2 sync workers) against
the development server (`flask run`), on the same database, measured with wrk.

    .venv/bin/python benchmarks/stack_throughput.py [--runs 5] [--seconds 10] [--threads 2] [--connections 32]

Uses the stack running from deploy/run (`make prod-up`) if there is one, otherwise starts one (with the whole
demonstration data: the ward page needs its crime figures) and stops it afterwards. The development server is started
on a free port with PORTAL_ENV=development against the stack's database. Each page is requested for --seconds, --runs
times per server, after a warm-up run; prints the median requests/s and the median p50 and p99 latencies.
Needs wrk (apt-get install -y wrk).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy import stack as stacks  # noqa: E402  (after the path is set)

PAGES = ("/wards/E05013808", "/")


def wrk(url: str, seconds: int, threads: int, connections: int) -> tuple[float, float, float]:
    """(requests/s, p50 ms, p99 ms) of one wrk run."""
    output = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise SystemExit(f"{url} answered errors under load:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, _latency(output, "50%"), _latency(output, "99%")


def _latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def development_server(stack: stacks.Stack) -> tuple[subprocess.Popen[bytes], str]:
    port = stacks.free_ports(1)[0]
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(ROOT)),
        "PORTAL_ENV": "development",
        "DATABASE_URL": stack.database_url,
        "SECRET_KEY": stack.environment["SECRET_KEY"],
        "MAIL_URL": "file:///dev/null",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "portal", "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not stacks.answers(url + "/healthz"):
        if time.monotonic() > deadline:
            server.kill()
            raise SystemExit("the development server did not start")
        time.sleep(0.2)
    return server, url


def measure(name: str, base: str, runs: int, seconds: int, threads: int, connections: int) -> None:
    for page in PAGES:
        url = base + page
        wrk(url, 3, threads, connections)  # warm-up: the ward page cache, connection pools
        results = [wrk(url, seconds, threads, connections) for _ in range(runs)]
        rates = [rate for rate, _p50, _p99 in results]
        p50 = statistics.median(r[1] for r in results)
        p99 = statistics.median(r[2] for r in results)
        print(
            f"{name:<22} {page:<18} {statistics.median(rates):7.0f} req/s "
            f"(runs {', '.join(f'{rate:.0f}' for rate in rates)})  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    with stacks.running_or_started() as running:
        server, development = development_server(running)
        try:
            load = f"wrk -t{arguments.threads} -c{arguments.connections} -d{arguments.seconds}s"
            print(f"{load}, {arguments.runs} runs each")
            settings = (arguments.runs, arguments.seconds, arguments.threads, arguments.connections)
            measure("nginx + 2 x gunicorn", running.url, *settings)
            measure("development server", development, *settings)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
