"""``read_workbook`` on real .xlsx files written with XlsxWriter (DESIGN.md, "Workbook contract").

A small hand-made model is laid out as the contract's sheets by :func:`layout`
(this file's own writer, independent of the library's), written in several
legal variants (sheet order, Excel Tables, extra columns, year spellings, money
units, numbers typed as text, a Table away from A1) and read back; then malformed
variants, each of which must give one ``InputError`` naming the right ``Sheet!Cell``.
"""

from __future__ import annotations

import dataclasses
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import budgetmodel as bm

from ..strategies import models

SCALES = {"£": 1.0, "£000": 1_000.0, "£m": 1_000_000.0}
FRAMES = ("lines", "drivers", "bridge", "summary", "workforce")


# -- the hand-made model ----------------------------------------------------------------------
def hand_model(money_unit: str = "£", *, extra: bool = False) -> bm.Model:
    """Base year 2014-15, horizon 3: every method, line type and initiative kind, two
    inflation scenarios, an override. Money is given in pounds and divided by the
    unit's scale (a division, so that round figures stay exact)."""
    k = SCALES[money_unit]

    def x(source: str) -> dict[str, Any]:
        return {"source": source, "notes": "checked"} if extra else {}

    return bm.Model(
        base_year="2014-15",
        horizon=3,
        authority="Testshire",
        money_unit=money_unit,
        deflator="gdp",
        populations=[
            bm.Population(
                "children",
                [250_000, 252_000, 254_500, 257_000],
                name="Children 0-17",
                extra=x("ONS SNPP 2012"),
            )
        ],
        drivers=[
            bm.Driver(
                "cla",
                "rate",
                1801,
                basis="children",
                name="Children looked after",
                unit="children",
                extra=x("SSDA903"),
            ),
            bm.Driver(
                "resi",
                "share",
                180,
                basis="cla",
                name="Residential",
                unit="children",
                extra=x("SSDA903"),
            ),
            bm.Driver(
                "cin", "growth", 6000, name="Children in need", unit="cases", extra=x("CIN census")
            ),
            bm.Driver(
                "cp",
                "stock_flow",
                900,
                name="Child protection plans",
                unit="children",
                extra=x("CIN census"),
            ),
            bm.Driver(
                "leavers",
                "explicit",
                500,
                name="Care leavers",
                unit="young people",
                extra=x("local"),
            ),
        ],
        driver_assumptions=[
            bm.DriverAssumption("cla", "rate_change", [0.02, 0.01, 0.0], extra=x("trend")),
            bm.DriverAssumption("resi", "share", [None, 0.09, None], extra=x("plan")),
            bm.DriverAssumption("cin", "growth", [0.03, 0.03, 0.025], extra=x("trend")),
            bm.DriverAssumption("cp", "entries", [1000, 1000, 950], extra=x("trend")),
            bm.DriverAssumption("cp", "exit_rate", [0.5, 0.55, 0.6], extra=x("trend")),
            bm.DriverAssumption("leavers", "volume", [520, 540, 560], extra=x("forecast")),
        ],
        cost_lines=[
            bm.CostLine(
                "placements",
                "activity",
                "placements",
                name="Placements",
                service_area="Looked after",
                driver_id="cla",
                unit_cost=40_000 / k,
                extra=x("ledger"),
            ),
            bm.CostLine(
                "resi_homes",
                "activity",
                "placements",
                name="Residential homes",
                service_area="Looked after",
                driver_id="resi",
                base_cost=36_000_000 / k,
                extra=x("ledger"),
            ),
            bm.CostLine(
                "social_workers",
                "staffing",
                "pay",
                name="Social workers",
                service_area="Assessment",
                driver_id="cin",
                cost_per_fte=45_000 / k,
                agency_premium=0.5,
                extra=x("HR"),
            ),
            bm.CostLine(
                "management",
                "fixed",
                "pay",
                name="Management",
                service_area="Support",
                base_cost=5_000_000 / k,
                extra=x("ledger"),
            ),
            bm.CostLine(
                "leaving_care",
                "activity",
                "none",
                name="Leaving care",
                service_area="Looked after",
                driver_id="leavers",
                unit_cost=8_000 / k,
                extra=x("ledger"),
            ),
        ],
        cost_assumptions=[
            bm.CostAssumption("social_workers", "caseload", [18, 17, 16, 15], extra=x("HR")),
            bm.CostAssumption(
                "social_workers", "agency_share", [0.3, 0.25, 0.2, 0.15], extra=x("HR")
            ),
        ],
        improvements=[
            bm.Improvement(
                "early_help",
                "recurring",
                [None, 1_000_000 / k, 1_500_000 / k, 1_500_000 / k],
                name="Early help",
                service_area="Prevention",
                inflation="pay",
                extra=x("plan"),
            ),
            bm.Improvement(
                "it",
                "one_off",
                [None, 2_000_000 / k, 500_000 / k, 0],
                name="Case system",
                service_area="Support",
                inflation="none",
                extra=x("plan"),
            ),
            bm.Improvement(
                "early_help",
                "saving",
                [None, 0, 500_000 / k, 1_200_000 / k],
                name="Early help",
                service_area="Prevention",
                inflation="placements",
                extra=x("plan"),
            ),
        ],
        effects=[
            bm.Effect("early_help", "cin", -0.05, phasing=[None, 0.5, 1, 1], extra=x("plan")),
            bm.Effect("edge", "cla", -0.1, phasing=[None, 0.25, 0.75, 1], extra=x("plan")),
        ],
        inflation=[
            bm.InflationRate(s, c, [None, *rates], extra=x("OBR"))
            for s, table in {
                "central": {
                    "pay": [0.01, 0.02, 0.02],
                    "placements": [0.03, 0.03, 0.03],
                    "gdp": [0.015, 0.02, 0.02],
                },
                "high": {
                    "pay": [0.03, 0.035, 0.04],
                    "placements": [0.05, 0.05, 0.04],
                    "gdp": [0.03, 0.03, 0.03],
                },
            }.items()
            for c, rates in table.items()
        ],
        funding=[
            bm.Funding(
                "core",
                [150_000_000 / k, 152_000_000 / k, 153_000_000 / k, 154_000_000 / k],
                name="Core budget",
                extra=x("MTFS"),
            ),
            bm.Funding(
                "grant",
                [0, 2_000_000 / k, 2_000_000 / k, 1_000_000 / k],
                name="Improvement grant",
                extra=x("DfE"),
            ),
        ],
        scenarios=[
            bm.Scenario(
                "plan", "central", "all", description="The improvement plan", extra=x("board")
            ),
            bm.Scenario("no_plan", "central", "none", description="No plan", extra=x("board")),
            bm.Scenario(
                "high", "high", "early_help, edge", description="High inflation", extra=x("board")
            ),
        ],
        overrides=[
            bm.Override("high", "cin", "growth", [None, 0.05, 0.05, 0.05], extra=x("sensitivity"))
        ],
    )


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


# -- comparing models and results ------------------------------------------------------------
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


@pytest.fixture(scope="module")
def built() -> bm.Model:
    return hand_model()


@pytest.fixture(scope="module")
def built_result(built: bm.Model) -> bm.Result:
    return built.run()


# -- legal variants -----------------------------------------------------------------------------
class TestReadsAsBuilt:
    def test_plain_ranges(self, tmp_path: Path, built: bm.Model, built_result: bm.Result) -> None:
        read = read_back(tmp_path, layout(built))
        assert_same_model(read, built)
        assert_same_results(read.run(), built_result)

    def test_read_equals_built(self, tmp_path: Path, built: bm.Model) -> None:
        read = read_back(tmp_path, layout(built))
        assert read == built
        assert read.settings_extra == {}

    def test_sheet_order_does_not_matter(
        self, tmp_path: Path, built: bm.Model, built_result: bm.Result
    ) -> None:
        sheets = layout(built)
        order = list(sheets)
        random.Random(20240501).shuffle(order)
        assert order != list(sheets)
        read = read_back(tmp_path, sheets, order=order)
        assert_same_model(read, built)
        assert_same_results(read.run(), built_result)
        read = read_back(tmp_path, sheets, order=list(reversed(sheets)))
        assert_same_model(read, built)

    def test_excel_tables(self, tmp_path: Path, built: bm.Model, built_result: bm.Result) -> None:
        path = write_xlsx(tmp_path / "tables.xlsx", layout(built), tables=True)
        with zipfile.ZipFile(path) as z:  # the tables are really there
            assert sum(n.startswith("xl/tables/table") for n in z.namelist()) == 12
        read = bm.read_workbook(path)
        assert_same_model(read, built)
        assert_same_results(read.run(), built_result)

    def test_table_away_from_a1_is_read_from_its_range(
        self, tmp_path: Path, built: bm.Model, built_result: bm.Result
    ) -> None:
        read = read_back(
            tmp_path,
            layout(built),
            tables=True,
            at=(3, 2),
            above="Title text that is not part of the table",
        )
        assert_same_model(read, built)
        assert_same_results(read.run(), built_result)

    def test_table_totals_row_is_not_a_record(
        self, tmp_path: Path, built: bm.Model, built_result: bm.Result
    ) -> None:
        path = write_xlsx(
            tmp_path / "totals.xlsx", layout(built), tables=True, totals=("Funding", "Populations")
        )
        read = bm.read_workbook(path)
        assert [f.id for f in read.funding] == ["core", "grant"]
        assert_same_model(read, built)
        assert_same_results(read.run(), built_result)

    def test_extra_columns_are_kept(self, tmp_path: Path) -> None:
        built = hand_model(extra=True)
        sheets = layout(built)
        # Put "source" between the contract's columns as well, not only at the end.
        for rows in sheets.values():
            if "source" in rows[0]:
                j = rows[0].index("source")
                for row in rows:
                    row.insert(1, row.pop(j))
        assert sheets["Drivers"][0][:3] == ["driver_id", "source", "name"]
        read = read_back(tmp_path, sheets)
        assert_same_model(read, built)
        assert read.drivers[0].extra == {"source": "SSDA903", "notes": "checked"}
        assert read.overrides[0].extra == {"source": "sensitivity", "notes": "checked"}
        assert_same_results(read.run(), hand_model().run())

    @pytest.mark.parametrize("style", ["slash", "long", "int"])
    def test_year_header_spellings(
        self, tmp_path: Path, built: bm.Model, built_result: bm.Result, style: str
    ) -> None:
        sheets = layout(built, years=style)
        assert (
            sheets["Funding"][0][2] == {"slash": "2014/15", "long": "2014-2015", "int": 2014}[style]
        )
        read = read_back(tmp_path, sheets)
        assert_same_model(read, built)
        assert_same_results(read.run(), built_result)

    def test_integer_year_headers_in_a_table(self, tmp_path: Path, built: bm.Model) -> None:
        # A Table's headers are text: 2014 is stored as "2014".
        assert_same_model(read_back(tmp_path, layout(built, years="int"), tables=True), built)

    @pytest.mark.parametrize("unit", ["£000", "£m"])
    def test_money_unit(self, tmp_path: Path, built_result: bm.Result, unit: str) -> None:
        built = hand_model(unit)
        sheets = layout(built)
        assert sheets["CostLines"][1][6] == 40_000 / SCALES[unit]
        read = read_back(tmp_path, sheets)
        assert read.money_unit == unit
        assert_same_model(read, built)
        assert_same_results(read.run(), built.run())
        # In pounds, the same budget as the model entered in £.
        assert_same_results(read.run(), built_result, rtol=1e-9)

    def test_years_outside_the_model_are_ignored(
        self, tmp_path: Path, built: bm.Model, built_result: bm.Result
    ) -> None:
        sheets = layout(built)
        for rows in sheets.values():
            if "2014-15" in rows[0]:
                rows[0][2:2] = ["2013-14"]  # the year before the base year
                rows[0].append("2018-19")  # one year past the horizon
                for row in rows[1:]:
                    row[2:2] = [-1.0]
                    row.append(99.0)
        read = read_back(tmp_path, sheets)
        assert_same_model(read, built, extra=False)
        assert_same_results(read.run(), built_result)

    def test_numbers_typed_as_text(
        self, tmp_path: Path, built: bm.Model, built_result: bm.Result
    ) -> None:
        sheets = layout(built)
        put(sheets, "Drivers!F2", "1,801", "cla", "base_volume")
        put(sheets, "Drivers!F4", " 6,000 ", "cin", "base_volume")
        put(sheets, "DriverAssumptions!D2", "2%", "cla", "2015-16")
        put(sheets, "DriverAssumptions!D4", "3%", "cin", "2015-16")
        put(sheets, "CostLines!G2", "£40,000", "placements", "unit_cost")
        put(sheets, "CostLines!H3", "36,000,000", "resi_homes", "base_cost")
        put(sheets, "CostLines!J4", "50%", "social_workers", "agency_premium")
        put(sheets, "Effects!C3", "-10%", "edge", "effect")
        put(sheets, "Funding!C2", "150,000,000", "core", "2014-15")
        put(sheets, "Settings!B4", "3", "horizon", "value")
        read = read_back(tmp_path, sheets)
        assert read.drivers[0].base_volume == 1801
        assert read.driver_assumptions[0].values[1] == 0.02
        assert_same_model(read, built)
        assert_same_results(read.run(), built_result)


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(model=models(), tables=st.booleans(), data=st.data())
def test_random_models_round_trip(
    tmp_path: Path, model: bm.Model, tables: bool, data: st.DataObject
) -> None:
    """Any valid model, laid out in any sheet order, as Tables or plain ranges, and read
    back gives the same results (XlsxWriter stores 16 significant digits, so numbers
    agree to about 1e-15, not exactly)."""
    sheets = layout(model)
    if tables:  # a Table needs a data row; an empty table stays a plain header row
        tables = all(len(rows) > 1 for rows in sheets.values())
    order = data.draw(st.permutations(list(sheets)), label="sheet order")
    read = read_back(tmp_path, sheets, tables=tables, order=order)
    assert read.scenario_names() == model.scenario_names()
    assert [d.id for d in read.drivers] == [d.id for d in model.drivers]
    assert_same_results(read.run(), model.run(), rtol=1e-12)


# -- malformed workbooks -----------------------------------------------------------------------
def issues_of(path: Path) -> tuple[bm.Issue, ...]:
    with pytest.raises(bm.InputError) as info:
        bm.read_workbook(path)
    assert info.value.issues, "an InputError must list at least one issue"
    return info.value.issues


def issues_at(issues: tuple[bm.Issue, ...], where: str) -> list[bm.Issue]:
    found = [i for i in issues if i.where == where]
    assert found, f"no issue at {where!r}; got:\n" + "\n".join(map(str, issues))
    return found


Sheets = dict[str, list[list[Any]]]


def _missing_sheet(s: Sheets) -> None:
    s["Driver"] = s.pop("Drivers")


def _missing_column(s: Sheets) -> None:
    drop_column(s, "Drivers", "method")


def _unknown_driver(s: Sheets) -> None:
    put(s, "CostLines!E2", "claa", "placements", "driver_id")


def _share_basis_population(s: Sheets) -> None:
    put(s, "Drivers!E3", "children", "resi", "basis")


def _rate_basis_driver(s: Sheets) -> None:
    put(s, "Drivers!E2", "cin", "cla", "basis")


def _share_cycle(s: Sheets) -> None:
    s["Drivers"] += [
        ["loop_a", "", "", "share", "loop_b", 10],
        ["loop_b", "", "", "share", "loop_a", 20],
    ]


def _duplicate_driver(s: Sheets) -> None:
    s["Drivers"].append(["cin", "Children in need again", "cases", "growth", None, 10])


def _duplicate_line(s: Sheets) -> None:
    s["CostLines"].append(
        ["management", "Management", "Support", "fixed", None, "pay", None, 100, None, None]
    )


def _line_is_initiative(s: Sheets) -> None:
    put(s, "Improvement!A3", "management", "it", "initiative_id")


def _missing_year_column(s: Sheets) -> None:
    drop_column(s, "Populations", "2016-17")


def _bad_year_label(s: Sheets) -> None:
    put(s, "Funding!D1", "2015-17", "funding_id", "2015-16")


def _unknown_inflation_scenario(s: Sheets) -> None:
    put(s, "Scenarios!B4", "hgh", "high", "inflation_scenario")


def _unknown_initiative(s: Sheets) -> None:
    put(s, "Scenarios!C4", "early_help, edgy", "high", "initiatives")


def _negative_base_volume(s: Sheets) -> None:
    put(s, "Drivers!F4", -5, "cin", "base_volume")


def _phasing_above_one(s: Sheets) -> None:
    put(s, "Effects!F2", 1.5, "early_help", "2016-17")


def _exit_rate_above_one(s: Sheets) -> None:
    put(s, "DriverAssumptions!D6", 1.2, "cp", "2015-16")


def _zero_caseload(s: Sheets) -> None:
    put(s, "CostAssumptions!E2", 0, "social_workers", "2016-17")


def _excel_error(s: Sheets) -> None:
    put(s, "Populations!D2", ExcelError("#DIV/0!"), "children", "2015-16")


def _blank_row(s: Sheets) -> None:
    s["Drivers"].insert(3, [None] * len(s["Drivers"][0]))


def _blank_entries(s: Sheets) -> None:
    put(s, "DriverAssumptions!E5", None, "cp", "2016-17")


def _base_year_in_a_flow(s: Sheets) -> None:
    put(s, "DriverAssumptions!C4", 0.1, "cin", "2014-15")


def _unknown_override_scenario(s: Sheets) -> None:
    put(s, "Overrides!A2", "hihg", "high", "scenario")


def _wrong_parameter(s: Sheets) -> None:
    put(s, "DriverAssumptions!B4", "share", "cin", "parameter")


def _column_twice(s: Sheets) -> None:
    s["Drivers"][0].append("Base Volume")
    for row in s["Drivers"][1:]:
        row.append(row[5])


# (mutation, where, words that the issue's text must contain)
MALFORMED: dict[str, tuple[Callable[[Sheets], None], str, tuple[str, ...]]] = {
    "missing sheet": (_missing_sheet, "Drivers", ("'Driver'",)),
    "missing column": (_missing_column, "Drivers!A1", ("method",)),
    "unknown driver": (_unknown_driver, "CostLines!E2", ("claa",)),
    "share basis is a population": (_share_basis_population, "Drivers!E3", ("children",)),
    "rate basis is a driver": (_rate_basis_driver, "Drivers!E2", ("cin",)),
    "line id is an initiative id": (_line_is_initiative, "Improvement!A3", ("management",)),
    "missing year column": (_missing_year_column, "Populations!A1", ("2016-17",)),
    "bad year label": (_bad_year_label, "Funding!D1", ("2015-17",)),
    "unknown inflation scenario": (_unknown_inflation_scenario, "Scenarios!B4", ("hgh",)),
    "unknown initiative": (_unknown_initiative, "Scenarios!C4", ("edgy",)),
    "negative base volume": (_negative_base_volume, "Drivers!F4", ("-5",)),
    "phasing above 1": (_phasing_above_one, "Effects!F2", ("1.5",)),
    "exit rate above 1": (_exit_rate_above_one, "DriverAssumptions!D6", ("1.2",)),
    "zero caseload": (_zero_caseload, "CostAssumptions!E2", ("caseload",)),
    "excel error": (_excel_error, "Populations!D2", ("#DIV/0!",)),
    "blank row": (_blank_row, "Drivers!A4", ("blank",)),
    "blank required cell": (_blank_entries, "DriverAssumptions!E5", ("blank",)),
    "base year in a flow": (_base_year_in_a_flow, "DriverAssumptions!C4", ("0.1",)),
    "unknown override scenario": (_unknown_override_scenario, "Overrides!A2", ("hihg",)),
    "wrong parameter": (_wrong_parameter, "DriverAssumptions!B4", ("share",)),
    "column twice": (_column_twice, "Drivers!G1", ("twice",)),
}


class TestMalformed:
    @pytest.mark.parametrize("case", list(MALFORMED))
    def test_issue_names_the_cell(self, tmp_path: Path, built: bm.Model, case: str) -> None:
        mutate, where, words = MALFORMED[case]
        sheets = layout(built)
        mutate(sheets)
        issues = issues_at(issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets)), where)
        text = " ".join(f"{i.found} {i.expected} {i.hint}" for i in issues)
        for word in words:
            assert word in text, text

    def test_missing_sheet_hint_names_the_nearest_sheet(
        self, tmp_path: Path, built: bm.Model
    ) -> None:
        sheets = layout(built)
        _missing_sheet(sheets)
        (issue,) = issues_at(issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets)), "Drivers")
        assert "'Driver'" in issue.hint and "Drivers" in issue.expected

    def test_two_columns_for_one_year(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        sheets["Populations"][0].append("2015/16")
        sheets["Populations"][1].append(999_999)
        (issue,) = issues_at(issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets)), "Populations!G1")
        assert "2015-16" in issue.found + issue.expected

    def test_cycle_of_share_drivers(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        _share_cycle(sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        cycle = [i for i in issues if "loop_a" in i.found and "loop_b" in i.found]
        assert len(cycle) == 1, issues
        assert cycle[0].where in ("Drivers!E7", "Drivers!E8")

    @pytest.mark.parametrize(
        ("mutate", "rows", "key"),
        [
            (_duplicate_driver, ("Drivers!A4", "Drivers!A7"), "cin"),
            (_duplicate_line, ("CostLines!A5", "CostLines!A7"), "management"),
        ],
    )
    def test_duplicate_ids(
        self,
        tmp_path: Path,
        built: bm.Model,
        mutate: Callable[[Sheets], None],
        rows: tuple[str, str],
        key: str,
    ) -> None:
        sheets = layout(built)
        mutate(sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        duplicate = [i for i in issues if " again (first at " in i.found]
        assert len(duplicate) == 1 and key in duplicate[0].found, issues
        assert duplicate[0].where in rows

    def test_problem_inside_a_table_away_from_a1(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        _negative_base_volume(sheets)  # Drivers!F4 when the table starts at A1
        _phasing_above_one(sheets)  # Effects!F2
        path = write_xlsx(tmp_path / "bad.xlsx", sheets, tables=True, at=(2, 2), above="title")
        issues = issues_of(path)
        issues_at(issues, "Drivers!H6")
        issues_at(issues, "Effects!H4")

    def test_blank_row_inside_an_excel_table(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        _blank_row(sheets)
        issues_at(issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets, tables=True)), "Drivers!A4")

    def test_blank_rows_after_a_table_are_not_an_error(
        self, tmp_path: Path, built: bm.Model
    ) -> None:
        sheets = layout(built)
        sheets["Drivers"].append([None] * 6)
        sheets["Drivers"].append(["", " ", None, None, None, None])
        assert_same_model(read_back(tmp_path, sheets), built)

    def test_several_problems_in_one_error(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        cases = [
            "negative base volume",
            "phasing above 1",
            "zero caseload",
            "unknown inflation scenario",
            "excel error",
            "unknown driver",
            "line id is an initiative id",
            "bad year label",
        ]
        for case in cases:
            MALFORMED[case][0](sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        for case in cases:
            issues_at(issues, MALFORMED[case][1])

    def test_a_missing_column_is_one_problem(self, tmp_path: Path, built: bm.Model) -> None:
        sheets = layout(built)
        _missing_column(sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        assert len(issues) == 1, "\n".join(map(str, issues))

    @pytest.mark.parametrize("case", ["missing column", "missing year column"])
    def test_every_issue_names_a_cell(self, tmp_path: Path, built: bm.Model, case: str) -> None:
        sheets = layout(built)
        MALFORMED[case][0](sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        assert all(re.fullmatch(r"[A-Za-z]+![A-Z]+\d+", i.where) for i in issues), "\n".join(
            map(str, issues)
        )

    def test_every_issue_names_a_cell_for_cell_problems(
        self, tmp_path: Path, built: bm.Model
    ) -> None:
        sheets = layout(built)
        for case in (
            "negative base volume",
            "phasing above 1",
            "zero caseload",
            "excel error",
            "unknown driver",
            "exit rate above 1",
            "unknown initiative",
        ):
            MALFORMED[case][0](sheets)
        issues = issues_of(write_xlsx(tmp_path / "bad.xlsx", sheets))
        assert all(re.fullmatch(r"[A-Za-z]+![A-Z]+\d+", i.where) for i in issues), "\n".join(
            map(str, issues)
        )

    def test_not_an_xlsx_file(self, tmp_path: Path) -> None:
        path = tmp_path / "model.xlsx"
        path.write_text("setting,value\nbase_year,2014-15\n", encoding="utf-8")
        (issue,) = issues_of(path)
        assert issue.where == str(path)

    def test_a_zip_that_is_not_a_workbook(self, tmp_path: Path) -> None:
        path = tmp_path / "model.xlsx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "not a workbook")
        (issue,) = issues_of(path)
        assert issue.where == str(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        path = tmp_path / "nowhere.xlsx"
        (issue,) = issues_of(path)
        assert issue.where == str(path)
        assert "no such file" in issue.found


def test_blank_initiatives_mean_the_same_in_python_and_in_a_workbook(tmp_path: Path) -> None:
    """A scenario whose ``initiatives`` is blank is either an error in both ways in, or
    the same scenario in both."""
    kwargs: dict[str, Any] = dict(
        base_year=2014,
        horizon=1,
        drivers=[bm.Driver("a", "growth", 10)],
        cost_lines=[bm.CostLine("l", "activity", "none", driver_id="a", unit_cost=1)],
        improvements=[bm.Improvement("x", "one_off", [5])],
        inflation=[bm.InflationRate("c", "p", 0.0)],
    )
    sheets = layout(bm.Model(**kwargs, scenarios=[bm.Scenario("s", "c", "all")]))
    put(sheets, "Scenarios!C2", None, "s", "initiatives")
    try:
        built = bm.Model(**kwargs, scenarios=[bm.Scenario("s", "c", "")])
    except bm.InputError:
        issues_at(issues_of(write_xlsx(tmp_path / "blank.xlsx", sheets)), "Scenarios!C2")
    else:
        assert_same_results(read_back(tmp_path, sheets).run(), built.run())


def test_input_error_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nowhere"):
        bm.read_workbook(tmp_path / "nowhere.xlsx")


def test_read_result_arrays_are_finite(tmp_path: Path, built: bm.Model) -> None:
    summary = read_back(tmp_path, layout(built)).run().summary
    assert np.isfinite(summary[["total_cash", "total_real", "gap"]].to_numpy()).all()
