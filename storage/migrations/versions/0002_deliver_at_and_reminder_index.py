"""deliver_at for snooze, index for reminders

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deliver_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE checkins SET deliver_at = due_at")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.alter_column("deliver_at", nullable=False)
        batch_op.drop_index("ix_checkins_status_due")
        batch_op.create_index("ix_checkins_status_deliver", ["status", "deliver_at"], unique=False)
        batch_op.create_index("ix_checkins_status_sent", ["status", "sent_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_checkins_status_sent")
        batch_op.drop_index("ix_checkins_status_deliver")
        batch_op.create_index("ix_checkins_status_due", ["status", "due_at"], unique=False)
        batch_op.drop_column("deliver_at")
