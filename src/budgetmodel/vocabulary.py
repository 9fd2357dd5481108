"""The words and colours a reader sees, in one place: measures, bridge steps,
parameters, the calculation rows, money units and the palette.

The workbook writer, the charts, the pack, the CLI and the docs all take their
labels from here, so a number is called the same thing wherever it appears.
Keys are the names in DESIGN.md and in the output frames; values are for people.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BRIDGE_STEPS",
    "MEASURES",
    "MONEY_UNITS",
    "PALETTE",
    "PARAMETERS",
    "ROWS",
    "Label",
    "Parameter",
    "money_unit_scale",
]


@dataclass(frozen=True)
class Label:
    """A name for a reader: ``text`` on sheets and in prose, ``short`` on chart axes."""

    text: str
    short: str = ""

    def __post_init__(self) -> None:
        if not self.short:
            object.__setattr__(self, "short", self.text)

    def __str__(self) -> str:
        return self.text


#: The summary measures (DESIGN.md, "Outputs": ``summary``), money in cash.
MEASURES: dict[str, Label] = {
    "gross_cash": Label("Gross expenditure (cash)", "Gross expenditure"),
    "income_cash": Label("Income (cash)", "Income"),
    "total_cash": Label("Total budget (cash)", "Total budget"),
    "total_real": Label("Total budget (real terms)", "Real terms"),
    "funding": Label("Funding", "Funding"),
    "gap": Label("Gap (+ shortfall)", "Gap"),
    "cumulative_gap": Label("Cumulative gap", "Cumulative gap"),
}

#: The bridge steps from the base year (DESIGN.md, "Bridge"), in order.
BRIDGE_STEPS: dict[str, Label] = {
    "base": Label("Base year budget", "Base budget"),
    "demand": Label("Demand and baseline assumptions", "Demand"),
    "plan_effects": Label("Plan: effects on the service", "Plan: effects"),
    "plan_direct": Label("Plan: direct costs and savings", "Plan: direct costs"),
    "inflation": Label("Inflation", "Inflation"),
    "total": Label("Total", "Total"),
}


@dataclass(frozen=True)
class Parameter:
    """An input series: what it means and how it is shown.

    ``kind`` is ``"rate"`` (a fraction, shown as a percentage), ``"count"`` (people
    or cases) or ``"money"`` (in the workbook's money unit).
    """

    label: str
    unit: str
    kind: str
    description: str


#: Every parameter of a driver or a staffing line, by name (DESIGN.md, "Demand
#: drivers" and "Baseline cost lines").
PARAMETERS: dict[str, Parameter] = {
    "growth": Parameter(
        "Growth", "fraction per year", "rate", "Annual growth of the volume (0.02 = 2%)."
    ),
    "rate_change": Parameter(
        "Change in rate",
        "fraction per year",
        "rate",
        "Annual change in the volume per head of the basis population.",
    ),
    "share": Parameter(
        "Share of basis",
        "fraction",
        "rate",
        "The volume as a share of the basis driver; a blank holds last year's share.",
    ),
    "entries": Parameter(
        "Entries", "units per year", "count", "New entries in the year (e.g. children)."
    ),
    "exit_rate": Parameter(
        "Exit rate", "fraction of the stock", "rate", "Share of the opening stock that leaves."
    ),
    "volume": Parameter("Volume", "units", "count", "The volume itself, year by year."),
    "caseload": Parameter(
        "Caseload", "cases per FTE", "count", "Cases held by one full-time worker."
    ),
    "agency_share": Parameter(
        "Agency share", "fraction of FTE", "rate", "Share of the posts filled by agency staff."
    ),
}

#: Rows of the calculation and volume sheets, by the name the engine gives them.
ROWS: dict[str, Label] = {
    "rate": Label("rate per head"),
    "share": Label("share of basis"),
    "year_end": Label("stock at year end (31 March)"),
    "stock_31_march": Label("stock at 31 March"),
    "counterfactual": Label("without plan"),
    "with_plan": Label("with plan"),
    "cost": Label("cost"),
    "fte": Label("FTE"),
}

#: Money units a workbook may declare, and pounds per unit.
MONEY_UNITS: dict[str, float] = {"£": 1.0, "£000": 1_000.0, "£m": 1_000_000.0}

#: The GOV.UK Analysis Function palette: dark blue, turquoise, dark pink, orange,
#: dark grey, light purple.
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")


def money_unit_scale(unit: str) -> float:
    """Pounds per ``unit``.

    Examples
    --------
    >>> money_unit_scale("£000")
    1000.0
    """
    if unit not in MONEY_UNITS:
        raise ValueError(f"unit must be one of {', '.join(MONEY_UNITS)}, not {unit!r}")
    return MONEY_UNITS[unit]
