"""Alembic builds the schema from empty and takes it back down, on SQLite and PostgreSQL;
and a database of the previous release, with a client in it, upgrades under them."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import TextClause, bindparam, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from botapi import FakeBotApi
from config import Settings
from domain import consent
from storage.crypto import NoteCipher, decode_key
from storage.db import create_engine
from storage.migrate import downgrade_database, upgrade_database
from storage.models import Answer, Base, CheckIn, UTCDateTime
from tests.conftest import FIRST_SLOT, NOTE, empty_database
from tests.harness import BotHarness, FakeClock

TABLES = {
    "clients",
    "consent_records",
    "checkins",
    "answers",
    "summaries",
    "session_changes",
    "invites",
    "invite_misses",
    "goals",
    "pauses",
    "courses",
    "tasks",
    "send_budgets",
}


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


async def test_upgrade_from_empty_then_downgrade_to_nothing(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == TABLES
            assert await connection.run_sync(differences) == [], "models and migrations agree"
        await downgrade_database(engine, "base")
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == set()
        await upgrade_database(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == TABLES
    finally:
        await engine.dispose()


def insert_client(telegram_id: int, status: str, step: str | None = None) -> TextClause:
    return text(
        "INSERT INTO clients (telegram_id, status, onboarding_step, phq4_enabled, summary_offers, "
        "discuss_alliance) VALUES (:telegram_id, :status, :step, false, true, false)"
    ).bindparams(telegram_id=telegram_id, status=status, step=step)


async def test_a_state_outside_the_enums_cannot_be_stored(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.begin() as connection:
            await connection.execute(insert_client(1, "onboarding", "weekday"))
        for statement in (insert_client(2, "sleeping"), insert_client(3, "onboarding", "mood")):
            with pytest.raises(IntegrityError):
                async with engine.begin() as connection:
                    await connection.execute(statement)
    finally:
        await engine.dispose()


async def test_last_activity_is_filled_in_from_what_each_client_left(database_url: str) -> None:
    """0011: the latest answer, consent or summary; a client with none counts from now."""
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine, "0010")
        async with engine.begin() as connection:
            for telegram_id, status in ((1, "active"), (2, "declined")):
                await connection.execute(insert_client(telegram_id, status))
            for statement in (
                "INSERT INTO consent_records (client_id, version, agreed_at) "
                "SELECT id, 2, '2026-01-05 10:00:00+00:00' FROM clients WHERE telegram_id = 1",
                "INSERT INTO checkins (client_id, due_at, deliver_at, status, plan, position, "
                "crisis_shown, attempts) SELECT id, '2026-03-02 09:00:00+00:00', "
                "'2026-03-02 09:00:00+00:00', 'done', '[]', 1, false, 0 "
                "FROM clients WHERE telegram_id = 1",
                "INSERT INTO answers (checkin_id, position, instrument_id, instrument_version, "
                "item_key, item_text, value, skipped, answered_at) SELECT id, 0, 'weekly', 2, "
                "'mood', 'Mood', 6, false, '2026-03-02 09:05:00+00:00' FROM checkins",
            ):
                await connection.execute(text(statement))
        await upgrade_database(engine)
        async with engine.connect() as connection:
            query = text("SELECT telegram_id, last_active_at FROM clients")
            rows = {telegram_id: at for telegram_id, at in await connection.execute(query)}
        assert str(rows[1]).startswith("2026-03-02 09:05:00")
        assert rows[2] is not None and str(rows[2]) > "2026-03-02"
    finally:
        await engine.dispose()


async def test_each_client_who_agreed_gets_one_open_course_from_their_first_consent(
    database_url: str,
) -> None:
    """0016: one course per client with a consent record, open, from the first agreement;
    a client who never agreed gets none."""
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine, "0013")
        async with engine.begin() as connection:
            for telegram_id, status in ((1, "active"), (2, "declined")):
                await connection.execute(insert_client(telegram_id, status))
            for agreed_at in ("2026-03-01 10:00:00+00:00", "2026-01-05 10:00:00+00:00"):
                await connection.execute(
                    text(
                        "INSERT INTO consent_records (client_id, version, agreed_at) "
                        f"SELECT id, 2, '{agreed_at}' FROM clients WHERE telegram_id = 1"
                    )
                )
        await upgrade_database(engine)
        async with engine.connect() as connection:
            query = text(
                "SELECT telegram_id, started_at, ended_at, note FROM courses "
                "JOIN clients ON clients.id = courses.client_id"
            )
            rows = [tuple(row) for row in await connection.execute(query)]
        [(telegram_id, started_at, ended_at, note)] = rows
        assert telegram_id == 1 and str(started_at).startswith("2026-01-05 10:00:00")
        assert ended_at is None and note is None
    finally:
        await engine.dispose()


async def test_ratings_keep_every_answer_and_share_no_slot_between_check_ins(
    database_url: str,
) -> None:
    """0017 rebuilds the check-ins' table on SQLite: the answers that point at it are all
    kept (with foreign keys on, the rebuild would delete them). A rating may share its
    moment with a check-in; two check-ins still may not."""
    engine = create_engine(database_url)
    slot = "'2026-03-02 09:00:00+00:00'"
    checkin = (
        "INSERT INTO checkins (client_id, due_at, deliver_at, status, plan, position, "
        f"crisis_shown, attempts{{kind}}) SELECT id, {slot}, {slot}, 'done', '[]', 1, false, 0"
        "{value} FROM clients"
    )
    try:
        await upgrade_database(engine, "0016")
        async with engine.begin() as connection:
            await connection.execute(insert_client(1, "active"))
            await connection.execute(text(checkin.format(kind="", value="")))
            await connection.execute(
                text(
                    "INSERT INTO answers (checkin_id, position, instrument_id, "
                    "instrument_version, item_key, item_text, value, skipped, answered_at) "
                    "SELECT id, 0, 'weekly', 3, 'mood', 'Mood', 6, false, "
                    f"{slot} FROM checkins"
                )
            )
        await upgrade_database(engine)
        async with engine.begin() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM answers"))).scalar() == 1
            kinds = await connection.execute(text("SELECT kind FROM checkins"))
            assert [kind for (kind,) in kinds] == ["checkin"]
            enabled = await connection.execute(text("SELECT rating_enabled FROM clients"))
            assert [bool(on) for (on,) in enabled] == [True]
            await connection.execute(text(checkin.format(kind=", kind", value=", 'rating'")))
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(text(checkin.format(kind="", value="")))
    finally:
        await engine.dispose()


# The newest revision of the release before this one: what a database being upgraded has.
PREVIOUS_RELEASE = "0017"


async def test_a_database_of_the_previous_release_upgrades_and_its_client_carries_on(
    api: FakeBotApi, settings: Settings, clock: FakeClock
) -> None:
    """docs/deploy.md, "Upgrading": a client set up, with an answered check-in and a sealed
    note, under the previous release's schema; the new release migrates it as it starts,
    the note still opens, and the client's next check-in comes at their time."""
    database = settings.sqlite_path()
    if database is None:
        await empty_database(settings.database_url)
    else:
        database.unlink()
    cipher = NoteCipher(decode_key(settings.encryption_key or ""))
    engine = create_engine(settings.database_url)
    slot = "'2026-11-23 09:00:00+00:00'"
    try:
        await upgrade_database(engine, PREVIOUS_RELEASE)
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO clients (telegram_id, status, consent_version, timezone, "
                    "weekday, local_time, next_checkin_at, phq4_enabled, summary_offers, "
                    "discuss_alliance, language, last_active_at) VALUES (1001, 'active', "
                    f":consent, 'Europe/London', 0, '09:00', :next_slot, false, true, false, "
                    f"'en', {slot})"
                ).bindparams(
                    # As the models write it: the tick's guarded claim compares it exactly.
                    bindparam("next_slot", FIRST_SLOT, type_=UTCDateTime),
                    consent=consent.CONSENT_VERSION,
                ),
            )
            for statement in (
                "INSERT INTO consent_records (client_id, version, agreed_at) "
                "SELECT id, :consent, '2026-11-20 10:00:00+00:00' FROM clients",
                "INSERT INTO courses (client_id, started_at) "
                "SELECT id, '2026-11-20 10:00:00+00:00' FROM clients",
                "INSERT INTO checkins (client_id, due_at, deliver_at, status, plan, position, "
                "crisis_shown, attempts, sent_at, closed_at) SELECT id, {slot}, {slot}, 'done', "
                "'[]', 1, false, 0, {slot}, {slot} FROM clients",
                "INSERT INTO answers (checkin_id, position, instrument_id, instrument_version, "
                "item_key, item_text, value, note, skipped, answered_at) SELECT id, 0, "
                "'weekly', 3, 'note', 'Note', NULL, :note, false, {slot} FROM checkins",
            ):
                await connection.execute(
                    text(statement.format(slot=slot)),
                    {"consent": consent.CONSENT_VERSION, "note": cipher.seal(NOTE)},
                )
    finally:
        await engine.dispose()

    bot = BotHarness(api, settings, clock)
    await bot.start()  # migrates, as every start does
    try:
        alex = bot.client(1001, "Alex")
        [answer] = await bot.rows(Answer)
        assert answer.note is not None and bot.runtime.cipher.open(answer.note) == NOTE
        bot.clock.set(FIRST_SLOT)
        await bot.tick()
        assert "session since your last check-in" in alex.last_text
        assert await bot.count(CheckIn) == 2
    finally:
        await bot.stop()
    assert not bot.errors
