"""The benchmarks run at small sizes, so they never rot. No timing is asserted here.

What is asserted: every benchmark produced real figures (numbers above zero, not blanks),
and each row's met/not met verdict agrees with its own figures and target, whatever the
machine's speed.
"""

import re
from collections.abc import Callable

import pytest

from bench import run

pytestmark = pytest.mark.slow  # every benchmark, at small sizes

EMPTY_POSTGRES = {"—", run.MISSING_POSTGRES, run.QUICK_POSTGRES}
N = r"(\d[\d,]*(?:\.\d+)?)"
SIGNED = r"([+-]\d[\d,]*(?:\.\d+)?)"

# A figure as printed, with half its last digit: the slack rounding may have taken.
Figure = tuple[float, float]
# One target of a row: the figure, and whether it meets the target.
Check = tuple[Figure, Callable[[float], bool]]


def _ratio(figures: list[Figure], measure: str) -> Figure:
    """The third figure is the first divided by the second, as printed."""
    (ours, _), (bare, slack), ratio = figures[:3]
    assert abs(ratio[0] - ours / bare) <= 0.01 + 2 * slack / bare + ours * slack / bare**2, (
        f"{measure}: ratio is not Between / bare"
    )
    return ratio


def _taps(figures: list[Figure], measure: str) -> list[Check]:
    return [(_ratio(figures, measure), lambda r: r >= 0.9)]


def _paced(figures: list[Figure], measure: str) -> list[Check]:
    return [(_ratio(figures, measure), lambda r: r <= 1.2)]


def _fan_out(figures: list[Figure], measure: str) -> list[Check]:
    bare = re.search(rf"PTB alone, same messages, 8 in flight: {N}/s", measure)
    assert bare and float(bare.group(1)) > 0, f"{measure}: no PTB-alone figure"
    ours, ratio = figures[0][0], figures[1]
    assert abs(ratio[0] - ours / float(bare.group(1))) <= 0.01 + 1 / float(bare.group(1))
    return [(ratio, lambda r: r >= 0.9)]


def _round(figures: list[Figure], measure: str) -> list[Check]:
    median, p95, per_second, rejected = figures
    assert median[0] <= p95[0] + p95[1], f"{measure}: the median is above the p95"
    return [
        (p95, lambda ms: ms <= 100),
        (per_second, lambda r: r >= 28),
        (rejected, lambda n: n == 0),
    ]


def _shared(figures: list[Figure], measure: str) -> list[Check]:
    per_second, rejected, per_chat, _, last = figures
    return [
        (per_second, lambda r: r >= 28),
        (rejected, lambda n: n == 0),
        (per_chat, lambda n: n <= 1),
        (last, lambda s: s <= 0.5),
    ]


def _growth(figures: list[Figure], measure: str) -> list[Check]:
    growth, first, last = figures
    assert abs(growth[0] - (last[0] - first[0])) <= 1 + growth[1], f"{measure}: growth"
    return [(growth, lambda mb: mb <= 10)]


def _planned(figures: list[Figure], measure: str) -> list[Check]:
    late, early, unplanned, _ = figures
    needed = re.search(rf"plus a tick \({N} min\)", measure)
    assert needed, f"{measure}: no bound for the earliness"
    bound = float(needed.group(1)) + 0.05  # printed to a tenth
    assert unplanned[0] > 0, f"{measure}: without the plan the round is on time: not crowded"
    return [(late, lambda s: s == 0), (early, lambda m: m <= bound)]


# measure (regex on its start) -> (one database's cell, figures that may be 0 or below,
# its targets)
ROWS: dict[str, tuple[str, set[int], Callable[[list[Figure], str], list[Check]]]] = {
    r"Taps per second, 16 clients tapping at once": (
        rf"{N} / {N} \({N}\); {N} / {N} ms; {N}",
        set(),
        _taps,
    ),
    r"Tap to edit at a person's pace": (rf"{N} / {N} ms \({N}\)", set(), _paced),
    r"Dispatch, [\d,]+ due at once, limiter off": (rf"{N}/s \({N}\)", set(), _fan_out),
    r"Taps during a round": (rf"{N} / {N} ms; {N}/s; {N} × 429", {3}, _round),
    r"\d+ instances of one bot": (
        rf"{N}/s; {N} × 429; {N} per chat; {N} sent in the hold, the last after {N} s",
        {1, 3, 4},
        _shared,
    ),
    r"Database work of one check-in": (
        rf"{N} rows; {N} statements; {N} a tap; {N} at once",
        set(),
        lambda f, m: [(f[2], lambda n: n <= 1)],
    ),
    r"Bot resident memory": (rf"{N} MB", set(), lambda f, m: [(f[0], lambda mb: mb < 150)]),
    r"One tick's due query": (rf"{N} ms", set(), lambda f, m: [(f[0], lambda ms: ms < 20)]),
    r"Summary and chart": (rf"{N} ms", set(), lambda f, m: [(f[0], lambda ms: ms < 300)]),
    r"Summary memory": (rf"{SIGNED} MB \({N} → {N} MB\)", {0}, _growth),
    r"A planned [\d,]+-client minute": (
        rf"{N} s late; {N} min early \(unplanned {N} min late\); {N} s",
        {0},
        _planned,
    ),
}
# Several instances share one budget on PostgreSQL only: SQLite allows one process.
POSTGRES_ONLY = {r"\d+ instances of one bot"}


def table_rows(text: str) -> dict[str, list[str]]:
    """The results table as measure -> [SQLite, PostgreSQL, target, met]."""
    lines = [line for line in text.splitlines() if line.startswith("| ")][2:]
    cells = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]
    return {row[0]: row[1:] for row in cells}


def figures_in(cell: str, pattern: str) -> list[Figure]:
    match = re.fullmatch(pattern, cell)
    assert match, f"{cell!r} is not a figure shaped like {pattern!r}"
    printed = [group.replace(",", "") for group in match.groups()]
    decimals = [len(p.partition(".")[2]) for p in printed]
    assert all(p.lstrip("+-") for p in printed), f"{cell!r}: a figure is blank"
    return [(float(p), 0.5 * 10**-d) for p, d in zip(printed, decimals, strict=True)]


def allowed_verdicts(checks: list[Check]) -> set[str]:
    """ "yes" if every target is met, "**no**" if one is missed; either when rounding hides it."""
    outcomes = [
        {met(value - slack), met(value), met(value + slack)} for (value, slack), met in checks
    ]
    if any(outcome == {False} for outcome in outcomes):
        return {"**no**"}
    return {"yes"} if all(outcome == {True} for outcome in outcomes) else {"yes", "**no**"}


def test_every_benchmark_runs_and_fills_the_table() -> None:
    text = run.main(["--quick"])
    assert text.count("\n| ") == 2 + len(ROWS)  # header, rule and the measures
    assert "ix_clients_due" in text
    rows = table_rows(text)
    assert len(rows) == len(ROWS)
    for start, (pattern, may_be_zero, targets) in ROWS.items():
        [measure] = [m for m in rows if re.match(start, m)]
        sqlite, postgresql, target, met = rows[measure]
        assert target not in {"", "—"}, f"{measure}: no target"
        cells = [] if start in POSTGRES_ONLY else [sqlite]
        cells += [] if postgresql in EMPTY_POSTGRES else [postgresql]
        if not cells:  # a PostgreSQL-only row in a run without PostgreSQL
            assert sqlite == "—" and met == "—", f"{measure}: figures where none were measured"
            continue
        assert met in {"yes", "**no**"}, f"{measure}: no verdict ({met!r})"
        checks: list[Check] = []
        for cell in cells:
            figures = figures_in(cell, pattern)
            zeros = [i for i, (value, _) in enumerate(figures) if value <= 0]
            assert set(zeros) <= may_be_zero, f"{measure}: no real figure in {cell!r}"
            checks += targets(figures, measure)
        assert met in allowed_verdicts(checks), f"{measure}: {met!r} disagrees with {cells}"
