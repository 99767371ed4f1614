"""The summary as a PDF, for a therapist who doesn't use Telegram, drawn with matplotlib's
own PDF backend.

The first page is the one read in 30 seconds: the session it is for, the client's own
words, at a glance, their goals and the chart with its title. Week by week follows as a
table, a row per check-in and per check-in due without answers, then the footnotes.
"""

import io
import re
import textwrap
from html import unescape

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import FigureCanvasPdf, PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from domain.chart import TEXT_COLOUR, ChartData, draw
from domain.language import Words
from domain.summary import Section, SummaryData, WeekTable, printed_summary

A4 = (8.27, 11.69)  # inches
MARGIN = 0.8
FONT = 10.0
LINE = FONT * 1.35 / 72  # inches from one line to the next
WRAP = 86  # characters of DejaVu Sans at 10 pt across the text width, Cyrillic too
CHARACTER = 6.67 / WRAP  # inches: the width of an average character at 10 pt
CHART_FONT = 9.0
CHART_PANEL = 1.35  # inches for each panel of the chart, if the page has room
CHART_PANEL_LEAST = 0.8  # and at least this; the text is made smaller until it fits
CHART_TITLE = 0.35  # inches for the chart's title above it
BOLD = 1.25  # how much wider a bold 11-pt character is than a plain 10-pt one
GUTTER = 0.12  # inches between columns
RULE = "#cccccc"
GAP_TEXT = "#555555"
# How wide each column of the table is, in shares of the text width: the day, then the
# values, the answers that stand out getting the most room.
WIDE_COLUMN = 2.6
_TAG = re.compile(r"<[^>]+>")

# (style, text): "b" bold and larger, "s" bold, "i" italic, "g" grey, "" plain
Printed = list[tuple[str, str]]


def summary_pdf(
    w: Words, data: SummaryData, sections: set[Section], chart: ChartData | None
) -> bytes:
    """The summary of `data` with `sections` and `chart`, as PDF bytes."""
    first, table, footnotes = printed_summary(w, data, sections)
    usable = A4[1] - 2 * MARGIN
    least = 0.0 if chart is None else CHART_TITLE + CHART_PANEL_LEAST * len(chart.panels)
    most = 0.0 if chart is None else CHART_TITLE + CHART_PANEL * len(chart.panels)
    for font in (FONT, 9.0, 8.0, 7.0):
        lines = _lines(first, font)
        if len(lines) * _line(font) + 0.3 + least <= usable:
            break
    buffer = io.BytesIO()
    # Fonts embedded as TrueType, so the text can be searched, copied and read aloud.
    metadata = {"Title": w._("My check-ins between sessions"), "Creator": "Between"}
    pages = _table_pages(
        table, _lines(footnotes, FONT), *_first_page(lines, font, chart, least, most)
    )
    with rc_context({"pdf.fonttype": 42}), PdfPages(buffer, metadata=metadata) as pdf:
        for number, figure in enumerate(pages, start=1):
            if len(pages) > 1:
                _page_number(figure, w._("{number} of {total}", number=number, total=len(pages)))
            pdf.savefig(figure)
    return buffer.getvalue()


def _line(font: float) -> float:
    return LINE * font / FONT


def _lines(html: str, font: float) -> Printed:
    """Every printed line of `html` (Telegram HTML), wrapped to the text width."""
    printed: Printed = []
    for raw in html.split("\n"):
        style = "b" if raw.startswith("<b>") else "i" if raw.startswith("<i>") else ""
        text = unescape(_TAG.sub("", raw))
        if not text:
            printed.append(("", ""))
            continue
        indent = "   " if text.startswith("• ") else ""
        for line in textwrap.wrap(text, int(WRAP * FONT / font), subsequent_indent=indent):
            printed.append((style, line))
    return printed


def _new_page() -> Figure:
    figure = Figure(figsize=A4)
    FigureCanvasPdf(figure)
    return figure


def _text(figure: Figure, x: float, y: float, text: str, font: float, style: str = "") -> None:
    """`text` with its top at (x, y), in inches from the page's bottom left."""
    figure.text(
        x / A4[0],
        y / A4[1],
        text,
        fontsize=font + (1 if style == "b" else 0),
        fontweight="bold" if style in ("b", "s") else "normal",
        fontstyle="italic" if style == "i" else "normal",
        color=TEXT_COLOUR if style != "g" else GAP_TEXT,
        va="top",
    )


def _first_page(
    lines: Printed, font: float, chart: ChartData | None, least: float, most: float
) -> tuple[Figure, float]:
    """The page read first, and how far down it is filled (inches from the bottom)."""
    figure = _new_page()
    top = A4[1] - MARGIN
    for index, (style, text) in enumerate(lines):
        _text(figure, MARGIN, top - index * _line(font), text, font, style)
    top -= len(lines) * _line(font) + 0.2
    if chart is None:
        return figure, top
    height = max(least, min(most, top - MARGIN))
    _text(figure, MARGIN, top, chart.title.replace("\n", " "), CHART_FONT, "b")  # room here
    box = (MARGIN + 0.45, top - height, A4[0] - 2 * MARGIN - 0.9, height - CHART_TITLE)
    draw(figure, chart, box, CHART_FONT)
    return figure, top - height - 0.5


Row = tuple[list[list[str]], list[str], float]  # each cell's lines, its style, the height


def _table_pages(
    table: WeekTable, footnotes: Printed, first: Figure, first_free: float
) -> list[Figure]:
    """Week by week as a table, then the footnotes: below the first page's chart when
    all of it fits there, else from a page of its own, on as many pages as it takes."""
    width = A4[0] - 2 * MARGIN
    shares = [1.2] + [1.1] * (len(table.columns) - 1)
    if table.strong is not None:
        shares[table.strong] = WIDE_COLUMN
    columns = [width * share / sum(shares) for share in shares]
    starts = [MARGIN + sum(columns[:i]) for i in range(len(columns))]
    line = _line(FONT)
    rows = [_row(table, table.columns, columns, "b")]
    rows += [_row(table, cells, columns, "") for cells in table.rows]
    needed = 1.6 * line + sum(height for *_, height in rows) + (len(footnotes) + 1) * line
    pages = [first]
    y = first_free
    if y - needed < MARGIN:
        pages.append(_new_page())
        y = A4[1] - MARGIN
    _text(pages[-1], MARGIN, y, table.heading, FONT, "b")
    y -= 1.6 * line
    for wrapped, styles, height in rows:
        if y - height < MARGIN:
            pages.append(_new_page())
            y = A4[1] - MARGIN
        for x, cell, style in zip(starts, wrapped, styles, strict=False):
            for index, text in enumerate(cell):
                _text(pages[-1], x, y - 0.03 - index * line, text, FONT, style)
        y -= height
        pages[-1].add_artist(_rule(y))
    y -= line
    for style, text in footnotes:
        if y - line < MARGIN:
            pages.append(_new_page())
            y = A4[1] - MARGIN
        _text(pages[-1], MARGIN, y, text, FONT, style)
        y -= line
    return pages


def _row(table: WeekTable, cells: list[str], columns: list[float], style: str) -> Row:
    """One row, each cell wrapped to its column; a gap's one cell runs across the rest,
    and the answers that stand out are bold."""
    if len(cells) < len(table.columns):
        wrapped, styles = [_wrap(cells[0], columns[0], style), [cells[1]]], [style, "g"]
    else:
        styles = [style] * len(cells)
        if table.strong is not None and not style:
            styles[table.strong] = "s"
        wrapped = [
            _wrap(cell, size, cell_style)
            for cell, size, cell_style in zip(cells, columns, styles, strict=True)
        ]
    return wrapped, styles, max(len(cell) for cell in wrapped) * _line(FONT) + 0.06


def _wrap(cell: str, width: float, style: str) -> list[str]:
    """`cell` in lines that fit `width` inches, words kept whole."""
    character = CHARACTER * (BOLD if style in ("b", "s") else 1)
    fits = max(6, int((width - GUTTER) / character))
    return textwrap.wrap(cell, fits, break_long_words=False) or [""]


def _rule(y: float) -> Line2D:
    """A thin line across the text width at `y` inches from the bottom."""
    x = [MARGIN / A4[0], 1 - MARGIN / A4[0]]
    return Line2D(x, [y / A4[1]] * 2, color=RULE, linewidth=0.6)


def _page_number(figure: Figure, text: str) -> None:
    figure.text(0.5, (MARGIN / 2) / A4[1], text, fontsize=8, color="#666666", ha="center")
