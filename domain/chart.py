"""One picture of the period: mood and average alliance by date, readable on a phone."""

import io
from datetime import date, timedelta

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

MOOD_COLOUR = "#2a6f97"
ALLIANCE_COLOUR = "#c05621"
MARGIN = timedelta(days=3)


def mood_alliance_chart(
    days: list[date], moods: list[int | None], alliances: list[float | None]
) -> bytes:
    """A PNG with mood (0–10, left axis) and alliance (1–5, right axis) over `days`."""
    # Fixed margins rather than a layout engine: the same picture, drawn in half the time.
    figure = Figure(figsize=(8, 4.5), dpi=140)
    figure.subplots_adjust(left=0.09, right=0.9, top=0.9, bottom=0.12)
    FigureCanvasAgg(figure)
    mood_axis = figure.add_subplot()
    alliance_axis = mood_axis.twinx()
    _line(mood_axis, days, moods, MOOD_COLOUR, "Mood (0–10)")
    _line(alliance_axis, days, alliances, ALLIANCE_COLOUR, "Alliance (1–5)")
    mood_axis.set_ylim(-0.5, 10.5)
    alliance_axis.set_ylim(0.75, 5.25)
    mood_axis.set_ylabel("Mood (0–10)", color=MOOD_COLOUR, fontsize=13)
    alliance_axis.set_ylabel("Alliance (1–5)", color=ALLIANCE_COLOUR, fontsize=13)
    if days:  # a margin either side, so one check-in still has a date range
        mood_axis.set_xlim(min(days) - MARGIN, max(days) + MARGIN)
    locator = AutoDateLocator(maxticks=8)
    mood_axis.xaxis.set_major_locator(locator)
    mood_axis.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    mood_axis.tick_params(labelsize=12)
    alliance_axis.tick_params(labelsize=12)
    mood_axis.grid(alpha=0.3)
    mood_axis.set_title("My check-ins: mood and how therapy feels", fontsize=14)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _line(
    axis: Axes,
    days: list[date],
    values: list[float | None] | list[int | None],
    colour: str,
    label: str,
) -> None:
    points = [(d, v) for d, v in zip(days, values, strict=True) if v is not None]
    if not points:
        return
    xs, ys = zip(*points, strict=True)
    few = len(points) <= 60
    axis.plot(
        xs,
        ys,
        color=colour,
        marker="o" if few else None,
        linewidth=2.2 if few else 1.4,
        label=label,
    )
