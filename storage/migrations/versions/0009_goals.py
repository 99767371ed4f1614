"""the client's own goals, and their ratings as answers

A goal's words are sealed like notes; a new goal is a row without words until the client
types them. A rating is an answer that names its goal, erased with it.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("words", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_goals_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    op.create_index(op.f("ix_goals_client_id"), "goals", ["client_id"], unique=False)
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_id", sa.Integer(), nullable=True))
        batch_op.create_index(op.f("ix_answers_goal_id"), ["goal_id"], unique=False)
        batch_op.create_foreign_key(
            op.f("fk_answers_goal_id_goals"), "goals", ["goal_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_answers_goal_id_goals"), type_="foreignkey")
        batch_op.drop_index(op.f("ix_answers_goal_id"))
        batch_op.drop_column("goal_id")
    op.drop_index(op.f("ix_goals_client_id"), table_name="goals")
    op.drop_table("goals")
