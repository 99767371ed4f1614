"""session ratings: a rating right after each session, as a check-in of its own kind

A rating shares the check-ins' table (it is answered the same way) with `kind` = 'rating';
one check-in per slot still holds, for check-ins only. Every client has the rating on.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

CHECKINS_ONLY = sa.text("kind = 'checkin'")


def upgrade() -> None:
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), server_default="checkin", nullable=False)
        )
        batch_op.drop_constraint(op.f("uq_checkins_client_id_due_at"), type_="unique")
        batch_op.create_check_constraint(
            op.f("ck_checkins_kind_known"), "kind IN ('checkin', 'rating')"
        )
    op.create_index(
        "uq_checkins_slot",
        "checkins",
        ["client_id", "due_at"],
        unique=True,
        sqlite_where=CHECKINS_ONLY,
        postgresql_where=CHECKINS_ONLY,
    )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rating_enabled", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("rating_enabled")
    op.execute("DELETE FROM checkins WHERE kind = 'rating'")
    op.drop_index("uq_checkins_slot", table_name="checkins")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_checkins_kind_known"), type_="check")
        batch_op.create_unique_constraint(
            op.f("uq_checkins_client_id_due_at"), ["client_id", "due_at"]
        )
        batch_op.drop_column("kind")
