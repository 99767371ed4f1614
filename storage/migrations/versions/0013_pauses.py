"""each pause of a client's check-ins, so that a summary can name the weeks it left out

Until now a pause lived only in clients.paused_until and was forgotten once it ended.
Pauses already under way are not backfilled: when they began was never kept.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_pauses_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pauses")),
    )
    op.create_index(op.f("ix_pauses_client_id"), "pauses", ["client_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pauses_client_id"), table_name="pauses")
    op.drop_table("pauses")
