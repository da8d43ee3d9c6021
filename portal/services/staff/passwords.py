"""Staff passwords (security checks 1 and 2).

argon2id with argon2-cffi's defaults (RFC 9106's low-memory profile: 64 MiB, t=3), well above the 19 MiB / t=2
floor. Length is the only rule (12 to 128 characters, any characters, paste allowed) plus a list of common and
breached passwords, as NCSC and NIST SP 800-63B advise; composition rules only push people to predictable patterns.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")

# Stored in place of a hash while an account has no password: from its creation, or a reset, until its owner chooses
# one through an enrolment link (services/staff/enrolment.py). It is not a hash, so no password matches it; the
# leading "!" can start no argon2 hash.
NO_PASSWORD = "!no password yet: chosen through an enrolment link"

_hasher = PasswordHasher()


class PasswordRejected(ValueError):
    """The password breaks a rule; the message is written for the person choosing it."""


def normalise(password: str) -> str:
    # The same password typed on different keyboards can arrive in different Unicode forms; surrounding spaces are
    # dropped everywhere (the forms strip them too) so a password works the same from the web and the command line.
    return unicodedata.normalize("NFKC", password).strip()


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def problem_with(password: str) -> str | None:
    """Why `password` cannot be used, in words for the person choosing it, or None when it is acceptable."""
    password = normalise(password)
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if password.lower() in common_passwords() or len(set(password)) < 4:
        return "Choose a password that is harder to guess: this one is on a list of common or breached passwords"
    return None


def hash_password(password: str) -> str:
    problem = problem_with(password)
    if problem:
        raise PasswordRejected(problem)
    return _hasher.hash(normalise(password))


def usable(password_hash: str) -> bool:
    """Whether the account has a password of its own (not NO_PASSWORD)."""
    return not password_hash.startswith("!")


def verify(password_hash: str, password: str) -> bool:
    if not usable(password_hash):
        # As long as a real check, so an account waiting to enrol cannot be told apart by timing.
        verify_dummy(password)
        return False
    try:
        return _hasher.verify(password_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker (older) parameters than today's; it is upgraded at sign-in."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def rehash(password: str) -> str:
    # No rules here: the person already holds this password, and refusing it at sign-in would lock them out.
    return _hasher.hash(normalise(password))


@cache
def _dummy_hash() -> str:
    return _hasher.hash("not a real password: used to spend the same time on unknown accounts")


def verify_dummy(password: str) -> None:
    """Spend as long as a real check, so an unknown account cannot be told apart by timing."""
    verify(_dummy_hash(), password)
