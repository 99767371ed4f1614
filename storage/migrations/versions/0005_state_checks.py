"""CHECK constraints on every state column

Statuses and set-up steps may hold only the values of the enums in domain/states.py. The
values are spelled out here, as they stood when this migration was written, so that the
migration means the same thing whatever the enums become.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CHECKS = {
    "clients": {
        "status": ("declined", "onboarding", "active", "paused", "stopped"),
        "onboarding_step": ("timezone", "weekday", "time"),
    },
    "checkins": {
        "status": ("due", "open", "done", "skipped", "expired", "cancelled", "undelivered"),
    },
}


def upgrade() -> None:
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in columns.items():
                listed = ", ".join(f"'{value}'" for value in values)
                name = op.f(f"ck_{table}_{column}_known")
                batch_op.create_check_constraint(name, f"{column} IN ({listed})")


def downgrade() -> None:
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_constraint(op.f(f"ck_{table}_{column}_known"), type_="check")
