"""The input sheets of a results workbook (and of ``write_inputs``), so the file is
itself a valid input: carried from the user's workbook as they had them, or
written from the model's tables at A1."""

from __future__ import annotations

import os
from typing import Any

from ..vocabulary import PARAMETERS
from .formats import HEADER_STYLE, LONG_TEXT_WIDTH, Formats, print_setup, wrapped_height
from .inputcarry import LONG_TEXT, CarriedInputs, apply_model
from .tables import InputTable
from .transfer import SheetCopy, StyleCache, noted, write_copy
from .xlsx import write_value

__all__ = [
    "carried_input_sheet",
    "carry_findings",
    "define_names",
    "input_sheet",
    "write_input_sheets",
]

_RATE_PARAMETERS = {name for name, p in PARAMETERS.items() if p.kind == "rate"}


def input_sheet(book: Any, table: InputTable, fmt: Formats) -> None:
    """``table`` written from the model at A1, as an Excel Table named ``in_<sheet>``."""
    ws = book.add_worksheet(table.name)
    formats = []
    for h in table.header:
        if h in table.money or (table.name == "Settings" and h == "value"):
            formats.append(fmt.exact)
        elif h == "agency_premium" or (table.name == "Inflation" and h in table.years):
            formats.append(fmt.rate)
        elif h in LONG_TEXT:
            formats.append(fmt.wrap)
        else:
            formats.append(fmt.top)
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
    if rows and len({str(h).casefold() for h in table.header}) == len(table.header):
        ws.add_table(
            0,
            0,
            len(rows),
            len(table.header) - 1,
            {
                "name": f"in_{table.name}",
                "style": "Table Style Light 9",
                "columns": [{"header": str(h), "header_format": fmt.header} for h in table.header],
            },
        )
    ws.freeze_panes(1, 1)
    print_setup(ws)
    ws.fit_to_pages(1, 2)  # an input table with long notes: at most two pages tall
    widths = []
    for j, h in enumerate(table.header):
        if h in LONG_TEXT:
            width = LONG_TEXT_WIDTH
        elif h in ("name", "initiatives"):
            width = 30
        else:
            width = max(10, min(24, len(str(h)) + 3))
        widths.append(width)
        ws.set_column(j, j, width)
    for i, row in enumerate(rows, start=1):
        texts = [
            (v, widths[j])
            for j, v in enumerate(row)
            if isinstance(v, str) and table.header[j] in LONG_TEXT
        ]
        ws.set_row(i, wrapped_height(texts))


def carried_input_sheet(book: Any, copy: SheetCopy, table: InputTable, styles: StyleCache) -> Any:
    """The user's input sheet as they had it, with the model's values in the model's
    cells; its data Table sized to every record; header and free text made to print."""
    apply_model(copy, table)
    top = table.header_row
    placed = [table.row(i) for i in range(len(table.rows)) if table.row(i) >= 0]
    last = max(placed, default=top)
    columns = sorted({table.column(h) for h in table.header})
    first_col, last_col = columns[0], columns[-1]
    if copy.tables and copy.tables[0].first_row == top and copy.tables[0].first_col == first_col:
        data = copy.tables[0]
        if last > top:
            data.last_row = last + (1 if data.totals else 0)
        data.last_col = max(data.last_col, last_col)
        data.headers = [
            str(c.value) if (c := copy.cells.get((top, j))) is not None and c.value else h
            for j, h in zip(range(data.first_col, data.last_col + 1), data.headers, strict=False)
        ]
        first_col, last_col = data.first_col, data.last_col
    for j in range(first_col, last_col + 1):
        cell = copy.cells.get((top, j))
        if cell is not None and "bg_color" not in cell.style:
            cell.style = {**cell.style, **HEADER_STYLE}
    long_text = [
        j
        for (r, j), cell in copy.cells.items()
        if r == top and isinstance(cell.value, str) and cell.value.strip().lower() in LONG_TEXT
    ]
    texts: dict[int, list[tuple[str, float]]] = {}
    for j in long_text:
        width, hidden = copy.widths.get(j, (None, False))
        width = min(width or LONG_TEXT_WIDTH, LONG_TEXT_WIDTH)
        copy.widths[j] = (width, hidden)
        for r in range(top + 1, last + 1):
            cell = copy.cells.get((r, j))
            if cell is not None and isinstance(cell.value, str):
                cell.style = {**cell.style, "text_wrap": True}
                texts.setdefault(r, []).append((cell.value, width))
    for r, cells in texts.items():
        height = wrapped_height(cells)
        if height is not None and copy.heights.get(r, (None, False))[0] is None:
            copy.heights[r] = (height, copy.heights.get(r, (None, False))[1])
    for (r, _j), cell in copy.cells.items():
        if top < r <= last and "valign" not in cell.style:
            cell.style = {**cell.style, "valign": "top"}
    if copy.freeze is None:
        copy.freeze = (top + 1, first_col + 1)
    ws = write_copy(book, copy, styles)
    print_setup(ws, top)
    ws.fit_to_pages(1, 2)  # an input table with long notes: at most two pages tall
    return ws


def write_input_sheets(book: Any, inputs: CarriedInputs, fmt: Formats) -> None:
    """Every input sheet, in the contract's order: carried, or written from the model."""
    styles = StyleCache(book)
    for table in inputs.tables:
        copy = inputs.sheets.get(table.name)
        if copy is None:
            input_sheet(book, table, fmt)
        else:
            carried_input_sheet(book, copy, table, styles)
            inputs.notes += [n for n in copy.lost if n not in inputs.notes]


def define_names(book: Any, inputs: CarriedInputs) -> None:
    """The input workbook's defined names, so ``=SUM(ChildPop)`` still works."""
    from .grid import a1

    for name, ref, scope in inputs.names:
        full = name if scope is None else a1(scope, 0, 0).rsplit("!", 1)[0] + "!" + name
        with noted(inputs.notes, f"the defined name {name}"):
            book.define_name(full, ref)


def carry_findings(inputs: CarriedInputs, other: list[str]) -> list[tuple[str, str, str]]:
    """What happened to the input workbook's sheets, as (check, status, detail) rows:
    for the Checks sheet, and (those not ok) for a warning each."""
    rows: list[tuple[str, str, str]] = []
    source = os.path.basename(inputs.source) if inputs.source else None
    carried = [t.sheet for t in inputs.tables if t.name in inputs.sheets]
    if carried:
        names = f" and {len(inputs.names)} defined name(s)" if inputs.names else ""
        rows.append(
            (
                "Input sheets carried from the input workbook",
                "ok",
                f"{', '.join(carried)} from {source}, as you had them (values, formulas with "
                "their results, comments, formats, merged cells, widths, Tables and columns "
                f"outside them){names}, with the model's values in the cells it read.",
            )
        )
    elif source is None:
        rows.append(
            (
                "Input sheets written from the model",
                "ok",
                "The model was built in Python: its input sheets are written from it at A1.",
            )
        )
    for sheet, why in inputs.rebuilt:
        rows.append(
            (
                f"Input sheet {sheet} written from the model",
                "warning",
                f"The {sheet} sheet of {source} was not carried, because {why}: it is written "
                "from the model at A1, without that sheet's formulas, comments or layout, "
                "and formulas elsewhere that pointed at its cells may now point elsewhere.",
            )
        )
    for note in [*inputs.notes, *other]:
        rows.append(
            ("Not carried in full", "warning", f"Not carried into the results workbook: {note}")
        )
    return rows
