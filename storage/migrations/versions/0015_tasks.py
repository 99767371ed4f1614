"""tasks agreed between sessions, and the check-in's answers about them

A task's words are sealed like notes; a new task is a row without words until the client
types them. An answer about a task (how it went, what got in the way) names its task and
is erased with it.

Revision ID: 0015
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

OUTCOMES = ("tried", "partly", "not", "dropped")


def upgrade() -> None:
    listed = ", ".join(f"'{outcome}'" for outcome in OUTCOMES)
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("words", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("session_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_outcome", sa.String(length=16), nullable=True),
        sa.CheckConstraint(
            f"closed_outcome IN ({listed})", name=op.f("ck_tasks_closed_outcome_known")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_tasks_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    op.create_index(op.f("ix_tasks_client_id"), "tasks", ["client_id"], unique=False)
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("task_id", sa.Integer(), nullable=True))
        batch_op.create_index(op.f("ix_answers_task_id"), ["task_id"], unique=False)
        batch_op.create_foreign_key(
            op.f("fk_answers_task_id_tasks"), "tasks", ["task_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_answers_task_id_tasks"), type_="foreignkey")
        batch_op.drop_index(op.f("ix_answers_task_id"))
        batch_op.drop_column("task_id")
    op.drop_index(op.f("ix_tasks_client_id"), table_name="tasks")
    op.drop_table("tasks")
