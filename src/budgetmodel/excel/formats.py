"""Cell formats and page setup shared by every sheet the library writes."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..vocabulary import PALETTE
from .xlsx import write_value

__all__ = ["HEADER_STYLE", "LONG_TEXT_WIDTH", "Formats", "money_text", "print_setup", "table"]

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
