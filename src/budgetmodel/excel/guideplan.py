"""The Guide's rows for the improvement plan: the Improvement sheet, and the Effects
sheet with an example row for each kind of lever."""

from __future__ import annotations

from ..core.levers import CHANGES
from .guideexamples import BLANK, SHEET, YEARS, Examples, GuideRow, kinds

__all__ = ["plan_rows"]


def plan_rows(ex: Examples) -> list[GuideRow]:
    """The Guide's rows for Improvement and Effects, in ``ex``'s years and unit."""
    base, money, series = ex.base, ex.money, ex.series
    first, third, last = ex.first, ex.third, ex.last
    # Each lever's meaning, and its example row of Effects: initiative_id, target,
    # parameter, change, value and, for a transfer only, to.
    levers: list[tuple[str, tuple[str, ...]]] = [
        (
            "volume, proportional: the driver's volume (and stock) times 1 + value x phasing. "
            f"Early help 10% fewer children in need, half in {first}, in full from "
            f"{third}.",
            ("early_help", "cin", "volume", "proportional", "-0.1"),
        ),
        (
            "volume, absolute: value x phasing added to the volume, in the driver's units. "
            f"24 fewer children looked after by {last}.",
            ("edge_of_care", "cla", "volume", "absolute", "-24"),
        ),
        (
            "entries (stock_flow driver), proportional or absolute: entries into care change, "
            "and the change carries through the care population year by year.",
            ("edge_of_care", "cla", "entries", "proportional", "-0.15"),
        ),
        (
            "exit_rate (stock_flow driver), points: reunification raises the exit rate, "
            f"e.g. from 0.35 in {base} to 0.38.",
            ("reunification", "cla", "exit_rate", "points", "0.03"),
        ),
        (
            "growth (growth driver), points: the annual growth rate falls by 1 point.",
            ("early_help", "cin", "growth", "points", "-0.01"),
        ),
        (
            "rate_change (rate driver), points: the annual change in the rate per head falls "
            "by 2 points.",
            ("early_help", "cin_rate", "rate_change", "points", "-0.02"),
        ),
        (
            "share (share driver), points: the share of its basis moves, e.g. residential "
            f"from 0.12 of placements in {base} to 0.10.",
            ("step_down", "residential", "share", "points", "-0.02"),
        ),
        (
            "caseload (staffing line), level or proportional: with level the caseload moves "
            f"to the value, e.g. from 29 cases per social worker in {base} to 18 in {last}.",
            ("sw_recruitment", "social_workers", "caseload", "level", "18"),
        ),
        (
            "agency_share (staffing line), level or points: agency posts converted to "
            f"permanent, e.g. from 0.30 of FTE in {base} to 0.10.",
            ("agency_conversion", "social_workers", "agency_share", "level", "0.1"),
        ),
        (
            "unit_cost (any cost line), proportional: a cheaper placement framework, 5% off "
            "the line's price (unit_cost, cost_per_fte or base_cost).",
            ("framework", "residential_care", "unit_cost", "proportional", "-0.05"),
        ),
        (
            "transfer (driver to the driver in 'to'), proportional or absolute: children "
            "stepped down from residential homes to foster families; the two drivers' total "
            "is kept.",
            ("step_down", "residential", "transfer", "absolute", "12", "fostering"),
        ),
    ]
    return [
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
            series(BLANK, money(100_000), money(200_000)),
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
        *kinds("Effects", "parameter", [(m, c + ("",) * (6 - len(c))) for m, c in levers]),
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
            series(BLANK, "0.5", "1"),
        ),
    ]
