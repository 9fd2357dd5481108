"""The Guide's rows for the model's sheets: Settings, Populations, Drivers,
DriverAssumptions, CostLines and CostAssumptions."""

from __future__ import annotations

from .guideexamples import BLANK, PARAMETERS, SHEET, YEARS, Examples, GuideRow

__all__ = ["model_rows"]


def model_rows(ex: Examples) -> list[GuideRow]:
    """The Guide's rows for Settings to CostAssumptions, in ``ex``'s years and unit."""
    base, money_unit, money, series = ex.base, ex.money_unit, ex.money, ex.series
    return [
        # -- Settings
        (
            "Settings",
            SHEET,
            "The model's settings, one per row (setting names are not case-sensitive).",
            "",
        ),
        ("Settings", "setting", "The setting's name: one of the rows below.", "base_year"),
        ("Settings", "value", "The setting's value.", base),
        ("Settings", "authority", "Row: the council's name, used in titles.", "Exampleshire"),
        (
            "Settings",
            "base_year",
            "Row (required): the latest year with a known budget; projections start the "
            "year after. Forms such as 2025/26, 2025-2026 and 2025 are also read.",
            base,
        ),
        ("Settings", "horizon", "Row: projection years, 1 to 15 (default 5).", "5"),
        (
            "Settings",
            "money_unit",
            "Row (required): the unit of every money cell: £, £000 or £m.",
            money_unit,
        ),
        (
            "Settings",
            "deflator",
            "Row: the price category for real terms (base-year prices), or none.",
            "gdp_deflator",
        ),
        (
            "Settings",
            "base_budget",
            "Row (optional): the known base-year budget in the money unit; a difference of "
            "more than 0.5% from the cost lines is noted on the Checks sheet.",
            money(5_900_000),
        ),
        (
            "Settings",
            "discount_rate",
            "Row (optional): the annual discount rate for present values, a fraction "
            "(default 0.035, the Green Book rate).",
            "0.035",
        ),
        # -- Populations
        (
            "Populations",
            SHEET,
            "Populations by year that rate drivers are based on (a level: every year, "
            "base year included).",
            "",
        ),
        ("Populations", "population_id", "A short unique id.", "children"),
        ("Populations", "name", "A description.", "Children aged 0-17"),
        ("Populations", YEARS, "The population in each year, 0 or more.", series("40,000")),
        # -- Drivers
        (
            "Drivers",
            SHEET,
            "Demand drivers: the activity volumes that cost lines are priced on.",
            "",
        ),
        ("Drivers", "driver_id", "A short unique id (no other id may repeat it).", "cla"),
        ("Drivers", "name", "A description.", "Children looked after"),
        ("Drivers", "unit", "What is counted.", "children"),
        (
            "Drivers",
            "method",
            "growth: grows by a rate. rate: a rate per head of a population. share: a share "
            "of another driver. stock_flow: a stock with entries and an exit rate, costed on "
            "the year's average stock; its 31 March stock is reported too. explicit: volumes "
            "typed in. sum: the sum of two or more drivers.",
            "stock_flow",
        ),
        (
            "Drivers",
            "basis",
            "rate: a population_id. share: a driver_id. stock_flow: optional, a driver_id "
            "whose volume is the entries each year (then no entries row). sum: the driver_ids "
            "added, separated by commas. Blank otherwise.",
            "cin, cpp (sum); cla_entries (stock_flow)",
        ),
        (
            "Drivers",
            "base_volume",
            f"The volume in {base}, 0 or more; for stock_flow the stock at 31 March "
            f"{int(base[:4]) + 1}. sum: blank (if given it must equal the sum within 0.5%).",
            "1,801",
        ),
        # -- DriverAssumptions
        (
            "DriverAssumptions",
            SHEET,
            "A driver's parameter by projection year; a row that is absent takes its default.",
            "",
        ),
        ("DriverAssumptions", "driver_id", "A driver of the Drivers sheet.", "cin"),
        (
            "DriverAssumptions",
            "parameter",
            f"One of {PARAMETERS}. growth, rate_change, exit_rate: blank means 0. share: "
            "blank holds last year's share. entries, volume: every projection year needed.",
            "rate_change",
        ),
        (
            "DriverAssumptions",
            YEARS,
            f"The value in each projection year; the {base} cell is blank or 0.",
            series(BLANK, "0.015"),
        ),
        # -- CostLines
        ("CostLines", SHEET, "The baseline cost and income lines of the service.", ""),
        ("CostLines", "line_id", "A short unique id.", "residential"),
        ("CostLines", "name", "A description.", "Residential children's homes"),
        (
            "CostLines",
            "service_area",
            "A grouping for the Budget sheet's subtotals and the charts.",
            "Children looked after",
        ),
        (
            "CostLines",
            "type",
            "activity: volume x unit cost. fixed: a constant base cost. staffing: cases / "
            "caseload = FTE, x cost per FTE x (1 + agency share x premium).",
            "activity",
        ),
        (
            "CostLines",
            "kind",
            "expenditure (blank means expenditure) or income: a grant or contribution, "
            "computed the same way and taken off the total.",
            "income",
        ),
        (
            "CostLines",
            "driver_id",
            "activity: the volume driver. staffing: the cases driver. fixed: blank.",
            "cla",
        ),
        (
            "CostLines",
            "inflation",
            "The price category that inflates the line (a category of the Inflation sheet, "
            "or none; blank means none).",
            "placements",
        ),
        (
            "CostLines",
            "unit_cost",
            f"activity: the cost per unit per cost_per, in {money_unit} at {base} prices.",
            f"{money(5_500)} (with cost_per week: £5,500 a week)",
        ),
        (
            "CostLines",
            "cost_per",
            "activity with unit_cost: year (blank means year), week (x 365/7 a year) or day "
            "(x 365 a year).",
            "week",
        ),
        (
            "CostLines",
            "base_cost",
            f"fixed: the cost a year. activity: the {base} cost a year, instead of unit_cost "
            "(unit cost = base_cost / base volume). In the money unit.",
            money(1_000_000),
        ),
        (
            "CostLines",
            "cost_per_fte",
            "staffing: the cost of an employed FTE a year, in the money unit.",
            money(52_000),
        ),
        (
            "CostLines",
            "agency_premium",
            "staffing: how much dearer an agency FTE is, a fraction (0.5 = 50%); may be "
            "blank only when the line has no agency staff.",
            "0.5",
        ),
        # -- CostAssumptions
        (
            "CostAssumptions",
            SHEET,
            "The workforce assumptions of each staffing line, every year including the base year.",
            "",
        ),
        ("CostAssumptions", "line_id", "A staffing line of the CostLines sheet.", "sw"),
        (
            "CostAssumptions",
            "parameter",
            "caseload (cases per FTE, required) or agency_share (fraction of FTE from "
            "agencies; no row means 0).",
            "caseload",
        ),
        ("CostAssumptions", YEARS, "The value in every year.", series("18", "17", "16")),
    ]
