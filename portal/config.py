"""Named configuration classes, chosen by PORTAL_ENV (development / test / production).

Everything a force would change (its name, numbers, colours) is configuration, so another force can run the same
portal with its own wards and wording. Its front counters are data (`flask --app portal front-counters load`).
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


def _env_float(name: str, default: float) -> float:
    value = _env(name)
    return float(value) if value is not None else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


# The settings every page shows (the service details a force configures): templates read them as `service.*`.
SERVICE_SETTINGS = ("SERVICE_NAME", "FORCE_NAME", "FORCE_AREA", "CONTACT_EMAIL")
SERVICE_SETTINGS += ("EMERGENCY_NUMBER", "EMERGENCY_TEXTPHONE", "NON_EMERGENCY_NUMBER", "NON_EMERGENCY_TEXTPHONE")

# Also read when a configuration is made (see Config.__init__): production judges them at start-up.
_READ_AT_START = (
    "PUBLIC_BASE_URL",
    "EVIDENCE_STORAGE_URL",
    "EVIDENCE_SCANNER_ACKNOWLEDGED",
    "RATELIMIT_KEY_PREFIX",
    "TOTP_ENCRYPTION_KEYS",
)


class Config:
    ENV_NAME = "base"
    DEBUG = False
    TESTING = False

    SECRET_KEY: str | None = _env("SECRET_KEY")
    # Previous keys, space-separated, still accepted for sessions signed before a rotation (docs/deployment.md).
    SECRET_KEY_FALLBACKS: list[str] = (_env("SECRET_KEY_FALLBACKS") or "").split()
    DATABASE_URL: str | None = _env("DATABASE_URL")
    # SQLAlchemy's own echo is noisy and would print bound parameters (personal data); never on by default.
    DATABASE_ECHO = False

    # Who runs this portal. Another force changes these, not the templates.
    SERVICE_NAME = _env("SERVICE_NAME", "Digital police station")
    FORCE_NAME = _env("FORCE_NAME", "Metropolitan Police")
    FORCE_AREA = _env("FORCE_AREA", "London")
    EMERGENCY_NUMBER = _env("EMERGENCY_NUMBER", "999")
    EMERGENCY_TEXTPHONE = _env("EMERGENCY_TEXTPHONE", "18000")
    NON_EMERGENCY_NUMBER = _env("NON_EMERGENCY_NUMBER", "101")
    NON_EMERGENCY_TEXTPHONE = _env("NON_EMERGENCY_TEXTPHONE", "18001 101")
    CONTACT_EMAIL = _env("CONTACT_EMAIL", "digital-police-station@example.org")
    BRAND_COLOUR = _env("BRAND_COLOUR", "#0b3b7a")

    # Sessions and cookies (security checks 5-7).
    SESSION_COOKIE_NAME = "dps_session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 12
    # Flask-WTF's strict mode refuses any HTTPS POST without a Referer; portal.web.security.refuse_cross_site checks
    # Sec-Fetch-Site / Origin / Referer instead, so browsers that send no Referer are not refused (docs/adr/0006).
    WTF_CSRF_SSL_STRICT = False
    # Our messages are our own (portal/forms/messages.py), in English: no Flask-Babel lookup for every form built.
    WTF_I18N_ENABLED = False
    # Staff sign-in (checks 3-7). Staff sessions are server-side rows; the browser holds a random token cookie.
    STAFF_SESSION_COOKIE_NAME = "dps_staff"
    STAFF_IDLE_TIMEOUT_SECONDS = _env_int("STAFF_IDLE_TIMEOUT_MINUTES", 30) * 60
    STAFF_ABSOLUTE_TIMEOUT_SECONDS = _env_int("STAFF_ABSOLUTE_TIMEOUT_HOURS", 12) * 3600
    STAFF_TIMEOUT_WARNING_SECONDS = 5 * 60  # how long before the end the page warns
    STAFF_CODE_STEP_TIMEOUT_SECONDS = 5 * 60  # between the password and the code
    STAFF_MAX_WRONG_CODES = 5  # per sign-in attempt; then the password is asked for again
    # Enrolment (services/staff/enrolment.py): the emailed link works once, for this long after the email leaves;
    # between choosing the password and confirming the authenticator app there is this long (time to install an app).
    STAFF_ENROLMENT_LINK_VALID_SECONDS = 24 * 60 * 60
    STAFF_ENROLMENT_STEP_TIMEOUT_SECONDS = 30 * 60
    # Back-off (services/staff/backoff.py), per email address and client: after this many wrong passwords or codes
    # in a row, sign-in from that client waits BASE seconds, doubling with each further failure up to MAX; failures
    # older than FORGET are forgotten. Attempts while waiting are neither checked nor counted.
    STAFF_BACKOFF_AFTER = _env_int("STAFF_BACKOFF_AFTER", 5)
    STAFF_BACKOFF_BASE_SECONDS = _env_int("STAFF_BACKOFF_BASE_SECONDS", 60)
    STAFF_BACKOFF_MAX_SECONDS = _env_int("STAFF_BACKOFF_MAX_SECONDS", 60 * 60)
    STAFF_BACKOFF_FORGET_SECONDS = _env_int("STAFF_BACKOFF_FORGET_SECONDS", 24 * 60 * 60)
    # Sign-in attempts per email address and client (IPv6 by /64), and per client across every address (a whole
    # station behind one address signs in through the second, so it is generous).
    STAFF_SIGN_IN_RATE_LIMIT = _env("STAFF_SIGN_IN_RATE_LIMIT", "10 per 10 minutes")
    STAFF_SIGN_IN_CLIENT_RATE_LIMIT = _env("STAFF_SIGN_IN_CLIENT_RATE_LIMIT", "200 per 10 minutes")
    HSTS_SECONDS = 63072000  # two years; check 27 asks for at least one.
    # Keys sealing staff authenticator secrets at rest, "id:base64-32-bytes" separated by commas, the first current
    # (services/staff/totp.py). Production refuses to start without one; development keeps one in instance/.
    TOTP_ENCRYPTION_KEYS = _env("TOTP_ENCRYPTION_KEYS")

    # Uploads: the request-level ceiling. Per-file limits are enforced by the evidence service.
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 110 * 1024 * 1024)
    # Where evidence files are kept: file:///absolute/dir, or unset for <instance folder>/evidence (never a folder
    # under static/: the storage refuses one); or s3://bucket/prefix for an S3-compatible object store.
    EVIDENCE_STORAGE_URL = _env("EVIDENCE_STORAGE_URL")
    # For s3://bucket/prefix: the S3-compatible endpoint (unset: AWS) and, to encrypt with a KMS key rather than the
    # store's own keys, its id. Credentials come from boto3's environment (AWS_ACCESS_KEY_ID...), not from here.
    EVIDENCE_S3_ENDPOINT_URL = _env("EVIDENCE_S3_ENDPOINT_URL")
    EVIDENCE_S3_KMS_KEY_ID = _env("EVIDENCE_S3_KMS_KEY_ID")
    # Per-file limits in bytes: videos are bigger than photos, documents and recordings.
    EVIDENCE_MAX_VIDEO_BYTES = _env_int("EVIDENCE_MAX_VIDEO_BYTES", 100 * 1024 * 1024)
    EVIDENCE_MAX_FILE_BYTES = _env_int("EVIDENCE_MAX_FILE_BYTES", 20 * 1024 * 1024)
    # Per-report limits: total bytes of every file attached, and how many files.
    EVIDENCE_MAX_REPORT_BYTES = _env_int("EVIDENCE_MAX_REPORT_BYTES", 500 * 1024 * 1024)
    EVIDENCE_MAX_FILES = _env_int("EVIDENCE_MAX_FILES", 20)
    # Production refuses to run with only the EICAR test scanner unless this says "eicar-only" (docs/evidence.md).
    EVIDENCE_SCANNER_ACKNOWLEDGED = _env("EVIDENCE_SCANNER_ACKNOWLEDGED")
    # Every process runs on this one machine: production then accepts SQLite and evidence in a local folder.
    SINGLE_MACHINE = _env_bool("SINGLE_MACHINE", False)
    # What one client (an address, or an IPv6 /64) may upload in a London day, across every draft and case, and the
    # free space the evidence disk keeps: below it, uploads are refused with a message until space is made.
    EVIDENCE_CLIENT_DAILY_BYTES = _env_int("EVIDENCE_CLIENT_DAILY_BYTES", 1024 * 1024 * 1024)
    EVIDENCE_MIN_FREE_BYTES = _env_int("EVIDENCE_MIN_FREE_BYTES", 2 * 1024 * 1024 * 1024)

    # Rate limits: memory:// on one process; redis://host:6379 when several processes share the limits.
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    # Put before every rate-limit key, so several deployments (or test stacks) can share one Redis.
    RATELIMIT_KEY_PREFIX = _env("RATELIMIT_KEY_PREFIX", "")
    RATELIMIT_HEADERS_ENABLED = False
    # Number of reverse proxies in front of the portal whose X-Forwarded-For is trusted. 0 means none: a client
    # cannot choose its own address by sending the header.
    TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 0)

    MAIL_URL = _env("MAIL_URL")
    # smtp:// sends with STARTTLS when the server offers it; True makes it refuse a server that does not (production).
    MAIL_REQUIRE_TLS = False
    MAIL_FROM = _env("MAIL_FROM", "Digital police station <no-reply@example.org>")
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    # Online reports: fraud losses from this amount are flagged for triage; unfinished drafts are kept this long.
    FRAUD_HIGH_VALUE_POUNDS = _env_int("FRAUD_HIGH_VALUE_POUNDS", 5000)
    DRAFT_LIFETIME_DAYS = _env_int("DRAFT_LIFETIME_DAYS", 30)
    # The disposal job (docs/retention.md): records dealt with per transaction (and per audit record).
    RETENTION_BATCH_SIZE = _env_int("RETENTION_BATCH_SIZE", 1000)
    # How long the browser's session keeps pointing at the draft it is working on once it stops being used, and how
    # long after sending it the draft leads to its report's confirmation page: the session cookie lives as long as
    # the browser does.
    REPORT_DRAFT_POINTER_SECONDS = _env_int("REPORT_DRAFT_POINTER_SECONDS", 2 * 60 * 60)
    REPORT_CONFIRMATION_SECONDS = _env_int("REPORT_CONFIRMATION_SECONDS", 30 * 60)

    LOG_LEVEL = _env("LOG_LEVEL", "INFO")

    # Ward pages: a crime category is "rising" when its last 3 complete months exceed the same 3 months a year
    # earlier by at least this percentage AND this many offences (applied when crime is loaded or re-summarised).
    WARD_RISING_MIN_PERCENT = _env_int("WARD_RISING_MIN_PERCENT", 20)
    WARD_RISING_MIN_OFFENCES = _env_int("WARD_RISING_MIN_OFFENCES", 5)
    # Seconds a process keeps a ward page's data and rendering at most, however unchanged (meetings pass); 0 turns
    # every cache of public pages in the processes off, as in tests (docs/adr/0009).
    WARD_PAGE_CACHE_SECONDS = _env_int("WARD_PAGE_CACHE_SECONDS", 300)
    # Public pages (portal/web/caching.py): how long a browser or a shared cache may use one (Cache-Control max-age),
    # and for how much longer a cache may serve it while it asks for a fresh copy (stale-while-revalidate). With
    # CONTENT_VERSION_CHECK_SECONDS, how often each process reads the public content's version, their sum bounds how
    # long a staff edit takes to show through nginx's cache: 5 + 20 + 30 = 55 seconds.
    PUBLIC_PAGE_MAX_AGE = _env_int("PUBLIC_PAGE_MAX_AGE", 20)
    PUBLIC_PAGE_STALE_SECONDS = _env_int("PUBLIC_PAGE_STALE_SECONDS", 30)
    CONTENT_VERSION_CHECK_SECONDS = _env_float("CONTENT_VERSION_CHECK_SECONDS", 5)
    # Victims' Code: calendar days between updates to a victim unless a case sets its own (the Met's 28 days).
    CASE_UPDATE_INTERVAL_DAYS = _env_int("CASE_UPDATE_INTERVAL_DAYS", 28)
    # Possible duplicates: other reports in the same ward submitted within this many days either side.
    DUPLICATE_WINDOW_DAYS = _env_int("DUPLICATE_WINDOW_DAYS", 7)
    # The reporter's other reports submitted within this many months either side are shown once, as a repeat reporter.
    REPEAT_REPORTER_MONTHS = _env_int("REPEAT_REPORTER_MONTHS", 6)

    # Victims following their case (/track). Case pages hold personal information: a short idle timeout, as for staff.
    TRACK_SESSION_COOKIE_NAME = _env("TRACK_SESSION_COOKIE_NAME", "dps_track")
    TRACK_IDLE_TIMEOUT_SECONDS = _env_int("TRACK_IDLE_TIMEOUT_SECONDS", 30 * 60)
    TRACK_ABSOLUTE_TIMEOUT_SECONDS = _env_int("TRACK_ABSOLUTE_TIMEOUT_SECONDS", 4 * 60 * 60)
    TRACK_LINK_VALID_SECONDS = _env_int("TRACK_LINK_VALID_SECONDS", 30 * 60)
    # Every lookup takes at least this long, so timing cannot tell a real reference from a made-up one.
    TRACK_MIN_RESPONSE_SECONDS = _env_float("TRACK_MIN_RESPONSE_SECONDS", 0.5)
    TRACK_LIMIT_PER_REFERENCE = _env("TRACK_LIMIT_PER_REFERENCE", "5 per hour")
    TRACK_LIMIT_PER_CLIENT = _env("TRACK_LIMIT_PER_CLIENT", "30 per hour")
    # Where "Exit this page" goes: a neutral site that does not look like a police page.
    TRACK_EXIT_URL = _env("TRACK_EXIT_URL", "https://www.bbc.co.uk/weather")

    def __init__(self) -> None:
        # Re-read the environment at instantiation so tests and CLI runs that set variables late are honoured.
        for name in ("SECRET_KEY", "DATABASE_URL", "MAIL_URL", "RATELIMIT_STORAGE_URI", *_READ_AT_START):
            value = _env(name)
            if value is not None:
                setattr(self, name, value)
        self.SECRET_KEY_FALLBACKS = (_env("SECRET_KEY_FALLBACKS") or "").split()

    def finalise(self, instance_path: Path) -> None:
        """Fill in values that depend on the instance folder."""
        if not self.DATABASE_URL:
            self.DATABASE_URL = f"sqlite:///{instance_path / 'portal.sqlite3'}"


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = False  # the interactive debugger would show stack traces; error pages stay friendly.
    SESSION_COOKIE_SECURE = False  # http://127.0.0.1 in development
    HSTS_SECONDS = 0

    def finalise(self, instance_path: Path) -> None:
        super().finalise(instance_path)
        if not self.SECRET_KEY:
            self.SECRET_KEY = _instance_secret(instance_path)
        if not self.TOTP_ENCRYPTION_KEYS:
            self.TOTP_ENCRYPTION_KEYS = "dev:" + _instance_secret(instance_path, "totp_key", base64_bytes=True)
        if not self.MAIL_URL:
            self.MAIL_URL = f"file://{instance_path / 'outbox'}"


class TestConfig(Config):
    __test__ = False  # not a pytest test class, despite the name
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"
    SESSION_COOKIE_SECURE = False
    HSTS_SECONDS = 63072000
    # Point every external service at an unreachable address, so an unmocked call fails loudly.
    MAIL_URL = "smtp://127.0.0.1:9"
    RATELIMIT_STORAGE_URI = "memory://"
    WARD_PAGE_CACHE_SECONDS = 0  # every test sees the data it just wrote
    CONTENT_VERSION_CHECK_SECONDS = 0  # and, when a test turns the caches on, the version it just changed
    EVIDENCE_MIN_FREE_BYTES = 0  # tests do not depend on the machine's free space; the floor's own test sets one
    TOTP_ENCRYPTION_KEYS = "test:" + "dGVzdC10b3RwLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24="  # 32 bytes, tests only

    def __init__(self) -> None:
        # Tests choose their database explicitly; never pick up a developer's DATABASE_URL or SECRET_KEY.
        self.DATABASE_URL = _env("TEST_DATABASE_URL")


class ProductionConfig(Config):
    ENV_NAME = "production"
    # The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain: no sibling site can plant it.
    STAFF_SESSION_COOKIE_NAME = "__Host-dps_staff"
    SESSION_COOKIE_NAME = "__Host-dps_session"
    MAIL_REQUIRE_TLS = True

    def __init__(self) -> None:
        super().__init__()
        self.SINGLE_MACHINE = _env_bool("SINGLE_MACHINE", False)
        # None when unset, which production refuses: how many proxies to trust is a decision, not a default.
        proxies = _env("TRUSTED_PROXY_COUNT")
        self.TRUSTED_PROXY_COUNT = int(proxies) if proxies is not None else None  # type: ignore[assignment]

    def finalise(self, instance_path: Path) -> None:
        super().finalise(instance_path)
        from portal.config_checks import unsafe_production_settings

        refusals = unsafe_production_settings(self)
        if refusals:
            raise RuntimeError("Refusing to start in production:\n" + "\n".join(refusals))


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_for(env_name: str | None) -> Config:
    name = env_name or _env("PORTAL_ENV", "development")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise RuntimeError(f"PORTAL_ENV must be one of {', '.join(CONFIGS)}; got {name!r}.") from None


def _instance_secret(instance_path: Path, name: str = "secret_key", base64_bytes: bool = False) -> str:
    """Make a random development secret once and keep it in the instance folder (git-ignored)."""
    path = instance_path / name
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = base64.b64encode(secrets.token_bytes(32)).decode() if base64_bytes else secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
