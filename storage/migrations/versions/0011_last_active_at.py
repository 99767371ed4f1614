"""when each client last used Between, and when they were warned of the retention limit

RETENTION_DAYS erases a client that long after their last use, a week after telling them.
Existing clients are given the latest moment they did something that left a trace (an
answer, an agreement to the consent text, a summary sent, a goal named); a client with no
trace at all counts from the upgrade.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

LATEST_TRACE = """
UPDATE clients SET last_active_at = COALESCE(
    (SELECT MAX(trace) FROM (
        SELECT MAX(answers.answered_at) AS trace FROM answers
            JOIN checkins ON checkins.id = answers.checkin_id
            WHERE checkins.client_id = clients.id
        UNION ALL SELECT MAX(agreed_at) FROM consent_records
            WHERE consent_records.client_id = clients.id
        UNION ALL SELECT MAX(sent_at) FROM summaries WHERE summaries.client_id = clients.id
        UNION ALL SELECT MAX(created_at) FROM goals WHERE goals.client_id = clients.id
    ) AS traces),
    CURRENT_TIMESTAMP
)
"""


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_active_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("retention_warned_at", sa.DateTime(timezone=True)))
        batch_op.create_index("ix_clients_last_active", ["last_active_at"])
    op.execute(LATEST_TRACE)


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index("ix_clients_last_active")
        batch_op.drop_column("retention_warned_at")
        batch_op.drop_column("last_active_at")
