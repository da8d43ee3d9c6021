"""Authenticator secrets are sealed at rest with a key from the environment, with the key's id beside each, so keys
rotate (`staff rotate-totp-key`); a copy of the database holds no working second factor."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import text

from portal.db import session
from portal.services.staff import totp
from tests.factories.staff import make_staff


def test_a_secret_is_stored_sealed_with_the_id_of_its_key(app_context):
    staff = make_staff("officer")
    secret = totp.secret_of(staff)
    stored, key_id = session.execute(
        text("SELECT totp_secret, totp_key_id FROM staff_user WHERE id = :id"), {"id": staff.id}
    ).one()
    assert len(secret) == 32 and pyotp.TOTP(secret).now()  # a real base32 secret comes back
    assert secret not in stored and key_id == "test"


def test_a_sealed_secret_copied_onto_another_account_does_not_open(app_context):
    first, second = make_staff("officer"), make_staff("officer")
    second.totp_secret, second.totp_key_id = first.totp_secret, first.totp_key_id
    with pytest.raises(totp.TotpKeyError):
        totp.secret_of(second)


def test_rotating_seals_every_secret_with_the_new_key_and_they_still_open(app, app_context, monkeypatch):
    staff, legacy = make_staff("officer"), make_staff("officer")
    secret = totp.secret_of(staff)
    legacy.totp_secret, legacy.totp_key_id = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", None  # stored before sealing
    session.commit()
    new = totp.new_key_text("2027")
    monkeypatch.setitem(app.config, "TOTP_ENCRYPTION_KEYS", f"{new},{app.config['TOTP_ENCRYPTION_KEYS']}")
    assert totp.rotate() == 2
    assert (staff.totp_key_id, legacy.totp_key_id) == ("2027", "2027")
    assert totp.secret_of(staff) == secret and totp.secret_of(legacy) == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    assert "JBSWY3DP" not in legacy.totp_secret
    monkeypatch.setitem(app.config, "TOTP_ENCRYPTION_KEYS", new)  # the old key can now go
    assert totp.secret_of(staff) == secret and totp.rotate() == 0


def test_the_rotate_command(app):
    with app.app_context():
        make_staff("officer")
    result = app.test_cli_runner().invoke(args=["staff", "rotate-totp-key"])
    assert result.exit_code == 0 and "Sealed 0 authenticator secret(s)" in result.output


def test_malformed_keys_are_refused():
    for bad in ("k:not base64!", "k:" + "QUFB", ":" + "A" * 44):
        with pytest.raises(totp.TotpKeyError):
            totp.parse_keys(bad)
