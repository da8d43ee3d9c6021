"""Boroughs and wards: reference data loaded from a ward set (ONS codes), never invented."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.base import Base, TimestampMixin


class Borough(TimestampMixin, Base):
    __tablename__ = "borough"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(9), unique=True)  # GSS code, e.g. E09000033
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100), index=True)
    # When the borough's crime is published by another force (the City of London Police for the City), its name.
    statistics_publisher: Mapped[str | None] = mapped_column(String(100))
    retired_at: Mapped[datetime | None]

    wards: Mapped[list[Ward]] = relationship(back_populates="borough", order_by="Ward.name")


class Ward(TimestampMixin, Base):
    __tablename__ = "ward"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(9), unique=True)  # GSS code, e.g. E05013806
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100), index=True)
    borough_id: Mapped[int] = mapped_column(ForeignKey("borough.id"), index=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    # A ward no longer in the current ward set is retired, not deleted: reports keep pointing at it.
    retired_at: Mapped[datetime | None]

    borough: Mapped[Borough] = relationship(back_populates="wards")
