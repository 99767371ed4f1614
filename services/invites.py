"""Use cases of a therapist's invite link: making one, listing and ending them, and what a
client who opens one is offered.

The code is 192 random bits, URL-safe (32 characters, inside Telegram's 64 for a start
parameter), and only its SHA-256 and its first six characters are stored: the link carries
no personal data, and nothing records who used it. Wrong codes are counted per chat under a
keyed hash, so guessing is slow and no chat id is kept before consent.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from domain.sessions import Lead, Rhythm
from domain.states import SET_UP, ClientStatus, SetupStep
from services.clients import reschedule
from services.runtime import Runtime
from storage import clients, courses, invites
from storage.models import Invite

CODE = re.compile(r"[A-Za-z0-9_-]{32}")
PREFIX_LENGTH = 6
MISS_WINDOW = timedelta(hours=1)
MISS_LIMIT = 5


@dataclass(frozen=True)
class Preset:
    """What an invite fills in."""

    name: str
    rhythm: Rhythm
    weekday: int | None
    local_time: time | None
    timezone: str
    phq4: bool


@dataclass(frozen=True)
class Created:
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class Listed:
    prefix: str
    name: str
    rhythm: Rhythm
    weekday: int | None
    local_time: time | None
    timezone: str
    uses_left: int
    expires_at: datetime


class Refusal(StrEnum):
    NOT_VALID = "not_valid"  # unknown, malformed, expired, used up or revoked: one kind line
    TOO_MANY = "too_many"  # too many wrong codes from this chat lately


async def create(runtime: Runtime, preset: Preset, uses: int, days: float) -> Created:
    """A new invite; the code is returned once and never stored."""
    now = runtime.clock.now()
    code = secrets.token_urlsafe(24)
    expires_at = now + timedelta(days=days)
    async with runtime.db.begin() as session:
        session.add(
            Invite(
                code_hash=_hash(code),
                code_prefix=code[:PREFIX_LENGTH],
                name=preset.name,
                rhythm=preset.rhythm,
                weekday=preset.weekday,
                local_time=preset.local_time.strftime("%H:%M") if preset.local_time else None,
                timezone=preset.timezone,
                phq4=preset.phq4,
                uses_left=uses,
                created_at=now,
                expires_at=expires_at,
            )
        )
    return Created(code, expires_at)


async def list_open(runtime: Runtime) -> list[Listed]:
    async with runtime.db.begin() as session:
        return [_listed(i) for i in await invites.open_ones(session, runtime.clock.now())]


async def revoke(runtime: Runtime, prefix: str) -> Listed | None:
    """End the one open invite whose code starts with `prefix`; None if not exactly one."""
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        found = [i for i in await invites.by_prefix(session, prefix) if i.revoked_at is None]
        if len(found) != 1 or not prefix:
            return None
        found[0].revoked_at = now
        return _listed(found[0])


async def look_up(runtime: Runtime, telegram_id: int, code: str) -> Preset | Refusal:
    """What the invite in a link offers, without using it; wrong codes are counted."""
    now = runtime.clock.now()
    chat = _chat_hash(runtime, telegram_id)
    async with runtime.db.begin() as session:
        if await invites.misses(session, chat, now, MISS_WINDOW) >= MISS_LIMIT:
            return Refusal.TOO_MANY
        invite = await invites.by_hash(session, _hash(code)) if CODE.fullmatch(code) else None
        if invite is None or not _valid(invite, now):
            await invites.count_miss(session, chat, now, MISS_WINDOW)
            return Refusal.NOT_VALID
        return _preset(invite)


async def accept(runtime: Runtime, telegram_id: int, code: str) -> Preset | None:
    """Use one of the invite's uses and fill in the client's set-up from it, to confirm.

    For a client already set up it replaces their schedule at once (they were asked). After
    an ending it starts a new course of therapy. None when the invite is no longer valid or
    the client is not there to take it.
    """
    now = runtime.clock.now()
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id, lock=True)
        invite = await invites.by_hash(session, _hash(code)) if CODE.fullmatch(code) else None
        if client is None or invite is None or client.status == ClientStatus.DECLINED:
            return None
        if not await invites.use(session, invite.id, now):
            return None
        preset = _preset(invite)
        course = await courses.current(session, client.id)
        if course is None or course.ended_at is not None:  # a new therapist, a new course
            await courses.open_new(session, client.id, now)
        client.timezone = preset.timezone
        client.rhythm = preset.rhythm
        client.weekday = preset.weekday
        client.local_time = preset.local_time.strftime("%H:%M") if preset.local_time else None
        client.lead = client.lead or Lead.EVENING_BEFORE
        client.session_anchor = None
        client.phq4_enabled = preset.phq4
        if client.status in SET_UP:
            client.onboarding_step = None
            await reschedule(runtime, session, client)
        else:
            client.onboarding_step = SetupStep.CONFIRM
        return preset


def parse_sessions(text: str, every: int | None) -> tuple[Rhythm, int | None, time | None]:
    """ "weekly Thu 10:00" (with --every 2 to 4 for every few weeks), or "irregular"."""
    words = text.split()
    if words == ["irregular"]:
        return Rhythm.IRREGULAR, None, None
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    if len(words) != 3 or words[0] != "weekly" or words[1][:3].lower() not in days:
        raise ValueError(
            'sessions are "weekly <day> <HH:MM>", like "weekly Thu 10:00", or "irregular"'
        )
    rhythms = {
        1: Rhythm.WEEKLY,
        2: Rhythm.EVERY_2_WEEKS,
        3: Rhythm.EVERY_3_WEEKS,
        4: Rhythm.EVERY_4_WEEKS,
    }
    if (every or 1) not in rhythms:
        raise ValueError("--every is 1, 2, 3 or 4 (weeks)")
    try:
        at = time.fromisoformat(words[2])
    except ValueError as error:
        raise ValueError(f"{words[2]!r} is not a time like 10:00") from error
    return rhythms[every or 1], days.index(words[1][:3].lower()), at


def _valid(invite: Invite, now: datetime) -> bool:
    return invite.revoked_at is None and invite.expires_at > now and invite.uses_left > 0


def _preset(invite: Invite) -> Preset:
    at = time.fromisoformat(invite.local_time) if invite.local_time else None
    return Preset(
        invite.name, Rhythm(invite.rhythm), invite.weekday, at, invite.timezone, invite.phq4
    )


def _listed(invite: Invite) -> Listed:
    preset = _preset(invite)
    return Listed(
        invite.code_prefix,
        invite.name,
        preset.rhythm,
        preset.weekday,
        preset.local_time,
        invite.timezone,
        invite.uses_left,
        invite.expires_at,
    )


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def _chat_hash(runtime: Runtime, telegram_id: int) -> str:
    """A chat's keyed hash: counts its wrong codes without keeping who it is."""
    return runtime.cipher.fingerprint(f"chat:{telegram_id}")
