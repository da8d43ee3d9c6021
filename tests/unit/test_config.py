import pytest

from portal.config import DevelopmentConfig, ProductionConfig, config_for


def test_portal_env_chooses_the_config_class(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    assert type(config_for(None)) is ProductionConfig
    monkeypatch.setenv("PORTAL_ENV", "nonsense")
    with pytest.raises(RuntimeError, match="PORTAL_ENV must be one of"):
        config_for(None)


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("MAIL_URL", "smtp://127.0.0.1:9")
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        ProductionConfig().finalise(tmp_path)


def test_production_refuses_a_short_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.setenv("MAIL_URL", "smtp://127.0.0.1:9")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig().finalise(tmp_path)


def test_production_refuses_to_start_without_a_key_for_authenticator_secrets(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("MAIL_URL", "smtp://127.0.0.1:9")
    monkeypatch.delenv("TOTP_ENCRYPTION_KEYS", raising=False)
    with pytest.raises(RuntimeError, match="TOTP_ENCRYPTION_KEYS must be set"):
        ProductionConfig().finalise(tmp_path)


def test_development_makes_a_secret_once_and_keeps_it_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = DevelopmentConfig()
    first.finalise(tmp_path)
    second = DevelopmentConfig()
    second.finalise(tmp_path)
    assert first.SECRET_KEY == second.SECRET_KEY
    assert len(first.SECRET_KEY) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = DevelopmentConfig()
    config.finalise(tmp_path)
    assert config.DATABASE_URL == f"sqlite:///{tmp_path / 'portal.sqlite3'}"


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    config = DevelopmentConfig()
    config.finalise(tmp_path)
    assert config.DATABASE_URL == "postgresql+psycopg://u@h/db"
