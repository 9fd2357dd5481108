"""The input sheets of a results workbook (and of ``write_inputs``): the model's
tables, so the file is itself a valid input."""

from __future__ import annotations

from typing import Any

from ..vocabulary import PARAMETERS
from .formats import Formats
from .tables import InputTable
from .xlsx import write_value

__all__ = ["input_sheet"]

_RATE_PARAMETERS = {name for name, p in PARAMETERS.items() if p.kind == "rate"}


def input_sheet(book: Any, table: InputTable, fmt: Formats) -> None:
    ws = book.add_worksheet(table.name)
    formats = []
    for h in table.header:
        if h in table.money or (table.name == "Settings" and h == "value"):
            formats.append(fmt.exact)
        elif h == "agency_premium" or (table.name == "Inflation" and h in table.years):
            formats.append(fmt.rate)
        else:
            formats.append(None)
    rows = table.rows
    param = table.header.index("parameter") if "parameter" in table.header else -1
    for j, h in enumerate(table.header):
        ws.write_string(0, j, str(h), fmt.header)
    for i, row in enumerate(rows, start=1):
        rate_row = param >= 0 and row[param] in _RATE_PARAMETERS
        for j, value in enumerate(row):
            f = formats[j]
            if table.name == "Effects" and table.header[j] in table.years:
                f = fmt.rate
            elif rate_row and table.header[j] in table.years:
                f = fmt.rate
            write_value(ws, i, j, value, f, fmt.date)
    if rows:
        ws.add_table(
            0,
            0,
            len(rows),
            len(table.header) - 1,
            {
                "name": f"in_{table.name}",
                "style": "Table Style Light 9",
                "columns": [{"header": str(h)} for h in table.header],
            },
        )
    ws.freeze_panes(1, 1)
    for j, h in enumerate(table.header):
        width = (
            44
            if h in ("source", "notes", "description", "name")
            else max(10, min(24, len(str(h)) + 3))
        )
        ws.set_column(j, j, width)
