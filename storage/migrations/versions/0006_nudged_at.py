"""when the alliance nudge was last shown, and when the client asked for the line

The nudge comes at most once in three weeks, so the time it was last shown is kept; the
line it offers is dated in the summary ("added 12 January").

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discuss_alliance_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("nudged_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("nudged_at")
        batch_op.drop_column("discuss_alliance_at")
