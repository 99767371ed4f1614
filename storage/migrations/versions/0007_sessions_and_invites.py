"""sessions, check-ins before them, and therapists' invite links

Clients get a session rhythm, a lead and their next session; sessions can be moved or
cancelled one at a time; a check-in remembers the session it comes before and whether the
client had a session since the last one. Clients set up before this keep their weekly
check-in time ('checkin'). Values are spelled out as they stood when this was written.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

STEPS_BEFORE = ("timezone", "weekday", "time")
STEPS_AFTER = (
    "timezone",
    "rhythm",
    "weekday",
    "time",
    "lead",
    "session_day",
    "session_time",
    "confirm",
)
RHYTHMS = ("weekly", "2w", "3w", "4w", "irregular", "checkin")
LEADS = ("evening", "morning", "2days")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rhythm", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("lead", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("session_anchor", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("next_session_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("pending_session_day", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("summary_offers", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.drop_constraint(op.f("ck_clients_onboarding_step_known"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_clients_onboarding_step_known"), _one_of("onboarding_step", STEPS_AFTER)
        )
        batch_op.create_check_constraint(
            op.f("ck_clients_rhythm_known"), _one_of("rhythm", RHYTHMS)
        )
        batch_op.create_check_constraint(op.f("ck_clients_lead_known"), _one_of("lead", LEADS))
    op.execute("UPDATE clients SET rhythm = 'checkin' WHERE weekday IS NOT NULL")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.alter_column("summary_offers", server_default=None)

    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("session_expected", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("had_session", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column("summary_offered_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_checkins_session", ["session_at"], unique=False)

    op.create_table(
        "session_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("original_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moved_to", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_session_changes_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_changes")),
        sa.UniqueConstraint(
            "client_id", "original_at", name=op.f("uq_session_changes_client_id_original_at")
        ),
    )
    op.create_index(
        op.f("ix_session_changes_client_id"), "session_changes", ["client_id"], unique=False
    )
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("code_prefix", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("rhythm", sa.String(length=16), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("local_time", sa.String(length=5), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("phq4", sa.Boolean(), nullable=False),
        sa.Column("uses_left", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_one_of("rhythm", RHYTHMS), name=op.f("ck_invites_rhythm_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invites_code_hash")),
    )
    op.create_table(
        "invite_misses",
        sa.Column("chat_hash", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("chat_hash", name=op.f("pk_invite_misses")),
    )


def downgrade() -> None:
    op.drop_table("invite_misses")
    op.drop_table("invites")
    op.drop_index(op.f("ix_session_changes_client_id"), table_name="session_changes")
    op.drop_table("session_changes")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_checkins_session")
        batch_op.drop_column("summary_offered_at")
        batch_op.drop_column("had_session")
        batch_op.drop_column("session_expected")
        batch_op.drop_column("session_at")
    op.execute(
        "UPDATE clients SET onboarding_step = NULL WHERE onboarding_step NOT IN "
        "('timezone', 'weekday', 'time')"
    )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_clients_lead_known"), type_="check")
        batch_op.drop_constraint(op.f("ck_clients_rhythm_known"), type_="check")
        batch_op.drop_constraint(op.f("ck_clients_onboarding_step_known"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_clients_onboarding_step_known"), _one_of("onboarding_step", STEPS_BEFORE)
        )
        batch_op.drop_column("summary_offers")
        batch_op.drop_column("pending_session_day")
        batch_op.drop_column("next_session_at")
        batch_op.drop_column("session_anchor")
        batch_op.drop_column("lead")
        batch_op.drop_column("rhythm")
