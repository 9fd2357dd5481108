"""``read_workbook`` on legal variants of the contract's sheets written with XlsxWriter
(DESIGN.md, "Workbook contract"): sheet order, Excel Tables, extra columns, year
spellings, money units, numbers typed as text, a Table away from A1; and any
generated model, read back, gives the same results.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import budgetmodel as bm

from ..factories import SCALES, contract_model
from ..strategies import models
from .reading import assert_same_model, assert_same_results, layout, put, read_back, write_xlsx


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
        built = contract_model(extra=True)
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
        assert_same_results(read.run(), contract_model().run())

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
        built = contract_model(unit)
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
        values = read.driver_assumptions[0].values  # normalised to one value a year
        assert isinstance(values, tuple) and values[1] == 0.02
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
