"""Cell formats and page setup shared by every sheet the library writes."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..vocabulary import PALETTE
from .xlsx import write_value

__all__ = ["Formats", "print_setup", "table"]


class Formats:
    def __init__(self, book: Any, unit: str) -> None:
        decimals = ".0" if unit == "£m" else ""
        money = f'#,##0{decimals};(#,##0{decimals});"–"'
        self.header = book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}
        )
        self.money = book.add_format({"num_format": money})
        self.money_bold = book.add_format({"num_format": money, "bold": True})
        self.exact = book.add_format({"num_format": "#,##0.00###;(#,##0.00###)"})
        self.rate = book.add_format({"num_format": "0.0##%"})
        self.number = book.add_format({"num_format": "#,##0.0"})
        self.index = book.add_format({"num_format": "0.00000"})
        self.text = book.add_format({"text_wrap": False})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
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


def print_setup(ws: Any) -> None:
    """A4 landscape, one page wide, header row repeated: a sheet that prints well."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
