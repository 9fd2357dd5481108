"""Input workbooks written by the tests' own writer (XlsxWriter), independent of the
library's: a model laid out as the contract's sheets (`layout`), written in legal or
malformed variants (`write_xlsx`, `put`, `drop_column`), read back and compared."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import xlsxwriter

import budgetmodel as bm

FRAMES = ("lines", "drivers", "bridge", "summary", "workforce")
Sheets = dict[str, list[list[Any]]]


# -- laying a model out as the workbook contract ----------------------------------------------
def year_header(start: int, style: str) -> Any:
    """A year column's heading in one of the spellings the contract allows."""
    end = start + 1
    return {
        "label": f"{start}-{end % 100:02d}",
        "slash": f"{start}/{end % 100:02d}",
        "long": f"{start}-{end}",
        "int": start,
    }[style]


def layout(model: bm.Model, *, years: str = "label") -> dict[str, list[list[Any]]]:
    """Every input sheet of ``model`` as rows of cell values, header first, in the model's
    own money unit; extra columns (a record's ``extra``) follow the contract's columns."""
    labels = [year_header(model.base_year + t, years) for t in range(model.horizon + 1)]

    def table(
        fixed: list[str],
        records: Any,
        cells: Callable[[Any], list[Any]],
        series: Callable[[Any], Any] | None = None,
    ) -> list[list[Any]]:
        extras = list(dict.fromkeys(key for r in records for key in r.extra))
        header = fixed + (labels if series else []) + extras
        rows = [header]
        for r in records:
            rows.append(
                cells(r)
                + (list(series(r)) if series else [])
                + [r.extra.get(key) for key in extras]
            )
        return rows

    settings = [
        ["setting", "value"],
        ["authority", model.authority],
        ["base_year", year_header(model.base_year, years)],
        ["horizon", model.horizon],
        ["money_unit", model.money_unit],
        ["deflator", model.deflator],
    ]
    if model.base_budget is not None:
        settings.append(["base_budget", model.base_budget])
    sheets = {
        "Settings": settings,
        "Populations": table(
            ["population_id", "name"],
            model.populations,
            lambda r: [r.id, r.name],
            lambda r: r.values,
        ),
        "Drivers": table(
            ["driver_id", "name", "unit", "method", "basis", "base_volume"],
            model.drivers,
            lambda r: [r.id, r.name, r.unit, r.method, r.basis, r.base_volume],
        ),
        "DriverAssumptions": table(
            ["driver_id", "parameter"],
            model.driver_assumptions,
            lambda r: [r.driver_id, r.parameter],
            lambda r: r.values,
        ),
        "CostLines": table(
            [
                "line_id",
                "name",
                "service_area",
                "type",
                "driver_id",
                "inflation",
                "unit_cost",
                "base_cost",
                "cost_per_fte",
                "agency_premium",
            ],
            model.cost_lines,
            lambda r: [
                r.id,
                r.name,
                r.service_area,
                r.type,
                r.driver_id,
                r.inflation,
                r.unit_cost,
                r.base_cost,
                r.cost_per_fte,
                r.agency_premium,
            ],
        ),
        "CostAssumptions": table(
            ["line_id", "parameter"],
            model.cost_assumptions,
            lambda r: [r.line_id, r.parameter],
            lambda r: r.values,
        ),
        "Improvement": table(
            ["initiative_id", "name", "service_area", "kind", "inflation"],
            model.improvements,
            lambda r: [r.initiative_id, r.name, r.service_area, r.kind, r.inflation],
            lambda r: r.amounts,
        ),
        "Effects": table(
            ["initiative_id", "driver_id", "effect"],
            model.effects,
            lambda r: [r.initiative_id, r.target, r.value],  # the version-1 layout
            lambda r: r.phasing,
        ),
        "Inflation": table(
            ["scenario", "category"],
            model.inflation,
            lambda r: [r.scenario, r.category],
            lambda r: r.rates,
        ),
        "Funding": table(
            ["funding_id", "name"], model.funding, lambda r: [r.id, r.name], lambda r: r.values
        ),
        "Scenarios": table(
            ["scenario", "inflation_scenario", "initiatives", "description"],
            model.scenarios,
            lambda r: [r.name, r.inflation_scenario, r.initiatives, r.description],
        ),
    }
    if model.overrides:
        sheets["Overrides"] = table(
            ["scenario", "driver_id", "parameter"],
            model.overrides,
            lambda r: [r.scenario, r.target, r.parameter],
            lambda r: r.values,
        )
    return sheets


class ExcelError:
    """A formula cell whose stored value is an Excel error, as Excel saves it."""

    def __init__(self, code: str, formula: str = "=1/0") -> None:
        self.code, self.formula = code, formula


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    order: list[str] | None = None,
    tables: bool = False,
    at: tuple[int, int] = (0, 0),
    above: str | None = None,
    totals: tuple[str, ...] = (),
) -> Path:
    """Write ``sheets`` to ``path``: plain ranges from A1, or Excel Tables whose top-left
    cell is ``at`` (0-based row, column), with ``above`` as a title cell in A1. The
    Tables of the sheets named in ``totals`` get Excel's totals row (sums, stored)."""
    book = xlsxwriter.Workbook(str(path))
    for name in order or list(sheets):
        ws = book.add_worksheet(name)
        rows = sheets[name]
        r0, c0 = at if tables else (0, 0)
        if above is not None:
            ws.write_string(0, 0, above)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, ExcelError):
                    ws.write_formula(r0 + i, c0 + j, value.formula, None, value.code)
                elif isinstance(value, str):
                    ws.write_string(r0 + i, c0 + j, value)
                else:
                    ws.write_number(r0 + i, c0 + j, value)
        if tables:
            width = max(len(row) for row in rows)
            columns: list[dict[str, Any]] = [{"header": str(h)} for h in rows[0]]
            if name in totals:
                columns[0]["total_string"] = "Total"
                for j, column in enumerate(columns[1:], start=1):
                    values = [row[j] for row in rows[1:]]
                    if all(isinstance(v, (int, float)) for v in values):
                        column.update(total_function="sum", total_value=sum(values))
            ws.add_table(
                r0,
                c0,
                r0 + len(rows) - 1 + (name in totals),
                c0 + width - 1,
                {
                    "columns": columns,
                    "name": f"t_{name}",
                    "autofilter": False,
                    "total_row": name in totals,
                },
            )
    book.close()
    return path


def put(sheets: dict[str, list[list[Any]]], ref: str, value: Any, key: Any, header: Any) -> None:
    """Set the cell ``ref`` ("Sheet!F4", of a layout at A1) after checking that its row
    starts with ``key`` and its column is headed ``header``, so cases stay honest."""
    sheet, cell = ref.split("!")
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()  # type: ignore[union-attr]
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    row, col = int(digits) - 1, col - 1
    rows = sheets[sheet]
    assert rows[row][0] == key and rows[0][col] == header, (rows[row][0], rows[0][col])
    rows[row][col] = value


def drop_column(sheets: dict[str, list[list[Any]]], sheet: str, header: Any) -> None:
    j = sheets[sheet][0].index(header)
    for row in sheets[sheet]:
        del row[j]


# -- comparing models and results -------------------------------------------------------------
def assert_same_model(read: bm.Model, built: bm.Model, *, extra: bool = True) -> None:
    """Every setting and table equal, each record's ``extra`` too unless ``extra=False``."""
    for name in (
        "authority",
        "base_year",
        "horizon",
        "money_unit",
        "deflator",
        "base_budget",
        "populations",
        "drivers",
        "driver_assumptions",
        "cost_lines",
        "cost_assumptions",
        "improvements",
        "effects",
        "inflation",
        "funding",
        "scenarios",
        "overrides",
    ):
        a, b = getattr(read, name), getattr(built, name)
        if not extra and isinstance(a, tuple):
            a, b = ([dataclasses.replace(r, extra={}) for r in x] for x in (a, b))
        assert a == b, name
    if extra:
        assert read == built


def assert_same_results(a: bm.Result, b: bm.Result, *, rtol: float = 0.0) -> None:
    for name in FRAMES:
        left, right = getattr(a, name), getattr(b, name)
        if rtol == 0.0:
            pd.testing.assert_frame_equal(left, right, check_exact=True)
        else:
            # A step such as inflation is a difference of large totals, so its error is
            # relative to the largest amount in the frame, not to the step itself.
            numeric = right.select_dtypes("number").abs()
            scale = float(numeric.to_numpy().max()) if numeric.size else 0.0
            pd.testing.assert_frame_equal(left, right, rtol=rtol, atol=max(1e-9, rtol * scale))


def read_back(tmp_path: Path, sheets: dict[str, list[list[Any]]], **options: Any) -> bm.Model:
    return bm.read_workbook(write_xlsx(tmp_path / "input.xlsx", sheets, **options))


# -- the issues of a malformed workbook -------------------------------------------------------
def issues_of(path: Path) -> tuple[bm.Issue, ...]:
    with pytest.raises(bm.InputError) as info:
        bm.read_workbook(path)
    assert info.value.issues, "an InputError must list at least one issue"
    return info.value.issues


def issues_at(issues: tuple[bm.Issue, ...], where: str) -> list[bm.Issue]:
    found = [i for i in issues if i.where == where]
    assert found, f"no issue at {where!r}; got:\n" + "\n".join(map(str, issues))
    return found
