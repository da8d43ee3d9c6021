"""A production configuration for tests that need one (secure cookies, HSTS), on one machine with SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.config import ProductionConfig

# What production accepts on one machine: every other refusal in portal/config_checks.py is satisfied.
SINGLE_MACHINE_ENVIRONMENT = {
    "SECRET_KEY": "x" * 40,
    "TOTP_ENCRYPTION_KEYS": "test:dGVzdC10b3RwLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=",
    "MAIL_URL": "smtp://127.0.0.1:9",
    "PUBLIC_BASE_URL": "https://police.example.org",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:9/0",
    "TRUSTED_PROXY_COUNT": "1",
    "SINGLE_MACHINE": "1",
    "EVIDENCE_SCANNER_ACKNOWLEDGED": "eicar-only",
}


class _ProductionInThisProcess(ProductionConfig):
    def finalise(self, instance_path: Path) -> None:
        super().finalise(instance_path)
        # The rate limiter is one object per process, shared with the test app: after the checks (which want a shared
        # store), keep its counts in memory so no test depends on a Redis server.
        self.RATELIMIT_STORAGE_URI = "memory://"


def production_config(monkeypatch: pytest.MonkeyPatch, database_path: Path) -> ProductionConfig:
    for name, value in SINGLE_MACHINE_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    config = _ProductionInThisProcess()
    config.DATABASE_URL = f"sqlite:///{database_path}"
    return config
