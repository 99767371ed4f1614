"""The tables: clients, their consent records, courses of therapy and pauses, check-ins,
answers, goals and tasks; and the bot's send budget. All times are UTC."""

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from domain.sessions import Lead, Rhythm
from domain.states import CheckinKind, CheckinStatus, ClientStatus, SetupStep
from domain.tasks import TaskOutcome

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


def one_of(column: str, states: type[StrEnum]) -> CheckConstraint:
    """A CHECK that `column` holds one of `states` (or NULL), named after the column."""
    values = ", ".join(f"'{state.value}'" for state in states)
    return CheckConstraint(f"{column} IN ({values})", name=f"{column}_known")


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always reads them back aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Client(Base):
    """One Telegram user. Before consent only `telegram_id` and `status` are filled in.

    `status` is a `ClientStatus`; `onboarding_step` the `SetupStep` being answered, if any.
    """

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    status: Mapped[str] = mapped_column(String(16))
    consent_version: Mapped[int | None] = mapped_column(Integer)
    onboarding_step: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))
    weekday: Mapped[int | None] = mapped_column(Integer)
    local_time: Mapped[str | None] = mapped_column(String(5))
    next_checkin_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    phq4_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The rating right after each session (`domain/rating.py`), on unless turned off.
    rating_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    discuss_alliance: Mapped[bool] = mapped_column(Boolean, default=False)
    # Sessions: the rhythm (`weekday` and `local_time` are then the sessions' own), the lead
    # of the check-in before each, the date the rhythm counts from, and the next session.
    rhythm: Mapped[str | None] = mapped_column(String(16))
    lead: Mapped[str | None] = mapped_column(String(16))
    session_anchor: Mapped[date | None] = mapped_column(Date)
    next_session_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A session date chosen, its time not yet: a move, or the next irregular session.
    pending_session_day: Mapped[date | None] = mapped_column(Date)
    summary_offers: Mapped[bool] = mapped_column(Boolean, default=True)
    # When the client asked for the alliance line in their next summary, and when Between
    # last suggested it (the nudge comes at most once in three weeks).
    discuss_alliance_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The average of the answers that brought the last nudge (None: all left out), and when
    # the client said "No, thanks" to it: it comes back only for answers clearly worse.
    nudged_average: Mapped[float | None] = mapped_column(Float)
    nudge_declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A `Language` code; None until the client agrees (Telegram's language_code until then).
    language: Mapped[str | None] = mapped_column(String(8))
    # The client's own last use of Between, and the retention warning sent since, if any
    # (`domain/retention.py`). Set from the first /start on; NULL only for rows made by hand.
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retention_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_clients_due", "status", "next_checkin_at"),
        Index("ix_clients_last_active", "last_active_at"),
        one_of("status", ClientStatus),
        one_of("onboarding_step", SetupStep),
        one_of("rhythm", Rhythm),
        one_of("lead", Lead),
    )


class SessionChange(Base):
    """One session of the rhythm moved (`moved_to`) or cancelled (`moved_to` is NULL)."""

    __tablename__ = "session_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    original_at: Mapped[datetime] = mapped_column(UTCDateTime)
    moved_to: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("client_id", "original_at"),)


class Pause(Base):
    """One pause of the client's check-ins: from `started_at` until `ended_at` (NULL while it
    lasts). Kept so that a summary can name the weeks it left out."""

    __tablename__ = "pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Course(Base):
    """One course of therapy: from `started_at` (the first consent, or a new therapist's
    invite after an ending) until `ended_at` (NULL while it lasts). Summaries read one
    course only. `note` is the client's own, sealed: what helped, what they'll watch for;
    `note_asked_at` is when Between asked them to type it."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[bytes | None] = mapped_column(LargeBinary)
    note_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsentRecord(Base):
    __tablename__ = "consent_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CheckIn(Base):
    """One check-in: its steps (`plan`), where the client is (`position`) and its delivery.

    `due_at` is the weekly slot it belongs to; `deliver_at` is when it may be sent (later
    than the slot when the client asked for it later). `status` is a `CheckinStatus`.
    `kind` a `CheckinKind`: a rating is answered like a check-in, but comes after the
    session in `session_at` (its `due_at` is the session's end) and is about it.
    """

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deliver_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    plan: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    crisis_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The session this check-in comes before, if the client has sessions; whether the client
    # said they had a session since their last check-in; the one summary offer before it.
    session_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_expected: Mapped[bool | None] = mapped_column(Boolean)  # the answer offered first
    had_session: Mapped[bool | None] = mapped_column(Boolean)
    summary_offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(
        String(16), default=CheckinKind.CHECKIN, server_default=CheckinKind.CHECKIN.value
    )

    __table_args__ = (
        # One check-in per slot; a rating may share its moment with one.
        Index(
            "uq_checkins_slot",
            "client_id",
            "due_at",
            unique=True,
            sqlite_where=text("kind = 'checkin'"),
            postgresql_where=text("kind = 'checkin'"),
        ),
        Index("ix_checkins_session", "session_at"),
        Index("ix_checkins_status_deliver", "status", "deliver_at"),
        Index("ix_checkins_status_sent", "status", "sent_at"),
        Index("ix_checkins_client_status", "client_id", "status"),
        one_of("status", CheckinStatus),
        one_of("kind", CheckinKind),
    )


class Answer(Base):
    """One answered (or skipped) step, with the instrument version it was asked under."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    instrument_id: Mapped[str] = mapped_column(String(16))
    instrument_version: Mapped[int] = mapped_column(Integer)
    item_key: Mapped[str] = mapped_column(String(24))
    item_text: Mapped[str] = mapped_column(Text)
    value: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[bytes | None] = mapped_column(LargeBinary)
    # A rating of one of the client's own goals: erasing the goal erases its ratings.
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), index=True
    )
    # An answer about a task agreed between sessions (how it went, or what got in the way):
    # erasing the task erases them.
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True
    )
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("checkin_id", "position"),)


class Goal(Base):
    """One of the client's own goals. Its words are sealed like notes.

    `asked_at` is when Between asked the client to type its words (a new goal, or a new name
    for this one); a new goal has no words until they arrive. `archived_at`: no longer asked
    about, kept with its ratings.
    """

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    words: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Task(Base):
    """Something the client agreed, at a session, to try before the next one. Its words are
    sealed like notes; a new task has none until the client types them (`asked_at`: when
    Between asked for them). `session_at`: the session it was agreed at, when known.
    Closed (`closed_at`, with a `TaskOutcome` in `closed_outcome`) once tried or no longer
    relevant; open tasks are asked about at each check-in.
    """

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    words: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    session_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_outcome: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (one_of("closed_outcome", TaskOutcome),)


class SummaryLog(Base):
    """A summary the client sent themselves: when, which period, which sections. No content."""

    __tablename__ = "summaries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    period: Mapped[str] = mapped_column(String(8))
    period_start: Mapped[datetime] = mapped_column(UTCDateTime)
    period_end: Mapped[datetime] = mapped_column(UTCDateTime)
    sections: Mapped[str] = mapped_column(String(64))

    # One row per preview sent (its period and the moment it was asked): inserting it claims
    # the sending (bot/summary.py).
    __table_args__ = (Index("uq_summaries_once", "client_id", "period", "period_end", unique=True),)


class Invite(Base):
    """A therapist's invite link: presets for set-up, never who used it.

    Only a hash of the code is kept; the code itself is shown once, to the inviter.
    """

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_prefix: Mapped[str] = mapped_column(String(8))  # to name it in --list and --revoke
    name: Mapped[str] = mapped_column(String(80))
    rhythm: Mapped[str] = mapped_column(String(16))
    weekday: Mapped[int | None] = mapped_column(Integer)
    local_time: Mapped[str | None] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64))
    phq4: Mapped[bool] = mapped_column(Boolean, default=False)
    uses_left: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (one_of("rhythm", Rhythm),)


class InviteMiss(Base):
    """Wrong invite codes from one chat, to slow guessing down. The chat is kept only as a
    keyed hash, since nobody behind it has agreed to anything yet."""

    __tablename__ = "invite_misses"

    chat_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(Integer)


class SendBudget(Base):
    """The bot token's overall send budget, shared by every instance on one PostgreSQL
    database: the next free send slot, and until when Telegram asked bulk sends to wait.

    One row per bot (the id before the token's colon), made by the first claim. SQLite
    allows one process, whose limiter keeps the same two times in memory instead.
    """

    __tablename__ = "send_budgets"

    bot: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_slot_at: Mapped[datetime] = mapped_column(UTCDateTime)
    held_until: Mapped[datetime] = mapped_column(UTCDateTime)
