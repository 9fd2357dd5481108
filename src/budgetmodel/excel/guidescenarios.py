"""The Guide's rows for Inflation, Funding, Scenarios, Overrides, Uncertainty and
Outturn, and for the columns any sheet may add."""

from __future__ import annotations

from .._spec import DISTRIBUTIONS, UNCERTAINTY_TARGETS
from .guideexamples import BLANK, PARAMETERS, SHEET, YEARS, Examples, GuideRow, kinds

__all__ = ["scenario_rows"]


def scenario_rows(ex: Examples) -> list[GuideRow]:
    """The Guide's rows from Inflation to Outturn, and for any sheet's extra columns."""
    base, money, series = ex.base, ex.money, ex.series
    # Each kind of target's parameters, and an example row of Overrides: scenario,
    # target and parameter.
    overrides: list[tuple[str, tuple[str, ...]]] = [
        (f"driver: its method's parameters ({PARAMETERS}).", ("High demand", "cin", "growth")),
        (
            "staffing line: caseload or agency_share.",
            ("Slow hiring", "social_workers", "caseload"),
        ),
        ("funding row: amount (cash, in the money unit).", ("Grant cut", "core", "amount")),
        (
            "population: population (projection years).",
            ("High births", "children_0_17", "population"),
        ),
        (
            "initiative: one_off, recurring or saving (needs that kind's Improvement row).",
            ("Savings late", "agency_reduction", "saving"),
        ),
        (
            "initiative: delivery, the fraction of its savings delivered by year (1 = all).",
            ("Savings late", "agency_reduction", "delivery"),
        ),
        (
            "initiative: effect, the fraction of its levers' strength delivered by year; "
            "each Effects row's phasing is multiplied by it.",
            ("Half effect", "early_help", "effect"),
        ),
    ]
    targets = ", ".join(f"{t}:<{what} id>" for t, what in UNCERTAINTY_TARGETS.items())
    return [
        # -- Inflation
        (
            "Inflation",
            SHEET,
            "Annual price rises by category for each inflation scenario (none exists at 0 and "
            "needs no row).",
            "",
        ),
        ("Inflation", "scenario", "The inflation scenario's name.", "central"),
        ("Inflation", "category", "A price category named by lines and initiatives.", "pay"),
        (
            "Inflation",
            YEARS,
            f"The annual rate, above -1 (0.03 = 3%); the {base} cell is blank or 0.",
            series(BLANK, "0.03"),
        ),
        # -- Funding
        ("Funding", SHEET, "The money the service has, in cash; rows are added.", ""),
        ("Funding", "funding_id", "A short unique id.", "core"),
        ("Funding", "name", "A description.", "Base budget, cash flat"),
        (
            "Funding",
            YEARS,
            "Cash in the money unit, every year including the base year (0 where none).",
            series(money(5_900_000)),
        ),
        # -- Scenarios
        ("Scenarios", SHEET, "The scenarios run, in the order results show them.", ""),
        ("Scenarios", "scenario", "The scenario's name, unique.", "Plan"),
        (
            "Scenarios",
            "inflation_scenario",
            "An inflation scenario of the Inflation sheet.",
            "central",
        ),
        (
            "Scenarios",
            "initiatives",
            "all, none, or initiative ids separated by commas.",
            "all",
        ),
        ("Scenarios", "description", "Free text, shown on the cover.", "The plan in full"),
        # -- Overrides
        (
            "Overrides",
            SHEET,
            "Optional: one input series replaced in one scenario only (the whole series: a "
            "blank takes the blank's meaning). Projection years only: the "
            f"{base} cell is blank or equals the baseline.",
            "",
        ),
        ("Overrides", "scenario", "A scenario of the Scenarios sheet.", "High demand"),
        (
            "Overrides",
            "target",
            "The id of a driver, staffing line, funding row, population or initiative.",
            "cin",
        ),
        (
            "Overrides",
            "parameter",
            "What the row replaces; by kind of target:",
            "rate_change",
        ),
        *kinds("Overrides", "parameter", overrides),
        (
            "Overrides",
            YEARS,
            f"As on the sheet the series comes from; the {base} cell is blank or the baseline.",
            series(BLANK, "0.1", "0.05"),
        ),
        # -- Uncertainty
        (
            "Uncertainty",
            SHEET,
            "Optional: uncertain inputs for budgetmodel simulate. Each draw takes one value "
            "per row and applies it to every projection year.",
            "",
        ),
        (
            "Uncertainty",
            "target",
            f"What the value changes: {targets}. Rates (growth, rate_change, exit_rate, "
            "inflation) move by the value added; the others change by (1 + value), except "
            "effect and delivery, the fraction delivered.",
            "growth:cin",
        ),
        (
            "Uncertainty",
            "distribution",
            ", ".join(DISTRIBUTIONS) + ".",
            "triangular",
        ),
        (
            "Uncertainty",
            "p1",
            "normal: the mean. uniform: the low. triangular, pert: the low.",
            "-0.01",
        ),
        (
            "Uncertainty",
            "p2",
            "normal: the standard deviation. uniform: the high. triangular, pert: the mode.",
            "0",
        ),
        ("Uncertainty", "p3", "triangular, pert: the high. Blank otherwise.", "0.03"),
        ("Uncertainty", "description", "Free text: why the input is uncertain.", "ONS variants"),
        # -- Outturn
        (
            "Outturn",
            SHEET,
            "Optional: what each service area actually spent, for the back-test of the "
            "projection against it. Net of income where the model has income lines.",
            "",
        ),
        (
            "Outturn",
            "service_area",
            "A service area of CostLines or Improvement.",
            "Safeguarding",
        ),
        (
            "Outturn",
            YEARS,
            "Cash actually spent, in the money unit; blank where not known.",
            series(BLANK, money(64_500_000)),
        ),
        # -- any sheet
        (
            "Any sheet",
            "source, notes",
            "Extra columns are kept and ignored by the engine: say where every figure comes from.",
            f"DfE SSDA903 {base}",
        ),
    ]
