"""`python -m bot invite`: make, list and end therapists' invite links.

    python -m bot invite --name "Dr Example" --sessions "weekly Thu 10:00" --zone Europe/London
    python -m bot invite --list
    python -m bot invite --revoke PREFIX

It works while the bot runs, on SQLite too: it takes no lock of the bot's.
"""

import argparse
import asyncio
import calendar
import sys
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import TelegramError

from bot.words import RHYTHM_NAMES
from config import Settings
from domain.typed import find_zone
from services import invites
from services.runtime import build_runtime
from storage.migrate import upgrade_database

NEEDS_TOKEN = "python -m bot invite needs TELEGRAM_BOT_TOKEN, to name the bot in the link."


class InviteError(Exception):
    """Something the person at the command line can put right: said in one sentence."""


def parser() -> argparse.ArgumentParser:
    commands = argparse.ArgumentParser(
        prog="python -m bot invite", description="Make, list and end therapists' invite links."
    )
    commands.add_argument("--name", help='who invites, as the client will read it: "Dr Example"')
    commands.add_argument("--sessions", help='"weekly Thu 10:00", or "irregular"')
    commands.add_argument("--zone", help="the client's time zone, e.g. Europe/London")
    commands.add_argument("--every", type=int, help="sessions every 2, 3 or 4 weeks")
    commands.add_argument("--phq4", action="store_true", help="include PHQ-4 in check-ins")
    commands.add_argument("--uses", type=int, default=1, help="how many clients (default 1)")
    commands.add_argument("--days", type=float, default=14, help="valid for (default 14) days")
    commands.add_argument("--list", action="store_true", help="the invites still open")
    commands.add_argument("--revoke", metavar="PREFIX", help="end the invite starting so")
    return commands


async def run(settings: Settings, arguments: argparse.Namespace) -> str:
    """What to print: the link and its expiry, the open invites, or what was revoked."""
    runtime = build_runtime(settings)
    try:
        await upgrade_database(runtime.engine)
        if arguments.list:
            return _listing(await invites.list_open(runtime))
        if arguments.revoke is not None:
            revoked = await invites.revoke(runtime, arguments.revoke)
            if revoked is None:
                raise InviteError(f"no single open invite starts with {arguments.revoke!r}")
            return f"Revoked {revoked.prefix}… ({revoked.name})."
        preset = _preset(arguments)
        if not 1 <= arguments.uses <= 1000 or not 0 < arguments.days <= 365:
            raise InviteError("--uses is 1 to 1000 and --days more than 0, at most 365")
        username = await _bot_username(settings)
        created = await invites.create(runtime, preset, arguments.uses, arguments.days)
        expiry = created.expires_at.astimezone(ZoneInfo(preset.timezone))
        return (
            f"https://t.me/{username}?start={created.code}\n"
            f"Expires {expiry:%Y-%m-%d %H:%M} ({preset.timezone}), "
            f"after {arguments.uses} use{'s' if arguments.uses != 1 else ''}."
        )
    finally:
        await runtime.engine.dispose()


def _preset(arguments: argparse.Namespace) -> invites.Preset:
    if not (arguments.name and arguments.sessions and arguments.zone):
        raise InviteError("a new invite needs --name, --sessions and --zone (or use --list)")
    zone = find_zone(arguments.zone)
    if zone is None:
        raise InviteError(f"{arguments.zone!r} is not a time zone; try one like Europe/London")
    try:
        rhythm, weekday, at = invites.parse_sessions(arguments.sessions, arguments.every)
    except ValueError as error:
        raise InviteError(str(error)) from error
    name = arguments.name.strip()
    if not 0 < len(name) <= 80:
        raise InviteError("--name is 1 to 80 characters")
    return invites.Preset(name, rhythm, weekday, at, zone, arguments.phq4)


async def _bot_username(settings: Settings) -> str:
    """The bot's username, asked of Telegram through TELEGRAM_API_URL."""
    assert settings.telegram_bot_token
    try:
        async with Bot(settings.telegram_bot_token, base_url=settings.telegram_api_url) as bot:
            me = await bot.get_me()
    except TelegramError as error:
        raise InviteError(f"Telegram did not answer getMe: {error}") from error
    if not me.username:
        raise InviteError("Telegram gave this bot no username")
    return me.username


def _listing(open_invites: list[invites.Listed]) -> str:
    if not open_invites:
        return "No open invites."
    lines = []
    for invite in open_invites:
        rhythm = RHYTHM_NAMES.get(invite.rhythm, invite.rhythm)
        when = ""
        if invite.weekday is not None and invite.local_time is not None:
            when = f" {calendar.day_abbr[invite.weekday]} {invite.local_time:%H:%M}"
        expires = invite.expires_at.astimezone(ZoneInfo(invite.timezone))
        lines.append(
            f"{invite.prefix}…  {invite.name}  {rhythm}{when} {invite.timezone}  "
            f"{invite.uses_left} left  expires {expires:%Y-%m-%d %H:%M}"
        )
    return "\n".join(lines)


def main(argv: list[str], settings: Settings) -> int:
    """Run one invite command; exit code 2 for anything the caller can put right."""
    try:
        arguments = parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed its own message
        return int(stop.code or 0) and 2
    if not settings.telegram_bot_token:
        print(NEEDS_TOKEN, file=sys.stderr)
        return 2
    try:
        print(asyncio.run(run(settings, arguments)))
    except InviteError as error:
        print(f"python -m bot invite: {error}", file=sys.stderr)
        return 2
    return 0
