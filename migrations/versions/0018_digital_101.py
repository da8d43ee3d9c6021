"""Digital 101: front counters as data, perceived hate crime and support referral consent on reports

Front counters (name, borough, address, coordinates, opening hours per day, step-free access, closure date) are
loaded from a file, so pages show the counters that exist and when they open instead of one configured sentence.
A report keeps whether anyone perceived it as hate crime (and which characteristics), and whether the reporter
asked to be referred to support services when they reported.

Revision ID: 0018_digital_101
Revises: 0012_outbox_sign_in_links
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_digital_101"
down_revision = "0015_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "front_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("borough", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("step_free", sa.Boolean(), nullable=True),
        sa.Column("closed_from", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_front_counter")),
        sa.UniqueConstraint("name", name=op.f("uq_front_counter_name")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flag_hate_crime", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("hate_crime_strands", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("flag_support_referral", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("support_referral_services", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("support_referral_services")
        batch_op.drop_column("flag_support_referral")
        batch_op.drop_column("hate_crime_strands")
        batch_op.drop_column("flag_hate_crime")
    op.drop_table("front_counter")
