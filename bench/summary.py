"""Summary at five years: one client, 260 weekly check-ins, the summary text and its chart.

    .venv/bin/python -m bench.summary [--weeks 260] [--runs 100]

Period "since my last summary", with the last summary five years back, so every check-in
is in it. The database is seeded by a child process, and the summaries are made in another
(`run`), so that process holds only what a bot holds: the libraries and one summary at a
time. Reports the median time of compile + chart over the runs after the first, and the
process's resident size (VmRSS in /proc/self/status, which sees everything: Python objects,
matplotlib's canvas, NumPy and Pillow buffers, fonts) before the first summary, after it,
and after the last: its growth from the first to the last is what summaries leave behind.
"""

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import resident_mb
from config import Settings
from domain.consent import CONSENT_VERSION
from domain.language import ENGLISH
from domain.plan import build_plan, encode_plan
from domain.states import CheckinStatus, ClientStatus
from domain.summary import Period
from services.runtime import Runtime, build_runtime
from services.summaries import chart_for, compile_summary
from storage.migrate import upgrade_database
from storage.models import Answer, CheckIn, Client, ConsentRecord, SummaryLog

TELEGRAM_ID = 4242
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class SummaryResult:
    weeks: int
    runs: int
    median_ms: float
    rss_before_mb: float  # libraries loaded, no summary made yet
    rss_first_mb: float  # after the first summary
    rss_last_mb: float  # after the last
    characters: int
    png_bytes: int

    @property
    def growth_mb(self) -> float:
        return self.rss_last_mb - self.rss_first_mb


class FixedClock:
    def now(self) -> datetime:
        return NOW

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def seed(runtime: Runtime, weeks: int) -> None:
    """One client with `weeks` answered weekly check-ins, a note in every fourth."""
    start = NOW - timedelta(weeks=weeks)
    plan = build_plan(runtime.instruments, phq4=False)
    weekly = runtime.instruments["weekly"]
    async with runtime.db.begin() as session:
        client = Client(
            telegram_id=TELEGRAM_ID,
            status=ClientStatus.ACTIVE,
            timezone="Europe/London",
            weekday=0,
            local_time="09:00",
            phq4_enabled=False,
            discuss_alliance=False,
            consent_version=CONSENT_VERSION,
        )
        session.add(client)
        await session.flush()
        session.add(ConsentRecord(client_id=client.id, version=CONSENT_VERSION, agreed_at=start))
        session.add(
            SummaryLog(
                client_id=client.id,
                sent_at=start - timedelta(days=1),
                period="4w",
                period_start=start - timedelta(weeks=4),
                period_end=start - timedelta(days=1),
                sections="mood",
            )
        )
        for week in range(weeks):
            due = start + timedelta(weeks=week)
            checkin = CheckIn(
                client_id=client.id,
                due_at=due,
                deliver_at=due,
                status=CheckinStatus.DONE,
                plan=encode_plan(plan),
                position=len(plan),
                sent_at=due,
                closed_at=due,
                crisis_shown=False,
                attempts=1,
            )
            session.add(checkin)
            await session.flush()
            for position, step in enumerate(plan):
                item = weekly.item(step.item_key)
                note = "Something to bring up next time. " * 3 if week % 4 == 0 else None
                value = (
                    None
                    if item.kind == "text"
                    else item.min + (week + position) % (item.max - item.min + 1)
                )
                session.add(
                    Answer(
                        checkin_id=checkin.id,
                        position=position,
                        instrument_id="weekly",
                        instrument_version=weekly.version,
                        item_key=item.key,
                        item_text=item.text,
                        value=value,
                        note=runtime.cipher.seal(note) if item.kind == "text" and note else None,
                        skipped=item.kind == "text" and note is None,
                        answered_at=due,
                    )
                )


async def compile_once(runtime: Runtime) -> tuple[int, int]:
    compiled = await compile_summary(runtime, TELEGRAM_ID, Period.SINCE_LAST, None, NOW, ENGLISH)
    assert compiled is not None and len(compiled.data.records) > 0
    chart = await chart_for(compiled)
    return len(compiled.text), len(chart or b"")


def bench_settings(folder: Path) -> Settings:
    """The seeding process writes the encryption key to `folder` (DATA_DIR), the measuring
    one reads it there, as two bots on one DATA_DIR do."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
        data_dir=folder,
    )


async def create(folder: Path, weeks: int) -> None:
    runtime = build_runtime(bench_settings(folder), FixedClock())
    engine = runtime.engine
    await upgrade_database(engine)
    await seed(runtime, weeks)
    await engine.dispose()


def run(weeks: int, runs: int) -> SummaryResult:
    """Measure in a fresh process, so its memory is the summary's and not its caller's."""
    command = [sys.executable, "-m", "bench.summary", "--json", "--weeks", str(weeks)]
    done = subprocess.run([*command, "--runs", str(runs)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"bench.summary failed ({done.returncode}):\n{done.stderr}")
    return SummaryResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def measure_here(weeks: int, runs: int) -> SummaryResult:
    """Seed a database in a child process, then measure in this one."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "bench.summary", "--seed", folder, "--weeks", str(weeks)],
            check=True,
        )
        return asyncio.run(measure(Path(folder), weeks, runs))


async def measure(folder: Path, weeks: int, runs: int) -> SummaryResult:
    """`runs` summaries in this process; the first also loads fonts and fills caches."""
    runtime = build_runtime(bench_settings(folder), FixedClock())
    rss_before = resident_mb()
    characters, png = await compile_once(runtime)
    rss_first = resident_mb()
    timings = []
    for _ in range(runs - 1):
        started = time.perf_counter()
        await compile_once(runtime)
        timings.append((time.perf_counter() - started) * 1000)
    rss_last = resident_mb()
    await runtime.engine.dispose()
    return SummaryResult(
        weeks,
        runs,
        statistics.median(timings),
        rss_before,
        rss_first,
        rss_last,
        characters,
        png,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--runs", type=int, default=100, help="summaries, the first included")
    parser.add_argument("--seed", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="one line of JSON, for bench.run")
    arguments = parser.parse_args()
    if arguments.seed:
        asyncio.run(create(Path(arguments.seed), arguments.weeks))
        return
    result = measure_here(arguments.weeks, arguments.runs)
    if arguments.json:
        print(json.dumps(asdict(result)))
        return
    print(
        f"summary of {result.weeks} check-ins: median {result.median_ms:.0f} ms "
        f"(target < 300); resident {result.rss_before_mb:.0f} MB before the first summary, "
        f"{result.rss_first_mb:.0f} MB after it, {result.rss_last_mb:.0f} MB after "
        f"{result.runs}: growth {result.growth_mb:+.1f} MB (target ≤ 10); "
        f"{result.characters} characters, PNG {result.png_bytes // 1024} KB"
    )


if __name__ == "__main__":
    main()
