"""The models the tests build by hand, in one place.

- `hand_model`: base year 2020-21, horizon 2, every driver method, line type and
  initiative kind; each number is worked out by hand in tests/engine/test_engine.py.
- `small_model`: one growth driver priced at £1 a child, no inflation, no initiatives;
  the building blocks and levers add to it what they test.
- `plan_model`: `small_model` with a "plan" scenario (every initiative) and a "none"
  scenario.
- `contract_model`: base year 2014-15, horizon 3, two inflation scenarios and an
  override, with or without extra columns; laid out as the workbook contract by
  tests/excel/reading.py.
- `make_model` (from tests/generated.py): deterministic models, one per seed, that
  together use every feature of the engine.
"""

from __future__ import annotations

from typing import Any

import budgetmodel as bm

from .generated import make_model

__all__ = ["SCALES", "contract_model", "hand_model", "make_model", "plan_model", "small_model"]

SCALES = {"£": 1.0, "£000": 1_000.0, "£m": 1_000_000.0}


# -- the engine's hand-checked model ----------------------------------------------------------
def hand_model(money_unit: str = "£", scale: float = 1.0, **changes: Any) -> bm.Model:
    """Base year 2020-21, horizon 2; every driver method, line type and initiative kind.

    Money amounts are given in pounds and divided by ``scale`` for ``money_unit``.
    """
    m = 1.0 / scale
    kwargs: dict[str, Any] = dict(
        base_year="2020-21",
        horizon=2,
        authority="Handshire",
        money_unit=money_unit,
        deflator="gdp",
        populations=[bm.Population("kids", [10_000, 10_200, 10_404])],
        drivers=[
            bm.Driver("g", "growth", 100, growth=[0.1, 0.2]),
            bm.Driver("r", "rate", 50, basis="kids", rate_change=[0.1, 0.0]),
            bm.Driver("s", "share", 10, basis="r", share={"2022-23": 0.25}),
            bm.Driver("f", "stock_flow", 40, entries=20, exit_rate=[0.25, 0.5]),
            bm.Driver("e", "explicit", 7, volume=[8, 9]),
        ],
        cost_lines=[
            bm.CostLine("act_r", "activity", "prices", driver_id="r", base_cost=1000 * m),
            bm.CostLine("act_s", "activity", "prices", driver_id="s", unit_cost=100 * m),
            bm.CostLine("fix", "fixed", "none", base_cost=500 * m),
            bm.CostLine(
                "staff",
                "staffing",
                "pay",
                driver_id="f",
                cost_per_fte=30 * m,
                agency_premium=1.0,
                caseload=[10, 10, 5],
                agency_share=[0.5, 0.25, 0.0],
            ),
        ],
        improvements=[
            bm.Improvement("eh", "recurring", [50 * m, 60 * m], inflation="pay"),
            bm.Improvement("it", "one_off", [100 * m, 0], inflation="none"),
            bm.Improvement("pm", "saving", [10 * m, 20 * m], inflation="prices"),
        ],
        effects=[
            bm.Effect("eh", "r", -0.1, phasing=[0.5, 1.0]),
            bm.Effect("pm", "s", 0.25),
        ],
        inflation=[
            bm.InflationRate("central", "prices", 0.1),
            bm.InflationRate("central", "pay", [0.02, 0.05]),
            bm.InflationRate("central", "gdp", [0.05, 0.0]),
        ],
        funding=[
            bm.Funding("base", [2000 * m, 2100 * m, 2200 * m]),
            bm.Funding("grant", [0, 50 * m, 50 * m]),
        ],
        scenarios=[
            bm.Scenario("plan", "central", "all"),
            bm.Scenario("no plan", "central", "none"),
        ],
    )
    kwargs.update(changes)
    return bm.Model(**kwargs)


# -- one driver, for the building blocks and the levers ---------------------------------------
def small_model(**changes: Any) -> bm.Model:
    """Base year 2020-21, horizon 2, one scenario with no inflation; ``cin`` 100, 110, 121
    at £1 each."""
    kwargs: dict[str, Any] = dict(
        base_year="2020-21",
        horizon=2,
        populations=[bm.Population("kids", [10_000, 10_000, 12_000])],
        drivers=[bm.Driver("cin", "growth", 100, growth=[0.1, 0.1])],
        cost_lines=[bm.CostLine("sw", "activity", "none", driver_id="cin", unit_cost=1.0)],
        inflation=[bm.InflationRate("flat", "prices", 0.0)],
        funding=[bm.Funding("budget", 0)],
        scenarios=[bm.Scenario("central", "flat", "none")],
    )
    kwargs.update(changes)
    return bm.Model(**kwargs)


def plan_model(**changes: Any) -> bm.Model:
    """`small_model` with two scenarios: "plan" (every initiative) and "none"."""
    scenarios = [bm.Scenario("plan", "flat", "all"), bm.Scenario("none", "flat", "none")]
    return small_model(**{"scenarios": scenarios, **changes})


# -- the reader's hand-made model -------------------------------------------------------------
def contract_model(money_unit: str = "£", *, extra: bool = False) -> bm.Model:
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
