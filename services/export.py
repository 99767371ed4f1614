"""Everything stored about a client, as JSON and as a CSV of answers, notes, goals and
tasks decrypted."""

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.tasks import outcome_of
from services.runtime import Runtime
from storage import answers, checkins, clients, courses, goals, pauses, summaries, tasks
from storage.models import Answer, Base, Course, Goal, Task

CSV_COLUMNS = [
    "checkin_id",
    "slot",
    "instrument_id",
    "instrument_version",
    "item_key",
    "item_text",
    "value",
    "skipped",
    "note",
    "answered_at",
    "goal",
    "task",
]


@dataclass(frozen=True)
class Export:
    json: bytes
    csv: bytes


async def export_client(runtime: Runtime, telegram_id: int) -> Export | None:
    async with runtime.db.begin() as session:
        client = await clients.by_telegram_id(session, telegram_id)
        if client is None:
            return None
        consents = await clients.consent_records(session, client.id)
        given = await answers.of_client(session, client.id)
        their_checkins = await checkins.of_client(session, client.id)
        sent = await summaries.of_client(session, client.id)
        their_goals = await goals.of_client(session, client.id)
        their_pauses = await pauses.of_client(session, client.id)
        their_courses = await courses.of_client(session, client.id)
        their_tasks = await tasks.of_client(session, client.id)
        document = {
            "exported_at": runtime.clock.now().isoformat(),
            "client": _columns(client),
            "consent_records": [_columns(c) for c in consents],
            "checkins": [
                {
                    **_columns(checkin, skip={"plan", "claimed_by", "claimed_until"}),
                    "answers": [_answer(runtime, a) for a in given if a.checkin_id == checkin.id],
                }
                for checkin in their_checkins
            ],
            "summaries_sent": [_columns(s) for s in sent],
            "goals": [_goal(runtime, g) for g in their_goals],
            "pauses": [_columns(p, skip={"client_id"}) for p in their_pauses],
            "courses": [_course(runtime, c) for c in their_courses],
            "tasks": [_task(runtime, t, given) for t in their_tasks],
        }
        slots = {checkin.id: checkin.due_at for checkin in their_checkins}
        words = {g.id: runtime.cipher.open(g.words) for g in their_goals if g.words}
        agreed = {t.id: runtime.cipher.open(t.words) for t in their_tasks if t.words}
        table = [
            {
                **_answer(runtime, a),
                "checkin_id": a.checkin_id,
                "slot": slots[a.checkin_id],
                "goal": words.get(a.goal_id) if a.goal_id else None,
                "task": agreed.get(a.task_id) if a.task_id else None,
            }
            for a in given
        ]
    return Export(_to_json(document), _to_csv(table))


def _answer(runtime: Runtime, answer: Answer) -> dict[str, Any]:
    row = _columns(answer, skip={"note", "checkin_id"})
    row["note"] = runtime.cipher.open(answer.note) if answer.note else None
    return row


def _goal(runtime: Runtime, goal: Goal) -> dict[str, Any]:
    row = _columns(goal, skip={"words", "client_id", "asked_at"})
    row["words"] = runtime.cipher.open(goal.words) if goal.words else None
    return row


def _course(runtime: Runtime, course: Course) -> dict[str, Any]:
    """A course of therapy: its start, its end, and the client's note, opened."""
    row = _columns(course, skip={"note", "client_id", "note_asked_at"})
    row["note"] = runtime.cipher.open(course.note) if course.note else None
    return row


def _task(runtime: Runtime, task: Task, given: list[Answer]) -> dict[str, Any]:
    """A task in the client's words, with each check-in's answer about it: how it went
    (a `TaskOutcome`) and what got in the way, in their words."""
    row = _columns(task, skip={"words", "client_id", "asked_at"})
    row["words"] = runtime.cipher.open(task.words) if task.words else None
    row["answers"] = [
        {
            "checkin_id": a.checkin_id,
            "item_key": a.item_key,
            "outcome": outcome.value if (outcome := outcome_of(a.value)) else None,
            "in_the_way": runtime.cipher.open(a.note) if a.note else None,
            "skipped": a.skipped,
            "answered_at": a.answered_at,
        }
        for a in given
        if a.task_id == task.id
    ]
    return row


def _columns(row: Base, skip: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    return {
        column.key: getattr(row, column.key)
        for column in row.__table__.columns
        if column.key not in skip
    }


def _to_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False, default=_plain).encode("utf-8")


def _to_csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _plain(v) if isinstance(v, datetime) else v for k, v in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


def _plain(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")
