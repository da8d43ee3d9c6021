"""Staff accounts, their roles (as data), their scope (wards or boroughs) and their server-side sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, TimestampMixin, now
from portal.models.ward import Borough, Ward

# Scope: which wards an officer works in, which boroughs a supervisor or front counter covers.
staff_ward = Table(
    "staff_ward",
    Base.metadata,
    Column("staff_id", Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("ward_id", Integer, ForeignKey("ward.id"), primary_key=True),
)

staff_borough = Table(
    "staff_borough",
    Base.metadata,
    Column("staff_id", Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("borough_id", Integer, ForeignKey("borough.id"), primary_key=True),
)


class Role(Base):
    """A role is data: its permissions are rows, so a force can adjust them without a code change."""

    __tablename__ = "role"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)  # officer, supervisor, front_counter, admin
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(300))
    # How far the role reaches: "wards" (the wards a person is scoped to), "borough" (their boroughs) or "all".
    scope: Mapped[str] = mapped_column(String(20))

    permissions: Mapped[list[RolePermission]] = relationship(
        back_populates="role", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def permission_codes(self) -> frozenset[str]:
        return frozenset(p.permission for p in self.permissions)


class RolePermission(Base):
    __tablename__ = "role_permission"

    role_code: Mapped[str] = mapped_column(ForeignKey("role.code", ondelete="CASCADE"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(60), primary_key=True)

    role: Mapped[Role] = relationship(back_populates="permissions")


class StaffUser(TimestampMixin, Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so sign-in is case-insensitive and unique on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role_code: Mapped[str] = mapped_column(ForeignKey("role.code"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # The authenticator secret, sealed with AES-GCM (services/staff/totp.py), and the id of the key that sealed it
    # (None: stored in clear before secrets were sealed, until `staff rotate-totp-key`).
    totp_secret: Mapped[str] = mapped_column(String(200))
    totp_key_id: Mapped[str | None] = mapped_column(String(40))
    # Set when the person first proves they hold the secret; reset with their MFA.
    totp_confirmed_at: Mapped[datetime | None]
    # The last 30-second TOTP time-step accepted: a code for it (or earlier) is never accepted again.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_at: Mapped[datetime | None]
    last_sign_in_at: Mapped[datetime | None]

    role: Mapped[Role] = relationship(lazy="joined")
    wards: Mapped[list[Ward]] = relationship(secondary=staff_ward, order_by="Ward.name")
    boroughs: Mapped[list[Borough]] = relationship(secondary=staff_borough, order_by="Borough.name")

    # Flask-Login's user interface. A StaffUser is only ever loaded for a fully-authenticated session.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return str(self.id)

    def can(self, permission: str) -> bool:
        return self.active and permission in self.role.permission_codes


class StaffSession(Base):
    """A server-side session. The browser holds a random token; only its SHA-256 digest is stored here."""

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_seen_at: Mapped[datetime] = mapped_column(default=now)
    # None while only the password has been checked: such a session reaches the code page and nothing else.
    mfa_completed_at: Mapped[datetime | None]
    # What the session is for until it is complete: "sign-in" (the password was right, the code is next) or
    # "enrolment" (an enrolment link chose the password, the authenticator app is next). Only the matching page
    # takes it (services/staff/sessions.py).
    purpose: Mapped[str] = mapped_column(String(20), default="sign-in")
    # Wrong codes entered in this (pending) session; too many ends it.
    failed_codes: Mapped[int] = mapped_column(Integer, default=0)
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(40))

    staff: Mapped[StaffUser] = relationship(lazy="joined")


class SignInBackoff(Base):
    """Failed sign-ins from one client for one email address (known or not), and the back-off they earned
    (services/staff/backoff.py). Keyed on the pair, so failures from elsewhere never keep the account's owner out."""

    __tablename__ = "sign_in_backoff"
    __table_args__ = (UniqueConstraint("account_key", "client", name="account_client"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A keyed digest of the email address typed: the same for an account that exists and one that does not.
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    # The client (an IPv4 address, or an IPv6 /64), as an administrator sees it on the account's page.
    client: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=now)
    blocked_until: Mapped[datetime | None]


class StaffEnrolmentLink(Base):
    """A single-use link by which a member of staff chooses their own password and sets up their authenticator app
    (services/staff/enrolment_links.py): issued when its email leaves, valid for 24 hours, stored only as a digest.
    An account has at most one live link: issuing one revokes the others, and the partial unique index holds it."""

    __tablename__ = "staff_enrolment_link"
    __table_args__ = (
        Index(
            "ix_staff_enrolment_link_live",
            "staff_id",
            unique=True,
            sqlite_where=text("used_at IS NULL AND revoked_at IS NULL"),
            postgresql_where=text("used_at IS NULL AND revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]
    # Set once, by a conditional UPDATE: a link is followed through only once.
    used_at: Mapped[datetime | None]
    # Set when a newer link replaced it, or the account finished enrolling by another.
    revoked_at: Mapped[datetime | None]
