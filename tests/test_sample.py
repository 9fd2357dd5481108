"""The Birmingham 2014 sample reconciles to the public figures it was built from."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

import budgetmodel as bm
from budgetmodel._datasets import sample_path

# DfE Section 251 outturn 2013-14, Birmingham (LA 330), gross expenditure, lines
# "Total Children Looked After" 89,047,932 + "Total Safeguarding Children and Young
# Peoples Services" 51,276,372 + "Total Family Support Services" 18,898,461 +
# "Other children's and families services" 5,766,978 (file outturn_1314.csv).
S251_CSC_GROSS_2013_14 = 89_047_932 + 51_276_372 + 18_898_461 + 5_766_978  # £164,989,743


@pytest.fixture(scope="module")
def result() -> bm.Result:
    return bm.load_sample().run()


def test_base_year_reconciles_to_section_251(result: bm.Result) -> None:
    base = result.summary.query("year == '2013-14'")["total_cash"]
    assert len(base) == len(result.scenarios)
    for total in base:
        assert abs(total - S251_CSC_GROSS_2013_14) <= 0.01 * S251_CSC_GROSS_2013_14
        assert total == pytest.approx(S251_CSC_GROSS_2013_14, abs=1.0)  # built to the pound


def test_sample_shape(result: bm.Result) -> None:
    model = result.model
    assert model.authority == "Birmingham City Council"
    assert result.years == ["2013-14", "2014-15", "2015-16", "2016-17", "2017-18", "2018-19"]
    assert result.scenarios[:3] == ["No plan", "Improvement plan", "Plan, outturn inflation"]
    methods = {d.id: d.method for d in model.drivers}
    assert methods["cla"] == "stock_flow" and methods["cin"] == "rate"
    assert {
        methods[d] for d in ("foster_inhouse", "foster_ifa", "residential", "other_placements")
    } == {"share"}
    assert {line.type for line in model.cost_lines} == {"activity", "fixed", "staffing"}
    assert {r.kind for r in model.improvements} == {"one_off", "recurring"}
    # the plan as levers (DESIGN.md, the levers table)
    assert {(e.initiative_id, e.parameter) for e in model.effects} >= {
        ("safe_caseloads", "caseload"),
        ("agency_conversion", "agency_share"),
        ("early_help", "volume"),
        ("edge_of_care", "entries"),
        ("step_down", "transfer"),
    }


def test_looked_after_children_at_31_march_2014(result: bm.Result) -> None:
    # SSDA903 SFR36/2014: 1,801 children looked after in Birmingham at 31 March 2014
    d = result.drivers.query("driver_id == 'cla' and year == '2013-14'")
    assert d["volume"].tolist() == [1801.0] * len(result.scenarios)
    placements = result.drivers.query(
        "scenario == 'No plan' and year == '2013-14' and driver_id in "
        "['foster_inhouse', 'foster_ifa', 'residential', 'other_placements']"
    )
    assert placements["volume"].sum() == pytest.approx(1801.0, rel=1e-12)


def test_every_row_carries_a_source() -> None:
    model = bm.load_sample()
    records = [
        *model.populations,
        *model.drivers,
        *model.driver_assumptions,
        *model.cost_lines,
        *model.cost_assumptions,
        *model.improvements,
        *model.effects,
        *model.inflation,
        *model.funding,
        *model.scenarios,
    ]
    missing = [r for r in records if not str(r.extra.get("source") or "").strip()]
    assert not missing


def test_plan_costs_more_than_no_plan_and_outturn_inflation_differs(result: bm.Result) -> None:
    s = result.summary.set_index(["scenario", "year"])["total_cash"]
    assert s[("Improvement plan", "2014-15")] > s[("No plan", "2014-15")]
    assert s[("Plan, outturn inflation", "2018-19")] != s[("Improvement plan", "2018-19")]


def test_plan_as_it_turned_out_reproduces_the_recorded_demand(result: bm.Result) -> None:
    # DfE: children in need at 31 March 2015-2019 (b1_children_in_need) and children on
    # protection plans (d5_cpps_at31march), Birmingham
    recorded_cin = [9676, 9092, 8414, 9000, 8388]
    recorded_cpp = [1280, 845, 983, 1193, 1289]
    d = result.drivers.query("scenario == 'Plan, as it turned out'").set_index(
        ["driver_id", "year"]
    )["volume_counterfactual"]
    years = result.years[1:]
    assert [d[("cin", y)] for y in years] == pytest.approx(recorded_cin, abs=1e-3)
    assert [d[("cpp", y)] for y in years] == pytest.approx(recorded_cpp, abs=1e-3)
    # stock at 31 March 2015 from 935 entries and 764 leavers: 1,801 - 764 + 935 = 1,972
    cla = d[("cla", "2014-15")]  # the costed volume is the average of opening and closing
    assert cla == pytest.approx((1801 + (1801 * (1 - 0.4242) + 935)) / 2, rel=1e-9)


def _build_script() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "data" / "build_birmingham_2014.py"
    spec = importlib.util.spec_from_file_location("build_birmingham_2014", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_rebuilding_the_sample_from_its_tables_gives_the_shipped_workbook(tmp_path: Path) -> None:
    shipped = Path(sample_path())
    rebuilt = _build_script().write(tmp_path / "rebuilt.xlsx")
    assert bm.read_workbook(rebuilt) == bm.read_workbook(shipped)
    assert _cells(rebuilt) == _cells(shipped)


def test_backtest_covers_every_scenario_area_and_year_with_an_outturn(result: bm.Result) -> None:
    bt = result.backtest
    areas = ["Children looked after", "Safeguarding", "Family support", "Other children's services"]
    for s in result.scenarios:
        mine = bt[bt["scenario"] == s]
        assert mine["year"].unique().tolist() == ["2015-16", "2016-17", "2017-18", "2018-19"]
        for year in ("2015-16", "2016-17", "2017-18", "2018-19"):
            assert mine[mine["year"] == year]["service_area"].tolist() == [*areas, "Total"]


def test_backtest_safeguarding_2017_18_by_hand(result: bm.Result) -> None:
    # DfE S251 outturn (post-2015 layout), Birmingham, line 3.3.4 "Total Safeguarding
    # Children and Young Peoples Services", 2017-18: £60,312,879 (total_expenditure).
    actual = 60_312_879
    lines = result.lines.query(
        "scenario == 'Improvement plan' and year == '2017-18' and service_area == 'Safeguarding'"
    )
    projected = lines["cash"].sum()  # the area's lines and initiatives (no income lines)
    row = result.backtest.query(
        "scenario == 'Improvement plan' and year == '2017-18' and service_area == 'Safeguarding'"
    ).iloc[0]
    assert row["actual"] == pytest.approx(actual, abs=1e-6)
    assert row["projected"] == pytest.approx(projected, rel=1e-12)
    assert row["difference"] == pytest.approx(projected - actual, rel=1e-12)
    assert row["difference_pct"] == pytest.approx((projected - actual) / actual, rel=1e-12)


def test_backtest_total_2015_16_is_the_four_s251_blocks(result: bm.Result) -> None:
    # S251 2015-16: 3.1.11 100,362,835 + 3.3.4 64,474,817 + 3.4.6 25,693,864 + 3.2.1 49,903
    total = result.backtest.query("service_area == 'Total' and year == '2015-16'")
    assert total["actual"].tolist() == pytest.approx([190_581_419] * len(result.scenarios))
