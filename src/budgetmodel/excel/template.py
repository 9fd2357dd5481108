"""``write_template``: an empty input workbook with every sheet, dropdowns and a Guide."""

from __future__ import annotations

import math
import os
from pathlib import Path

from .._spec import (
    COST_PARAMETERS,
    COST_PER,
    DISTRIBUTIONS,
    DRIVER_PARAMETERS,
    INITIATIVE_KINDS,
    LINE_KINDS,
    LINE_TYPES,
    METHODS,
    MONEY_UNITS,
    UNCERTAINTY_TARGETS,
)
from .._years import MAX_HORIZON, MIN_HORIZON, format_year, parse_year, year_labels
from ..core.levers import CHANGES
from ..errors import InputError, Issue
from .layout import SHEETS
from .xlsx import atomic_workbook

__all__ = ["SHEET", "YEARS", "guide", "write_template"]

_ROWS = 200  # rows given dropdowns and formats below each header

#: The text of the Guide's column cell for a sheet's year columns, and for a row
#: that describes a whole sheet.
YEARS = "<years>"
SHEET = "(the sheet)"

_NOT = "(blank)"


def _number(value: float) -> str:
    """A number as a user types it: separators, no trailing zeros (``1,801``, ``5.5``)."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def guide(years: list[str], money_unit: str = "£000") -> list[tuple[str, str, str, str]]:
    """The Guide sheet's rows: ``(sheet, column, meaning, example)``.

    Every sheet of the contract has a row describing it (column `SHEET`)
    and a row per column (`YEARS` for its year columns); examples use the
    template's own years and money unit.

    Parameters
    ----------
    years : list of str
        The template's year labels, base year first.
    money_unit : {"£", "£000", "£m"}
        The unit of the money examples.

    Examples
    --------
    >>> rows = guide(["2025-26", "2026-27", "2027-28"], "£000")
    >>> [r[3] for r in rows if r[:2] == ("CostLines", "unit_cost")]
    ['5.5 (with cost_per week: £5,500 a week)']
    >>> [r[3] for r in rows if r[:2] == ("DriverAssumptions", YEARS)]
    ['2025-26: (blank) | 2026-27: 0.015 | 2027-28: 0.015']
    """
    base = years[0]
    scale = MONEY_UNITS[money_unit]

    def money(pounds: float) -> str:
        return _number(pounds / scale)

    def series(*values: str) -> str:
        cells = [f"{y}: {values[min(i, len(values) - 1)]}" for i, y in enumerate(years[:4])]
        return " | ".join(cells) + (" | …" if len(years) > 4 else "")

    parameters = ", ".join(dict.fromkeys(p for ps in DRIVER_PARAMETERS.values() for p in ps))
    first, last = years[1], years[-1]

    def row(*cells: object) -> str:
        return " | ".join(str(c) for c in cells)

    lever_rows = [
        (
            "volume, proportional: the driver's volume (and stock) times 1 + value x phasing. "
            f"Early help 10% fewer children in need, half in {first}, in full from "
            f"{years[min(2, len(years) - 1)]}.",
            row("early_help", "cin", "volume", "proportional", "-0.1", ""),
        ),
        (
            "volume, absolute: value x phasing added to the volume, in the driver's units. "
            f"24 fewer children looked after by {last}.",
            row("edge_of_care", "cla", "volume", "absolute", "-24", ""),
        ),
        (
            "entries (stock_flow driver), proportional or absolute: entries into care change, "
            "and the change carries through the care population year by year.",
            row("edge_of_care", "cla", "entries", "proportional", "-0.15", ""),
        ),
        (
            "exit_rate (stock_flow driver), points: reunification raises the exit rate, "
            f"e.g. from 0.35 in {base} to 0.38.",
            row("reunification", "cla", "exit_rate", "points", "0.03", ""),
        ),
        (
            "growth (growth driver), points: the annual growth rate falls by 1 point.",
            row("early_help", "cin", "growth", "points", "-0.01", ""),
        ),
        (
            "rate_change (rate driver), points: the annual change in the rate per head falls "
            "by 2 points.",
            row("early_help", "cin_rate", "rate_change", "points", "-0.02", ""),
        ),
        (
            "share (share driver), points: the share of its basis moves, e.g. residential "
            f"from 0.12 of placements in {base} to 0.10.",
            row("step_down", "residential", "share", "points", "-0.02", ""),
        ),
        (
            "caseload (staffing line), level or proportional: with level the caseload moves "
            f"to the value, e.g. from 29 cases per social worker in {base} to 18 in {last}.",
            row("sw_recruitment", "social_workers", "caseload", "level", "18", ""),
        ),
        (
            "agency_share (staffing line), level or points: agency posts converted to "
            f"permanent, e.g. from 0.30 of FTE in {base} to 0.10.",
            row("agency_conversion", "social_workers", "agency_share", "level", "0.1", ""),
        ),
        (
            "unit_cost (any cost line), proportional: a cheaper placement framework, 5% off "
            "the line's price (unit_cost, cost_per_fte or base_cost).",
            row("framework", "residential_care", "unit_cost", "proportional", "-0.05", ""),
        ),
        (
            "transfer (driver to the driver in 'to'), proportional or absolute: children "
            "stepped down from residential homes to foster families; the two drivers' total "
            "is kept.",
            row("step_down", "residential", "transfer", "absolute", "12", "fostering"),
        ),
    ]
    override_rows = [
        (f"driver: its method's parameters ({parameters}).", row("High demand", "cin", "growth")),
        (
            "staffing line: caseload or agency_share.",
            row("Slow hiring", "social_workers", "caseload"),
        ),
        ("funding row: amount (cash, in the money unit).", row("Grant cut", "core", "amount")),
        (
            "population: population (projection years).",
            row("High births", "children_0_17", "population"),
        ),
        (
            "initiative: one_off, recurring or saving (needs that kind's Improvement row).",
            row("Savings late", "agency_reduction", "saving"),
        ),
        (
            "initiative: delivery, the fraction of its savings delivered by year (1 = all).",
            row("Savings late", "agency_reduction", "delivery"),
        ),
        (
            "initiative: effect, the fraction of its levers' strength delivered by year; "
            "each Effects row's phasing is multiplied by it.",
            row("Half effect", "early_help", "effect"),
        ),
    ]
    targets = ", ".join(f"{t}:<{what} id>" for t, what in UNCERTAINTY_TARGETS.items())
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
            f"One of {parameters}. growth, rate_change, exit_rate: blank means 0. share: "
            "blank holds last year's share. entries, volume: every projection year needed.",
            "rate_change",
        ),
        (
            "DriverAssumptions",
            YEARS,
            f"The value in each projection year; the {base} cell is blank or 0.",
            series(_NOT, "0.015"),
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
        # -- Improvement
        (
            "Improvement",
            SHEET,
            "The improvement plan's direct amounts, at base-year prices, by projection year.",
            "",
        ),
        ("Improvement", "initiative_id", "A short unique id for the initiative.", "early_help"),
        ("Improvement", "name", "A description.", "Early help offer"),
        ("Improvement", "service_area", "A grouping for reports.", "Family support"),
        (
            "Improvement",
            "kind",
            "one_off, recurring or saving (savings entered positive). At most one row per "
            "initiative and kind.",
            "recurring",
        ),
        ("Improvement", "inflation", "The price category (blank means none).", "pay"),
        (
            "Improvement",
            YEARS,
            f"Amounts in the money unit; the {base} cell is blank or 0; a blank projection "
            "year is 0.",
            series(_NOT, money(100_000), money(200_000)),
        ),
        # -- Effects
        (
            "Effects",
            SHEET,
            "How each initiative changes one input of the model (a lever), phased in by year. "
            "The counterfactual ignores every row; the with-plan projection applies the rows "
            "of the scenario's initiatives, and each initiative is also run alone for its "
            "business case. One row per lever; the rows below 'parameter' show each kind.",
            "",
        ),
        ("Effects", "initiative_id", "An initiative (on Improvement, or only here).", "early_help"),
        (
            "Effects",
            "target",
            "The driver_id (volume, entries, exit_rate, growth, rate_change, share, transfer) or "
            "cost line_id (caseload, agency_share, unit_cost) the lever acts on, typed as on "
            "the Drivers or CostLines sheet (a template cannot list them).",
            "cin",
        ),
        (
            "Effects",
            "parameter",
            "What the lever changes: " + ", ".join(CHANGES) + " (blank = volume). Each kind, "
            "with an example row (initiative_id | target | parameter | change | value | to):",
            "volume",
        ),
        *(("Effects", "parameter", meaning, example) for meaning, example in lever_rows),
        (
            "Effects",
            "change",
            "How value is applied: proportional (a fraction of the input: -0.1 = 10% less), "
            "absolute (in the driver's units: -24 = 24 children), points (added to a rate: "
            "0.03 = 3 points) or level (the value the input moves to). Blank = the "
            "parameter's first: "
            + "; ".join(f"{p}: {' or '.join(c)}" for p, c in CHANGES.items())
            + ".",
            "proportional",
        ),
        (
            "Effects",
            "value",
            "The lever at full strength, in the unit the change says.",
            "-0.1",
        ),
        (
            "Effects",
            "to",
            "transfer only: the driver that receives what is moved (not a sum driver). "
            "Blank otherwise.",
            "fostering",
        ),
        (
            "Effects",
            YEARS,
            f"The phasing, 0 to 1: the fraction of the full strength in each year; the {base} "
            "cell is blank or 0; every projection year needed.",
            series(_NOT, "0.5", "1"),
        ),
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
            series(_NOT, "0.03"),
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
        *(("Overrides", "parameter", meaning, example) for meaning, example in override_rows),
        (
            "Overrides",
            YEARS,
            f"As on the sheet the series comes from; the {base} cell is blank or the baseline.",
            series(_NOT, "0.1", "0.05"),
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
            series(_NOT, money(64_500_000)),
        ),
        # -- any sheet
        (
            "Any sheet",
            "source, notes",
            "Extra columns are kept and ignored by the engine: say where every figure comes from.",
            f"DfE SSDA903 {base}",
        ),
    ]


#: Every parameter an Overrides row may name (DESIGN.md, "Scenarios and overrides").
OVERRIDE_PARAMETERS = [
    *sorted({p for ps in DRIVER_PARAMETERS.values() for p in ps}),
    *COST_PARAMETERS,
    "amount",
    "population",
    *INITIATIVE_KINDS,
    "delivery",
    "effect",
]
_DROPDOWNS = {
    ("Drivers", "method"): list(METHODS),
    ("CostLines", "type"): list(LINE_TYPES),
    ("CostLines", "kind"): list(LINE_KINDS),
    ("CostLines", "cost_per"): list(COST_PER),
    ("Uncertainty", "distribution"): list(DISTRIBUTIONS),
    ("Improvement", "kind"): list(INITIATIVE_KINDS),
    ("DriverAssumptions", "parameter"): sorted(
        {p for ps in DRIVER_PARAMETERS.values() for p in ps}
    ),
    ("CostAssumptions", "parameter"): list(COST_PARAMETERS),
    ("Overrides", "parameter"): OVERRIDE_PARAMETERS,
    ("Effects", "parameter"): list(CHANGES),
    ("Effects", "change"): list(dict.fromkeys(c for cs in CHANGES.values() for c in cs)),
}
_RATES = {
    ("Inflation", "years"),
    ("Effects", "years"),
    ("CostLines", "agency_premium"),
}
_MONEY = {
    ("CostLines", "unit_cost"),
    ("CostLines", "base_cost"),
    ("CostLines", "cost_per_fte"),
    ("Improvement", "years"),
    ("Funding", "years"),
    ("Outturn", "years"),
}


def _check_arguments(
    target: Path, base_year: object, horizon: object, money_unit: object, force: bool
) -> list[str]:
    """The template's year labels; every bad argument is one issue of an InputError."""
    issues = []
    if target.is_dir():
        issues.append(Issue(str(target), "a folder", "a file name ending .xlsx"))
    elif target.exists() and not force:
        issues.append(
            Issue(
                str(target),
                "an existing file",
                "a new file name",
                "A template is empty: writing it over a workbook would lose its contents. "
                "Choose another name, or use --force to replace the file.",
            )
        )
    start = None
    try:
        start = parse_year(base_year)
    except ValueError as err:
        issues.append(
            Issue("--base-year", repr(base_year), "a financial year such as '2025-26'", str(err))
        )
    good_horizon = (
        isinstance(horizon, int)
        and not isinstance(horizon, bool)
        and MIN_HORIZON <= horizon <= MAX_HORIZON
    )
    if not good_horizon:
        issues.append(
            Issue("--horizon", repr(horizon), f"a whole number from {MIN_HORIZON} to {MAX_HORIZON}")
        )
    if money_unit not in MONEY_UNITS:
        issues.append(Issue("--money-unit", repr(money_unit), "one of £, £000, £m"))
    if issues:
        raise InputError(issues)
    assert start is not None and isinstance(horizon, int)
    return year_labels(start, horizon)


def write_template(
    path: str | os.PathLike[str],
    *,
    base_year: object = "2025-26",
    horizon: int = 5,
    money_unit: str = "£000",
    force: bool = False,
) -> Path:
    """Write an empty input workbook: every sheet as an Excel Table, with guidance.

    Parameters
    ----------
    path : path-like
        The ``.xlsx`` file to write (atomically).
    base_year : str or int
        The base year, e.g. ``"2013-14"``.
    horizon : int
        Projection years, 1 to 15.
    money_unit : {"£", "£000", "£m"}
    force : bool, default False
        Overwrite ``path`` if it exists; otherwise an existing file is refused, so
        that a filled workbook is never replaced by an empty one.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    InputError
        For an existing ``path`` (without ``force``), a base year that is not a
        financial year, a horizon outside 1 to 15 or an unknown money unit.
    """
    target = Path(path)
    years = _check_arguments(target, base_year, horizon, money_unit, force)
    with atomic_workbook(target) as book:
        head = book.add_format(
            {
                "bold": True,
                "bg_color": "#12436D",
                "font_color": "#FFFFFF",
                "text_wrap": True,
                "valign": "top",
            }
        )
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        rate = book.add_format({"num_format": "0.0##%"})
        money = book.add_format({"num_format": "#,##0.00##;(#,##0.00##)"})
        bold_wrap = book.add_format(
            {"text_wrap": True, "valign": "top", "bold": True, "top": 1, "top_color": "#BFBFBF"}
        )
        sheet = book.add_worksheet("Guide")
        sheet.set_column(0, 0, 20)
        sheet.set_column(1, 1, 20)
        sheet.set_column(2, 2, 90)
        sheet.set_column(3, 3, 48)
        sheet.write_string(
            0, 0, "How to fill this workbook", book.add_format({"bold": True, "font_size": 14})
        )
        sheet.write_string(
            1,
            0,
            "One table per sheet, header in row 1, one record per row, no "
            "blank rows. Rates are fractions (0.03 = 3%). Money is in "
            f"{money_unit} (Settings: money_unit). Run it with: "
            "budgetmodel run WORKBOOK --out results.xlsx",
        )
        sheet.write_row(3, 0, ["sheet", "column", "meaning", "example"], head)
        sheet.freeze_panes(4, 0)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(3)
        for i, row in enumerate(guide(years, money_unit), start=4):
            sheet_row = row[1] == SHEET
            sheet_format = bold_wrap if sheet_row else wrap
            sheet.write_row(i, 0, row, sheet_format)
            # Row heights are set, not left to the spreadsheet, so that wrapped text
            # shows whole in every program and on paper.
            lines = max(math.ceil(len(row[2]) / 95), math.ceil(len(row[3]) / 46), 1)
            sheet.set_row(i, 15 * lines)
        for layout in SHEETS.values():
            ws = book.add_worksheet(layout.name)
            header = list(layout.columns) + (years if layout.years else []) + ["source"]
            rows: list[list[object]] = []
            if layout.name == "Settings":
                rows = [
                    ["authority", ""],
                    ["base_year", format_year(parse_year(base_year))],
                    ["horizon", horizon],
                    ["money_unit", money_unit],
                    ["deflator", "none"],
                    ["base_budget", None],
                    ["discount_rate", 0.035],
                ]
            ws.add_table(
                0,
                0,
                max(len(rows), 1),
                len(header) - 1,
                {
                    "name": f"tbl_{layout.name}",
                    "style": "Table Style Medium 2",
                    "columns": [{"header": h} for h in header],
                    **({"data": [[*r, None] for r in rows]} if rows else {}),
                },
            )
            for j, h in enumerate(header):
                ws.write_string(0, j, h, head)
                kind = "years" if h in years else h
                fmt = (
                    rate
                    if (layout.name, kind) in _RATES
                    else money
                    if (layout.name, kind) in _MONEY
                    else None
                )
                ws.set_column(j, j, 44 if h in ("source", "name", "description") else 14, fmt)
                choices = _DROPDOWNS.get((layout.name, h))
                if choices:
                    ws.data_validation(
                        1,
                        j,
                        _ROWS,
                        j,
                        {
                            "validate": "list",
                            "source": choices,
                            "error_title": f"{h}",
                            "error_message": "Choose one of: " + ", ".join(choices),
                        },
                    )
            ws.freeze_panes(1, 1)
    return target
