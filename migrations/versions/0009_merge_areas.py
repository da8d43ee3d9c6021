"""Join the areas' migration branches into one line of history

Ward pages, reporting, staff, evidence, triage, tracking and oversight each added a branch from the first revision
while they were built side by side. From here on there is one head again, so a new migration has one parent.

Revision ID: 0009_merge_areas
Revises: 0002_ward_pages, 0005_evidence, 0006_triage, 0007_tracking, 0008_oversight
Create Date: 2026-11-26
"""

from __future__ import annotations

revision = "0009_merge_areas"
down_revision = ("0002_ward_pages", "0005_evidence", "0006_triage", "0007_tracking", "0008_oversight")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
