"""Security checks 1 and 2: argon2id with strong parameters, upgraded at sign-in; length rules and a blocklist."""

import pytest
from argon2 import PasswordHasher, Type, extract_parameters

from portal.services.staff import passwords


def test_hashes_are_argon2id_with_at_least_19_mib_and_two_passes():
    params = extract_parameters(passwords.hash_password("a long enough passphrase"))
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024
    assert params.time_cost >= 2


def test_a_hash_verifies_only_its_own_password():
    stored = passwords.hash_password("a long enough passphrase")
    assert passwords.verify(stored, "a long enough passphrase")
    assert not passwords.verify(stored, "a long enough passphrasE")
    assert not passwords.verify("not a hash", "a long enough passphrase")


def test_weaker_or_foreign_hashes_need_rehashing_and_ours_do_not():
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("a long enough passphrase")
    assert passwords.needs_rehash(weak)
    assert passwords.needs_rehash("$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA")
    assert not passwords.needs_rehash(passwords.hash_password("a long enough passphrase"))


@pytest.mark.parametrize("password", ["", "short", "elevenchars", "x" * 129])
def test_too_short_or_too_long_is_refused(password):
    assert passwords.problem_with(password)
    with pytest.raises(passwords.PasswordRejected):
        passwords.hash_password(password)


@pytest.mark.parametrize(
    "password",
    [
        "twelve chars",  # exactly 12, spaces allowed
        "alllowercaseletters",  # no composition rules
        "1234567890246813579",
        "ÜnïcødePässwörd",
        "p" + "assphrase " * 12 + "1234567",  # 128 characters
    ],
)
def test_any_password_of_12_to_128_characters_not_on_the_list_is_accepted(password):
    assert 12 <= len(password) <= 128
    assert passwords.problem_with(password) is None
    assert passwords.verify(passwords.hash_password(password), password)


@pytest.mark.parametrize(
    "password", ["password1234", "Password1234", "QWERTYUIOP123", "metropolitanpolice", "aaaaaaaaaaaa"]
)
def test_common_and_breached_passwords_are_refused(password):
    assert "common or breached" in passwords.problem_with(password)


def test_the_blocklist_is_a_data_file_of_long_passwords():
    listed = passwords.common_passwords()
    assert len(listed) >= 100
    assert "password1234" in listed
    assert all(len(p) >= 12 for p in listed)


def test_surrounding_spaces_and_unicode_forms_do_not_change_the_password():
    stored = passwords.hash_password("Caf\u00e9 au lait please")
    assert passwords.verify(stored, "  Cafe\u0301 au lait please ")
