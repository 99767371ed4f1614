"""the language the client reads Between in

Set from Telegram's language_code when the client agrees, changed in /settings; English
for clients who agreed before. Not
constrained to a list: adding a language is adding a catalog, not a migration.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(8)))
    # Clients who agreed before there was a choice have been reading English: they keep it.
    op.execute("UPDATE clients SET language = 'en' WHERE consent_version IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("language")
