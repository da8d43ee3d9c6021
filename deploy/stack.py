"""The production stack on one machine, from the repository alone.

    python -m deploy.stack up       # `make prod-up`: start it, print the address, the demo officer and the mailbox
    python -m deploy.stack down     # `make prod-down`: stop every process, drop the database, clear Redis keys
    python -m deploy.stack code     # the demo officer's current security code

What runs, as it would on a server (docs/deployment.md), each process with PORTAL_ENV=production:

- nginx, a private instance (its own prefix, pid, temp, cache and log paths under the run folder) terminating TLS
  with a certificate made at start-up, serving /assets/ itself, caching the public pages and balancing two web
  instances round-robin; two more listeners reach instance 1 and instance 2 alone, uncached;
- two gunicorn instances of the portal, each with its own workers;
- PostgreSQL (a private database per run, created and migrated at start, dropped at stop) and Redis (rate limits,
  under a key prefix of the run's own);
- an S3-compatible object store for evidence (moto's server), with a private, encrypted bucket;
- the outbox sender (`flask --app portal outbox send --loop`), delivering over SMTP with STARTTLS required to a
  local mail server (deploy/smtp_server.py) that saves each message in the mailbox folder;
- the scheduled jobs (`flask --app portal jobs run`), run once at start as a timer would.

The demonstration data (`flask --app portal demo load`, as `make run` loads it) is loaded with PORTAL_ENV=development,
which alone may create the demo accounts; never do that to a real database.

The stack's browser tests (e2e_stack/) use this module as a library: `up()` returns a `Stack`, `down()` stops it.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "deploy" / "run"
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
ASSETS = ROOT / "portal" / "static" / "dist"
HOST = "127.0.0.1"
POSTGRES_URL = os.environ.get("STACK_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/0")
WEB_INSTANCES = (1, 2)
WEB_WORKERS = 2
BUCKET = "portal-evidence"
REGION = "eu-west-2"
# The portal's own request ceiling (MAX_CONTENT_LENGTH, 110 MB by default): nginx accepts exactly as much.
MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH") or 110 * 1024 * 1024)
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
# Every process of a stack carries this variable, so `down` stops only processes of its own run, whatever else
# has since been given a recorded process id.
RUN_VARIABLE = "PORTAL_STACK_RUN"
PROCESSES = ("nginx", "web-1", "web-2", "outbox", "smtp", "objects")  # stopped in this order


class StackError(RuntimeError):
    pass


@dataclass
class Stack:
    run_dir: Path
    run_id: str
    ports: dict[str, int]
    database: str
    database_url: str
    key_prefix: str
    environment: dict[str, str]  # the portal's settings, as in deploy/systemd's EnvironmentFile
    pids: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The main listener: both web instances, round-robin."""
        return f"https://{HOST}:{self.ports['https']}"

    def instance_url(self, number: int) -> str:
        """A listener that reaches web instance `number` alone (same TLS, same headers)."""
        return f"https://{HOST}:{self.ports[f'https-{number}']}"

    @property
    def mailbox(self) -> Path:
        return self.run_dir / "mailbox"

    @property
    def logs(self) -> Path:
        return self.run_dir / "logs"

    @property
    def certificate(self) -> Path:
        return self.run_dir / "tls" / "cert.pem"

    @property
    def access_log(self) -> Path:
        return self.logs / "nginx-access.log"

    def s3(self) -> Any:
        """A client for the stack's object store, with the portal's credentials."""
        import boto3

        return boto3.session.Session(
            aws_access_key_id=self.environment["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.environment["AWS_SECRET_ACCESS_KEY"],
            region_name=REGION,
        ).client("s3", endpoint_url=self.environment["EVIDENCE_S3_ENDPOINT_URL"])

    def kill_web(self, number: int) -> None:
        """Kill web instance `number` outright (SIGKILL to its master and workers), as a crash would."""
        name = f"web-{number}"
        _stop(self.pids.pop(name), run_id=self.run_id, first=signal.SIGKILL)
        self.save()

    def start_web(self, number: int) -> None:
        """Start web instance `number` again, and return once nginx sends it requests again."""
        logged = self.access_log.stat().st_size
        self.pids[f"web-{number}"] = _start_web(self, number)
        _wait_for_web(self, number)
        self.save()
        # nginx leaves out an instance it could not reach, and tries it again after fail_timeout with one request at
        # a time: until one has succeeded, requests may all go to the other instance.
        answered = f"upstream=127.0.0.1:{self.ports[f'web-{number}']} upstream_status=200"

        def back_in_rotation() -> bool:
            answers(f"{self.url}/healthz", self.certificate)
            with self.access_log.open() as log:
                log.seek(logged)
                return answered in log.read()

        _wait(back_in_rotation, f"nginx sending requests to web instance {number}", self.logs / "nginx-error.log")

    def reset_rate_limits(self) -> int:
        """Forget every rate-limit count of this run (they live in Redis, shared by both instances)."""
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        try:
            keys = list(client.scan_iter(match=f"*{self.key_prefix}*", count=1000))
            if keys:
                client.delete(*keys)
            return len(keys)
        finally:
            client.close()

    def save(self) -> None:
        state = {**asdict(self), "run_dir": str(self.run_dir)}
        path = self.run_dir / "state.json"
        path.write_text(json.dumps(state, indent=2))
        path.chmod(0o600)  # it holds the secret key and the object store's credentials

    @classmethod
    def load(cls, run_dir: Path) -> Stack | None:
        path = run_dir / "state.json"
        if not path.exists():
            return None
        state = json.loads(path.read_text())
        state["run_dir"] = Path(state["run_dir"])
        return cls(**state)


# ---- Starting -----------------------------------------------------------------------------------------------------


def up(run_dir: Path = RUN, settings: dict[str, str] | None = None, demo: bool = True) -> Stack:
    """Start the stack in `run_dir` and return it once every listener answers. `settings` adds to (or overrides)
    the portal's environment, e.g. a lower rate limit for a test. On any failure, whatever started is stopped."""
    run_dir = run_dir.resolve()
    _check_prerequisites()
    previous = Stack.load(run_dir)
    if previous is not None:
        if any(_belongs_to(pid, previous.run_id) for pid in previous.pids.values()):
            raise StackError(f"A stack is already running from {run_dir}: stop it first (make prod-down).")
        down(run_dir)  # a stack that died without being stopped: drop its database and keys
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_id = secrets.token_hex(4)
    ports = dict(zip(("https", "https-1", "https-2", "web-1", "web-2", "objects", "smtp"), free_ports(7), strict=True))
    database = f"dps_stack_{run_id}"
    stack = Stack(
        run_dir=run_dir,
        run_id=run_id,
        ports=ports,
        database=database,
        database_url=_database_url(database),
        key_prefix=f"dps-stack-{run_id}",
        environment={},
    )
    stack.environment = _portal_environment(stack, settings or {})
    _make_folders(run_dir)
    stack.save()
    try:
        _start(stack, demo)
    except BaseException:
        down(run_dir, keep_logs=True)
        raise
    return stack


def _start(stack: Stack, demo: bool) -> None:
    # Everything that can start at once does: most of the time is Python importing the portal in each process.
    _make_certificate(stack.run_dir / "tls")
    _create_database(stack.database)
    stack.pids["objects"] = _spawn(
        stack, "objects", [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(stack.ports["objects"])]
    )
    stack.pids["smtp"] = _spawn(stack, "smtp", _smtp_command(stack))
    for number in WEB_INSTANCES:  # they answer /healthz before the schema exists, and requests only after
        stack.pids[f"web-{number}"] = _start_web(stack, number)
    stack.save()
    _run_step(stack, "migrate", ["db", "upgrade"])
    loading = _spawn_step(stack, "demo", ["demo", "load"], development=True) if demo else None
    jobs = _spawn_step(stack, "jobs", ["jobs", "run"])  # as the timer would at boot
    stack.pids["outbox"] = _spawn(
        stack,
        "outbox",
        _flask("outbox", "send", "--loop", "--interval", "1"),
        extra={"SSL_CERT_FILE": str(stack.certificate)},  # how the sender trusts the mail server's certificate
    )
    stack.save()
    _wait_for_port(stack.ports["objects"], "the object store", stack.logs / "objects.log")
    _make_bucket(stack)
    _wait_for_port(stack.ports["smtp"], "the mail server", stack.logs / "smtp.log")
    stack.pids["nginx"] = _start_nginx(stack)
    stack.save()
    for number in WEB_INSTANCES:
        _wait_for_web(stack, number)
    for url in (stack.url, stack.instance_url(1), stack.instance_url(2)):
        _wait(
            lambda url=url: answers(url + "/healthz", stack.certificate),
            f"nginx at {url}",
            stack.logs / "nginx-error.log",
        )
    _finish_step(stack, "jobs", jobs)
    if loading is not None:
        _finish_step(stack, "demo", loading)


def _check_prerequisites() -> None:
    if _nginx() is None:
        raise StackError("nginx is not installed: run `make nginx` (apt-get install -y --no-install-recommends nginx).")
    if shutil.which("openssl") is None:
        raise StackError("openssl is not installed (apt-get install -y openssl).")
    if not (ASSETS / "portal.css").exists():
        raise StackError("The assets are not built: run `make assets`.")
    missing = services_reachable()
    if missing:
        raise StackError(f"{missing}: install and start it (apt-get install -y postgresql redis-server).")


def services_reachable() -> str | None:
    """None if PostgreSQL and Redis answer at STACK_POSTGRES_URL and STACK_REDIS_URL; otherwise what is missing."""
    import redis
    from sqlalchemy import text

    engine = _admin()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure to connect means the same to the caller
        return f"PostgreSQL is not reachable at {POSTGRES_URL} (STACK_POSTGRES_URL)"
    finally:
        engine.dispose()
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        return f"Redis is not reachable at {REDIS_URL} (STACK_REDIS_URL)"
    finally:
        client.close()
    return None


def _nginx() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def free_ports(count: int) -> list[int]:
    """Ports no one is listening on now, chosen by the kernel: several stacks and test runs share this machine."""
    probes = []
    for _ in range(count):
        probe = socket.socket()
        probe.bind((HOST, 0))
        probes.append(probe)
    ports = [probe.getsockname()[1] for probe in probes]
    for probe in probes:
        probe.close()
    return ports


def _make_folders(run_dir: Path) -> None:
    for folder in ("logs", "tls", "mailbox", "nginx"):
        (run_dir / folder).mkdir(parents=True, exist_ok=True)
    # nginx's workers run as nobody when nginx is started by root: they may pass through the run folder (not list
    # it) to their own temporary folders, and read nothing else in it.
    run_dir.chmod(0o711)
    (run_dir / "tls").chmod(0o700)
    for temporary in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
        path = run_dir / "nginx" / temporary
        path.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            os.chown(path, *_nobody())


def _nobody() -> tuple[int, int]:
    import grp
    import pwd

    user = pwd.getpwnam("nobody")
    try:
        group = grp.getgrnam("nogroup").gr_gid
    except KeyError:
        group = user.pw_gid
    return user.pw_uid, group


def _worker_user() -> str:
    """nginx started by root runs its workers as nobody; started by anyone else, as that user (no directive)."""
    if os.geteuid() != 0:
        return ""
    import grp

    return f"user nobody {grp.getgrgid(_nobody()[1]).gr_name};"


def _make_certificate(folder: Path) -> None:
    """A self-signed certificate for 127.0.0.1 and localhost, for nginx and the mail server. A real machine uses
    its own (ACME, or the force's certificate authority)."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        + ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True,
        capture_output=True,
    )
    (folder / "key.pem").chmod(0o600)


def _database_url(database: str, application: str | None = None) -> str:
    from sqlalchemy import make_url

    url = make_url(POSTGRES_URL).set(database=database)
    if application:
        # Each process names itself to PostgreSQL (pg_stat_activity.application_name): which one holds a lock.
        url = url.update_query_dict({"application_name": application})
    return url.render_as_string(hide_password=False)


def _admin() -> Any:
    from sqlalchemy import create_engine

    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def _create_database(database: str) -> None:
    from sqlalchemy import text

    engine = _admin()
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    except Exception as error:
        raise StackError(f"Could not create the stack's database at {POSTGRES_URL} (STACK_POSTGRES_URL).") from error
    finally:
        engine.dispose()


def _portal_environment(stack: Stack, settings: dict[str, str]) -> dict[str, str]:
    """The portal's settings in the stack: what a real machine's EnvironmentFile holds (deploy/systemd)."""
    return {
        "PORTAL_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        # A fresh 32-byte key for sealing the staff authenticator secrets (id:base64).
        "TOTP_ENCRYPTION_KEYS": "stack:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "DATABASE_URL": stack.database_url,
        "PUBLIC_BASE_URL": f"https://{HOST}:{stack.ports['https']}",
        "TRUSTED_PROXY_COUNT": "1",
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": stack.key_prefix,
        "MAIL_URL": f"smtp://{HOST}:{stack.ports['smtp']}",
        "EVIDENCE_STORAGE_URL": f"s3://{BUCKET}/evidence",
        "EVIDENCE_S3_ENDPOINT_URL": f"http://{HOST}:{stack.ports['objects']}",
        "AWS_ACCESS_KEY_ID": f"portal-{stack.run_id}",
        "AWS_SECRET_ACCESS_KEY": secrets.token_hex(20),
        "AWS_DEFAULT_REGION": REGION,
        # The stack has no virus scanner but the EICAR test one; a real deployment registers one (docs/evidence.md).
        "EVIDENCE_SCANNER_ACKNOWLEDGED": "eicar-only",
        "MAX_CONTENT_LENGTH": str(MAX_CONTENT_LENGTH),
        **settings,
    }


def _process_environment(stack: Stack, application: str, development: bool = False) -> dict[str, str]:
    """A process's whole environment: the portal's settings and little else, so nothing in the caller's shell (a
    developer's DATABASE_URL, say) leaks into the stack."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        RUN_VARIABLE: stack.run_id,
        **stack.environment,
        "DATABASE_URL": _database_url(stack.database, application),
    }
    if development:
        environment["PORTAL_ENV"] = "development"
    return environment


def _spawn(
    stack: Stack,
    name: str,
    command: list[str],
    development: bool = False,
    extra: dict[str, str] | None = None,
    log_name: str | None = None,
) -> int:
    """Start a long-running process in its own process group (so stopping it stops its children too), logging to
    logs/<name>.log. Returns its process id."""
    log = (stack.logs / f"{log_name or name}.log").open("ab")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**_process_environment(stack, f"portal-{name}", development), **(extra or {})},
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    _children[process.pid] = process
    return process.pid


# Processes this interpreter started, so it can reap them (a stopped child stays a zombie until its parent waits).
_children: dict[int, subprocess.Popen[bytes]] = {}


def _flask(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "portal", *arguments]


def _spawn_step(stack: Stack, name: str, arguments: list[str], development: bool = False) -> subprocess.Popen[bytes]:
    pid = _spawn(stack, name, _flask(*arguments), development=development)
    return _children[pid]


def _run_step(stack: Stack, name: str, arguments: list[str]) -> None:
    _finish_step(stack, name, _spawn_step(stack, name, arguments))


def _finish_step(stack: Stack, name: str, process: subprocess.Popen[bytes]) -> None:
    try:
        code = process.wait(timeout=300)
    finally:
        _children.pop(process.pid, None)
    if code != 0:
        raise StackError(f"`{name}` failed (exit {code}); see {stack.logs / f'{name}.log'}")


def _smtp_command(stack: Stack) -> list[str]:
    tls = stack.run_dir / "tls"
    return [sys.executable, "-m", "deploy.smtp_server", "--host", HOST, "--port", str(stack.ports["smtp"])] + [
        "--cert",
        str(tls / "cert.pem"),
        "--key",
        str(tls / "key.pem"),
        "--mailbox",
        str(stack.mailbox),
    ]


def _start_web(stack: Stack, number: int) -> int:
    command = [sys.executable, "-m", "gunicorn", "--workers", str(WEB_WORKERS)]
    command += ["--bind", f"{HOST}:{stack.ports[f'web-{number}']}", "--name", f"portal-web-{number}"]
    # No --access-logfile: gunicorn's would hold query strings; nginx and the portal keep their own, without.
    command += ["--timeout", "120", "--graceful-timeout", "10", "--error-logfile", "-", "wsgi:app"]
    return _spawn(stack, f"web-{number}", command)


def _wait_for_web(stack: Stack, number: int) -> None:
    url = f"http://{HOST}:{stack.ports[f'web-{number}']}/healthz"
    _wait(lambda: answers(url), f"web instance {number}", stack.logs / f"web-{number}.log")


def _make_bucket(stack: Stack) -> None:
    """A private bucket, encrypted by default, as evidence needs (docs/evidence.md)."""
    client = stack.s3()
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    client.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    client.put_bucket_encryption(
        Bucket=BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )


def nginx_config(stack: Stack) -> str:
    """The nginx template with this stack's ports and paths filled in."""
    values = {
        "user": _worker_user(),
        "run": str(stack.run_dir),
        "max_body": str(MAX_CONTENT_LENGTH),
        "cert": str(stack.run_dir / "tls" / "cert.pem"),
        "key": str(stack.run_dir / "tls" / "key.pem"),
        "assets": str(ASSETS),
        "errors": str(ROOT / "deploy" / "errors"),
        "host": HOST,
        "https": str(stack.ports["https"]),
        "https_1": str(stack.ports["https-1"]),
        "https_2": str(stack.ports["https-2"]),
        "web_1": str(stack.ports["web-1"]),
        "web_2": str(stack.ports["web-2"]),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    if "{{" in text:
        raise StackError("deploy/nginx.conf.template names a value stack.py does not fill in.")
    return text


def _start_nginx(stack: Stack) -> int:
    nginx = _nginx()
    assert nginx is not None
    config = stack.run_dir / "nginx" / f"portal-{stack.run_id}.nginx.conf"  # the name marks it as this run's
    config.write_text(nginx_config(stack))
    command = [nginx, "-p", str(stack.run_dir / "nginx"), "-c", str(config), "-e", str(stack.logs / "nginx-error.log")]
    checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if checked.returncode != 0:
        raise StackError(f"nginx refused its configuration ({config}):\n{checked.stderr}")
    return _spawn(stack, "nginx", command, log_name="nginx-stderr")


def answers(url: str, certificate: Path | None = None) -> bool:
    context = ssl.create_default_context(cafile=str(certificate)) if certificate else None
    try:
        with urllib.request.urlopen(url, timeout=2, context=context) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _wait_for_port(port: int, what: str, log: Path) -> None:
    def listening() -> bool:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return True
        return False

    _wait(listening, what, log)


def _wait(ready: Callable[[], bool], what: str, log: Path, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise StackError(f"{what} did not start within {timeout:.0f} s; see {log}")
        time.sleep(0.1)


# ---- Stopping -----------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def running_or_started() -> Iterator[Stack]:
    """The stack `make prod-up` runs, or else one started for the caller (with the demonstration data) and stopped
    afterwards: for benchmarks that measure whichever is there."""
    running = Stack.load(RUN)
    if running is not None:
        yield running
        return
    own = Path(tempfile.mkdtemp(prefix="dps-stack-bench-"))
    own.chmod(0o711)
    print("Starting the stack (with the demonstration data)...", flush=True)
    started = up(own / "run")
    try:
        yield started
    finally:
        down(started.run_dir, keep_logs=False)
        own.rmdir()


def down(run_dir: Path = RUN, keep_logs: bool = True) -> bool:
    """Stop every process of the stack in `run_dir`, drop its database and its Redis keys, and remove the run folder
    (but its logs, unless `keep_logs` is False). Returns False if there was no stack there."""
    run_dir = run_dir.resolve()
    stack = Stack.load(run_dir)
    if stack is None:
        return False
    # Steps still running (a demo load interrupted by a failure) as well as the recorded processes; nginx first, so
    # no request reaches an instance that is stopping. All are asked at once and given STOP_TIMEOUT together.
    pids = [stack.pids.pop(name) for name in PROCESSES if name in stack.pids]
    _stop(*pids, *(pid for pid in _children if pid not in pids), run_id=stack.run_id)
    _drop_database(stack.database)
    with contextlib.suppress(Exception):  # Redis being down must not stop the rest of the clean-up
        stack.reset_rate_limits()
    for path in run_dir.iterdir():
        if keep_logs and path.name == "logs":
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    if not keep_logs:
        run_dir.rmdir()
    return True


def _drop_database(database: str) -> None:
    from sqlalchemy import text

    engine = _admin()
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _belongs_to(pid: int, run_id: str) -> bool:
    """Whether `pid` is a live process of this run (not one that has since reused the id): it carries the run's
    variable, or, for nginx (which writes its process title over its environment), names the run's nginx folder."""
    try:
        environment = Path(f"/proc/{pid}/environ").read_bytes()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    marker = f"{RUN_VARIABLE}={run_id}".encode()
    return state != "Z" and (marker in environment.split(b"\0") or f"-{run_id}.nginx".encode() in command)


def _stop(*pids: int, run_id: str, first: signal.Signals = signal.SIGTERM) -> None:
    """Signal each process group (led by one of `pids`) of this run, then SIGKILL those that have not ended within
    STOP_TIMEOUT seconds."""
    mine = [pid for pid in pids if _belongs_to(pid, run_id)]
    for pid in mine:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, first)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline and any(_belongs_to(pid, run_id) for pid in mine):
        for pid in mine:
            _reap(pid)
        time.sleep(0.05)
    for pid in mine:
        if _belongs_to(pid, run_id):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    for pid in pids:
        _reap(pid, wait=True)


def _reap(pid: int, wait: bool = False) -> None:
    process = _children.get(pid)
    if process is None:
        return
    if wait:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_TIMEOUT)
    if process.poll() is not None:
        _children.pop(pid, None)


# ---- Command line ---------------------------------------------------------------------------------------------


def _summary(stack: Stack) -> str:
    from portal.demo.staff import DEMO_ACCOUNTS, DEMO_PASSWORD

    officer = DEMO_ACCOUNTS[0][0]
    demo_log = stack.logs / "demo.log"
    track = (
        [line.strip() for line in demo_log.read_text().splitlines() if "reference" in line] if demo_log.exists() else []
    )
    lines = [
        "The production stack is running (PORTAL_ENV=production behind nginx; the certificate is self-signed).",
        f"  Portal:       {stack.url}/",
        f"  Instances:    {stack.instance_url(1)}/ (web 1 only), {stack.instance_url(2)}/ (web 2 only)",
        f'  Staff:        {stack.url}/staff/sign-in as {officer}, password "{DEMO_PASSWORD}";',
        "                security code: .venv/bin/python -m deploy.stack code",
        *(
            [f"  Track:        {stack.url}/track: {track[0].removeprefix('try Track a report at /track: ')}"]
            if track
            else []
        ),
        f"  Mail:         every email lands in {stack.mailbox}/ (one .eml per message, sent over SMTP with STARTTLS)",
        f"  Logs:         {stack.logs}/",
        f"  Database:     {stack.database} on {POSTGRES_URL.rsplit('@', 1)[-1].rsplit('/', 1)[0]}",
        "  Stop it with: make prod-down",
    ]
    return "\n".join(lines)


def _current_code(stack: Stack) -> str:
    import pyotp
    from sqlalchemy import create_engine, text

    from portal.demo.staff import DEMO_ACCOUNTS
    from portal.services.staff import totp

    engine = create_engine(stack.database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT id, totp_secret, totp_key_id FROM staff_user WHERE email = :email"),
                {"email": DEMO_ACCOUNTS[0][0]},
            ).one()
    finally:
        engine.dispose()
    keys = totp.parse_keys(stack.environment["TOTP_ENCRYPTION_KEYS"])
    return pyotp.TOTP(totp.open_secret(row.totp_secret, row.totp_key_id, row.id, keys)).now()


def main() -> None:
    parser = argparse.ArgumentParser(description="The portal's production stack on this machine.")
    parser.add_argument("action", choices=("up", "down", "code", "status", "check"))
    parser.add_argument("--run-dir", type=Path, default=RUN)
    arguments = parser.parse_args()
    try:
        if arguments.action == "up":
            print(_summary(up(arguments.run_dir)))
        elif arguments.action == "check":
            missing = services_reachable()
            if missing:
                sys.exit(missing)
        elif arguments.action == "down":
            print("Stopped the stack." if down(arguments.run_dir) else f"No stack is running from {arguments.run_dir}.")
        else:
            stack = Stack.load(arguments.run_dir.resolve())
            if stack is None:
                raise StackError(f"No stack is running from {arguments.run_dir} (make prod-up).")
            print(_current_code(stack) if arguments.action == "code" else _summary(stack))
    except StackError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
