"""`make bench`: every benchmark in one run, one table, written to bench/results.md.

    .venv/bin/python -m bench.run [--quick] [--only instances] [--output bench/results.md]

Every figure and its target side by side, from one run on one machine. --quick uses small
sizes and SQLite only (the test suite runs it so the benchmarks never rot); its figures are
not comparable with the targets. In a full run PostgreSQL is used when its server answers
(BENCH_POSTGRES_URL, default the local one); otherwise its column says why it is empty.
--only instances runs just the row of several instances (PostgreSQL only) and prints it.
"""

import argparse
import asyncio
from dataclasses import dataclass
from pathlib import Path

from bench import dispatch, idle, instances, planned_round, scale, summary, throughput
from bench.common import machine, postgres_available
from domain.round import round_rate

RESULTS = Path(__file__).with_name("results.md")


@dataclass(frozen=True)
class Sizes:
    per_tapper: int  # check-ins each of the 16 busy clients taps through
    paced: int  # check-ins the client at a person's pace taps through
    fan_out: int
    round: int
    tappers: int
    window: float
    idle_clients: int
    summary_weeks: int
    summaries: int
    planned: int  # clients due at one minute, for the planned round
    planned_rate: float  # its SEND_RATE: small enough at --quick that a few hundred crowd it
    shared_round: int  # check-ins due at once for the instances sharing one budget
    scale: int  # check-ins counted for the database work of one


FULL = Sizes(per_tapper=12, paced=10, fan_out=10_000, round=2_000, tappers=50, window=20,
             idle_clients=100_000, summary_weeks=260, summaries=100, planned=10_000,
             planned_rate=30, shared_round=3_000, scale=500)  # fmt: skip
QUICK = Sizes(per_tapper=1, paced=1, fan_out=200, round=150, tappers=4, window=3,
              idle_clients=2_000, summary_weeks=8, summaries=5, planned=300,
              planned_rate=2, shared_round=300, scale=20)  # fmt: skip
INSTANCES = 3
HOLD = 5  # seconds: the retry_after of the 429 injected on one instance
QUICK_POSTGRES = "not run with --quick"
MISSING_POSTGRES = "no PostgreSQL server answered"


@dataclass(frozen=True)
class Row:
    measure: str
    sqlite: str
    postgresql: str
    target: str
    met: str


def _met(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


async def _taps(kind: str, sizes: Sizes) -> tuple[throughput.Taps, throughput.Taps]:
    """Between on `kind`, and the bare bot measured just before it (the machine as alike as
    it can be for both)."""
    baseline = await throughput.bare(sizes.per_tapper, sizes.paced)
    return await throughput.between(kind, sizes.per_tapper, sizes.paced), baseline


async def instances_row(sizes: Sizes, kinds: list[str], missing: str) -> Row:
    """Several instances, one budget: PostgreSQL only (SQLite allows one process)."""
    measure = (
        f"{INSTANCES} instances of one bot (processes, each with its own connection pool) on "
        f"one database, {sizes.shared_round:,} due at once, SEND_RATE=30 (the token's total), "
        "fake enforcing Telegram's limits: sends per second together (up to the injected "
        f"429); 429 answers; most sends to one chat within a second; a 429 (retry_after "
        f"{HOLD} s) injected on one instance: sends during the hold (those already given "
        "their slot), and how long after the 429 the last of them went"
    )
    target = "≥ 28/s; no 429; ≤ 1 per chat; the others hold within 0.5 s"
    if "postgresql" not in kinds:
        return Row(measure, "—", missing, target, "—")
    r = await instances.measure(sizes.shared_round, INSTANCES, HOLD)
    return Row(
        measure,
        "—",
        f"{r.sends_per_second:.1f}/s; {r.rejected_429} × 429; {r.busiest_chat_second} per "
        f"chat; {r.during_hold} sent in the hold, the last after {r.last_in_hold_s:.2f} s",
        target,
        _met(
            r.sends_per_second >= 28
            and r.rejected_429 == 0
            and r.busiest_chat_second <= 1
            and r.last_in_hold_s <= 0.5
        ),
    )


async def collect(sizes: Sizes, kinds: list[str], missing: str) -> list[Row]:
    taps = {kind: await _taps(kind, sizes) for kind in kinds}
    bare_sends = await dispatch.bare(sizes.fan_out)
    fan = {kind: await dispatch.fan_out(kind, sizes.fan_out) for kind in kinds}
    busy = {
        kind: await dispatch.round_with_taps(kind, sizes.round, sizes.tappers, sizes.window)
        for kind in kinds
    }
    idles = {kind: await idle.measure(kind, sizes.idle_clients) for kind in kinds}
    report = await asyncio.to_thread(summary.run, sizes.summary_weeks, sizes.summaries)
    planned = {
        kind: await planned_round.measure(kind, sizes.planned, sizes.planned_rate) for kind in kinds
    }
    needed = sizes.planned / round_rate(sizes.planned_rate, paid=False) + planned_round.TICK.seconds
    shared = await instances_row(sizes, kinds, missing)
    work = {kind: await scale.measure(kind, sizes.scale) for kind in kinds}

    def each(values: dict[str, str]) -> tuple[str, str]:
        return values.get("sqlite", "—"), values.get("postgresql", missing)

    concurrent = [ours.per_second / bare.per_second for ours, bare in taps.values()]
    paced = [ours.paced_median_ms / bare.paced_median_ms for ours, bare in taps.values()]
    fanned = [r.per_second / bare_sends.per_second for r in fan.values()]
    rows = [
        Row(
            f"Taps per second, {throughput.TAPPERS} clients tapping at once (each waits for "
            "the edit before the next tap): Between / bare PTB (ratio); CPU ms per tap, "
            "same order; Between's database transactions per tap",
            *each(
                {
                    k: f"{ours.per_second:.0f} / {bare.per_second:.0f} "
                    f"({ours.per_second / bare.per_second:.2f}); "
                    f"{ours.cpu_ms:.1f} / {bare.cpu_ms:.1f} ms; {ours.transactions or 0:.2f}"
                    for k, (ours, bare) in taps.items()
                }
            ),
            "ratio ≥ 0.9",
            _met(all(r >= 0.9 for r in concurrent)),
        ),
        Row(
            f"Tap to edit at a person's pace (one client, {throughput.PACE} s between taps), "
            "median: Between / bare PTB (ratio)",
            *each(
                {
                    k: f"{ours.paced_median_ms:.1f} / {bare.paced_median_ms:.1f} ms "
                    f"({ours.paced_median_ms / bare.paced_median_ms:.2f})"
                    for k, (ours, bare) in taps.items()
                }
            ),
            "ratio ≤ 1.2",
            _met(all(r <= 1.2 for r in paced)),
        ),
        Row(
            f"Dispatch, {sizes.fan_out:,} due at once, limiter off, from the tick that finds "
            f"them due to the last send (PTB alone, same messages, 8 in flight: "
            f"{bare_sends.per_second:.0f}/s)",
            *each(
                {
                    k: f"{r.per_second:.0f}/s ({r.per_second / bare_sends.per_second:.2f})"
                    for k, r in fan.items()
                }
            ),
            "ratio ≥ 0.9",
            _met(all(r >= 0.9 for r in fanned)),
        ),
        Row(
            f"Taps during a round: {sizes.round:,} due at once, {sizes.tappers} of them tapping "
            f"through their check-in; limiter on (SEND_RATE=30), fake enforcing Telegram's "
            f"limits; the round's first {sizes.window:.0f} s. Tap to edit median / p95; "
            "check-ins sent per second; 429 answers",
            *each(
                {
                    k: f"{r.tap_median_ms:.0f} / {r.tap_p95_ms:.0f} ms; "
                    f"{r.sends_per_second:.1f}/s; {r.rejected_429} × 429"
                    for k, r in busy.items()
                }
            ),
            "p95 ≤ 100 ms; ≥ 28/s; no 429",
            _met(
                all(
                    r.tap_p95_ms <= 100 and r.sends_per_second >= 28 and r.rejected_429 == 0
                    for r in busy.values()
                )
            ),
        ),
        shared,
        Row(
            f"Database work of one check-in, {sizes.scale:,} due at once, through the real use "
            "cases: scheduled, claimed, re-checked, marked sent, then answered tap by tap. "
            "Rows written a check-in; statements that write through SQLAlchemy (on SQLite a tap's "
            "run past it); transactions a tap; most "
            "connections held at once",
            *each(
                {
                    k: f"{r.rows_written:.1f} rows; {r.writes:.1f} statements; "
                    f"{r.transactions_per_tap:.2f} a tap; {r.connections} at once"
                    for k, r in work.items()
                }
            ),
            "1 transaction a tap",
            _met(all(r.transactions_per_tap <= 1 for r in work.values())),
        ),
        Row(
            f"Bot resident memory, {sizes.idle_clients:,} clients, idle, "
            f"{idle.SETTLE:.0f} s after it is ready",
            *each({k: f"{r.resident_mb:.0f} MB" for k, r in idles.items()}),
            "< 150 MB",
            _met(all(r.resident_mb < 150 for r in idles.values())),
        ),
        Row(
            "One tick's due query and claim (median)",
            *each({k: f"{r.tick_ms:.1f} ms" for k, r in idles.items()}),
            "< 20 ms",
            _met(all(r.tick_ms < 20 for r in idles.values())),
        ),
        Row(
            f"Summary and chart, {sizes.summary_weeks} weekly check-ins (median of "
            f"{report.runs - 1}, after the first)",
            f"{report.median_ms:.0f} ms",
            "—",
            "< 300 ms",
            _met(report.median_ms < 300),
        ),
        Row(
            f"Summary memory: resident size after {report.runs} summaries less that after the "
            "first (after the first → after the last)",
            f"{report.growth_mb:+.1f} MB ({report.rss_first_mb:.0f} → {report.rss_last_mb:.0f} MB)",
            "—",
            "≤ +10 MB",
            _met(report.growth_mb <= 10),
        ),
        Row(
            f"A planned {sizes.planned:,}-client minute (SEND_RATE={sizes.planned_rate:g}, "
            "EARLY_START_MINUTES=60), the real tick and claims on an injected clock: the last "
            "check-in's lateness; the first one's earliness, against what the round needs "
            f"plus a tick ({needed / 60:.1f} min); without the plan, the last one's "
            "lateness; real time from the round's tick to its first send",
            *each({k: planned_round.describe(r) for k, r in planned.items()}),
            "0 s late; early by no more than it needs plus a tick",
            _met(all(r.lateness_s == 0 and r.earliness_s <= needed for r in planned.values())),
        ),
    ]
    plans = "\n".join(f"- {kind}: `{result.plan}`" for kind, result in idles.items())
    rows.append(Row("_plans_", plans, "", "", ""))
    return rows


# The misses explained, by hand, from profiles: a file of prose beside the figures.
NOTES = Path(__file__).with_name("notes.md")


def render(rows: list[Row], quick: bool, notes: bool = True) -> str:
    table = [
        "| measure | SQLite | PostgreSQL | target | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    plans = ""
    for row in rows:
        if row.measure == "_plans_":
            plans = row.sqlite
            continue
        table.append(
            f"| {row.measure} | {row.sqlite} | {row.postgresql} | {row.target} | {row.met} |"
        )
    title = "Quick run (small sizes; not comparable with the targets)" if quick else "Results"
    plans = f"\n\nThe due query's plan (idle database above):\n{plans}\n" if plans else "\n"
    return (
        f"# Benchmarks: {title}\n\n"
        f"Machine: {machine()}\n\n"
        + "\n".join(table)
        + plans
        + ("\n" + NOTES.read_text(encoding="utf-8") if notes and not quick else "")
    )


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=["instances"], default=None)
    parser.add_argument("--output", type=Path, default=None)
    arguments = parser.parse_args(argv)
    sizes = QUICK if arguments.quick else FULL
    kinds, missing = ["sqlite"], QUICK_POSTGRES
    if not arguments.quick:
        missing = MISSING_POSTGRES
        if asyncio.run(postgres_available()):
            kinds.append("postgresql")
    if arguments.only:
        rows = [asyncio.run(instances_row(sizes, kinds, missing))]
    else:
        rows = asyncio.run(collect(sizes, kinds, missing))
    text = render(rows, arguments.quick, notes=not arguments.only)
    print(text)
    output = arguments.output or (None if arguments.quick or arguments.only else RESULTS)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    main()
