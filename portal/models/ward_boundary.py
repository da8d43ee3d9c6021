"""Ward outlines for the small map on each ward page, projected when loaded so pages only draw them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, TimestampMixin


class WardBoundary(TimestampMixin, Base):
    __tablename__ = "ward_boundary"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"), unique=True)
    # SVG path data in a local metric projection (metres east/south of the borough's north-west corner).
    path: Mapped[str] = mapped_column(Text)
