"""What production refuses to start with. Each refusal is one line that names the setting to change.

Every one of these has run unnoticed somewhere: the portal works with them on one developer's machine, and fails
only later, for residents (links to http:// pages, rate limits that each process counts apart, a client that picks
its own address, mail readable on the way, evidence kept on one web machine that the others cannot see).
"""

from __future__ import annotations

from typing import Any

from portal.services.evidence import scan
from portal.services.mail import backends

SCANNER_ACKNOWLEDGEMENT = "eicar-only"


def unsafe_production_settings(config: Any) -> list[str]:
    # `config` is a portal.config.Config; not imported here, since that module calls this one.
    refusals = []
    if not config.SECRET_KEY or len(config.SECRET_KEY) < 32:
        refusals.append("SECRET_KEY must be set (at least 32 characters) to run in production.")
    if not config.TOTP_ENCRYPTION_KEYS:
        refusals.append("TOTP_ENCRYPTION_KEYS must be set in production (id:base64 32-byte key, sealing TOTP secrets).")
    if not config.MAIL_URL:
        refusals.append("MAIL_URL must be set to run in production (smtps://user:pass@host:465 or smtp://...:587).")
    elif not backends.requires_tls(config.MAIL_URL):
        refusals.append("MAIL_URL must send over TLS in production: smtps://, or smtp:// without starttls=no.")
    if not (config.PUBLIC_BASE_URL or "").startswith("https://"):
        refusals.append("PUBLIC_BASE_URL must be an https:// address in production (it is the link in every email).")
    if (config.RATELIMIT_STORAGE_URI or "memory://").startswith("memory://"):
        refusals.append("RATELIMIT_STORAGE_URI must be shared (redis://host:6379), not memory://, in production.")
    if config.TRUSTED_PROXY_COUNT is None:
        refusals.append("TRUSTED_PROXY_COUNT must be set in production: 1 behind one reverse proxy, 0 with none.")
    if (config.DATABASE_URL or "").startswith("sqlite") and not config.SINGLE_MACHINE:
        refusals.append("DATABASE_URL is SQLite: use PostgreSQL in production, or set SINGLE_MACHINE=1.")
    if (config.EVIDENCE_STORAGE_URL or "file:").startswith("file:") and not config.SINGLE_MACHINE:
        refusals.append("EVIDENCE_STORAGE_URL is a local folder: use s3://bucket/prefix, or set SINGLE_MACHINE=1.")
    if scan.registered() == (scan.eicar_scanner,) and config.EVIDENCE_SCANNER_ACKNOWLEDGED != SCANNER_ACKNOWLEDGEMENT:
        refusals.append(
            "EVIDENCE_SCANNER_ACKNOWLEDGED=eicar-only is needed to run with only the EICAR test scanner "
            "(register a real one: docs/evidence.md)."
        )
    return refusals
