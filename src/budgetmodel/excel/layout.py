"""The workbook contract in one place: sheet names, their columns, and which
columns hold money, numbers or years (DESIGN.md, "Workbook contract")."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CALC_SHEETS", "RESULT_SHEETS", "SHEETS", "SheetLayout"]


@dataclass(frozen=True)
class SheetLayout:
    """One input sheet: its fixed columns, and whether year columns follow."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    money: tuple[str, ...] = ()
    years: bool = False
    money_years: bool = False
    optional: bool = False


SHEETS: dict[str, SheetLayout] = {
    s.name: s
    for s in (
        SheetLayout("Settings", ("setting", "value"), ("setting", "value")),
        SheetLayout("Populations", ("population_id", "name"), ("population_id",), years=True),
        SheetLayout(
            "Drivers",
            ("driver_id", "name", "unit", "method", "basis", "base_volume"),
            ("driver_id", "method", "base_volume"),
            numeric=("base_volume",),
        ),
        SheetLayout(
            "DriverAssumptions", ("driver_id", "parameter"), ("driver_id", "parameter"), years=True
        ),
        SheetLayout(
            "CostLines",
            (
                "line_id",
                "name",
                "service_area",
                "type",
                "driver_id",
                "inflation",
                "unit_cost",
                "base_cost",
                "cost_per_fte",
                "agency_premium",
            ),
            ("line_id", "type"),
            numeric=("unit_cost", "base_cost", "cost_per_fte", "agency_premium"),
            money=("unit_cost", "base_cost", "cost_per_fte"),
        ),
        SheetLayout(
            "CostAssumptions", ("line_id", "parameter"), ("line_id", "parameter"), years=True
        ),
        SheetLayout(
            "Improvement",
            ("initiative_id", "name", "service_area", "kind", "inflation"),
            ("initiative_id", "kind"),
            years=True,
            money_years=True,
        ),
        SheetLayout(
            "Effects",
            ("initiative_id", "driver_id", "effect"),
            ("initiative_id", "driver_id", "effect"),
            numeric=("effect",),
            years=True,
        ),
        SheetLayout("Inflation", ("scenario", "category"), ("scenario", "category"), years=True),
        SheetLayout(
            "Funding", ("funding_id", "name"), ("funding_id",), years=True, money_years=True
        ),
        SheetLayout(
            "Scenarios",
            ("scenario", "inflation_scenario", "initiatives", "description"),
            ("scenario", "inflation_scenario"),
        ),
        SheetLayout(
            "Overrides",
            ("scenario", "driver_id", "parameter"),
            ("scenario", "driver_id", "parameter"),
            years=True,
            optional=True,
        ),
        SheetLayout(
            "Uncertainty",
            ("target", "distribution", "p1", "p2", "p3", "description"),
            ("target", "distribution", "p1"),
            numeric=("p1", "p2", "p3"),
            optional=True,
        ),
    )
}

#: Sheets a results workbook adds: results first, then the calculation sheets.
RESULT_SHEETS = ("Cover", "Summary", "Budget", "Bridge", "Volumes", "Gap", "Checks")
CALC_SHEETS = ("Index", "DriverCalc", "CostCalc")

#: Settings rows: name -> required.
SETTINGS: dict[str, bool] = {
    "authority": False,
    "base_year": True,
    "horizon": False,
    "money_unit": False,
    "deflator": False,
    "base_budget": False,
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
