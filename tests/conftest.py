"""Shared fixtures: a small model whose every number is worked out by hand in the tests."""

from __future__ import annotations

import pytest

import budgetmodel as bm


def hand_model(money_unit: str = "£", scale: float = 1.0, **changes: object) -> bm.Model:
    """Base year 2020-21, horizon 2; every driver method, line type and initiative kind.

    Money amounts are given in pounds and divided by ``scale`` for ``money_unit``.
    """
    m = 1.0 / scale
    kwargs: dict[str, object] = dict(
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
    return bm.Model(**kwargs)  # type: ignore[arg-type]


@pytest.fixture
def model() -> bm.Model:
    return hand_model()
