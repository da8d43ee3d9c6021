"""Crime categories (data, not code), monthly recorded crime per ward, and the summaries ward pages read.

Sources publish crime in their own categories (the Met's MajorText/MinorText, police.uk's slugs). A mapping table
translates each source category to the category residents see; the page never reads source categories directly.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, TimestampMixin


class CrimeCategory(Base):
    __tablename__ = "crime_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)  # police.uk slug where one exists
    name: Mapped[str] = mapped_column(String(100))
    # Burglary, robbery, theft from the person and vehicle crime: the "neighbourhood crime" boroughs choose from.
    neighbourhood: Mapped[bool] = mapped_column(default=False)
    # The advice topic residents are pointed to for this category (articles name their categories too).
    advice_topic: Mapped[str | None] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(default=0)


class CrimeCategoryMapping(Base):
    __tablename__ = "crime_category_mapping"
    __table_args__ = (UniqueConstraint("source", "source_category", name="source_category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))  # "mps" or "police-uk"
    # "MAJOR / MINOR" for the Met's file, the slug for police.uk.
    source_category: Mapped[str] = mapped_column(String(160))
    category_id: Mapped[int] = mapped_column(ForeignKey("crime_category.id"), index=True)

    category: Mapped[CrimeCategory] = relationship()


class CrimeCount(Base):
    """Recorded offences in one ward, one resident-facing category, one month (source categories summed)."""

    __tablename__ = "crime_count"
    __table_args__ = (UniqueConstraint("ward_id", "category_id", "month", name="ward_category_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("crime_category.id"))
    month: Mapped[date]  # first day of the month
    count: Mapped[int]


class WardCrimeSummary(TimestampMixin, Base):
    """Computed when crime is loaded, so a ward page never aggregates monthly counts per request."""

    __tablename__ = "ward_crime_summary"
    __table_args__ = (UniqueConstraint("ward_id", "category_id", name="ward_category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("crime_category.id"))
    period_end: Mapped[date]  # the last complete month counted
    last_12: Mapped[int]
    previous_12: Mapped[int]
    recent_3: Mapped[int]
    year_ago_3: Mapped[int]
    rising: Mapped[bool] = mapped_column(default=False)

    category: Mapped[CrimeCategory] = relationship()


class CrimeMonthWithoutFigures(Base):
    """A ward-month for which the publisher gave no figures at all (every category left blank). Not zero: the ward
    page says so, and the comparisons leave that month, and the same month a year apart, out."""

    __tablename__ = "crime_month_without_figures"
    __table_args__ = (UniqueConstraint("ward_id", "month", name="ward_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), index=True)
    month: Mapped[date]  # first day of the month
