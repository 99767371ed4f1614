"""Queries of a button press: the check-in it was made on, read with its client in one
statement, and the guarded changes an answer, a snooze or a skip make to it.

A tap is the hottest path in Between: its statements are built once. Each change is an
UPDATE guarded by the state the tap read; its row count says whether this tap won.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.states import CheckinKind, CheckinStatus, ClientStatus
from storage.models import CheckIn, Client
from storage.prepared import Prepared


@dataclass(frozen=True)
class PressedCheckin:
    """A check-in as a button press finds it, with what its client's screen needs."""

    id: int
    client_id: int
    status: CheckinStatus
    plan: str
    position: int
    message_id: int | None
    crisis_shown: bool
    session_expected: bool | None
    had_session: bool | None
    session_at: datetime | None
    kind: CheckinKind
    deliver_at: datetime
    timezone: str | None
    next_checkin_at: datetime | None
    client_status: ClientStatus
    consent_version: int | None
    language: str | None  # the client's, so a tap needs no second read for its words
    last_active_at: datetime | None  # so a tap records the client's use in its own transaction
    retention_warned_at: datetime | None


_checkins = CheckIn.__table__
_clients = Client.__table__
_PRESSED = Prepared(
    select(
        _checkins.c.id,
        _checkins.c.client_id,
        _checkins.c.status,
        _checkins.c.plan,
        _checkins.c.position,
        _checkins.c.message_id,
        _checkins.c.crisis_shown,
        _checkins.c.session_expected,
        _checkins.c.had_session,
        _checkins.c.session_at,
        _checkins.c.kind,
        _checkins.c.deliver_at,
        _clients.c.timezone,
        _clients.c.next_checkin_at,
        _clients.c.status.label("client_status"),
        _clients.c.consent_version,
        _clients.c.language,
        _clients.c.last_active_at,
        _clients.c.retention_warned_at,
    )
    .join_from(_checkins, _clients, _clients.c.id == _checkins.c.client_id)
    .where(
        _checkins.c.id == bindparam("b_id"), _clients.c.telegram_id == bindparam("b_telegram_id")
    )
)
_PRESSED_FIELDS = [column.key for column in _PRESSED.statement.selected_columns]
_ADVANCE = Prepared(
    update(_checkins)
    .where(
        _checkins.c.id == bindparam("b_id"),
        _checkins.c.status == CheckinStatus.OPEN,
        _checkins.c.position == bindparam("b_position"),
    )
    .values(
        position=bindparam("position"),
        crisis_shown=bindparam("crisis_shown"),
        had_session=bindparam("had_session"),
        status=bindparam("status"),
        closed_at=bindparam("closed_at"),
    )
)


async def pressed(
    session: AsyncSession, checkin_id: int, telegram_id: int
) -> PressedCheckin | None:
    """The check-in, looked up together with this chat's client, so another client's
    check-in id simply finds nothing."""
    found = await _PRESSED.run(session, {"b_id": checkin_id, "b_telegram_id": telegram_id})
    if not found.rows:
        return None
    values = dict(zip(_PRESSED_FIELDS, found.rows[0], strict=True))
    return PressedCheckin(
        **{
            **values,
            "status": CheckinStatus(values["status"]),
            "kind": CheckinKind(values["kind"]),
            "client_status": ClientStatus(values["client_status"]),
        }
    )


async def advance(
    session: AsyncSession,
    checkin_id: int,
    from_position: int,
    *,
    position: int,
    crisis_shown: bool,
    had_session: bool | None,
    status: CheckinStatus,
    closed_at: datetime | None,
) -> bool:
    """Move an open check-in on from `from_position`; False if another answer got there first."""
    result = await _ADVANCE.run(
        session,
        {
            "b_id": checkin_id,
            "b_position": from_position,
            "position": position,
            "crisis_shown": crisis_shown,
            "had_session": had_session,
            "status": status,
            "closed_at": closed_at,
        },
    )
    return bool(result.rowcount)


async def change_open(session: AsyncSession, checkin_id: int, **values: object) -> bool:
    """Change a check-in that is still open; False if something closed it meanwhile."""
    result = await session.execute(
        update(CheckIn)
        .where(CheckIn.id == checkin_id, CheckIn.status == CheckinStatus.OPEN)
        .values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
