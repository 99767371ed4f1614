"""consent version on clients

The version a client last agreed to, kept on the client so the due query can leave out
anyone who has not agreed to the current text. Filled in from the consent records.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_version", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE clients SET consent_version = (SELECT max(version) FROM consent_records "
        "WHERE consent_records.client_id = clients.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("consent_version")
