"""Copying a worksheet from a user's workbook (read by openpyxl) into the results
workbook (written by XlsxWriter), keeping what the user made of it.

Values, formulas with their stored results, cell styles (number format, font,
fill, border, alignment), comments, hyperlinks, merged cells, column widths,
row heights, hidden rows and columns, frozen panes, Excel Tables, list, number
and formula data validations and simple conditional formats travel. What does
not (images, charts, other validations and conditional formats, ...) is named in
`SheetCopy.lost`, one phrase each, so that nothing is dropped in silence.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .xlsx import write_value

__all__ = [
    "CellCopy",
    "SheetCopy",
    "StyleCache",
    "TableCopy",
    "copy_sheet",
    "defined_names",
    "noted",
    "write_copy",
]


@dataclass
class CellCopy:
    """One cell: a constant ``value``, or a ``formula`` (with ``=``) and its stored
    ``value``; ``style`` is an XlsxWriter format's properties."""

    value: Any
    formula: str | None = None
    array: str | None = None  # the range of an array formula
    style: dict[str, Any] = field(default_factory=dict)
    comment: tuple[str, str] | None = None  # text, author
    link: str | None = None


@dataclass
class TableCopy:
    """An Excel Table: its name, range (0-based, inclusive), style and columns."""

    name: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    style: str | None
    headers: list[str]
    totals: list[tuple[str | None, str | None]] = field(default_factory=list)
    header_row: bool = True
    autofilter: bool = True
    banded_rows: bool = True


@dataclass
class SheetCopy:
    """Everything of one worksheet that can travel, and what cannot."""

    title: str
    cells: dict[tuple[int, int], CellCopy] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, tuple[float | None, bool]] = field(default_factory=dict)  # width, hidden
    heights: dict[int, tuple[float | None, bool]] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None
    tables: list[TableCopy] = field(default_factory=list)
    validations: list[tuple[tuple[int, int, int, int], dict[str, Any]]] = field(
        default_factory=list
    )
    conditional: list[tuple[tuple[int, int, int, int], dict[str, Any]]] = field(
        default_factory=list
    )
    lost: list[str] = field(default_factory=list)


# -- reading ----------------------------------------------------------------------------

_BORDERS = {
    "thin": 1,
    "medium": 2,
    "dashed": 3,
    "dotted": 4,
    "thick": 5,
    "double": 6,
    "hair": 7,
    "mediumDashed": 8,
    "dashDot": 9,
    "mediumDashDot": 10,
    "dashDotDot": 11,
    "mediumDashDotDot": 12,
    "slantDashDot": 13,
}
_HORIZONTAL = {
    "left": "left",
    "center": "center",
    "right": "right",
    "fill": "fill",
    "justify": "justify",
    "centerContinuous": "center_across",
    "distributed": "distributed",
}
_VERTICAL = {
    "top": "top",
    "center": "vcenter",
    "bottom": "bottom",
    "justify": "vjustify",
    "distributed": "vdistributed",
}


def _colour(colour: Any) -> str | None:
    """``#RRGGBB`` for an explicit colour; None for theme and indexed colours."""
    rgb = getattr(colour, "rgb", None) if colour is not None else None
    if getattr(colour, "type", None) != "rgb" or not isinstance(rgb, str) or len(rgb) < 6:
        return None
    return "#" + rgb[-6:]


def cell_style(cell: Any) -> dict[str, Any]:
    """An openpyxl cell's style as XlsxWriter format properties (only what is set)."""
    style: dict[str, Any] = {}
    if not cell.has_style:
        return style
    if cell.number_format and cell.number_format != "General":
        style["num_format"] = cell.number_format
    font = cell.font
    if font is not None:
        if font.b:
            style["bold"] = True
        if font.i:
            style["italic"] = True
        if font.u:
            style["underline"] = 2 if font.u == "double" else 1
        if font.strike:
            style["font_strikeout"] = True
        if font.sz and float(font.sz) != 11:
            style["font_size"] = float(font.sz)
        if font.name and font.name != "Calibri":
            style["font_name"] = font.name
        if (c := _colour(font.color)) is not None and c.upper() != "#000000":
            style["font_color"] = c
    fill = cell.fill
    if fill is not None and getattr(fill, "fill_type", None) == "solid":
        c = _colour(fill.fgColor) or _colour(fill.start_color)
        if c is not None:
            style["bg_color"] = c
    border = cell.border
    if border is not None:
        for side in ("left", "right", "top", "bottom"):
            edge = getattr(border, side, None)
            kind = _BORDERS.get(getattr(edge, "style", None) or "")
            if kind:
                style[side] = kind
                if (c := _colour(getattr(edge, "color", None))) is not None:
                    style[f"{side}_color"] = c
    align = cell.alignment
    if align is not None:
        if align.horizontal in _HORIZONTAL:
            style["align"] = _HORIZONTAL[align.horizontal]
        if align.vertical in _VERTICAL and align.vertical != "bottom":
            style["valign"] = _VERTICAL[align.vertical]
        if align.wrap_text:
            style["text_wrap"] = True
        if align.indent:
            style["indent"] = int(align.indent)
        if align.textRotation:
            style["rotation"] = int(align.textRotation)
        if align.shrink_to_fit:
            style["shrink"] = True
    return style


def _formula(cell: Any) -> tuple[str | None, str | None]:
    """A formula cell's formula (with ``=``) and, for an array formula, its range."""
    if cell.data_type != "f":
        return None, None
    value = cell.value
    if isinstance(value, str):
        return (value if value.startswith("=") else "=" + value), None
    text = getattr(value, "text", None)
    if text is not None:  # an ArrayFormula
        ref = getattr(value, "ref", None) or cell.coordinate
        return ("=" + str(text).lstrip("=")), str(ref)
    return None, None  # a data-table formula: its values travel


def _bounds(ref: str) -> tuple[int, int, int, int]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row - 1, min_col - 1, max_row - 1, max_col - 1


def _tables(ws: Any, copy: SheetCopy) -> None:
    for table in ws.tables.values():
        r0, c0, r1, c1 = _bounds(table.ref)
        columns = list(table.tableColumns)
        info = table.tableStyleInfo
        totals = []
        for col in columns:
            function = col.totalsRowFunction
            if function == "custom":
                copy.lost.append(
                    f"the custom total of column {col.name!r} of the Table {table.name}"
                )
                function = None
            totals.append((function, col.totalsRowLabel))
        copy.tables.append(
            TableCopy(
                name=str(table.displayName or table.name),
                first_row=r0,
                first_col=c0,
                last_row=r1,
                last_col=c1,
                style=str(info.name) if info is not None and info.name else None,
                headers=[str(col.name) for col in columns],
                totals=totals if table.totalsRowCount else [],
                header_row=table.headerRowCount != 0,
                autofilter=table.autoFilter is not None,
                banded_rows=bool(info.showRowStripes) if info is not None else True,
            )
        )


_OPERATORS = {
    "between": "between",
    "notBetween": "not between",
    "equal": "==",
    "notEqual": "!=",
    "greaterThan": ">",
    "lessThan": "<",
    "greaterThanOrEqual": ">=",
    "lessThanOrEqual": "<=",
}


def _value(formula: str | None) -> Any:
    """A validation or rule operand as XlsxWriter takes it: a number, or a formula."""
    if formula is None:
        return None
    try:
        return float(formula)
    except ValueError:
        return "=" + formula.lstrip("=")


def _validations(ws: Any, copy: SheetCopy) -> None:
    for dv in ws.data_validations.dataValidation:
        kind = dv.type or "any"
        options: dict[str, Any] = {"ignore_blank": bool(dv.allow_blank)}
        if kind == "list" and dv.formula1:
            f = dv.formula1
            if f.startswith('"') and f.endswith('"'):
                options.update(validate="list", source=f[1:-1].split(","))
            else:
                options.update(validate="list", source="=" + f.lstrip("="))
            if dv.showDropDown:  # Excel's flag is inverted: True hides the arrow
                options["dropdown"] = False
        elif kind in ("whole", "decimal", "textLength") and dv.formula1:
            options.update(
                validate="length"
                if kind == "textLength"
                else ("integer" if kind == "whole" else kind),
                criteria=_OPERATORS.get(dv.operator or "between", "between"),
            )
            if options["criteria"] in ("between", "not between"):
                options.update(minimum=_value(dv.formula1), maximum=_value(dv.formula2))
            else:
                options["value"] = _value(dv.formula1)
        elif kind == "custom" and dv.formula1:
            options.update(validate="custom", value="=" + dv.formula1.lstrip("="))
        else:
            copy.lost.append(f"a data validation of type {kind!r} on {dv.sqref}")
            continue
        if dv.prompt or dv.promptTitle:
            options.update(input_title=(dv.promptTitle or "")[:32], input_message=dv.prompt or "")
        if dv.error or dv.errorTitle:
            options.update(error_title=(dv.errorTitle or "")[:32], error_message=dv.error or "")
        if dv.errorStyle in ("warning", "information"):
            options["error_type"] = dv.errorStyle
        for ref in str(dv.sqref).split():
            copy.validations.append((_bounds(ref), dict(options)))


def _dxf(rule: Any) -> dict[str, Any]:
    style: dict[str, Any] = {}
    dxf = rule.dxf
    if dxf is None:
        return style
    if dxf.font is not None:
        if dxf.font.b:
            style["bold"] = True
        if dxf.font.i:
            style["italic"] = True
        if (c := _colour(dxf.font.color)) is not None:
            style["font_color"] = c
    if dxf.fill is not None:
        c = _colour(getattr(dxf.fill, "bgColor", None)) or _colour(
            getattr(dxf.fill, "fgColor", None)
        )
        if c is not None:
            style["bg_color"] = c
    return style


def _conditional(ws: Any, copy: SheetCopy) -> None:
    for rng in ws.conditional_formatting:
        refs = str(rng.sqref).split()
        for rule in rng.rules:
            options: dict[str, Any]
            formulas = list(rule.formula or [])
            if rule.type == "cellIs" and rule.operator in _OPERATORS and formulas:
                options = {"type": "cell", "criteria": _OPERATORS[rule.operator]}
                if options["criteria"] in ("between", "not between") and len(formulas) == 2:
                    options.update(minimum=_value(formulas[0]), maximum=_value(formulas[1]))
                else:
                    options["value"] = _value(formulas[0])
                options["format"] = _dxf(rule)
            elif rule.type == "expression" and formulas:
                options = {"type": "formula", "criteria": "=" + formulas[0].lstrip("=")}
                options["format"] = _dxf(rule)
            elif rule.type == "colorScale" and rule.colorScale is not None:
                colours = [_colour(c) for c in rule.colorScale.color]
                if None in colours or len(colours) not in (2, 3):
                    copy.lost.append(f"a colour scale on {ws.title}!{rng.sqref}")
                    continue
                options = {"type": f"{len(colours)}_color_scale", "min_color": colours[0]}
                options["max_color"] = colours[-1]
                if len(colours) == 3:
                    options["mid_color"] = colours[1]
            else:
                copy.lost.append(f"a conditional format ({rule.type}) on {ws.title}!{rng.sqref}")
                continue
            if rule.stopIfTrue:
                options["stop_if_true"] = True
            for ref in refs:
                copy.conditional.append((_bounds(ref), dict(options)))


def copy_sheet(ws: Any, cached: Any, *, title: str | None = None) -> SheetCopy:
    """Read ``ws`` (loaded with formulas) and ``cached`` (the same sheet loaded with
    stored values) into a `SheetCopy`."""
    from openpyxl.utils import column_index_from_string

    copy = SheetCopy(title or ws.title)
    for row in ws.iter_rows():
        for cell in row:
            comment = cell.comment
            link = cell.hyperlink
            if cell.value is None and comment is None and not cell.has_style and link is None:
                continue
            r, c = cell.row - 1, cell.column - 1
            formula, array = _formula(cell)
            value = cached.cell(cell.row, cell.column).value if formula else cell.value
            if cell.data_type == "f" and formula is None:
                value = cached.cell(cell.row, cell.column).value
            target = None
            if link is not None:
                target = link.target or (f"internal:{link.location}" if link.location else None)
            copy.cells[(r, c)] = CellCopy(
                value=value,
                formula=formula,
                array=array,
                style=cell_style(cell),
                comment=(str(comment.text), str(comment.author or "")) if comment else None,
                link=target,
            )
    for rng in ws.merged_cells.ranges:
        copy.merged.append((rng.min_row - 1, rng.min_col - 1, rng.max_row - 1, rng.max_col - 1))
    for letter, dim in ws.column_dimensions.items():
        width = float(dim.width) if dim.width and dim.customWidth else None
        if width is None and not dim.hidden:
            continue
        first = (dim.min or column_index_from_string(letter)) - 1
        last = (dim.max or first + 1) - 1
        for j in range(first, max(first, last) + 1):
            copy.widths[j] = (width, bool(dim.hidden))
    for index, rd in ws.row_dimensions.items():
        if rd.ht or rd.hidden:
            copy.heights[index - 1] = (float(rd.ht) if rd.ht else None, bool(rd.hidden))
    if ws.freeze_panes:
        from openpyxl.utils.cell import coordinate_to_tuple

        r, c = coordinate_to_tuple(ws.freeze_panes)
        copy.freeze = (r - 1, c - 1)
    _tables(ws, copy)
    _validations(ws, copy)
    _conditional(ws, copy)
    if ws._charts:
        copy.lost.append(f"{len(ws._charts)} chart(s) on '{ws.title}'")
    if ws._images:
        copy.lost.append(f"{len(ws._images)} image(s) on '{ws.title}'")
    return copy


def defined_names(book: Any) -> list[tuple[str, str, str | None]]:
    """The workbook's defined names: (name, ``=reference``, sheet or None for the book).

    Excel's own names (print areas and titles, filter ranges) are left out: the
    results workbook sets its own.
    """
    out: list[tuple[str, str, str | None]] = []
    for name, dn in book.defined_names.items():
        if not name.startswith("_xlnm") and dn.attr_text:
            out.append((name, "=" + dn.attr_text.lstrip("="), None))
    for ws in book.worksheets:
        for name, dn in getattr(ws, "defined_names", {}).items():
            if not name.startswith("_xlnm") and dn.attr_text:
                out.append((name, "=" + dn.attr_text.lstrip("="), ws.title))
    return out


# -- writing ----------------------------------------------------------------------------


class StyleCache:
    """One XlsxWriter format per distinct set of properties."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.formats: dict[tuple[tuple[str, Any], ...], Any] = {}

    def __call__(self, style: dict[str, Any]) -> Any:
        if not style:
            return None
        key = tuple(sorted(style.items()))
        if key not in self.formats:
            self.formats[key] = self.book.add_format(dict(style))
        return self.formats[key]


@contextmanager
def noted(lost: list[str], what: str) -> Iterator[None]:
    """XlsxWriter warns (rather than raises) about things it will not write: note them."""
    from xlsxwriter.exceptions import XlsxWriterException

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        except XlsxWriterException as err:
            lost.append(f"{what} ({str(err).splitlines()[0][:120]})")
    for w in caught:
        lost.append(f"{what} ({str(w.message).splitlines()[0][:120]})")


def write_cell(ws: Any, r: int, c: int, cell: CellCopy, fmt: Any) -> None:
    """One cell, as it was: formula with its stored result, or the value."""
    if cell.formula is not None:
        stored = cell.value
        if stored is None:
            stored = ""
        elif not isinstance(stored, (bool, int, float, str)):
            stored = str(stored)
        if cell.array is not None:
            r0, c0, r1, c1 = _bounds(cell.array)
            ws.write_array_formula(r0, c0, r1, c1, "{" + cell.formula + "}", fmt, stored)
        else:
            ws.write_formula(r, c, cell.formula, fmt, stored)
    elif cell.link is not None:
        text = None if cell.value is None else str(cell.value)
        ws.write_url(r, c, cell.link, fmt, text)
    else:
        write_value(ws, r, c, cell.value, fmt)


def write_copy(
    book: Any,
    copy: SheetCopy,
    styles: StyleCache,
    *,
    write: Callable[[Any, int, int, CellCopy, Any], None] = write_cell,
) -> Any:
    """Add ``copy`` to ``book`` as a new worksheet; ``write`` writes each cell.

    Tables, validations and conditional formats that XlsxWriter refuses are added
    to ``copy.lost``.
    """
    ws = book.add_worksheet(copy.title)
    for j, (width, hidden) in sorted(copy.widths.items()):
        ws.set_column(j, j, width, None, {"hidden": True} if hidden else None)
    for i, (height, hidden) in sorted(copy.heights.items()):
        ws.set_row(i, height, None, {"hidden": True} if hidden else None)
    corners = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in copy.merged}
    inside = {
        (r, c)
        for r0, c0, r1, c1 in copy.merged
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    for (r, c), cell in sorted(copy.cells.items()):
        fmt = styles(cell.style)
        if (r, c) in corners:
            r1, c1 = corners.pop((r, c))
            ws.merge_range(r, c, r1, c1, None, fmt)
        if (r, c) in inside and cell.value is None and cell.formula is None:
            if fmt is not None:
                ws.write_blank(r, c, None, fmt)
            continue
        write(ws, r, c, cell, fmt)
        if cell.comment is not None:
            text, author = cell.comment
            ws.write_comment(r, c, text, {"author": author} if author else {})
    for (r0, c0), (r1, c1) in corners.items():
        ws.merge_range(r0, c0, r1, c1, None)
    for table in copy.tables:
        _add_table(ws, table, copy, styles)
    for (r0, c0, r1, c1), options in copy.validations:
        with noted(copy.lost, f"a data validation on {copy.title}"):
            ws.data_validation(r0, c0, r1, c1, options)
    for (r0, c0, r1, c1), options in copy.conditional:
        options = dict(options)
        if "format" in options:
            options["format"] = book.add_format(options["format"])
        with noted(copy.lost, f"a conditional format on {copy.title}"):
            ws.conditional_format(r0, c0, r1, c1, options)
    if copy.freeze is not None and copy.freeze != (0, 0):
        ws.freeze_panes(*copy.freeze)
    return ws


def _add_table(ws: Any, table: TableCopy, copy: SheetCopy, styles: StyleCache) -> None:
    columns: list[dict[str, Any]] = []
    for j, header in enumerate(table.headers):
        column: dict[str, Any] = {"header": header}
        cell = copy.cells.get((table.first_row, table.first_col + j))
        if cell is not None and cell.style:
            column["header_format"] = styles(cell.style)
        if table.totals and j < len(table.totals):
            function, label = table.totals[j]
            if function and function != "none":
                column["total_function"] = function.lower().replace("stddev", "std_dev")
            elif label:
                column["total_string"] = label
        columns.append(column)
    options: dict[str, Any] = {
        "name": table.name,
        "columns": columns,
        "header_row": table.header_row,
        "autofilter": table.autofilter and table.header_row,
        "banded_rows": table.banded_rows,
        "total_row": bool(table.totals),
    }
    if table.style:
        options["style"] = table.style
    with noted(copy.lost, f"the Table {table.name} on {copy.title}"):
        ws.add_table(table.first_row, table.first_col, table.last_row, table.last_col, options)
