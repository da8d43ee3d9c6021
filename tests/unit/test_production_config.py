"""Production refuses unsafe settings at start-up, each with one line naming the setting (docs/deployment.md)."""

from __future__ import annotations

import pytest

from portal.config import ProductionConfig
from portal.services.evidence import scan

SAFE = {
    "SECRET_KEY": "k" * 48,
    "TOTP_ENCRYPTION_KEYS": "test:dGVzdC10b3RwLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=",
    "DATABASE_URL": "postgresql+psycopg://portal@db.internal:5432/portal",
    "MAIL_URL": "smtp://portal:secret@mail.internal:587",
    "PUBLIC_BASE_URL": "https://police.example.org",
    "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379/0",
    "TRUSTED_PROXY_COUNT": "1",
    "EVIDENCE_STORAGE_URL": "s3://evidence/reports",
    "EVIDENCE_SCANNER_ACKNOWLEDGED": "eicar-only",
}
DECLARATIONS = ("SINGLE_MACHINE",)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A production environment with nothing to refuse; each test makes one thing unsafe."""
    for name, value in SAFE.items():
        monkeypatch.setenv(name, value)
    for name in DECLARATIONS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def refusals(tmp_path) -> list[str]:
    try:
        ProductionConfig().finalise(tmp_path)
    except RuntimeError as error:
        first, *lines = str(error).splitlines()
        assert first == "Refusing to start in production:"
        return lines
    return []


def test_safe_settings_start(environment, tmp_path):
    assert refusals(tmp_path) == []


def test_public_base_url_must_be_https(environment, tmp_path):
    environment.setenv("PUBLIC_BASE_URL", "http://police.example.org")
    assert refusals(tmp_path) == [
        "PUBLIC_BASE_URL must be an https:// address in production (it is the link in every email)."
    ]


def test_rate_limits_must_not_be_counted_in_each_process(environment, tmp_path):
    environment.setenv("RATELIMIT_STORAGE_URI", "memory://")
    [refusal] = refusals(tmp_path)
    assert refusal.startswith("RATELIMIT_STORAGE_URI must be shared")


def test_the_number_of_trusted_proxies_must_be_stated(environment, tmp_path):
    environment.delenv("TRUSTED_PROXY_COUNT")
    [refusal] = refusals(tmp_path)
    assert refusal.startswith("TRUSTED_PROXY_COUNT must be set")
    environment.setenv("TRUSTED_PROXY_COUNT", "0")  # no proxy is a decision too
    assert refusals(tmp_path) == []


@pytest.mark.parametrize(
    "url", ["smtp://mail.internal:25?starttls=no", "smtp://mail.internal?starttls=false", "file:///var/mail/portal"]
)
def test_mail_must_be_sent_over_tls(environment, tmp_path, url):
    environment.setenv("MAIL_URL", url)
    [refusal] = refusals(tmp_path)
    assert refusal.startswith("MAIL_URL must send over TLS")


def test_mail_over_smtps_or_starttls_is_accepted(environment, tmp_path):
    for url in ("smtps://mail.internal:465", "smtp://mail.internal:587?starttls=required"):
        environment.setenv("MAIL_URL", url)
        assert refusals(tmp_path) == []


def test_a_short_secret_key_is_refused(environment, tmp_path):
    environment.setenv("SECRET_KEY", "s" * 31)
    [refusal] = refusals(tmp_path)
    assert refusal.startswith("SECRET_KEY must be set (at least 32 characters)")


def test_evidence_in_a_local_folder_needs_a_single_machine(environment, tmp_path):
    environment.setenv("EVIDENCE_STORAGE_URL", (tmp_path / "evidence").as_uri())
    [refusal] = refusals(tmp_path)
    assert refusal.startswith("EVIDENCE_STORAGE_URL is a local folder")
    environment.delenv("EVIDENCE_STORAGE_URL")  # the default is a local folder too
    assert refusals(tmp_path) == [refusal]
    environment.setenv("SINGLE_MACHINE", "1")
    assert refusals(tmp_path) == []


def test_the_eicar_only_scanner_must_be_acknowledged(environment, tmp_path):
    environment.delenv("EVIDENCE_SCANNER_ACKNOWLEDGED")
    [refusal] = refusals(tmp_path)
    assert refusal.startswith("EVIDENCE_SCANNER_ACKNOWLEDGED=eicar-only is needed")
    environment.setenv("EVIDENCE_SCANNER_ACKNOWLEDGED", "yes")  # only the exact words
    assert refusals(tmp_path) == [refusal]


def test_a_real_scanner_needs_no_acknowledgement(environment, tmp_path):
    environment.delenv("EVIDENCE_SCANNER_ACKNOWLEDGED")

    def clamd(stream):  # stands in for a real engine registered by the deployment
        return scan.CLEAN

    scan.register(clamd)
    try:
        assert refusals(tmp_path) == []
    finally:
        scan.unregister(clamd)


def test_sqlite_needs_a_single_machine(environment, tmp_path):
    environment.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    [refusal] = refusals(tmp_path)
    assert refusal.startswith("DATABASE_URL is SQLite")
    environment.setenv("SINGLE_MACHINE", "yes")
    assert refusals(tmp_path) == []


def test_every_refusal_is_listed_at_once(environment, tmp_path):
    for name in ("PUBLIC_BASE_URL", "TRUSTED_PROXY_COUNT", "EVIDENCE_SCANNER_ACKNOWLEDGED"):
        environment.delenv(name)
    environment.setenv("RATELIMIT_STORAGE_URI", "memory://")
    named = [line.split(" ")[0].split("=")[0] for line in refusals(tmp_path)]
    assert named == ["PUBLIC_BASE_URL", "RATELIMIT_STORAGE_URI", "TRUSTED_PROXY_COUNT", "EVIDENCE_SCANNER_ACKNOWLEDGED"]


def test_staff_authenticator_secrets_need_a_sealing_key(environment, tmp_path):
    environment.delenv("TOTP_ENCRYPTION_KEYS")
    [refusal] = refusals(tmp_path)
    assert refusal.startswith("TOTP_ENCRYPTION_KEYS must be set in production")
