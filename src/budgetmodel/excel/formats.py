"""Cell formats and page setup shared by every sheet the library writes."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..vocabulary import PALETTE
from .xlsx import write_value

__all__ = [
    "HEADER_STYLE",
    "LONG_TEXT_WIDTH",
    "Formats",
    "TemplateFormats",
    "money_text",
    "print_setup",
    "table",
]

#: A header cell: bold on a light fill with a border, so it prints as a header
#: whatever a table style does.
HEADER_STYLE: dict[str, Any] = {
    "bold": True,
    "text_wrap": True,
    "valign": "top",
    "bg_color": "#DCE6F1",
    "border": 1,
    "border_color": "#8EA9C1",
}
#: Width of a column of free text (source, notes, description), wrapped within it.
LONG_TEXT_WIDTH = 50.0


class Formats:
    def __init__(self, book: Any, unit: str) -> None:
        decimals = ".0" if unit == "£m" else ""
        money = f'#,##0{decimals};(#,##0{decimals});"–"'
        self.unit = unit
        self.header = book.add_format(dict(HEADER_STYLE))
        self.money = book.add_format({"num_format": money})
        self.money_bold = book.add_format({"num_format": money, "bold": True})
        self.exact = book.add_format({"num_format": "#,##0.00###;(#,##0.00###)"})
        self.rate = book.add_format({"num_format": "0.0##%"})
        self.number = book.add_format({"num_format": "#,##0.0"})
        self.index = book.add_format({"num_format": "0.00000"})
        self.text = book.add_format({"text_wrap": False})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.top = book.add_format({"valign": "top"})
        self.link = book.add_format({"font_color": "#1F4E79", "underline": 1, "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": PALETTE[0]})
        self.subtitle = book.add_format({"bold": True, "font_size": 12})
        self.date = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.ok = book.add_format({"font_color": "#00703C", "bold": True})
        self.bad = book.add_format({"font_color": "#D4351C", "bold": True})


class TemplateFormats:
    """The cell formats of the input template: its Guide and its blank input sheets.

    Parameters
    ----------
    book : xlsxwriter Workbook

    Attributes
    ----------
    head : Format
        A header cell: bold white on dark blue, wrapped.
    wrap : Format
        Text wrapped, at the top of its cell.
    rate : Format
        A rate column: per cent.
    money : Format
        A money column: exact, negatives in brackets.
    sheet_row : Format
        The Guide's row that describes a sheet: bold, wrapped, a rule above.
    """

    def __init__(self, book: Any) -> None:
        self.head = book.add_format(
            {
                "bold": True,
                "bg_color": "#12436D",
                "font_color": "#FFFFFF",
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.rate = book.add_format({"num_format": "0.0##%"})
        self.money = book.add_format({"num_format": "#,##0.00##;(#,##0.00##)"})
        self.sheet_row = book.add_format(
            {"text_wrap": True, "valign": "top", "bold": True, "top": 1, "top_color": "#BFBFBF"}
        )


def table(
    ws: Any,
    name: str,
    header: list[str],
    rows: list[list[Any]],
    formats: list[Any],
    fmt: Formats,
    widths: list[float] | None = None,
) -> None:
    """Write a table at A1 (an Excel Table when it has rows) with frozen header."""
    for j, h in enumerate(header):
        ws.write_string(0, j, str(h), fmt.header)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if isinstance(value, float) and not np.isfinite(value):
                value = None
            write_value(ws, i, j, value, formats[j] if j < len(formats) else None, fmt.date)
    if rows and header:
        ws.add_table(
            0,
            0,
            len(rows),
            len(header) - 1,
            {
                "name": name,
                "style": "Table Style Light 1",
                "columns": [{"header": str(h)} for h in header],
            },
        )
    ws.freeze_panes(1, 0)
    print_setup(ws)
    for j, h in enumerate(header):
        width = widths[j] if widths and j < len(widths) else max(10, min(40, len(str(h)) + 2))
        ws.set_column(j, j, width)


def print_setup(ws: Any, header: int | tuple[int, int] | None = 0) -> None:
    """A4 landscape, one page wide, header rows repeated, the sheet's name and page
    numbers in the footer: a sheet that prints well.

    Parameters
    ----------
    ws : xlsxwriter Worksheet
    header : int or (int, int) or None, default 0
        The 0-based header row (or first and last header rows) repeated on every
        page; None for none.
    """
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    ws.set_footer("&L&8&A&R&8Page &P of &N")
    if header is not None:
        first, last = (header, header) if isinstance(header, int) else header
        ws.repeat_rows(first, last)


_POUNDS = re.compile(r"£(-?[\d,]*\.?\d+(?:e[+-]?\d+)?)")


def money_text(text: str, unit: str) -> str:
    """Amounts in pounds written in ``text`` (``£164,989,743.00``, ``£0.00e+00``) shown
    in the money unit, as the workbook shows money.

    Examples
    --------
    >>> money_text("lines £164,989,743.00; difference £-0.4", "£000")
    'lines £164,989.7k; difference £0.0k'
    >>> money_text("largest difference £0.00e+00", "£m")
    'largest difference £0.00m'
    """
    scale, suffix, places = {"£": (1.0, "", 2), "£000": (1e3, "k", 1), "£m": (1e6, "m", 2)}.get(
        unit, (1.0, "", 2)
    )

    def shown(match: re.Match[str]) -> str:
        amount = float(match.group(1).replace(",", "")) / scale
        amount = 0.0 if round(amount, places) == 0 else amount
        return f"£{amount:,.{places}f}{suffix}"

    return _POUNDS.sub(shown, text)


#: A4 landscape less the margins of `print_setup`, in points.
_PAGE_WIDTH = (297 / 25.4 - 1.0) * 72
_PAGE_HEIGHT = (210 / 25.4 - 1.3) * 72
_LINE = 13.5  # points per line of 11-point text (LibreOffice 12.1, Excel 15)


def wrapped_height(cells: list[tuple[str, float]]) -> float | None:
    """The height (points) a row needs for wrapped ``(text, column width)`` cells to
    show in full, or None when one line is enough. Spreadsheets do not grow rows for
    wrapped text written by a program, so the writer says how tall they are.

    Examples
    --------
    >>> wrapped_height([("short", 20)]) is None
    True
    >>> wrapped_height([("word " * 30, 50)])
    40.5
    """
    lines = 1
    for text, width in cells:
        per_line = max(1.0, width * 1.2)  # characters of ordinary text per line
        n = 0
        for part in str(text).split("\n"):
            words, length = part.split(" "), 0
            n += 1
            for word in words:
                if length and length + 1 + len(word) > per_line:
                    n += 1
                    length = 0
                length += (1 if length else 0) + len(word)
                while length > per_line:
                    n += 1
                    length -= int(per_line)
        lines = max(lines, n)
    return _LINE * lines if lines > 1 else None


def keep_charts_whole(ws: Any) -> None:
    """Page breaks above any chart that would otherwise be split across two printed
    pages, for a sheet printed one page wide on A4 landscape (`print_setup`);
    a sheet a little over a page long is fitted to one page instead.

    A chart is anchored to the rows it covers, so it is measured in rows; a row
    without a height of its own prints at LibreOffice's 12.75 points (Excel's is
    15, which gives fewer rows a page and so never a split the other way round
    within one chart's height of a break).
    """
    charts = sorted((c[0], c[1], c[2], c[4], c[6]) for c in getattr(ws, "charts", []))
    if not charts:
        return
    col_right = [0]
    last_col = max([ws.dim_colmax or 0] + [col for _, col, *_ in charts]) + 1
    for j in range(last_col + 12):
        col_right.append(col_right[-1] + ws._size_col(j))
    content = col_right[(ws.dim_colmax or 0) + 1]
    for _, col, chart, _, _ in charts:
        content = max(content, col_right[col] + chart.width * chart.x_scale)
    scale = min(1.0, _PAGE_WIDTH / (content * 0.75))

    def points(row: int) -> float:
        size = ws.row_sizes.get(row)
        return float(size[0]) * 0.75 if size else 12.75

    capacity = 0.97 * _PAGE_HEIGHT / scale - points(0)  # points of rows per page

    def top(row: int) -> float:
        return sum(points(r) for r in range(row))

    spans = []
    for row, _, chart, y_offset, y_scale in charts:
        # the rows the chart covers, as XlsxWriter anchors it (its pixels, row by row)
        left, end = chart.height * y_scale + y_offset, row
        while left > 0:
            left -= ws._size_row(end)
            end += 1
        spans.append((row, end))
    if top(max([(ws.dim_rowmax or 0) + 1] + [end for _, end in spans])) <= 1.35 * capacity:
        ws.fit_to_pages(1, 1)  # a little over a page: one page, slightly smaller
        return
    breaks: list[int] = []
    page_top = 0.0
    for row, end in spans:
        y0, y1 = top(row), top(end)
        while y0 >= page_top + capacity:
            page_top += capacity
        if y1 > page_top + capacity and row > 0 and y0 > page_top:
            breaks.append(row)
            page_top = y0
    if breaks:
        ws.set_h_pagebreaks(sorted(set(breaks)))
