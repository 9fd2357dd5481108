"""The workbook contract in one place: sheet names, their columns, and which
columns hold money, numbers or years (DESIGN.md, "Workbook contract")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import _spec as spec

__all__ = ["CALC_SHEETS", "OPTIONAL_RESULT_SHEETS", "RESULT_SHEETS", "SHEETS", "SheetLayout"]


@dataclass(frozen=True)
class SheetLayout:
    """One input sheet and the record each of its rows becomes.

    ``fields`` maps each contract column to the record's attribute; ``series`` is
    the attribute that receives the year columns. Columns in ``lower`` hold a
    closed vocabulary and are read in lower case; ``defaults`` give a blank
    optional cell's value (otherwise ``None``, or ``""`` for text).
    """

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    money: tuple[str, ...] = ()
    years: bool = False
    money_years: bool = False
    optional: bool = False
    record: type | None = None
    attribute: str = ""  # the ModelSpec table the records go to
    fields: dict[str, str] = field(default_factory=dict)
    series: str = ""
    lower: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    nullable: tuple[str, ...] = ()  # text columns whose blank is None, not ""
    #: Version-1 headers read as their version-2 column (DESIGN.md, "Compatibility").
    aliases: dict[str, str] = field(default_factory=dict)


def _same(*columns: str) -> dict[str, str]:
    return {c: c for c in columns}


SHEETS: dict[str, SheetLayout] = {
    s.name: s
    for s in (
        SheetLayout("Settings", ("setting", "value"), ("setting", "value")),
        SheetLayout(
            "Populations",
            ("population_id", "name"),
            ("population_id",),
            years=True,
            record=spec.Population,
            attribute="populations",
            fields={"population_id": "id", "name": "name"},
            series="values",
        ),
        SheetLayout(
            "Drivers",
            ("driver_id", "name", "unit", "method", "basis", "base_volume"),
            ("driver_id", "method", "base_volume"),
            numeric=("base_volume",),
            record=spec.Driver,
            attribute="drivers",
            fields={"driver_id": "id", **_same("name", "unit", "method", "basis", "base_volume")},
            lower=("method",),
            nullable=("basis",),
        ),
        SheetLayout(
            "DriverAssumptions",
            ("driver_id", "parameter"),
            ("driver_id", "parameter"),
            years=True,
            record=spec.DriverAssumption,
            attribute="driver_assumptions",
            fields=_same("driver_id", "parameter"),
            series="values",
            lower=("parameter",),
        ),
        SheetLayout(
            "CostLines",
            (
                "line_id",
                "name",
                "service_area",
                "type",
                "kind",
                "driver_id",
                "inflation",
                "unit_cost",
                "cost_per",
                "base_cost",
                "cost_per_fte",
                "agency_premium",
            ),
            ("line_id", "type"),
            numeric=("unit_cost", "base_cost", "cost_per_fte", "agency_premium"),
            money=("unit_cost", "base_cost", "cost_per_fte"),
            record=spec.CostLine,
            attribute="cost_lines",
            fields={
                "line_id": "id",
                **_same(
                    "name",
                    "service_area",
                    "type",
                    "kind",
                    "driver_id",
                    "inflation",
                    "unit_cost",
                    "cost_per",
                    "base_cost",
                    "cost_per_fte",
                    "agency_premium",
                ),
            },
            lower=("type", "kind", "cost_per"),
            defaults={"inflation": "none", "kind": "expenditure", "cost_per": "year"},
            nullable=("driver_id",),
        ),
        SheetLayout(
            "CostAssumptions",
            ("line_id", "parameter"),
            ("line_id", "parameter"),
            years=True,
            record=spec.CostAssumption,
            attribute="cost_assumptions",
            fields=_same("line_id", "parameter"),
            series="values",
            lower=("parameter",),
        ),
        SheetLayout(
            "Improvement",
            ("initiative_id", "name", "service_area", "kind", "inflation"),
            ("initiative_id", "kind"),
            years=True,
            money_years=True,
            record=spec.Improvement,
            attribute="improvements",
            fields=_same("initiative_id", "name", "service_area", "kind", "inflation"),
            series="amounts",
            lower=("kind",),
            defaults={"inflation": "none"},
        ),
        SheetLayout(
            "Effects",
            ("initiative_id", "target", "parameter", "change", "value", "to"),
            ("initiative_id", "target", "value"),
            numeric=("value",),
            years=True,
            record=spec.Effect,
            attribute="effects",
            fields=_same("initiative_id", "target", "parameter", "change", "value", "to"),
            series="phasing",
            lower=("parameter", "change"),
            defaults={"parameter": "volume", "change": "", "to": ""},
            aliases={"driver_id": "target", "effect": "value"},
        ),
        SheetLayout(
            "Inflation",
            ("scenario", "category"),
            ("scenario", "category"),
            years=True,
            record=spec.InflationRate,
            attribute="inflation",
            fields=_same("scenario", "category"),
            series="rates",
        ),
        SheetLayout(
            "Funding",
            ("funding_id", "name"),
            ("funding_id",),
            years=True,
            money_years=True,
            record=spec.Funding,
            attribute="funding",
            fields={"funding_id": "id", "name": "name"},
            series="values",
        ),
        SheetLayout(
            "Scenarios",
            ("scenario", "inflation_scenario", "initiatives", "description"),
            ("scenario", "inflation_scenario"),
            record=spec.Scenario,
            attribute="scenarios",
            fields={
                "scenario": "name",
                **_same("inflation_scenario", "initiatives", "description"),
            },
        ),
        SheetLayout(
            "Overrides",
            ("scenario", "target", "parameter"),
            ("scenario", "target", "parameter"),
            years=True,
            optional=True,
            record=spec.Override,
            attribute="overrides",
            fields=_same("scenario", "target", "parameter"),
            series="values",
            lower=("parameter",),
            aliases={"driver_id": "target"},
        ),
        SheetLayout(
            "Uncertainty",
            ("target", "distribution", "p1", "p2", "p3", "description"),
            ("target", "distribution", "p1"),
            numeric=("p1", "p2", "p3"),
            optional=True,
            record=spec.Uncertainty,
            attribute="uncertainty",
            fields=_same("target", "distribution", "p1", "p2", "p3", "description"),
            lower=("distribution",),
        ),
        SheetLayout(
            "Outturn",
            ("service_area",),
            ("service_area",),
            years=True,
            money_years=True,
            optional=True,
            record=spec.Outturn,
            attribute="outturn",
            fields=_same("service_area"),
            series="values",
        ),
    )
}

#: Sheets a results workbook adds: results first, then the calculation sheets.
RESULT_SHEETS = (
    "Cover",
    "Summary",
    "Budget",
    "Plan",
    "Business case",
    "Bridge",
    "Volumes",
    "Gap",
    "Checks",
)
CALC_SHEETS = ("Index", "DriverCalc", "CostCalc")
#: Results sheets written only when asked for: the Monte Carlo Risk sheet, and the
#: Back-test when the model has an outturn.
OPTIONAL_RESULT_SHEETS = ("Risk", "Back-test")

#: Settings rows: name -> required.
SETTINGS: dict[str, bool] = {
    "authority": False,
    "base_year": True,
    "horizon": False,
    "money_unit": False,
    "deflator": False,
    "base_budget": False,
    "discount_rate": False,
}

#: Spellings of money units a finance user may type, mapped to the canonical unit.
MONEY_UNIT_ALIASES: dict[str, str] = {
    "£": "£",
    "gbp": "£",
    "pounds": "£",
    "£1": "£",
    "£000": "£000",
    "£'000": "£000",
    "£k": "£000",
    "£000s": "£000",
    "gbp000": "£000",
    "£m": "£m",
    "£million": "£m",
    "gbpm": "£m",
    "£mn": "£m",
}
