"""One picture of the period, made to be read on a phone.

Stacked panels share the date axis: mood (0–10) on top, how therapy feels (1–5) below it,
the PHQ-4 total (0–12, its published bands shaded) when the client answered it, and the
client's own goals (0–10) when they rated any. Each panel has its own scale and name, so
nothing needs a legend: the goals are lettered at their lines' ends as in the summary's
text. Lines break where a week has no answer, and a week on its own is a point. Colours
are Okabe–Ito (safe for colour-blind readers) and never carry meaning alone: every panel
is also named in words, and every goal lettered and marked with its own shape.

Sized for a 380-pixel-wide chat bubble: the PNG is 4 inches wide, and no text is under
13 points, so at that width every letter is at least 16 pixels high.
"""

import gc
import io
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_interval
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from domain.checkin_gaps import Gap, GapKind
from domain.goals import mark
from domain.language import N_, Words
from domain.summary import GAP_WORDS, CheckinRecord, Section, SummaryData, is_low

# Okabe & Ito (2008), "Color Universal Design".
MOOD_COLOUR = "#0072B2"  # blue
ALLIANCE_COLOUR = "#D55E00"  # vermillion
PHQ4_COLOUR = "#000000"  # black, over the grey bands
# The goals: bluish green, reddish purple, orange, sky blue; each with its own marker too.
GOAL_COLOURS = ("#009E73", "#CC79A7", "#E69F00", "#56B4E9")
GOAL_MARKERS = ("o", "s", "^", "D")
BAND_SHADES = ("#ffffff", "#ececec", "#d9d9d9", "#c6c6c6")
PHQ4_BANDS = (
    (0, 2, N_("normal")),
    (3, 5, N_("mild")),
    (6, 8, N_("moderate")),
    (9, 12, N_("severe")),
)
TEXT_COLOUR = "#222222"

GAP_COLOUR = "#777777"
NOTE_CHARACTERS = 30  # a line of the note across a panel, in the widest letters we draw
PAUSE_SHADE = "#f2f2f2"
PHONE_WIDTH = 4.0  # inches; 800 px at PHONE_DPI
PHONE_DPI = 200
PHONE_FONT = 13.0  # points: 36 px in the PNG, 17 px in a 380-px bubble
LEAST_FONT = 11.5  # points: 15 px in a 380-px bubble, for a line that would not fit
TITLE_CHARACTERS = 40  # at most, on one line of the phone's picture
LEFT = 0.04  # inches: where the title and the panels' names start
NAME_INDENT = 0.46  # inches a panel's name may start left of the panel


@dataclass(frozen=True)
class Line:
    """One line of a panel; `label` (else its latest value) is written at its end."""

    colour: str
    values: list[float | None]
    label: str | None = None  # "": none
    marker: str = "o"
    joined: bool = True  # False: points only
    # By day, whether it was asked (None: every day): a day it was not asked is no gap.
    asked: list[bool] | None = None


@dataclass(frozen=True)
class Panel:
    name: str
    low: float
    high: float
    ticks: tuple[float, ...]
    colour: str
    values: list[float | None]
    bands: bool = False
    more: tuple[Line, ...] = ()  # a panel of several lines (then `values` is empty)
    asked: list[bool] | None = None  # of `values`, as `Line.asked`

    @property
    def lines(self) -> tuple[Line, ...]:
        return self.more or (Line(self.colour, self.values, asked=self.asked),)


@dataclass(frozen=True)
class ChartData:
    start: date
    end: date
    days: list[date]
    panels: list[Panel]
    # Words, in the summary's language: the title, the PHQ-4 bands, the dates on the axis,
    # and what became of each check-in due without answers.
    title: str
    band_names: tuple[str, ...]
    ticks: list[date]
    tick_labels: list[str]
    decimal: Callable[[float], str]  # 4.8, or 4,8 in the summary's language
    gaps: list[tuple[Gap, str]]
    note: str | None = None  # across the first panel: a chart of one check-in says more come

    def number(self, value: float) -> str:
        """A value at a line's end: 7, or 4.8."""
        return self.decimal(value) if value % 1 else f"{value:g}"

    @classmethod
    def of(
        cls, w: Words, data: SummaryData, sections: frozenset[Section] | set[Section]
    ) -> "ChartData | None":
        """The panels of the chosen sections that have answers; None when there are none."""
        records = data.records
        checkins = [not r.rating for r in records]  # a rating asks only about its session
        panels = []
        if Section.MOOD in sections:
            moods: list[float | None] = [r.mood for r in records]
            panels.append(
                Panel(w._("Mood (0–10)"), 0, 10, (0, 5, 10), MOOD_COLOUR, moods, asked=checkins)
            )
        if Section.ALLIANCE in sections:
            panels.append(_alliance_panel(w._("How therapy feels (1–5)"), records))
        if Section.PHQ4 in sections:
            totals = _totals(records)
            panels.append(
                Panel(
                    w._("PHQ-4 (0–12)"),
                    0,
                    12,
                    (0, 3, 6, 9, 12),
                    PHQ4_COLOUR,
                    totals,
                    True,
                    asked=checkins,
                )
            )
        if Section.GOALS in sections:
            panels.append(_goals_panel(w._("My goals: how close I feel (0–10)"), data))
        panels = [p for p in panels if any(v is not None for line in p.lines for v in line.values)]
        if not panels:
            return None
        # The year once when both ends share it, as the language writes a span of dates.
        period = format_interval(data.start, data.end, "yMMMd", locale=w.locale)
        title = w._("My check-ins, {period}", period=period)
        if len(title) > TITLE_CHARACTERS:  # the period on a line of its own
            title = title.replace(period, "\n" + period).replace(" \n", "\n")
        ticks = _date_ticks(data.start, data.end)
        answered = {
            i
            for p in panels
            for line in p.lines
            for i, v in enumerate(line.values)
            if v is not None
        }
        note = None
        if len(answered) == 1:  # a lone point: say that a line comes with the next ones
            note = w._("One check-in so far: the next ones draw the line.")
        return cls(
            data.start,
            data.end,
            [r.day for r in records],
            panels,
            title,
            tuple(w._(name) for *_, name in PHQ4_BANDS),
            ticks,
            [w.short_day_month(tick) for tick in ticks],
            w.decimal,
            [(gap, w._(GAP_WORDS[gap.kind])) for gap in data.gaps],
            note,
        )


def _alliance_panel(name: str, records: list[CheckinRecord]) -> Panel:
    """The average of the answered statements, and below it, wherever one was low, the
    lowest answer as a triangle of its own: an average never hides a low answer."""
    averages = [r.alliance_average for r in records]
    lowest: list[float | None] = [
        min((v for v in r.alliance.values() if is_low(v)), default=None)  # type: ignore[type-var]
        for r in records
    ]
    lines = (
        # Not asked: a check-in after a rated session, or with no session since the last.
        Line(ALLIANCE_COLOUR, averages, asked=[bool(r.alliance) for r in records]),
        Line(ALLIANCE_COLOUR, lowest, label="", marker="v", joined=False),
    )
    return Panel(name, 1, 5, (1, 3, 5), ALLIANCE_COLOUR, [], more=lines)


def _goals_panel(name: str, data: SummaryData) -> Panel:
    """One line per goal, lettered as in the summary's text."""
    lines = tuple(
        Line(
            GOAL_COLOURS[index % len(GOAL_COLOURS)],
            [goal.value_on(record.day) for record in data.records],
            mark(index),
            GOAL_MARKERS[index % len(GOAL_MARKERS)],
            asked=[not record.rating for record in data.records],
        )
        for index, goal in enumerate(data.goals)
    )
    return Panel(name, 0, 10, (0, 5, 10), TEXT_COLOUR, [], more=lines)


def _totals(records: list[CheckinRecord]) -> list[float | None]:
    return [s.value if (s := r.phq4_score("total")) else None for r in records]


def summary_chart(chart: ChartData) -> bytes:
    """A PNG of `chart` for a phone: 800 px wide, 16-px text when shown 380 px wide."""
    # Inches: the title above (a line more if it has two), the dates below.
    top, bottom = 0.3 + 0.25 * chart.title.count("\n"), 0.45
    height = top + 1.6 * len(chart.panels) + bottom
    # Fixed margins rather than a layout engine: the same picture, drawn in half the time.
    figure = Figure(figsize=(PHONE_WIDTH, height), dpi=PHONE_DPI)
    canvas = FigureCanvasAgg(figure)
    title = figure.text(
        LEFT / PHONE_WIDTH,
        1 - 0.08 / height,
        chart.title,
        fontsize=PHONE_FONT + 1,
        fontweight="bold",
        color=TEXT_COLOUR,
        va="top",
    )
    box = (0.5, bottom, PHONE_WIDTH - 0.5 - 0.5, height - top - bottom)
    names = draw(figure, chart, box, PHONE_FONT)
    _fit(canvas, [title, *names], PHONE_WIDTH * PHONE_DPI)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    # The figure, its canvas and its artists refer to one another, so only the garbage
    # collector frees them, and the 2.8 MB drawing buffer waited with them: a hundred
    # summaries grew the process by 40 MB. Summaries are rare; collecting now is cheap.
    del figure, canvas
    gc.collect()
    return buffer.getvalue()


def _fit(canvas: FigureCanvasAgg, lines: list[Text], width: float) -> None:
    """Make each line a little smaller where a longer language runs past the right edge,
    down to LEAST_FONT (at which a 380-pixel bubble still shows 15-pixel letters)."""
    renderer = canvas.get_renderer()
    margin = width * LEFT / PHONE_WIDTH
    for line in lines:
        while line.get_fontsize() > LEAST_FONT and (
            line.get_window_extent(renderer).x1 > width - margin
        ):
            line.set_fontsize(line.get_fontsize() - 0.5)


def draw(
    figure: Figure, chart: ChartData, box: tuple[float, float, float, float], font: float
) -> list[Text]:
    """The stacked panels of `chart` in `box` (left, bottom, width, height, in inches);
    returns the panels' names, which start at the figure's left margin for the room."""
    fig_width, fig_height = figure.get_size_inches()
    left, bottom, width, height = box
    title_room = font * 2.4 / 72  # inches above each panel for its name
    panel_height = height / len(chart.panels) - title_room
    margin = max(timedelta(days=2), (chart.end - chart.start) / 25)
    name_x = -min(left - LEFT, NAME_INDENT) / width  # in the axis' width, left of its edge
    axes: list[Axes] = []
    names = []
    for index, panel in enumerate(chart.panels):
        panel_bottom = bottom + (len(chart.panels) - 1 - index) * (panel_height + title_room)
        axis = figure.add_axes(
            (
                left / fig_width,
                panel_bottom / fig_height,
                width / fig_width,
                panel_height / fig_height,
            ),
            sharex=axes[0] if axes else None,
        )
        axes.append(axis)
        axis.set_xlim(chart.start - margin, chart.end + margin)
        _mark_gaps(axis, chart, 0 if index else font)
        names.append(_panel(axis, chart, panel, font, name_x))
        last = index == len(chart.panels) - 1
        axis.tick_params(axis="x", bottom=last, labelbottom=last)
    axes[-1].set_xticks(chart.ticks, labels=chart.tick_labels)  # type: ignore[arg-type]
    if chart.note:
        axes[0].text(
            0.5,
            _clear_of_the_point(chart.panels[0]),
            textwrap.fill(chart.note, NOTE_CHARACTERS),
            transform=axes[0].transAxes,
            ha="center",
            va="center",
            fontsize=font - 1,
            color=GAP_COLOUR,
            style="italic",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 2},
            zorder=2,  # under the point, should they meet
        )
    return names


def _clear_of_the_point(panel: Panel) -> float:
    """Where the note goes, in the panel's height: in the half its one point is not in."""
    value = next(v for line in panel.lines for v in line.values if v is not None)
    return 0.25 if value > (panel.low + panel.high) / 2 else 0.72


def _panel(axis: Axes, chart: ChartData, panel: Panel, font: float, name_x: float) -> Text:
    days = chart.days
    pad = (panel.high - panel.low) * 0.08
    axis.set_ylim(panel.low - pad, panel.high + pad)
    axis.set_yticks(panel.ticks)
    axis.tick_params(labelsize=font, colors=TEXT_COLOUR, length=3)
    name = axis.set_title(
        panel.name,
        loc="left",
        x=name_x,
        fontsize=font,
        fontweight="bold",
        color=panel.colour,
        pad=4,
    )
    for side in ("top", "right"):
        axis.spines[side].set_visible(False)
    if not panel.bands:
        axis.grid(axis="y", color="#dddddd", linewidth=0.8)
        axis.set_axisbelow(True)
    else:
        bands = zip(PHQ4_BANDS, chart.band_names, BAND_SHADES, strict=True)
        for (low, high, _), band, shade in bands:
            axis.axhspan(low - 0.5, high + 0.5, color=shade, zorder=0, linewidth=0)
            axis.text(
                0.02,
                (low + high) / 2,
                band,
                transform=axis.get_yaxis_transform(),
                ha="left",
                va="center",
                fontsize=font,
                color="#444444",
                zorder=1,
            )
    drawn = [line for line in panel.lines if any(value is not None for value in line.values)]
    for line in drawn:
        _line(axis, chart, line)
    labelled = [line for line in drawn if line.label != ""]
    ends = [_latest(days, line.values) for line in labelled]
    for line, end, lift in zip(labelled, ends, _lifts(axis, ends, font), strict=True):
        _end_label(axis, chart, line, end, lift, font)
    return name


def _mark_gaps(axis: Axes, chart: ChartData, font: float) -> None:
    """Each check-in due without answers as a dotted line (a pause, shaded), named in the
    top panel (`font` 0 in the others)."""
    for gap, words in chart.gaps:
        if gap.kind is GapKind.PAUSED:
            axis.axvspan(gap.start, gap.end, color=PAUSE_SHADE, zorder=0, linewidth=0)  # type: ignore[arg-type]
        else:
            axis.axvline(gap.start, color=GAP_COLOUR, linestyle=":", linewidth=1.2, zorder=1)  # type: ignore[arg-type]
        if font:
            axis.text(
                gap.start + (gap.end - gap.start) / 2,  # type: ignore[arg-type]
                0.97,
                words.replace(" ", "\n", 1),  # two short lines fit a panel's height
                transform=axis.get_xaxis_transform(),
                rotation=90,
                ha="center",
                va="top",
                fontsize=LEAST_FONT * font / PHONE_FONT,
                color=GAP_COLOUR,
                zorder=2,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.85},
            )


def _latest(days: list[date], values: list[float | None]) -> tuple[date, float]:
    pairs = zip(days[::-1], values[::-1], strict=True)
    return next((day, value) for day, value in pairs if value is not None)


def _lifts(axis: Axes, ends: list[tuple[date, float]], font: float) -> list[float]:
    """How far (in points) to raise each line's end label so that labels of lines ending
    on the same day do not overlap."""
    low, high = axis.get_ylim()
    points_per_unit = axis.get_position().height * axis.figure.get_size_inches()[1] * 72
    points_per_unit /= high - low
    lifts = [0.0] * len(ends)
    floor = float("-inf")
    for value, i in sorted((value, i) for i, (_, value) in enumerate(ends)):
        at = max(value * points_per_unit, floor)
        lifts[i] = at - value * points_per_unit
        floor = at + font * 1.1
    return lifts


def _line(axis: Axes, chart: ChartData, line: Line) -> None:
    """The line, broken where a check-in due has no answer, or points only.

    One plot for each kind of marker, broken by NaNs between runs: a plot per run made
    five years of weekly check-ins, with their gaps, a fifth of the chart's time.
    """
    many = len(chart.days) > 60
    runs = _runs(chart, line) if line.joined else [[p] for p in _points(chart, line)]
    by_marker: dict[str | None, list[list[tuple[date, float]]]] = {}
    for run in runs:
        marker = line.marker if not many or len(run) == 1 or not line.joined else None
        by_marker.setdefault(marker, []).append(run)
    for marker, together in by_marker.items():
        xs, ys = _broken(together)
        axis.plot(
            xs,
            ys,
            color=line.colour,
            marker=marker,
            markersize=(5 if not many else 3) * (1.6 if not line.joined else 1),
            linewidth=2.4 if not many else 1.4,
            zorder=3,
            clip_on=False,
        )


def _broken(runs: list[list[tuple[date, float]]]) -> tuple[list[date], list[float]]:
    """The runs as one series: a NaN between two runs, where matplotlib breaks the line."""
    xs: list[date] = []
    ys: list[float] = []
    for run in runs:
        if xs:
            xs.append(run[0][0])
            ys.append(math.nan)
        xs += [day for day, _ in run]
        ys += [value for _, value in run]
    return xs, ys


def _end_label(
    axis: Axes, chart: ChartData, line: Line, end: tuple[date, float], lift: float, font: float
) -> None:
    """The line's letter (or latest value) right of the last day, raised by `lift` points
    clear of the other labels, with a dotted leader when the line ends earlier, so no
    label sits on another line."""
    day, value = end
    axis.annotate(
        line.label or chart.number(value),
        end,  # type: ignore[arg-type]
        xytext=(6 + _points_right(axis, chart, day), lift),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=font,
        fontweight="bold",
        color=line.colour,
        zorder=4,
        arrowprops=None
        if day == chart.days[-1]
        else {"arrowstyle": "-", "color": line.colour, "linestyle": ":", "linewidth": 1},
    )


def _points_right(axis: Axes, chart: ChartData, day: date) -> float:
    """How many points the last check-in's day lies right of `day`."""
    low, high = axis.get_xlim()
    width = axis.get_position().width * axis.figure.get_size_inches()[0] * 72
    return (chart.days[-1] - day).days * width / (high - low)


def _points(chart: ChartData, line: Line) -> list[tuple[date, float]]:
    return [(d, v) for d, v in zip(chart.days, line.values, strict=True) if v is not None]


def _runs(chart: ChartData, line: Line) -> list[list[tuple[date, float]]]:
    """The answered points, split where an answer is missing or a check-in due between
    two has none; a day it was not asked splits nothing."""
    runs: list[list[tuple[date, float]]] = []
    current: list[tuple[date, float]] = []
    previous: date | None = None
    asked = line.asked or [True] * len(chart.days)
    for day, value, was_asked in zip(chart.days, line.values, asked, strict=True):
        if value is None and not was_asked:
            continue
        between = previous is not None and any(previous < gap.start < day for gap, _ in chart.gaps)
        if value is None or between:
            if current:
                runs.append(current)
            current = []
        if value is not None:
            current.append((day, value))
        previous = day
    if current:
        runs.append(current)
    return runs


def _date_ticks(start: date, end: date) -> list[date]:
    """At most four dates, far enough apart for their labels: month starts over a long
    period, whole weeks over a short one."""
    days = (end - start).days
    if days >= 56:
        months = []
        month = date(start.year, start.month, 1)
        while month <= end:
            if month >= start:
                months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        step = -(-len(months) // 4)
        return months[::step]
    step = max(1, -(-days // 21))  # in weeks: at most four ticks
    ticks = [end - timedelta(weeks=step * i) for i in range(4)]
    return sorted(tick for tick in ticks if tick >= start)
