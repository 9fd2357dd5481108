"""``read_workbook``: an input workbook on disk to a validated Model.

A thin shell: the file is checked before any XML is parsed (`safety`);
each contract sheet's XML is then streamed once through openpyxl's parser (over
defusedxml), keeping only the cells that hold a value, so that time and memory
follow what the sheet holds, not the range it declares; `parse.parse_sheets`
does the rest.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import BudgetModelError, BudgetModelWarning, InputError, Issue
from .cells import Unstored, is_blank
from .layout import SHEETS
from .parse import RawSheet, cell_name, parse_sheets, sheet_key
from .safety import check_workbook_file

if TYPE_CHECKING:
    from .._model import Model

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "read_notes", "read_sheets", "read_workbook"]

#: Records one table may hold; a larger table is refused rather than read slowly.
MAX_ROWS = 200_000
#: Columns one table may span.
MAX_COLUMNS = 1_000

_CONTRACT = {sheet_key(name) for name in SHEETS}
# Notes made while reading a file (a Table range that was short), by path and
# modification time, for the Checks sheet of a results workbook written from it.
_NOTES: dict[tuple[str, int, int], list[str]] = {}


@dataclass
class _Scan:
    rows: dict[int, list[tuple[int, Any]]] = field(default_factory=dict)
    tables: list[tuple[str, str, int]] = field(default_factory=list)  # name, ref, totals
    merged: list[str] = field(default_factory=list)


def _cannot_read(name: str, err: BaseException) -> InputError:
    from defusedxml import DefusedXmlException

    cause: BaseException | None = err
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        return InputError(
            [
                Issue(
                    name,
                    f"XML that declares entities or a DTD ({type(cause).__name__}; a "
                    "billion-laughs attack?)",
                    "an ordinary .xlsx workbook",
                    "The file was refused unread.",
                )
            ]
        )
    reason = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
    return InputError(
        [
            Issue(
                name,
                f"a workbook that cannot be read ({reason})",
                "a valid .xlsx workbook",
                "Open it in Excel and save it again as .xlsx.",
            )
        ]
    )


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIGITS = "0123456789"


def _column(letters: str, cache: dict[str, int]) -> int:
    """The column number of ``letters`` ("A" is 1), remembered in ``cache``."""
    number = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"the cell reference {letters!r} is not valid")
        number = number * 26 + ord(ch) - 64
    cache[letters] = number
    return number


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


class _SheetHandler:
    """expat callbacks that keep, row by row, the cells holding a value."""

    def __init__(self, book: Any, ws: Any, scan: _Scan) -> None:
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        self.from_excel, self.from_iso = from_excel, from_ISO8601
        self.scan = scan
        self.strings = ws._shared_strings
        self.dates, self.durations, self.epoch = (
            book._date_formats,
            book._timedelta_formats,
            book.epoch,
        )
        self.letters: dict[str, int] = {}
        self.parts: list[str] = []
        self.row: list[tuple[int, Any]] = []
        self.row_number = 0
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.text: list[str] = []
        self.formula: list[str] | None = None
        self.collect: list[str] | None = None
        self.has_value = False
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _C:
            where = attrs.get("r")
            if where:
                letters = where.rstrip(_DIGITS)
                column = self.letters.get(letters)
                self.column = column if column is not None else _column(letters, self.letters)
            else:
                self.column += 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.text = []
            self.formula = None
            self.collect = None
            self.has_value = False
        elif name == _V:
            self.has_value = True
            self.collect = self.text
        elif name == _T:
            self.has_value = True
            self.collect = None if self.phonetic else self.text
        elif name == _RPH:
            self.phonetic += 1
        elif name == _F:
            self.formula = []
            self.collect = self.formula
        elif name == _ROW:
            self.row_number = int(attrs.get("r") or self.row_number + 1)
            self.row = []
            self.column = 0
        elif name == _MERGE:
            self.scan.merged.append(attrs.get("ref", ""))
        elif name == _PART:
            self.parts.append(attrs.get(_REL, ""))

    def end(self, name: str) -> None:
        if name == _C:
            value = self.value()
            if value is not None:
                self.row.append((self.column, value))
        elif name in (_V, _T, _F):
            self.collect = None
        elif name == _RPH:
            self.phonetic -= 1
        elif name == _ROW and self.row:
            self.scan.rows[self.row_number] = self.row

    def chars(self, data: str) -> None:
        if self.collect is not None:
            self.collect.append(data)

    def value(self) -> Any:
        kind = self.kind
        text = "".join(self.text)
        if kind == "inlineStr":
            return text if self.has_value else None
        if not text:
            if self.formula is not None and kind != "str":
                body = "".join(self.formula)
                return Unstored("=" + body if body else "=…")
            return "" if kind == "str" and self.has_value else None
        if kind == "n":
            number = _number(text)
            if self.style in self.dates:
                return self.from_excel(number, self.epoch, timedelta=self.style in self.durations)
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            return self.from_iso(text)
        return text  # "str" (a formula's text) and "e" (an error such as #N/A)


_C, _V, _T, _F = (f"{_MAIN}{tag}" for tag in ("c", "v", "t", "f"))
_ROW, _MERGE, _PART, _RPH = (f"{_MAIN}{tag}" for tag in ("row", "mergeCell", "tablePart", "rPh"))


def _forbid(*_: Any) -> None:
    from defusedxml import DTDForbidden

    raise DTDForbidden(None, None, None)


def _expat(start: Any, end: Any, chars: Any) -> Any:
    """An expat parser that refuses a DOCTYPE and entity declarations (as defusedxml)."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid  # type: ignore[assignment]
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    return parser


def _shared_strings(source: Any) -> list[str]:
    """The shared-string table: each item's text (rich-text runs joined, phonetic
    guides left out), as openpyxl reads it, in one expat pass."""
    strings: list[str] = []
    parts: list[str] = []
    state = {"text": False, "phonetic": 0}
    si, t, rph = f"{_MAIN}si", f"{_MAIN}t", f"{_MAIN}rPh"

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == t:
            state["text"] = not state["phonetic"]
        elif name == rph:
            state["phonetic"] += 1
        elif name == si:
            parts.clear()

    def end(name: str) -> None:
        if name == t:
            state["text"] = False
        elif name == rph:
            state["phonetic"] -= 1
        elif name == si:
            strings.append("".join(parts).replace("x005F_", ""))

    def chars(data: str) -> None:
        if state["text"]:
            parts.append(data)

    _expat(start, end, chars).ParseFile(source)
    return strings


def _open_book(name: str) -> Any:
    """openpyxl's read-only workbook, its shared strings read by `_shared_strings`."""
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader

    class Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            part = self.package.find(SHARED_STRINGS)
            if part is not None:
                with self.archive.open(part.PartName[1:]) as source:
                    self.shared_strings = _shared_strings(source)

    reader = Reader(name, read_only=True, keep_vba=False, data_only=True, keep_links=False)
    reader.read()
    return reader.wb


def _scan(book: Any, ws: Any) -> _Scan:
    """Every cell of ``ws`` that holds a value, its Tables and merged ranges.

    One pass of expat over the sheet's XML, keeping only cells with a value: a
    formatted empty cell costs nothing, whatever its address. A DOCTYPE or an
    entity declaration is refused, as defusedxml does, so no entity is ever
    expanded. A formula whose value was never stored becomes `cells.Unstored`.
    """
    from openpyxl.packaging.relationship import get_dependents, get_rels_path
    from openpyxl.worksheet.table import Table
    from openpyxl.xml.functions import fromstring

    scan = _Scan()
    handler = _SheetHandler(book, ws, scan)
    parser = _expat(handler.start, handler.end, handler.chars)
    with ws._get_source() as source:
        parser.ParseFile(source)
    if handler.parts:
        archive = book._archive
        rels = get_dependents(archive, get_rels_path(ws._worksheet_path))
        for part in handler.parts:
            table = Table.from_tree(fromstring(archive.read(rels.get(part).target)))
            scan.tables.append((str(table.displayName), str(table.ref), table.totalsRowCount or 0))
    return scan


def _bounds(ref: str) -> tuple[int, int, int, int]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row, min_col, max_row, max_col


def _region(title: str, scan: _Scan, notes: list[str]) -> tuple[int, int, int, int, list[Issue]]:
    """The table's cells: first and last row and column (1-based), and any problem."""
    issues: list[Issue] = []
    if scan.tables:
        name, ref, totals = scan.tables[0]
        min_row, min_col, max_row, max_col = _bounds(ref)
        max_row -= totals  # a totals row is not a record
        if not totals:
            last = max_row
            while any(
                min_col <= c <= max_col for c, v in scan.rows.get(last + 1, ()) if not is_blank(v)
            ):
                last += 1
            if last > max_row:
                note = (
                    f"the Table {name} on {title} ({ref}): rows {max_row + 1} to {last}, "
                    "typed directly below it, were read as part of the table"
                )
                notes.append(note)
                max_row = last
    else:
        min_row = min_col = 1
        max_row = max(scan.rows, default=1)
        max_col = max((c for row in scan.rows.values() for c, _ in row), default=1)
    if max_row - min_row > MAX_ROWS:
        issues.append(
            Issue(
                f"{title}!{cell_name(min_row + MAX_ROWS + 1, min_col)}",
                f"a table of {max_row - min_row:,} rows",
                f"at most {MAX_ROWS:,} rows in one table",
                "Delete stray values far below the table, or split the model.",
            )
        )
    if max_col - min_col + 1 > MAX_COLUMNS:
        far = next((r, c) for r, row in sorted(scan.rows.items()) for c, _ in row if c == max_col)
        issues.append(
            Issue(
                f"{title}!{cell_name(*far)}",
                f"a value in column {max_col:,}, making the table {max_col - min_col + 1:,} "
                "columns wide",
                f"at most {MAX_COLUMNS:,} columns in one table",
                "Delete stray values far to the right of the table.",
            )
        )
    for ref in scan.merged:
        r0, c0, r1, c1 = _bounds(ref)
        if r0 <= max_row and r1 >= min_row and c0 <= max_col and c1 >= min_col:
            issues.append(
                Issue(
                    f"{title}!{ref.split(':')[0]}",
                    f"the merged cells {ref} inside the table",
                    "one value in each cell",
                    "Unmerge them (Home > Merge & Center) and type each cell's value.",
                )
            )
    return min_row, min_col, max_row, max_col, issues


def _grid(scan: _Scan, min_row: int, min_col: int, max_row: int, max_col: int) -> list[list[Any]]:
    width = max_col - min_col + 1
    rows: list[list[Any]] = []
    for r in range(min_row, max_row + 1):
        row: list[Any] = [None] * width
        for c, v in scan.rows.get(r, ()):
            if min_col <= c <= max_col:
                row[c - min_col] = v
        rows.append(row)
    return rows


def _worksheets(book: Any) -> Iterator[Any]:
    yield from book.worksheets


def read_sheets(path: str | os.PathLike[str]) -> dict[str, RawSheet]:
    """Every contract sheet's table as stored cell values.

    Only sheets whose name matches a contract sheet are read (their cells, not
    their declared range); every other sheet is listed with no rows. A formula
    cell whose value was never stored (a file written by a program, not saved
    by a spreadsheet) comes back as `cells.Unstored`, so that the parser
    names it rather than reading it as blank.

    Raises
    ------
    InputError
        For a file that is not a safe, readable .xlsx workbook, a table larger
        than `MAX_ROWS` rows or `MAX_COLUMNS` columns, or merged
        cells inside a table.
    """
    name = os.fspath(path)
    check_workbook_file(name)
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise BudgetModelError(
            "openpyxl is not using defusedxml (OPENPYXL_DEFUSEDXML is set to something other "
            "than True); budgetmodel reads workbooks only with it, to refuse XML attacks"
        )
    notes: list[str] = []
    sheets: dict[str, RawSheet] = {}
    try:
        book = _open_book(name)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise _cannot_read(name, err) from err
    try:
        for ws in _worksheets(book):
            if sheet_key(ws.title) not in _CONTRACT:
                sheets[ws.title] = RawSheet(ws.title, [])
                continue
            scan = _scan(book, ws)
            min_row, min_col, max_row, max_col, problems = _region(ws.title, scan, notes)
            too_large = max_row - min_row > MAX_ROWS or max_col - min_col >= MAX_COLUMNS
            rows = (
                _grid(scan, min_row, min_col, max_row, max_col)
                if scan.rows and not too_large
                else []
            )
            sheets[ws.title] = RawSheet(
                ws.title,
                rows,
                first_row=min_row,
                first_col=min_col,
                problems=problems,
            )
    except InputError:
        raise
    except Exception as err:  # a damaged sheet part
        raise _cannot_read(name, err) from err
    finally:
        book.close()
    for note in notes:
        warnings.warn(f"{name}: {note}.", BudgetModelWarning, stacklevel=3)
    _remember(name, notes)
    return sheets


def _key(name: str) -> tuple[str, int, int] | None:
    try:
        st = os.stat(name)
    except OSError:
        return None
    return os.path.abspath(name), st.st_mtime_ns, st.st_size


def _remember(name: str, notes: list[str]) -> None:
    key = _key(name)
    if key is not None:
        _NOTES[key] = notes


def read_notes(path: str | os.PathLike[str]) -> list[str]:
    """What reading ``path`` noted for a reviewer (such as an Excel Table whose range
    stopped short of rows typed below it), one sentence each; empty if it was not read."""
    key = _key(os.fspath(path))
    return list(_NOTES.get(key, [])) if key is not None else []


def read_workbook(path: str | os.PathLike[str]) -> Model:
    """Read an input (or results) workbook into a validated `Model`.

    Parameters
    ----------
    path : str or path-like
        An ``.xlsx`` workbook laid out as the workbook contract (see
        ``docs/workbook.md``); a results workbook is itself a valid input.

    Returns
    -------
    Model

    Raises
    ------
    InputError
        Listing every problem found, each with its ``Sheet!Cell``; also for files
        that are not .xlsx workbooks or that fail the safety checks.

    Warns
    -----
    BudgetModelWarning
        When rows typed directly below an Excel Table's range were read as part
        of it (the Table's range is short).

    Examples
    --------
    >>> import budgetmodel as bm
    >>> from budgetmodel._datasets import sample_path
    >>> model = bm.read_workbook(sample_path())
    >>> [s.name for s in model.scenarios]
    ['No plan', 'Improvement plan', 'Plan, outturn inflation', 'Plan, as it turned out']
    >>> try:
    ...     bm.read_workbook("missing.xlsx")
    ... except bm.InputError as err:
    ...     print(err.issues[0].found)
    no such file
    """
    model = parse_sheets(read_sheets(path))
    model.source = os.path.abspath(os.fspath(path))
    return model
