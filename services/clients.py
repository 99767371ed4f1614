"""Use cases of a client's set-up: consent, time zone, weekday and time of the check-in."""

from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from domain.cadence import next_checkin_at
from domain.states import SET_UP, ClientStatus, SetupStep
from services.runtime import Runtime
from storage import clients
from storage.models import Client, ConsentRecord

CONSENT_VERSION = 1


@dataclass(frozen=True)
class Standing:
    """Where a client is, as the Telegram layer needs to know it.

    `status` is None for a Telegram id Between has never stored. `step` is the set-up
    question they are on, if any. `reconsent` is True for a client who is set up but has not
    agreed to the consent text as it reads now.
    """

    status: ClientStatus | None
    step: SetupStep | None = None
    reconsent: bool = False

    @property
    def set_up(self) -> bool:
        """Set up and agreed to the current text: check-ins can go out."""
        return self.status in SET_UP and not self.reconsent

    @property
    def outside(self) -> bool:
        """Not taking part: never agreed, said no, or stopped."""
        return self.status in (None, ClientStatus.DECLINED, ClientStatus.STOPPED)


@dataclass(frozen=True)
class Schedule:
    timezone: str
    weekday: int
    local_time: time
    next_checkin_at: datetime | None


def standing_of(client: Client | None) -> Standing:
    if client is None:
        return Standing(None)
    status = ClientStatus(client.status)
    step = SetupStep(client.onboarding_step) if client.onboarding_step else None
    return Standing(status, step, status in SET_UP and not has_current_consent(client))


def has_current_consent(client: Client) -> bool:
    """Whether the client agreed to the consent text as it reads now."""
    return client.consent_version == CONSENT_VERSION


async def standing(runtime: Runtime, telegram_id: int) -> Standing:
    async with runtime.db.begin() as session:
        return standing_of(await clients.by_telegram_id(session, telegram_id))


async def agree(runtime: Runtime, telegram_id: int, version: int) -> Standing | None:
    """Record agreement to consent `version`; None when that version is not the current one."""
    if version != CONSENT_VERSION:
        return None
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None:
            client = Client(telegram_id=telegram_id, status=ClientStatus.DECLINED)
            session.add(client)
            await session.flush()
        current = standing_of(client)
        taking_part = client.status in (ClientStatus.ONBOARDING, *SET_UP)
        if taking_part and has_current_consent(client):
            return current  # agreed already (a second tap): nothing written, the step kept
        session.add(
            ConsentRecord(client_id=client.id, version=version, agreed_at=runtime.clock.now())
        )
        client.consent_version = version
        if not current.reconsent:
            client.status = ClientStatus.ONBOARDING
            client.onboarding_step = SetupStep.TIMEZONE
        return standing_of(client)  # after a changed text, set up already: everything carries on


async def decline(runtime: Runtime, telegram_id: int) -> Standing:
    """Remember only that this Telegram id said no, so nothing is ever sent unasked."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None:
            session.add(Client(telegram_id=telegram_id, status=ClientStatus.DECLINED))
            return Standing(ClientStatus.DECLINED)
        if standing_of(client).reconsent:  # no to the new text: stop, keep their data
            client.status = ClientStatus.STOPPED
        return standing_of(client)


@cache
def _zones_by_lower_name() -> dict[str, str]:
    """Every IANA zone a client may choose (Area/Place, and UTC), by its lower-case name.

    Read from the list of zones, never by opening a path: a folder of the time-zone
    database ("America") or a path trick must simply not be found.
    """
    names = [z for z in available_timezones() if "/" in z or z == "UTC"]
    return {name.lower(): name for name in names}


def find_zone(name: str) -> str | None:
    """The IANA zone the client meant (case and spaces forgiven), or None."""
    cleaned = name.strip().replace(" ", "_")
    if not cleaned or len(cleaned) > 64:
        return None
    return _zones_by_lower_name().get(cleaned.lower())


Progress = SetupStep | Schedule | None
"""What a set-up answer leads to: the next step, the finished schedule, or None if unexpected."""


async def choose_timezone(runtime: Runtime, telegram_id: int, zone: str) -> Progress:
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if (
            client is None
            or standing_of(client).step is not SetupStep.TIMEZONE
            or find_zone(zone) != zone
        ):
            return None
        client.timezone = zone
        return _advance(runtime, client, SetupStep.WEEKDAY)


async def choose_weekday(runtime: Runtime, telegram_id: int, weekday: int) -> Progress:
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if (
            client is None
            or standing_of(client).step is not SetupStep.WEEKDAY
            or not 0 <= weekday <= 6
        ):
            return None
        client.weekday = weekday
        return _advance(runtime, client, SetupStep.TIME)


async def choose_time(runtime: Runtime, telegram_id: int, at: time) -> Progress:
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None or standing_of(client).step is not SetupStep.TIME:
            return None
        client.local_time = at.strftime("%H:%M")
        return _advance(runtime, client, None)


async def begin_change(runtime: Runtime, telegram_id: int, part: SetupStep) -> bool:
    """Start changing one part of the schedule; an open check-in stays answerable."""
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None or client.status not in SET_UP:
            return False
        client.onboarding_step = part
        return True


def _advance(runtime: Runtime, client: Client, following: SetupStep | None) -> Progress:
    """During first set-up, go on to `following`; when changing one part, finish at once."""
    if client.status == ClientStatus.ONBOARDING and following is not None:
        client.onboarding_step = following
        return following
    client.onboarding_step = None
    if client.status == ClientStatus.ONBOARDING:
        client.status = ClientStatus.ACTIVE
    schedule = schedule_of(client)
    assert schedule is not None
    client.next_checkin_at = next_checkin_at(
        runtime.clock.now(), ZoneInfo(schedule.timezone), schedule.weekday, schedule.local_time
    )
    return schedule_of(client)


async def current_schedule(runtime: Runtime, telegram_id: int) -> Schedule | None:
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        return schedule_of(client) if client else None


def schedule_of(client: Client) -> Schedule | None:
    if not (client.timezone and client.weekday is not None and client.local_time):
        return None
    return Schedule(
        client.timezone,
        client.weekday,
        time.fromisoformat(client.local_time),
        client.next_checkin_at,
    )


def parse_time(text: str) -> time | None:
    """A time of day typed as 9, 9:30, 09.30 or 21:00; None if it is not one."""
    cleaned = text.strip().replace(".", ":").replace("h", ":")
    hours, _, minutes = cleaned.partition(":")
    if not (_ascii_digits(hours, 2) and (minutes == "" or _ascii_digits(minutes, 2))):
        return None
    hour, minute = int(hours), int(minutes or 0)
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return time(hour, minute)
    return None


def _ascii_digits(text: str, most: int) -> bool:
    """1 to `most` of 0-9: `str.isdigit` also accepts "²" and "①", which `int` refuses."""
    return 0 < len(text) <= most and all("0" <= c <= "9" for c in text)
