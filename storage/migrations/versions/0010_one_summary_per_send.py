"""one log row per summary sent: the row is claimed before sending

Two taps on Send that reach two bot instances at once both found no row and both sent; a
unique index lets the first insert claim the summary and the second find it taken. One
preview (a period, and the moment it was asked) is sent once, whatever its sections: the
first send may change what the second would offer (the line about how therapy feels is
used up). Any duplicate rows already logged are folded into the first.

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM summaries WHERE id NOT IN "
        "(SELECT MIN(id) FROM summaries GROUP BY client_id, period, period_end)"
    )
    op.create_index(
        "uq_summaries_once",
        "summaries",
        ["client_id", "period", "period_end"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_summaries_once", table_name="summaries")
