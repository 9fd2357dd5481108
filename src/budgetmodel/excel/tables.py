"""A model laid out as the input sheets: the inverse of `parse`.

Each sheet keeps the column order it was read with (extra columns such as
``source`` included); a model built in Python gets the contract's order. A table
also says where it sits on its sheet: at A1 as written from the model, or where
the user had it when the input sheet is carried (`inputcarry`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .._model import Model
from .._years import format_year
from .layout import SHEETS

__all__ = ["InputTable", "input_tables"]


@dataclass(frozen=True)
class InputTable:
    """One input sheet: header texts and rows of cell values, and where they sit.

    ``where`` holds, for each row, the cells the reader found it in (field or year
    label to ``"Sheet!Cell"``; empty for a record made in Python). ``title`` is the
    worksheet's name, ``row_at`` the 0-based worksheet row of each row and
    ``column_at`` the 0-based worksheet column of each header entry; by default the
    header is in row 1 from column A and the rows follow it.
    """

    name: str
    header: list[str]
    rows: list[list[Any]]
    money: frozenset[str]  # columns (or year labels) holding money
    years: tuple[str, ...]  # the year columns
    where: tuple[dict[str, str], ...] = ()
    title: str = ""
    header_row: int = 0
    row_at: tuple[int, ...] = ()
    column_at: dict[str, int] = field(default_factory=dict)

    @property
    def sheet(self) -> str:
        """The worksheet's name (the contract's name unless carried under the user's)."""
        return self.title or self.name

    def row(self, i: int) -> int:
        """The 0-based worksheet row of row ``i``."""
        return self.row_at[i] if self.row_at else self.header_row + 1 + i

    def column(self, name: str) -> int:
        """The 0-based worksheet column of the header entry ``name``."""
        if self.column_at:
            return self.column_at[name]
        return self.header.index(name)

    def placed(
        self, title: str, header_row: int, row_at: list[int], column_at: dict[str, int]
    ) -> InputTable:
        """This table as it sits on a carried sheet."""
        return replace(
            self,
            title=title,
            header_row=header_row,
            row_at=tuple(row_at),
            column_at=dict(column_at),
        )


def _defaulted(layout: Any, column: str, records: Any) -> bool:
    """Whether an optional column left out of a workbook would read back as every
    record holds it (a version-1 sheet without ``kind``, ``cost_per``, ``change``...)."""
    if column in layout.required or column not in layout.fields:
        return False
    default = layout.defaults.get(column, None if column in layout.nullable else "")
    attribute = layout.fields[column]
    return all(getattr(r, attribute) in (default, None, "") for r in records)


def _header(model: Model, sheet: str, extras: list[str], records: Any = ()) -> list[str]:
    layout = SHEETS[sheet]
    given = model.sheet_columns.get(sheet)
    years = model.years if layout.years else []
    if given:
        header = [h for h in given if h]
        missing = [
            c
            for c in (*layout.columns, *years)
            if c not in header and not _defaulted(layout, c, records)
        ]
        return header + missing + [e for e in extras if e not in header]
    return [*layout.columns, *years, *extras]


def _extras(records: Any) -> list[str]:
    seen: dict[str, None] = {}
    for r in records:
        for key in r.extra:
            seen.setdefault(key, None)
    return list(seen)


def _settings(model: Model) -> InputTable:
    rows: list[tuple[str, Any]] = [
        ("authority", model.authority or None),
        ("base_year", format_year(model.base_year)),
        ("horizon", model.horizon),
        ("money_unit", model.money_unit),
        ("deflator", model.deflator),
    ]
    if model.base_budget is not None:
        rows.append(("base_budget", model.base_budget))
    if model.discount_rate != 0.035 or "discount_rate" in model.where_settings:
        rows.append(("discount_rate", model.discount_rate))
    known = {name for name, _ in rows}
    rows += [
        (name, extra.get("value"))
        for name, extra in model.settings_extra.items()
        if name not in known
    ]
    extras = _extras_from(model.settings_extra.values(), skip={"value"})
    header = _header(model, "Settings", extras)
    out = []
    where = []
    for name, value in rows:
        at = model.where_settings.get(name) if model.where_settings else None
        where.append({"value": at} if at else {})
        extra = model.settings_extra.get(name, {})
        cells = {
            "setting": name,
            "value": value,
            **{k: v for k, v in extra.items() if k != "value"},
        }
        out.append([cells.get(h) for h in header])
    return InputTable(
        "Settings", header, out, frozenset({"value:base_budget"}), (), where=tuple(where)
    )


def _extras_from(extras: Any, skip: set[str]) -> list[str]:
    seen: dict[str, None] = {}
    for extra in extras:
        for key in extra:
            if key not in skip:
                seen.setdefault(key, None)
    return list(seen)


def input_tables(model: Model) -> list[InputTable]:
    """Every input sheet of ``model``, in the contract's order.

    ``Overrides`` is included only when the model has overrides or was read
    from a workbook that had the sheet.
    """
    tables = [_settings(model)]
    for layout in SHEETS.values():
        if layout.record is None:
            continue
        sheet = layout.name
        records = getattr(model, layout.attribute)
        if layout.optional and not records and sheet not in model.sheet_columns:
            continue
        fields = layout.fields
        header = _header(model, sheet, _extras(records), records)
        series_attr = layout.series
        rows = []
        where = []
        for r in records:
            where.append(dict(r.where))
            cells: dict[str, Any] = {col: getattr(r, attr_) for col, attr_ in fields.items()}
            if series_attr:
                cells.update(zip(model.years, getattr(r, series_attr), strict=True))
            cells.update(r.extra)
            rows.append([cells.get(h) for h in header])
        money = set(layout.money) | (set(model.years) if layout.money_years else set())
        tables.append(
            InputTable(
                sheet,
                header,
                rows,
                frozenset(money),
                tuple(model.years) if layout.years else (),
                where=tuple(where),
            )
        )
    return tables
