"""Parse the input sheets, held in memory as rows of cell values, into a Model.

Every problem in every sheet is collected, each with its ``Sheet!Cell``; the
model's meaning is then checked by `budgetmodel._validate.validate`, and
one `InputError` lists everything.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import _spec as s
from .._model import Model
from .._validate import validate
from .._years import MAX_HORIZON, format_year, parse_year
from ..errors import InputError, Issue
from .cells import MAX_MAGNITUDE, CellProblem, as_number, as_text, is_blank
from .layout import MONEY_UNIT_ALIASES, SETTINGS, SHEETS, SheetLayout

__all__ = ["RawSheet", "cell_name", "parse_sheets", "sheet_key"]

_YEARISH = re.compile(r"^\s*\d{4}\s*([-/–]\s*\d{2,4})?\s*$")
# A header meant as a year that is not one: "FY-banana", "FY2014", "2014-16", "Year 3".
_YEAR_ATTEMPT = re.compile(r"^\s*(fy|year\b|\d{4}\b|\d{2}\s*[-/–]\s*\d{2}\s*$)", re.IGNORECASE)
# Settings a workbook must declare, though the Python API has a default.
_WORKBOOK_SETTINGS = ("money_unit",)


def _blank_row(cells: list[Any]) -> bool:
    for v in cells:
        if v is not None and (type(v) is not str or v.strip()):
            return False
    return True


def sheet_key(name: str) -> str:
    """A sheet name as matched to the contract: letter case, spaces and underscores ignored.

    Examples
    --------
    >>> sheet_key("Fund ing"), sheet_key("cost_lines"), sheet_key("FUNDING")
    ('funding', 'costlines', 'funding')
    """
    return re.sub(r"[\s_]+", "", name).lower()


def _squash(text: str) -> str:
    return re.sub(r"[\s_\-.]+", "", text).lower()


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def near_column(header: str, candidates: list[str]) -> str | None:
    """The contract column ``header`` looks like a misspelling of, if any.

    Close means: the same once letter case, spaces, underscores and hyphens are
    ignored; at most two edits away (one for a name of five letters or fewer); or
    the column's name as the first or last word of the header.

    Examples
    --------
    >>> near_column("Inflation category", ["inflation", "unit_cost"])
    'inflation'
    >>> near_column("agency_premum", ["agency_premium"]), near_column("source", ["inflation"])
    ('agency_premium', None)
    """
    squashed = _squash(header)
    words = [w for w in re.split(r"[\s_\-.]+", header.lower()) if w]
    if not squashed:
        return None
    best: tuple[int, str] | None = None
    for column in candidates:
        target = _squash(column)
        parts = column.split("_")
        if squashed == target:
            return column
        limit = 1 if len(target) <= 5 else 2
        if len(target) >= 4:
            d = _distance(squashed, target, limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, column)
        n = len(parts)
        if len(words) > n and (words[:n] == parts or words[-n:] == parts) and best is None:
            best = (limit + 1, column)
    return best[1] if best else None


def cell_name(row: int, col: int) -> str:
    """``cell_name(3, 28) == "AB3"`` (1-based row and column)."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


@dataclass
class RawSheet:
    """One sheet's table as cell values: ``rows[0]`` is the header.

    ``first_row`` and ``first_col`` (1-based) place ``rows[0][0]`` on the sheet,
    so that problems name the right cell.
    """

    name: str
    rows: list[list[Any]]
    first_row: int = 1
    first_col: int = 1
    problems: list[Issue] = field(default_factory=list)  # found while reading the file


@dataclass
class _Row:
    sheet: str
    number: int  # worksheet row
    values: dict[str, Any]  # contract column -> raw value
    cells: dict[str, str]  # contract column or year label -> "Sheet!Cell"
    years: dict[str, Any]  # year label -> raw value
    extra: dict[str, Any] = field(default_factory=dict)


class _Parser:
    def __init__(self, sheets: Mapping[str, RawSheet]) -> None:
        self.issues: list[Issue] = []
        self.bad_settings: set[str] = set()
        # A contract column missing or misspelt: the model's meaning is not checked,
        # since every row of that sheet would repeat the same problem.
        self.structural = False
        self.headers: dict[str, list[str]] = {}
        for raw in sheets.values():
            self.issues += raw.problems
            self.structural = self.structural or bool(raw.problems)
        self.sheets = self._match_sheets(sheets)

    def add(self, where: str, found: str, expected: str, hint: str = "") -> None:
        self.issues.append(Issue(where, found, expected, hint))

    # -- sheets and headers ----------------------------------------------------
    def _match_sheets(self, given: Mapping[str, RawSheet]) -> dict[str, RawSheet]:
        by_key: dict[str, list[str]] = {}
        for name in given:
            by_key.setdefault(sheet_key(name), []).append(name)
        found: dict[str, RawSheet] = {}
        for layout in SHEETS.values():
            matches = by_key.get(sheet_key(layout.name), [])
            if len(matches) > 1:
                self.add(
                    f"{matches[1]}!A1",
                    "two sheets for " + layout.name + ": " + " and ".join(map(repr, matches)),
                    f"one sheet named {layout.name!r}",
                    "Sheet names match ignoring letter case, spaces and underscores; "
                    "delete or rename one of them.",
                )
            if matches:
                found[layout.name] = given[matches[0]]
            elif not layout.optional:
                near = difflib.get_close_matches(layout.name, list(given), n=1, cutoff=0.6)
                hint = (
                    f"Did you mean {near[0]!r}?" if near else "Add it (see `budgetmodel template`)."
                )
                self.add(layout.name, "no such sheet", f"a sheet named {layout.name!r}", hint)
        return found

    def rows(self, layout: SheetLayout, years: list[str] | None) -> list[_Row]:
        raw = self.sheets.get(layout.name)
        if raw is None or not raw.rows:
            if raw is not None and not raw.problems:
                self.add(f"{layout.name}!A1", "an empty sheet", "a header row")
            return []
        header = raw.rows[0]
        columns: dict[int, str] = {}
        year_cols: dict[str, int] = {}
        extras: dict[int, str] = {}
        for j, h in enumerate(header):
            at = f"{layout.name}!{cell_name(raw.first_row, raw.first_col + j)}"
            text = "" if is_blank(h) else str(h).strip()
            key = re.sub(r"\s+", "_", text.lower())
            key = layout.aliases.get(key, key)
            if key in layout.columns:
                if key in columns.values():
                    self.add(at, f"the column {text!r} twice", "each column once")
                columns[j] = key
            elif (
                layout.years
                and text
                and (
                    isinstance(h, (int, float)) or _YEARISH.match(text) or _YEAR_ATTEMPT.match(text)
                )
            ):
                try:
                    label = format_year(parse_year(h if isinstance(h, (int, float)) else text))
                except ValueError:
                    self.add(
                        at,
                        f"the year header {text[:40]!r}, which is not a financial year",
                        "a financial-year label such as '2014-15'",
                        "Year columns are headed like 2014-15, 2014/15, 2014-2015 or 2014.",
                    )
                    continue
                if years is not None and label in year_cols:
                    self.add(at, f"a second column for {label}", f"one column for {label}")
                elif years is not None and label in years:
                    year_cols[label] = j
                else:  # a year outside the model's range travels as an extra column
                    extras[j] = text
            elif text:
                extras[j] = text
        header_ref = f"{layout.name}!{cell_name(raw.first_row, raw.first_col)}"
        explained: set[str] = set()
        for j, text in extras.items():
            if _YEARISH.match(text):
                continue
            free = [c for c in layout.columns if c not in columns.values() and c not in explained]
            near = near_column(text, free)
            if near is not None:
                explained.add(near)
                self.structural = True
                self.add(
                    f"{layout.name}!{cell_name(raw.first_row, raw.first_col + j)}",
                    f"the header {text[:40]!r}",
                    f"the contract column {near!r}",
                    f"Rename it {near!r}: it looks like a misspelling of {near!r}, which would "
                    "otherwise be read as missing. (Other columns, such as source or notes, "
                    "are kept.)",
                )
        for need in layout.required:
            if need not in columns.values() and need not in explained:
                self.structural = True
                near_header = difflib.get_close_matches(need, [str(h) for h in header if h], n=1)
                self.add(
                    header_ref,
                    f"no column {need!r}",
                    f"a column headed {need!r} in row {raw.first_row}",
                    f"Did you mean {near_header[0]!r}?" if near_header else "",
                )
        if years is not None:
            missing = [y for y in years if y not in year_cols]
            if missing:
                self.add(
                    f"{layout.name}!{cell_name(raw.first_row, raw.first_col)}",
                    "no column for " + ", ".join(missing),
                    f"year columns {years[0]} to {years[-1]}",
                )
        self.headers[layout.name] = [
            columns.get(j) or extras.get(j) or next((y for y, c in year_cols.items() if c == j), "")
            for j in range(len(header))
        ]
        body = raw.rows[1:]
        while body and _blank_row(body[-1]):
            body = body[:-1]
        out = []
        in_blank_run = False
        # Column letters once per sheet, not once per cell.
        letters = [cell_name(1, raw.first_col + j)[:-1] for j in range(len(header))]
        missing_at = dict.fromkeys((*layout.columns, *(years or ())), header_ref)
        for i, cells in enumerate(body):
            number = raw.first_row + 1 + i
            if _blank_row(cells):
                if not in_blank_run:  # a run of blank rows is one problem
                    self.add(
                        f"{layout.name}!{cell_name(number, raw.first_col)}",
                        "a blank row",
                        "no blank rows inside a table",
                        "Delete the row or fill it.",
                    )
                in_blank_run = True
                continue
            in_blank_run = False

            padded = list(cells) + [None] * (len(header) - len(cells))
            prefix = f"{layout.name}!"
            suffix = str(number)
            out.append(
                _Row(
                    sheet=layout.name,
                    number=number,
                    values={c: padded[j] for j, c in columns.items()},
                    cells={
                        # a missing column is located at the header, where it was reported
                        **missing_at,
                        **{c: prefix + letters[j] + suffix for j, c in columns.items()},
                        **{y: prefix + letters[j] + suffix for y, j in year_cols.items()},
                        "_row": prefix + letters[0] + suffix,
                    },
                    years={y: padded[j] for y, j in year_cols.items()},
                    extra={name: padded[j] for j, name in extras.items()},
                )
            )
        self._needed_columns(layout, set(columns.values()) | explained, out, header_ref)
        return out

    def _needed_columns(
        self, layout: SheetLayout, present: set[str], rows: list[_Row], header_ref: str
    ) -> None:
        """A missing optional column whose default would change the numbers is an error."""
        if not rows:
            return
        for column, (applies, meaning) in _NEEDED_COLUMNS.get(layout.name, {}).items():
            if column in layout.columns and column not in present and applies(rows):
                self.structural = True
                self.add(
                    header_ref,
                    f"no column {column!r}",
                    f"a column headed {column!r}",
                    f"Without it {meaning}, which changes the numbers. Add the column "
                    "(its cells may be blank where that is meant).",
                )

    # -- cells -----------------------------------------------------------------
    def number(self, row: _Row, key: str, *, required: bool = False) -> float | None:
        try:
            value = as_number(row.values.get(key) if key in row.values else row.years.get(key))
        except CellProblem as err:
            self.add(row.cells.get(key, row.cells["_row"]), str(err), "a number")
            return None
        # a missing column was reported once, at the header; not again for every row
        present = key in row.values or key in row.years
        if value is None and required and present:
            self.add(row.cells.get(key, row.cells["_row"]), "a blank cell", f"a number in {key}")
        return value

    def text(self, row: _Row, key: str, *, required: bool = False) -> str | None:
        try:
            value = as_text(row.values.get(key))
        except CellProblem as err:
            self.add(row.cells.get(key, row.cells["_row"]), str(err), f"text in {key}")
            return None
        if value is None and required and key in row.values:
            self.add(row.cells.get(key, row.cells["_row"]), "a blank cell", f"a value in {key}")
        return value

    def series(self, row: _Row, years: list[str]) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for label, raw in row.years.items():  # only the model's years are in row.years
            if type(raw) is float and raw - raw == 0.0 and abs(raw) <= MAX_MAGNITUDE:
                out[label] = raw  # the common case, without a call per cell
            else:
                out[label] = None if raw is None else self.number(row, label)
        return out

    # -- Settings --------------------------------------------------------------
    def settings(self) -> tuple[dict[str, Any], dict[str, str], dict[str, dict[str, Any]]]:
        values: dict[str, Any] = {}
        where: dict[str, str] = {}
        extra: dict[str, dict[str, Any]] = {}
        for row in self.rows(SHEETS["Settings"], None):
            name = (self.text(row, "setting", required=True) or "").lower()
            if not name:
                continue
            where[name] = row.cells["value"] if "value" in row.cells else row.cells["_row"]
            if name in values:
                self.add(row.cells["setting"], f"the setting {name!r} twice", "each setting once")
            values[name] = row.values.get("value")
            # Unknown settings travel with the model, value included, so nothing is lost.
            if name not in SETTINGS:
                extra[name] = {"value": values[name], **row.extra}
            elif any(not is_blank(v) for v in row.extra.values()):
                extra[name] = row.extra
        out: dict[str, Any] = {}
        for name, required in SETTINGS.items():
            raw = values.get(name)
            at = where.get(name, "Settings")
            if is_blank(raw):
                if required or name in _WORKBOOK_SETTINGS:
                    self.bad_settings.add(name)
                    self.add(
                        at,
                        f"no {name}",
                        f"a {name} row with a value"
                        + (": £, £000 or £m" if name == "money_unit" else ""),
                        "A workbook must say its money unit; nothing is assumed."
                        if name == "money_unit"
                        else "",
                    )
                continue
            try:
                out[name] = self._setting(name, raw)
            except (ValueError, CellProblem) as err:
                self.bad_settings.add(name)
                shown = (
                    repr(raw)
                    if not isinstance(raw, str) or len(raw) <= 40
                    else repr(raw[:37] + "...")
                )
                self.add(at, shown, _SETTING_EXPECTED[name], str(err))
        return out, where, extra

    @staticmethod
    def _setting(name: str, raw: Any) -> Any:
        if name == "base_year":
            return parse_year(raw)
        if name == "horizon":
            number = as_number(raw)
            if number is None or not number.is_integer() or not 1 <= number <= MAX_HORIZON:
                raise ValueError("")
            return int(number)
        if name == "money_unit":
            key = str(raw).strip().lower().replace(" ", "")
            if key not in MONEY_UNIT_ALIASES:
                raise ValueError("")
            return MONEY_UNIT_ALIASES[key]
        if name in ("base_budget", "discount_rate"):
            return as_number(raw)
        return as_text(raw)


_SETTING_EXPECTED = {
    "base_year": "a base_year: a financial year such as '2013-14'",
    "horizon": f"a horizon: a whole number of years from 1 to {MAX_HORIZON}",
    "money_unit": "a money_unit: £, £000 or £m",
    "base_budget": "a base_budget: an amount in the money unit",
    "discount_rate": "a discount_rate: a fraction such as 0.035 (3.5%)",
    "authority": "an authority: text",
    "deflator": "a deflator: a price category",
}


def _any_type(kind: str) -> Callable[[list[_Row]], bool]:
    def applies(rows: list[_Row]) -> bool:
        return any(str(r.values.get("type") or "").strip().lower() == kind for r in rows)

    return applies


def _always(rows: list[_Row]) -> bool:
    return True


#: Optional columns whose absence would silently change the numbers: sheet -> column ->
#: (whether it matters for these rows, what its absence would mean).
_NEEDED_COLUMNS: dict[str, dict[str, tuple[Callable[[list[_Row]], bool], str]]] = {
    "CostLines": {
        "inflation": (_always, "every line would be read as never inflated (category none)"),
    },
    "Improvement": {
        "inflation": (_always, "every initiative would be read as never inflated (category none)"),
    },
}


def _where(row: _Row) -> dict[str, str]:
    return row.cells  # each row has its own


def _builder(p: _Parser, layout: SheetLayout, years: list[str]) -> Callable[[_Row], Any]:
    """A function making one record of ``layout`` from a row, as the layout declares."""
    assert layout.record is not None
    record = layout.record

    # What each column needs, worked out once per sheet rather than once per cell.
    plan = [
        (
            column,
            attribute,
            column in layout.required,
            column in layout.numeric,
            column in layout.lower,
            layout.defaults.get(
                column, None if column in layout.nullable or column in layout.numeric else ""
            ),
        )
        for column, attribute in layout.fields.items()
    ]

    def build(row: _Row) -> Any:
        kwargs: dict[str, Any] = {}
        for column, attribute, required, numeric, lower, default in plan:
            if numeric:
                value: Any = p.number(row, column, required=required)
                if value is None and required:
                    value = 0.0
            else:
                value = p.text(row, column, required=required)
                if value is not None and lower:
                    value = value.lower()
            kwargs[attribute] = default if value is None else value
        if layout.series:
            kwargs[layout.series] = p.series(row, years)
        return record(**kwargs, extra=row.extra, where=_where(row))

    return build


def parse_sheets(sheets: Mapping[str, RawSheet]) -> Model:
    """Build a validated `Model` from in-memory sheets.

    Raises
    ------
    InputError
        Listing every problem found, each with its ``Sheet!Cell``.
    """
    p = _Parser(sheets)
    settings, settings_where, settings_extra = p.settings()
    if "base_year" not in settings or "horizon" in p.bad_settings:
        raise InputError(p.issues)  # without the years, no sheet can be read
    base_year, horizon = settings["base_year"], settings.get("horizon", 5)
    years = [format_year(base_year + t) for t in range(horizon + 1)]
    records: dict[str, list[Any]] = {}

    def each(sheet: str, build: Callable[[_Row], Any], with_years: bool = False) -> list[Any]:
        out = []
        for row in p.rows(SHEETS[sheet], years if with_years else None):
            record = build(row)
            if record is not None:
                out.append(record)
        return out

    for layout in SHEETS.values():
        if layout.record is not None:
            records[layout.attribute] = each(layout.name, _builder(p, layout, years), layout.years)
    spec = s.ModelSpec(
        base_year=base_year,
        horizon=horizon,
        authority=settings.get("authority") or "",
        money_unit=settings.get("money_unit", "£"),
        deflator=settings.get("deflator") or "none",
        base_budget=settings.get("base_budget"),
        discount_rate=settings.get("discount_rate", 0.035),
        **records,
    )
    spec.where_settings = settings_where
    spec.settings_extra = settings_extra
    spec.sheet_columns = p.headers
    if p.structural:
        raise InputError(p.issues)
    # A cell already reported as unreadable is not reported again as blank.
    unreadable = {issue.where for issue in p.issues}
    issues = p.issues + [i for i in validate(spec) if i.where not in unreadable]
    if issues:
        raise InputError(issues)
    return Model._from_spec(spec)
