"""Small deterministic models that together use every feature of the engine."""

from __future__ import annotations

import numpy as np

import budgetmodel as bm

UNITS = ("£", "£000", "£m")


def make_model(seed: int) -> bm.Model:
    """Model ``seed``: every driver method, line type and initiative kind, an override;
    money unit and horizon vary with the seed."""
    rng = np.random.default_rng(seed)
    unit = UNITS[seed % 3]
    scale = {"£": 1.0, "£000": 1e3, "£m": 1e6}[unit]
    h = 1 + seed % 7

    def r(lo: float, hi: float, n: int = h) -> list[float]:
        return [float(x) for x in rng.uniform(lo, hi, n)]

    def money(x: float) -> float:
        return float(x) / scale

    pops = [
        bm.Population(
            "kids", [float(x) for x in 50_000 * np.cumprod(rng.uniform(1.0, 1.02, h + 1))]
        )
    ]
    drivers = [
        bm.Driver(
            "cla", "rate", float(rng.integers(200, 900)), basis="kids", rate_change=r(-0.02, 0.05)
        ),
        bm.Driver(
            "res",
            "share",
            float(rng.integers(20, 90)),
            basis="cla",
            share={2 + seed % 3 + 2000 + seed: 0.15} if seed % 2 else None,
        ),
        bm.Driver("leavers", "growth", float(rng.integers(50, 300)), growth=r(-0.05, 0.1)),
        bm.Driver(
            "cin",
            "stock_flow",
            float(rng.integers(2000, 5000)),
            entries=r(1000, 3000),
            exit_rate=r(0.2, 0.6),
        ),
        bm.Driver("uasc", "explicit", float(rng.integers(0, 40)), volume=r(0, 60)),
        # version 2: entries from a rate driver, and a sum of drivers
        bm.Driver(
            "entries",
            "rate",
            float(rng.integers(100, 400)),
            basis="kids",
            rate_change=r(-0.05, 0.05),
        ),
        bm.Driver(
            "looked_after",
            "stock_flow",
            float(rng.integers(500, 900)),
            basis="entries",
            exit_rate=r(0.2, 0.5),
        ),
        bm.Driver("open_cases", "sum", 0, basis="cin, looked_after, uasc"),
    ]
    lines = [
        bm.CostLine(
            "residential",
            "activity",
            "placements",
            driver_id="res",
            unit_cost=money(rng.uniform(150_000, 300_000)),
            service_area="Care",
        ),
        bm.CostLine(
            "fostering",
            "activity",
            "placements",
            driver_id="cla",
            base_cost=money(rng.uniform(5e6, 2e7)),
            service_area="Care",
        ),
        bm.CostLine(
            "leaving",
            "activity",
            "non_pay",
            driver_id="leavers",
            unit_cost=money(rng.uniform(5_000, 20_000)),
            service_area="Care",
        ),
        bm.CostLine(
            "uasc_care",
            "activity",
            "none",
            driver_id="uasc",
            unit_cost=money(50_000),
            service_area="Care",
        ),
        bm.CostLine(
            "management",
            "fixed",
            "pay",
            base_cost=money(rng.uniform(1e6, 5e6)),
            service_area="Safeguarding",
        ),
        bm.CostLine(
            "social_workers",
            "staffing",
            "pay",
            driver_id="cin",
            cost_per_fte=money(rng.uniform(40_000, 60_000)),
            agency_premium=float(rng.uniform(0.3, 0.7)),
            caseload=[float(x) for x in rng.uniform(15, 30, h + 1)],
            agency_share=[float(x) for x in rng.uniform(0, 0.4, h + 1)],
            service_area="Safeguarding",
        ),
    ]
    lines += [
        bm.CostLine(
            "ifa",
            "activity",
            "placements",
            driver_id="looked_after",
            unit_cost=money(rng.uniform(700, 1_000)),
            cost_per="week",
            service_area="Care",
        ),
        bm.CostLine(
            "uasc_grant",
            "activity",
            "none",
            driver_id="uasc",
            unit_cost=money(rng.uniform(100, 150)),
            cost_per="day",
            kind="income",
            service_area="Care",
        ),
        bm.CostLine(
            "family_workers",
            "staffing",
            "pay",
            driver_id="open_cases",
            cost_per_fte=money(rng.uniform(30_000, 40_000)),
            caseload=float(rng.uniform(20, 40)),
            service_area="Family support",
        ),
    ]
    improvements = [
        bm.Improvement(
            "early_help",
            "recurring",
            [money(x) for x in r(1e5, 1e6)],
            inflation="pay",
            name="Early help",
        ),
        bm.Improvement("it", "one_off", [money(x) for x in r(0, 5e5)], inflation="non_pay"),
        bm.Improvement("agency", "saving", [money(x) for x in r(0, 3e5)], inflation="pay"),
    ]
    effects = [
        bm.Effect("early_help", "cla", float(rng.uniform(-0.1, 0)), phasing=r(0, 1)),
        bm.Effect("early_help", "cin", float(rng.uniform(-0.1, 0))),
        bm.Effect("agency", "res", float(rng.uniform(-0.2, 0.1)), phasing=r(0, 1)),
        bm.Effect("agency", "entries", float(rng.uniform(-0.2, 0.0))),
        # every other kind of lever (DESIGN.md, the levers table)
        bm.Effect("early_help", "cin", float(rng.uniform(0.0, 0.05)), parameter="exit_rate"),
        bm.Effect("early_help", "leavers", -0.01, r(0, 1), parameter="growth"),
        bm.Effect("it", "cla", -0.005, parameter="rate_change"),
        bm.Effect("agency", "res", -0.02, r(0, 1), parameter="share"),
        bm.Effect("it", "looked_after", float(rng.uniform(-0.1, 0.0)), parameter="entries"),
        bm.Effect("it", "looked_after", -5.0, parameter="entries", change="absolute"),
        bm.Effect("agency", "cin", -20.0, r(0, 1), change="absolute"),
        bm.Effect("early_help", "social_workers", 18.0, r(0, 1), parameter="caseload"),
        bm.Effect("it", "social_workers", 0.05, parameter="caseload", change="proportional"),
        bm.Effect("agency", "social_workers", 0.1, r(0, 1), parameter="agency_share"),
        bm.Effect("agency", "social_workers", 0.01, parameter="agency_share", change="points"),
        bm.Effect("it", "residential", -0.05, r(0, 1), parameter="unit_cost"),
        bm.Effect("agency", "res", 0.1, r(0, 1), parameter="transfer", to="uasc"),
        bm.Effect("early_help", "res", 1.0, parameter="transfer", change="absolute", to="leavers"),
    ]
    inflation = [
        bm.InflationRate(s, c, r(lo, hi))
        for s, lo, hi in (("central", 0.0, 0.03), ("high", 0.02, 0.08))
        for c in ("pay", "non_pay", "placements", "gdp")
    ]
    # What was spent: some years unknown, an actual of 0 (no per cent), and an area
    # ("Family support", only an initiative) with the base year known.
    spent = [money(x) for x in rng.uniform(1e6, 3e7, h + 1)]
    outturn = [
        bm.Outturn("Care", [None, *spent[1:]]),
        bm.Outturn("Safeguarding", [None, 0.0, *[None] * (h - 1)]),
        bm.Outturn("Family support", [spent[0], *[None] * (h - 1), spent[-1]]),
    ]
    return bm.Model(
        base_year=2000 + seed,
        horizon=h,
        authority=f"Model {seed}",
        money_unit=unit,
        deflator="gdp",
        populations=pops,
        drivers=drivers,
        cost_lines=lines,
        improvements=improvements,
        effects=effects,
        inflation=inflation,
        funding=[
            bm.Funding("core", [money(x) for x in rng.uniform(3e7, 5e7, h + 1)]),
            bm.Funding("grant", [0.0] + [money(x) for x in r(0, 2e6)]),
        ],
        scenarios=[
            bm.Scenario("No plan", "central", "none"),
            bm.Scenario("Plan", "central", "all"),
            bm.Scenario("Part plan, high inflation", "high", "early_help, it"),
        ],
        overrides=[bm.Override("Part plan, high inflation", "cla", "rate_change", r(0.05, 0.1))],
        outturn=outturn,
    )
