"""courses of therapy: summaries never mix two, and an ending keeps the client's own note

Each client who agreed to a consent text gets one course, still open, from their first
agreement: everything they have answered so far belongs to it.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.LargeBinary(), nullable=True),
        sa.Column("note_asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_courses_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
    )
    op.create_index(op.f("ix_courses_client_id"), "courses", ["client_id"], unique=False)
    op.execute(
        "INSERT INTO courses (client_id, started_at) "
        "SELECT client_id, MIN(agreed_at) FROM consent_records GROUP BY client_id"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_courses_client_id"), table_name="courses")
    op.drop_table("courses")
