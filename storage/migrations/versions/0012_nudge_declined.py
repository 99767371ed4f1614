"""what "No, thanks" to the alliance nudge needs: when it was said, and for which answers

After "No, thanks" the nudge comes back only when the answers are clearly worse than the
ones it was declined for, so the average of the answers that brought each nudge is kept
beside the time the client declined it.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nudged_average", sa.Float()))
        batch_op.add_column(sa.Column("nudge_declined_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("nudge_declined_at")
        batch_op.drop_column("nudged_average")
