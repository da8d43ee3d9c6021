"""What a ward page says beyond the statistics: its team, priorities, meetings, advice and residents' feedback.

Shaped like police.uk's neighbourhood API (team, priorities with issue/action dates, events) so real data maps in.
`is_demo` marks demonstration content, which every page that shows it labels as such.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, TimestampMixin, now
from portal.models.crime import CrimeCategory


class WardTeamMember(TimestampMixin, Base):
    __tablename__ = "ward_team_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    rank: Mapped[str] = mapped_column(String(60))  # "PC", "PCSO", "Sergeant"
    role: Mapped[str] = mapped_column(String(100))  # "Dedicated ward officer"
    email: Mapped[str | None] = mapped_column(String(254))
    bio: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(default=0)
    is_demo: Mapped[bool] = mapped_column(default=False)


class WardPriority(TimestampMixin, Base):
    """A ward panel priority: the issue residents raised and what the team is doing about it."""

    __tablename__ = "ward_priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), index=True)
    issue: Mapped[str] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    issue_date: Mapped[date]
    action_date: Mapped[date | None]
    is_demo: Mapped[bool] = mapped_column(default=False)


class BoroughPriority(TimestampMixin, Base):
    """One of a borough's priority crimes. Suggested from recorded crime until staff set the agreed ones."""

    __tablename__ = "borough_priority"
    __table_args__ = (UniqueConstraint("borough_id", "category_id", name="borough_category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    borough_id: Mapped[int] = mapped_column(ForeignKey("borough.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("crime_category.id"))
    suggested: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)

    category: Mapped[CrimeCategory] = relationship()


class WardMeeting(TimestampMixin, Base):
    __tablename__ = "ward_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(40))  # police.uk event types: meeting, surgery, community-event
    description: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(default=False)


class PriorityFeedback(Base):
    """A resident's answer to "tell us your priorities". Stored verbatim; rendered escaped."""

    __tablename__ = "priority_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), index=True)
    issues: Mapped[str] = mapped_column(String(300))  # comma-separated issue keys from a fixed list
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now)


advice_article_category = Table(
    "advice_article_category",
    Base.metadata,
    Column("article_id", ForeignKey("advice_article.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("crime_category.id", ondelete="CASCADE"), primary_key=True),
)


class AdviceArticle(TimestampMixin, Base):
    """Prevention advice from ward_pages/advice/*.md, stored as sanitised HTML."""

    __tablename__ = "advice_article"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500))
    html: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(default=0)

    categories: Mapped[list[CrimeCategory]] = relationship(secondary=advice_article_category)
