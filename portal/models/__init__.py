"""Typed SQLAlchemy 2 models. Importing this package registers every table on Base.metadata."""

from portal.models.base import Base
from portal.models.ward import Borough, Ward

__all__ = ["Base", "Borough", "Ward"]
