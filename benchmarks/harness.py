"""The benchmark harness every benchmark in this folder shares, and a command line for measuring any pages.

    .venv/bin/python benchmarks/harness.py /wards/E05013808 / [--runs 3] [--seconds 10] [--cold] [--database-url URL]

What it guarantees, so figures from different benchmarks and different days can be compared:

- The server is gunicorn with the production worker settings (`-k sync`, one worker per core unless --workers says
  otherwise) and PORTAL_ENV=production, with what production requires set to safe local values: a random 40-character
  SECRET_KEY, MAIL_URL pointing at a closed port (the web processes only queue email), and the production default
  LOG_LEVEL (INFO: the access log is written, to a file, as a deployment would).
- The bare app (benchmarks/bare_app.py, "ok" and nothing else) is served by the same settings in the same
  invocation, as a separate process, and every figure is also given as a ratio to it.
- The load generator is wrk (Debian's package; `make bench-tools` installs it), written in C, driven by a Lua
  script that cycles through a list of paths. It shares the machine's cores with the server, so the CPU it used is
  recorded beside every run, and so is the CPU that other processes on the machine took.
- Every measurement is repeated (--runs, at least 3 for published figures), the scenarios of one invocation are
  interleaved run by run so a busy spell on a shared machine slows all of them alike, and the table gives the
  median with the min-max spread, and the median p50 and p99 latency.
- "Warm" runs follow a warm-up with the same requests, long enough for every worker to have served every path;
  "cold" runs restart the server first, so every process cache is empty, and measure the first --seconds after all
  its workers have loaded the application.
- The output records the date, the machine (CPU model, cores, memory, kernel), the git commit and the exact
  command, and the raw figures of every run are kept as JSON in benchmarks/results/ (not committed).

The portal is used through its command line (`flask --app portal ...`), HTTP and, for counting what a benchmark
wrote, a few table names, never by importing its modules, so moving modules inside the portal does not break the
benchmarks.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import math
import os
import platform
import re
import resource
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
RESULTS = BENCHMARKS / "results"
# The interpreter running the benchmark is the project's virtual environment; gunicorn and flask sit beside it.
BIN = Path(sys.executable).parent
WARDS_CSV = ROOT / "ward_pages" / "data" / "london_wards.csv"
# The same wrk settings as the figures the targets were set against: 2 threads, 32 connections, 10 seconds.
DEFAULT_THREADS = 2
DEFAULT_CONNECTIONS = 32
DEFAULT_SECONDS = 10.0
DEFAULT_WARMUP = 5.0
# Warm-up rounds stop once every path is this unlikely to be still uncached in some worker (see warm_up).
COLD_CHANCE = 1e-4
MAX_WARMUP_ROUNDS = 30
# A run during which other processes took more than --max-others percent of one core is measured again, this often.
RETRIES = 3
DEFAULT_MAX_OTHERS = 50.0
DEFAULT_RUNS = 3
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# -- the machine and the run ------------------------------------------------------------------------------------------


def _command_output(*argv: str) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def describe_run() -> dict[str, object]:
    """What a reader needs to judge or repeat a figure: when, on what, from which commit, with which command."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    commit = _command_output("git", "rev-parse", "--short=12", "HEAD")
    if _command_output("git", "status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    wrk = _command_output("wrk", "-v").splitlines()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {memory_gib:.0f} GiB, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "gunicorn": _command_output(str(BIN / "gunicorn"), "--version"),
        "wrk": wrk[0] if wrk else "not installed",
        "commit": commit,
        "command": shlex.join([os.path.relpath(sys.executable, ROOT), *sys.argv]),
        "load_average_at_start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


def free_port() -> int:
    """A port nothing listens on now; other benchmarks and test suites run on this machine at the same time."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- CPU accounting: who used the cores during a run ------------------------------------------------------------------


def _machine_busy_ticks() -> int:
    user, nice, system, _idle, _iowait, _irq, _softirq, steal = (
        int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]
    )
    # Interrupt time is left out: at thousands of connections a second most of it is the loopback network carrying
    # the benchmark's own requests, which no process is charged for. Steal (the host running other machines) stays.
    return user + nice + system + steal


def _process_ticks(pid: int) -> int:
    with contextlib.suppress(OSError, IndexError, ValueError):
        # The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
        after = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(after[11]) + int(after[12])  # utime + stime
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def _own_seconds() -> float:
    """CPU time of this process and of its finished children (wrk runs are finished children)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def wait_for_quiet(limit: float, threshold: float = 25.0) -> float:
    """Wait up to `limit` seconds for other work to pause (the machine under `threshold`% of one core busy).

    Other people's test suites run on the same machine; a run started while they were busy measures them as much
    as the portal. Returns the busy percentage last seen, recorded beside the run either way.
    """
    deadline = time.monotonic() + limit
    while True:
        before = _machine_busy_ticks()
        time.sleep(1)
        busy = 100 * (_machine_busy_ticks() - before) / CLOCK_TICKS
        if busy < threshold or time.monotonic() >= deadline:
            return busy
        time.sleep(2)


class CpuMeter:
    """CPU used during one run, in percent of one core: by the server, by the load generator, by everyone else.

    "Others" is what the machine's busy time leaves after the server and the load generator (this process and the
    wrk it ran), so a figure measured while other work was running says so. `extra_pids` adds processes working for
    the benchmark, such as the PostgreSQL backends serving the server.
    """

    def __init__(self, server_pid: int | None, extra_pids: Callable[[], list[int]] = list) -> None:
        self.server_pid = server_pid
        self.extra_pids = extra_pids

    def _ticks(self) -> tuple[int, int]:
        """The server's ticks (its processes and the extra ones) and, of those, the extra processes'."""
        if self.server_pid is None:
            return 0, 0
        extra = sum(_process_ticks(pid) for pid in self.extra_pids())
        return sum(_process_ticks(pid) for pid in [self.server_pid, *_children(self.server_pid)]) + extra, extra

    def __enter__(self) -> CpuMeter:
        self.started = time.monotonic()
        (self.server, self.extra), self.machine, self.own = self._ticks(), _machine_busy_ticks(), _own_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        elapsed = time.monotonic() - self.started
        machine = (_machine_busy_ticks() - self.machine) / CLOCK_TICKS
        server_now, extra_now = self._ticks()
        server, extra = (server_now - self.server) / CLOCK_TICKS, (extra_now - self.extra) / CLOCK_TICKS
        load = _own_seconds() - self.own
        self.server_percent = 100 * server / elapsed
        self.extra_percent = 100 * extra / elapsed  # the extra processes' part of server_percent
        self.load_percent = 100 * load / elapsed
        self.others_percent = max(0.0, 100 * (machine - server - load) / elapsed)


# -- servers ----------------------------------------------------------------------------------------------------------


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production web process, with safe local values for what production insists on."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "FLASK_"))}
    env.update(
        PORTAL_ENV="production",
        # ProductionConfig refuses to start without 32+ characters; a fresh one per invocation, never a real one.
        SECRET_KEY=secrets.token_hex(20),
        DATABASE_URL=database_url,
        # Web processes only queue email (the outbox sender is a separate service); a closed port makes any stray
        # attempt to send fail at once instead of reaching anyone.
        MAIL_URL="smtp://127.0.0.1:9",
        PUBLIC_BASE_URL="https://127.0.0.1",
        # Production refuses memory://. No benchmarked route is rate-limited, so the limiter's storage is never
        # consulted; a prefix of the invocation's own keeps anything it did write apart from other work's.
        RATELIMIT_STORAGE_URI=os.environ.get("BENCHMARK_REDIS_URL", "redis://127.0.0.1:6379/0"),
        RATELIMIT_KEY_PREFIX=f"benchmark-{secrets.token_hex(4)}",
        # Direct connections, no proxy in front: no forwarded headers.
        TRUSTED_PROXY_COUNT="0",
        LOG_LEVEL="INFO",
        # One machine: SQLite and evidence in a local folder are what production accepts with this set; the EICAR
        # scanner is the only one registered; a fresh key seals authenticator secrets (no staff sign in here).
        SINGLE_MACHINE="1",
        EVIDENCE_SCANNER_ACKNOWLEDGED="eicar-only",
        EVIDENCE_STORAGE_URL=f"file://{tempfile.gettempdir()}/benchmark-evidence",
        TOTP_ENCRYPTION_KEYS="benchmark:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    )
    env.update(extra)
    return env


def flask_cli(env: dict[str, str], *args: str) -> str:
    """Run `flask --app portal ARGS` as an operator would, and return what it printed."""
    completed = subprocess.run(
        [str(BIN / "flask"), "--app", "portal", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if completed.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{completed.stdout}{completed.stderr}")
    return completed.stdout.strip()


@dataclass
class ServerSpec:
    name: str
    app: str  # gunicorn's APP_MODULE, from the project root
    env: dict[str, str]
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)


class PortTaken(Exception):
    pass


class Server:
    """One gunicorn server on a free port, started and stopped by the harness.

    Production settings, the same for the portal and the bare app: sync workers, one per core by default (a request
    is CPU work in Python, and more processes only take turns on the same cores). Sync workers close the connection
    after every response, so every request also pays for a TCP connection, as it would behind a proxy that does not
    keep connections to gunicorn alive.
    """

    def __init__(self, spec: ServerSpec, folder: Path) -> None:
        self.spec = spec
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.starts = 0

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self, timeout: float = 60) -> None:
        # The port is free when chosen but not reserved: another process on the machine may take it before gunicorn
        # binds it. Then gunicorn exits at once, and another port is tried.
        for _ in range(3):
            try:
                return self._start(timeout)
            except PortTaken:
                continue
        raise SystemExit(f"{self.spec.name}: three free ports were taken before gunicorn could bind them")

    def _start(self, timeout: float) -> None:
        self.starts += 1
        ready = self.folder / f"{self.spec.name}-ready-{self.starts}"
        ready.mkdir(parents=True)
        self.port = free_port()
        self.log = self.folder / f"{self.spec.name}-{self.starts}.log"
        argv = [
            str(BIN / "gunicorn"),
            "--config",
            str(BENCHMARKS / "gunicorn_ready.py"),
            "--workers",
            str(self.spec.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            self.spec.app,
        ]
        with self.log.open("wb") as log:
            # Its own session, so stopping it reaches every worker. The log goes to a file, as a deployment's would:
            # a pipe nobody reads would fill up and stall the workers.
            env = {**self.spec.env, "BENCHMARK_READY_DIR": str(ready)}
            self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        while sum(1 for _ in ready.iterdir()) < self.spec.workers:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                if "Address already in use" in self.log.read_text():
                    raise PortTaken
                raise SystemExit(f"{self.spec.name} did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> str:
        """One request, as a check or to read a page the benchmark needs (a list of links)."""
        import http.client
        from urllib.parse import urlsplit

        address = urlsplit(self.url())
        connection = http.client.HTTPConnection(address.hostname or "127.0.0.1", address.port or 80, timeout=60)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read().decode()
        finally:
            connection.close()
        if response.status != 200:
            raise SystemExit(f"{self.spec.name} answered {response.status} to GET {path}")
        return body


class RunningServer(Server):
    """A server the harness did not start, such as the portal behind a caching proxy: measured, never restarted.

    Its CPU cannot be told apart from other work on the machine, so it counts under "others".
    """

    def __init__(self, base_url: str, folder: Path) -> None:
        super().__init__(ServerSpec("running", "-", {}), folder)
        self.base_url = base_url.rstrip("/")

    def start(self, timeout: float = 60) -> None:
        pass

    def stop(self) -> None:
        pass

    def restart(self) -> None:
        raise SystemExit("a server the harness did not start cannot be measured cold")

    def url(self, path: str = "/") -> str:
        return f"{self.base_url}{path}"


# -- databases --------------------------------------------------------------------------------------------------------


class Database:
    """Where the portal keeps its data for one benchmark.

    No URL: a temporary SQLite file, removed afterwards. A SQLite URL: that file, used as it is. A PostgreSQL URL: a
    private database created beside the one named (the server is shared with test suites) and dropped afterwards.
    """

    def __init__(self, url: str | None, folder: Path) -> None:
        self.given = url
        self.private: str | None = None
        if url is None:
            folder.mkdir(parents=True, exist_ok=True)
            self.url = f"sqlite:///{folder / 'portal.sqlite3'}"
        elif url.startswith("postgresql"):
            from sqlalchemy.engine import make_url

            self.private = f"benchmark_{os.getpid()}_{secrets.token_hex(3)}"
            self.url = make_url(url).set(database=self.private).render_as_string(hide_password=False)
            self._admin(f'CREATE DATABASE "{self.private}"')
        else:
            self.url = url

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.url.startswith("postgresql") else "SQLite"

    def _admin(self, statement: str) -> None:
        from sqlalchemy import create_engine, text

        assert self.given is not None
        engine = create_engine(self.given, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def backend_pids(self) -> list[int]:
        """The PostgreSQL server processes serving this database: their CPU is the benchmark's, not other work's."""
        if self.private is None:
            return []
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                query = text("SELECT pid FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()")
                return list(connection.scalars(query, {"name": self.private}))
        finally:
            engine.dispose()

    def drop(self) -> None:
        if self.private:
            self._admin(f'DROP DATABASE IF EXISTS "{self.private}" WITH (FORCE)')
            self.private = None


# -- load generation with wrk -----------------------------------------------------------------------------------------

# Each wrk thread cycles through the paths from its own starting point (threads start spread over the list), sends the
# extra headers, and reports its figures as one JSON line, so nothing depends on how wrk formats its summary.
LUA = r"""
local started = 0
function setup(thread)
  thread:set("thread_number", started)
  started = started + 1
end

local requests, index = {}, 0
function init(args)
  local headers = {}
  for i = 2, #args, 2 do headers[args[i]] = args[i + 1] end
  for line in io.lines(args[1]) do
    if line ~= "" then requests[#requests + 1] = wrk.format("GET", line, headers) end
  end
  index = math.floor(#requests * thread_number / THREADS)
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, '
    .. '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p75_us": %d, "p90_us": %d, '
    .. '"p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


@dataclass
class Measurement:
    """One run of one scenario."""

    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers, failed connections, reads, writes and timeouts: any makes the run invalid
    server_cpu_percent: float = 0.0
    load_generator_cpu_percent: float = 0.0
    others_cpu_percent: float = 0.0
    detail: dict[str, object] = field(default_factory=dict)

    @property
    def server_cpu_ms_per_request(self) -> float:
        """The server's CPU time per request: unlike requests/s, it hardly moves when other work takes the cores."""
        return 10 * self.server_cpu_percent / self.requests_per_second if self.requests_per_second else 0.0

    def describe(self) -> str:
        return (
            f"{self.requests_per_second:,.0f}/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms,"
            f" errors {self.errors}; CPU (% of one core): server {self.server_cpu_percent:.0f},"
            f" load generator {self.load_generator_cpu_percent:.0f}, others {self.others_cpu_percent:.0f}"
        )


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: run `make bench-tools` (apt-get install wrk).")
    return wrk


def run_wrk(
    server: Server,
    paths: list[str],
    seconds: float,
    *,
    threads: int = DEFAULT_THREADS,
    connections: int = DEFAULT_CONNECTIONS,
    headers: dict[str, str] | None = None,
    extra_pids: Callable[[], list[int]] = list,
) -> Measurement:
    """Requests per second and latency percentiles for `seconds` of `paths`, cycled, from wrk."""
    folder = Path(tempfile.mkdtemp(prefix="wrk-", dir=server.folder))
    script, listing = folder / "cycle.lua", folder / "paths.txt"
    script.write_text(f"local THREADS = {threads}\n{LUA}")
    listing.write_text("\n".join(paths) + "\n")
    header_args = [item for name, value in (headers or {}).items() for item in (name, value)]
    argv = [
        require_wrk(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=30s",  # a slow page is measured as slow, not dropped as a time-out
        f"--script={script}",
        server.url(paths[0]),
        "--",
        str(listing),
        *header_args,
    ]
    with CpuMeter(server.pid, extra_pids) as cpu:
        completed = subprocess.run(argv, capture_output=True, text=True)
    line = next((line for line in completed.stdout.splitlines() if line.startswith("RESULT ")), None)
    if completed.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed:\n{completed.stdout}{completed.stderr}")
    raw = json.loads(line.removeprefix("RESULT "))
    errors = sum(raw[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return Measurement(
        requests_per_second=raw["requests"] / (raw["duration_us"] / 1e6),
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        requests=raw["requests"],
        errors=errors,
        server_cpu_percent=cpu.server_percent,
        load_generator_cpu_percent=cpu.load_percent,
        others_cpu_percent=cpu.others_percent,
        detail=raw,
    )


# -- scenarios, repetition and the report -----------------------------------------------------------------------------


@dataclass
class Scenario:
    """One row of the table: what to request from which server, warm or cold."""

    name: str
    server: Server
    paths: list[str]
    cold: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    note: str = ""
    # Run after the restart of a cold run, before it is measured (to change the data, say).
    prepare: Callable[[], None] | None = None
    results: list[Measurement] = field(default_factory=list)
    repeated: list[Measurement] = field(default_factory=list)  # runs disturbed by other work, measured again


@dataclass
class Row:
    name: str
    runs: list[Measurement]
    bare: bool = False
    note: str = ""
    repeated: list[Measurement] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.requests_per_second for run in self.runs)

    def summary(self) -> dict[str, object]:
        rates = [run.requests_per_second for run in self.runs]
        return {
            "name": self.name,
            "median": statistics.median(rates),
            "min": min(rates),
            "max": max(rates),
            "p50_ms": statistics.median(run.p50_ms for run in self.runs),
            "p99_ms": statistics.median(run.p99_ms for run in self.runs),
            "server_cpu_ms_per_request": statistics.median(run.server_cpu_ms_per_request for run in self.runs),
            "errors": sum(run.errors for run in self.runs),
            "others_cpu_percent": statistics.median(run.others_cpu_percent for run in self.runs),
            "load_generator_cpu_percent": statistics.median(run.load_generator_cpu_percent for run in self.runs),
        }


def needed_visits(workers: int | None) -> int:
    workers = workers or os.cpu_count() or 1
    return 1 if workers == 1 else math.ceil(math.log(COLD_CHANCE) / math.log((workers - 1) / workers))


def warm_up(scenario: Scenario, seconds: float, settings: dict[str, object]) -> None:
    """Request the scenario's paths until every worker has very probably served each of them at least once.

    Workers take connections as they come, so which worker serves a request is chance: a path requested k times
    has missed a given one of W workers with probability ((W-1)/W)^k. A fixed warm-up time is not enough when the
    first visits are slow (all 704 ward pages, once in every worker, take longer than the measured run), so rounds
    of `seconds` go on until each path has been requested often enough, at least one round and at most
    MAX_WARMUP_ROUNDS.
    """
    needed = needed_visits(scenario.server.spec.workers)
    done = 0
    for _ in range(MAX_WARMUP_ROUNDS):
        done += run_wrk(scenario.server, scenario.paths, seconds, headers=scenario.headers, **settings).requests
        if done >= needed * len(scenario.paths):
            return
    print(f"  warning: {scenario.name} was still warming up after {MAX_WARMUP_ROUNDS} rounds", flush=True)


def measure(
    scenarios: list[Scenario],
    runs: int,
    seconds: float,
    warmup: float,
    *,
    threads: int = DEFAULT_THREADS,
    connections: int = DEFAULT_CONNECTIONS,
    extra_pids: Callable[[], list[int]] = list,
    quiet_wait: float = 0,
    max_others: float | None = None,
) -> list[Row]:
    """Measure every scenario `runs` times, interleaved: run 1 of each, then run 2 of each, and so on."""
    settings = {"threads": threads, "connections": connections, "extra_pids": extra_pids}
    for number in range(1, runs + 1):
        for scenario in scenarios:
            for attempt in range(1 + RETRIES):
                if scenario.cold:
                    # A new server: every process cache empty, the application loaded by every worker, nothing
                    # requested.
                    scenario.server.restart()
                    if scenario.prepare is not None:
                        scenario.prepare()
                elif warmup > 0 and attempt == 0:  # a repeat finds the caches as the last run left them: warm
                    warm_up(scenario, warmup, settings)
                if quiet_wait:
                    wait_for_quiet(quiet_wait)
                result = run_wrk(scenario.server, scenario.paths, seconds, headers=scenario.headers, **settings)
                print(f"  run {number}/{runs} {scenario.name}: {result.describe()}", flush=True)
                if not disturbed(result, max_others, attempt):
                    break
                scenario.repeated.append(result)
            scenario.results.append(result)
    return [
        Row(s.name, s.results, bare=s.server.spec.name == "bare", note=s.note, repeated=s.repeated) for s in scenarios
    ]


def disturbed(result: Measurement, max_others: float | None, attempt: int) -> bool:
    """Whether other work took so much CPU during a run that it is repeated (at most RETRIES times)."""
    if max_others is None or result.others_cpu_percent <= max_others:
        return False
    if attempt < RETRIES:
        print(f"    other work took {result.others_cpu_percent:.0f}% of a core: repeating this run", flush=True)
        return True
    print(f"    other work took {result.others_cpu_percent:.0f}% of a core, {RETRIES} repeats: kept", flush=True)
    return False


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"


def _ratio(value: float) -> str:
    # Three decimals below 0.1, where a target such as 0.06x would otherwise be met by rounding (0.055 shown as 0.06).
    return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x"


def table(rows: list[Row]) -> str:
    """The Markdown table docs/performance.md holds: median, spread, latency and the ratio to the bare app.

    "Server CPU ms/request" is the median of the server's CPU time per request (the PostgreSQL backends serving it
    included): the cost of a request, which other work on the machine changes far less than the throughput.
    "Others' CPU" is the median CPU that processes other than the server and the load generator took during the
    runs, in percent of one core: near 0 on a quiet machine, 100 when other work kept a whole core busy.
    """
    bare = next((row for row in rows if row.bare), None)
    lines = [
        "| Scenario | Median/s | Spread (min-max) | p50 ms | p99 ms | Ratio to bare | Server CPU ms/request"
        " | Errors | Others' CPU |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        s = row.summary()
        # A server the harness did not start has no CPU figure of its own (it counts under others).
        cpu = f"{s['server_cpu_ms_per_request']:.2f}" if s["server_cpu_ms_per_request"] else "-"
        ratio = "1.00" if row.bare else (_ratio(row.median / bare.median) if bare else "-")
        lines.append(
            f"| {row.name} | {_number(s['median'])} | {_number(s['min'])}-{_number(s['max'])} "
            f"| {s['p50_ms']:.1f} | {s['p99_ms']:.1f} | {ratio} | {cpu} | {s['errors']}"
            f" | {s['others_cpu_percent']:.0f}% |"
        )
    return "\n".join(lines)


def report(title: str, run: dict[str, object], settings: dict[str, object], rows: list[Row]) -> str:
    """Print the table with what it was measured on, keep every run's figures as JSON, and return the table."""
    text = table(rows)
    others = [r.others_cpu_percent for row in rows for r in row.runs]
    loads = [r.load_generator_cpu_percent for row in rows for r in row.runs]
    print()
    print(f"## {title}")
    print()
    for key in ("date", "machine", "commit", "command", "load_average_at_start"):
        print(f"- {key.replace('_', ' ')}: {run[key]}")
    print(f"- settings: {', '.join(f'{k} {v}' for k, v in settings.items())}")
    print(
        f"- CPU taken by other processes during the runs (% of one core): median {statistics.median(others):.0f}, "
        f"max {max(others):.0f}; by the load generator: median {statistics.median(loads):.0f}"
    )
    repeated = sum(len(row.repeated) for row in rows)
    print(
        f"- runs measured again because other work took more than {settings.get('max others', '-')}% of one core:"
        f" {repeated} (set aside, kept in the JSON)"
    )
    print()
    print(text)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')}-{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "title": title,
                "run": run,
                "settings": settings,
                "rows": [
                    {
                        **row.summary(),
                        "runs": [asdict(r) for r in row.runs],
                        "set_aside": [asdict(r) for r in row.repeated],
                    }
                    for row in rows
                ],
            },
            indent=2,
        )
    )
    print(f"\nEvery run's figures: {path.relative_to(ROOT)}")
    return text


# -- preparing the portal ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def work_folder(prefix: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def prepare_portal(database: Database, *, demo: bool = True, log_level: str = "INFO") -> dict[str, str]:
    """Migrate the database and load the bundled real data through the portal's own command line.

    `demo load` under production settings loads the real wards, boundaries, crime and advice and the demonstration
    ward teams, and skips the demo staff accounts and reports, as production always does. Returns the production
    environment the server and any later command use (one secret key for all of them, so cookies made by one are
    good for the other).
    """
    env = production_env(database.url, LOG_LEVEL="WARNING")
    flask_cli(env, "db", "upgrade")
    if demo:
        flask_cli(env, "demo", "load")
    else:
        flask_cli(env, "wards", "load", str(WARDS_CSV))
    return {**env, "LOG_LEVEL": log_level}


def bare_server(folder: Path, workers: int | None = None) -> Server:
    env = production_env("sqlite://")  # the bare app reads none of it; the same environment keeps it a fair twin
    spec = ServerSpec("bare", "benchmarks.bare_app:app", env)
    if workers:
        spec.workers = workers
    return Server(spec, folder)


def portal_server(folder: Path, env: dict[str, str], workers: int | None = None) -> Server:
    spec = ServerSpec("portal", "wsgi:app", env)
    if workers:
        spec.workers = workers
    return Server(spec, folder)


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="runs of each scenario (default: 3)")
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS, help="length of each run (default: 10)")
    parser.add_argument("--warmup", type=float, default=DEFAULT_WARMUP, help="length of a warm-up round (default: 5)")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="wrk threads (default: 2)")
    parser.add_argument("--connections", type=int, default=DEFAULT_CONNECTIONS, help="wrk connections (default: 32)")
    parser.add_argument("--workers", type=int, help="gunicorn sync workers (default: one per core)")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=0,
        help="before each run, wait up to this many seconds for other work on the machine to pause (default: 0)",
    )
    parser.add_argument(
        "--max-others",
        type=float,
        default=DEFAULT_MAX_OTHERS,
        help="repeat a run (at most 3 times) when other processes took more than this percentage of one core during it"
        " (default: 50; the runs set aside are kept in the JSON)",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        help="the portal's LOG_LEVEL (default: INFO, production's, which writes the access log; WARNING turns it off)",
    )
    parser.add_argument(
        "--database-url",
        help="default: a temporary SQLite file; a PostgreSQL URL: a private database beside it, dropped afterwards",
    )


def wrk_settings(args: argparse.Namespace, database: Database) -> dict[str, object]:
    return {
        "threads": args.threads,
        "connections": args.connections,
        "extra_pids": database.backend_pids,
        "quiet_wait": args.quiet_wait,
        "max_others": args.max_others,
    }


def settings_of(args: argparse.Namespace) -> dict[str, object]:
    return {
        "gunicorn": f"{args.workers or os.cpu_count()} sync workers, PORTAL_ENV=production, LOG_LEVEL={args.log_level}",
        "wrk": f"{args.threads} threads x {args.connections} connections",
        "runs": args.runs,
        "seconds": args.seconds,
        "max others": args.max_others,
        "warm-up": f"rounds of {args.warmup:g} s until every path was requested {needed_visits(args.workers)} times",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="portal paths, cycled in order (a file of paths: @FILE)")
    parser.add_argument("--cold", action="store_true", help="restart the server before each run, no warm-up")
    parser.add_argument("--header", action="append", default=[], help="'Name: value', sent with every request")
    parser.add_argument(
        "--base-url",
        help="measure a server already running there (the portal behind a cache, say) instead of starting the portal",
    )
    add_common_arguments(parser)
    args = parser.parse_args()
    paths = [
        line.strip()
        for item in args.paths
        for line in (Path(item[1:]).read_text().splitlines() if item.startswith("@") else [item])
        if line.strip()
    ]
    headers = {name.strip(): value.strip() for name, _, value in (header.partition(":") for header in args.header)}
    require_wrk()
    run = describe_run()
    with work_folder("benchmark-") as folder:
        # A server already running keeps its own data: no database is made for it.
        database = Database(None if args.base_url else args.database_url, folder)
        bare = bare_server(folder, args.workers)
        portal: Server = RunningServer(args.base_url or "-", folder)
        try:
            if not args.base_url:
                portal = portal_server(folder, prepare_portal(database, log_level=args.log_level), args.workers)
            label = paths[0] + (f" and {len(paths) - 1} more" if len(paths) > 1 else "")
            scenarios = [
                Scenario("bare Flask app", bare, ["/"], headers=headers),
                Scenario(f"{label}, {'cold' if args.cold else 'warm'}", portal, paths, args.cold, headers),
            ]
            bare.start()
            portal.start()
            rows = measure(scenarios, args.runs, args.seconds, args.warmup, **wrk_settings(args, database))
        finally:
            bare.stop()
            portal.stop()
            database.drop()
    title = f"Pages at {args.base_url}" if args.base_url else f"Pages on {database.kind}"
    report(title, run, settings_of(args), rows)


if __name__ == "__main__":
    main()
