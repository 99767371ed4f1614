"""The summary as a PDF, for a therapist who doesn't use Telegram: the same words and the
same chart on one or two A4 pages, drawn with matplotlib's own PDF backend."""

import io
import re
import textwrap
from html import unescape

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import FigureCanvasPdf, PdfPages
from matplotlib.figure import Figure

from domain.chart import TEXT_COLOUR, ChartData, draw
from domain.language import Words

A4 = (8.27, 11.69)  # inches
MARGIN = 0.8
FONT = 10.0
LINE = FONT * 1.35 / 72  # inches from one line to the next
WRAP = 92  # characters of DejaVu Sans at 10 pt across the text width
CHART_FONT = 9.0
CHART_PANEL = 1.35  # inches for each panel of the chart, if the page has room
CHART_PANEL_LEAST = 0.8  # and at least this, else the chart has a page of its own
_TAG = re.compile(r"<[^>]+>")


def summary_pdf(w: Words, summary_html: str, chart: ChartData | None) -> bytes:
    """`summary_html` (the Telegram message) and `chart`, as PDF bytes: one or two pages,
    the text a little smaller if that is what it takes."""
    usable = A4[1] - 2 * MARGIN
    least = 0.0 if chart is None else 0.5 + CHART_PANEL_LEAST * len(chart.panels)
    most = 0.0 if chart is None else 0.5 + CHART_PANEL * len(chart.panels)
    for font in (FONT, 9.0, 8.0, 7.0):
        line = LINE * font / FONT
        lines = _lines(summary_html, int(WRAP * FONT / font))
        per_page = int(usable / line)
        if len(lines) <= per_page or (len(lines) - per_page) * line + 0.3 + least <= usable:
            break
    pages = [lines[:per_page], lines[per_page:]] if len(lines) > per_page else [lines]
    chart_height = 0.0
    if chart is not None:
        room = usable - len(pages[-1]) * line - 0.3
        if room < least:
            pages.append([])
            room = usable
        chart_height = min(room, most)
    buffer = io.BytesIO()
    # Fonts embedded as TrueType, so the text can be searched, copied and read aloud.
    metadata = {"Title": w._("My check-ins between sessions"), "Creator": "Between"}
    with rc_context({"pdf.fonttype": 42}), PdfPages(buffer, metadata=metadata) as pdf:
        for number, page_lines in enumerate(pages, start=1):
            page_number = w._("{number} of {total}", number=number, total=len(pages))
            figure = _page(page_lines, page_number if len(pages) > 1 else "", font)
            if chart is not None and number == len(pages):
                top = A4[1] - MARGIN - len(page_lines) * line - 0.3
                box = (MARGIN + 0.45, top - chart_height, A4[0] - 2 * MARGIN - 0.9, chart_height)
                draw(figure, chart, box, CHART_FONT)
            pdf.savefig(figure)
    return buffer.getvalue()


def _lines(summary_html: str, wrap: int) -> list[tuple[str, str]]:
    """(style, text) of every printed line: "b" bold, "i" italic, "" plain, wrapped."""
    printed: list[tuple[str, str]] = []
    for raw in summary_html.split("\n"):
        style = "b" if raw.startswith("<b>") else "i" if raw.startswith("<i>") else ""
        text = unescape(_TAG.sub("", raw))
        if not text:
            printed.append(("", ""))
            continue
        indent = "   " if text.startswith("• ") else ""
        for line in textwrap.wrap(text, wrap, subsequent_indent=indent) or [""]:
            printed.append((style, line))
    return printed


def _page(lines: list[tuple[str, str]], page_number: str, font: float) -> Figure:
    figure = Figure(figsize=A4)
    FigureCanvasPdf(figure)
    width, height = A4
    for index, (style, text) in enumerate(lines):
        y = height - MARGIN - index * LINE * font / FONT
        figure.text(
            MARGIN / width,
            y / height,
            text,
            fontsize=font + (1 if style == "b" else 0),
            fontweight="bold" if style == "b" else "normal",
            fontstyle="italic" if style == "i" else "normal",
            color=TEXT_COLOUR,
            va="top",
        )
    if page_number:
        figure.text(
            0.5,
            (MARGIN / 2) / height,
            page_number,
            fontsize=8,
            color="#666666",
            ha="center",
        )
    return figure
