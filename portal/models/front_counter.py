"""Police station front counters: where someone can go in person, and when. Data loaded from a file
(`flask --app portal front-counters load`), never written into a template."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, TimestampMixin


class FrontCounter(TimestampMixin, Base):
    __tablename__ = "front_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    borough: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    postcode: Mapped[str] = mapped_column(String(10))
    lat: Mapped[float]
    lon: Mapped[float]
    # Opening hours by day ("monday" ... "sunday", "bank_holidays"), each "24 hours", "closed", ranges such as
    # "10:00-22:00", or missing when not known. Read by services/front_counters/hours.py.
    hours: Mapped[dict[str, Any]] = mapped_column(JSON)
    # None when not known: a page then says so rather than guessing.
    step_free: Mapped[bool | None] = mapped_column(Boolean)
    # The first day it is closed for good; a closed counter is never offered.
    closed_from: Mapped[date | None] = mapped_column(Date)
