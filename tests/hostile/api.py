"""Python API faults: the same checks as a workbook, located by record and field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import budgetmodel as bm

from ..factories import hand_model
from .outcome import ACCEPTED, REFUSED, Case, Expect, Observed, observe

#: A field of a record of the hand model, with where a problem in it is named.
FIELDS: list[tuple[str, int, str, str]] = [
    ("drivers", 0, "base_volume", "Drivers[g].base_volume"),
    ("drivers", 3, "base_volume", "Drivers[f].base_volume"),
    ("cost_lines", 0, "base_cost", "CostLines[act_r].base_cost"),
    ("cost_lines", 1, "unit_cost", "CostLines[act_s].unit_cost"),
    ("cost_lines", 3, "cost_per_fte", "CostLines[staff].cost_per_fte"),
    ("cost_lines", 3, "agency_premium", "CostLines[staff].agency_premium"),
    ("effects", 0, "value", "Effects[eh/r/volume].value"),
]
#: Values that are not numbers, or not finite ones.
NOT_NUMBERS: list[Any] = [
    True,
    False,
    "12",
    "abc",
    float("nan"),
    float("inf"),
    -float("inf"),
    1e300,
    -1e16,
    None,
]
#: Series that cannot be read, and the record they are named by.
SERIES: list[tuple[str, int, str, Any, str]] = [
    ("funding", 0, "values", "2000", "Funding[base]"),
    ("funding", 0, "values", [1, 2], "Funding[base]"),
    ("funding", 0, "values", [1, 2, 3, 4, 5], "Funding[base]"),
    ("funding", 0, "values", {"FY-banana": 1}, "Funding[base]"),
    ("funding", 0, "values", [2000, "x", 2200], "Funding[base] 2021-22"),
    ("funding", 0, "values", [2000, True, 2200], "Funding[base] 2021-22"),
    ("funding", 0, "values", [2000, float("inf"), 2200], "Funding[base] 2021-22"),
    ("funding", 0, "values", [2000, 1e308, 2200], "Funding[base] 2021-22"),
    ("populations", 0, "values", [10_000, "many", 10_404], "Populations[kids] 2021-22"),
    ("improvements", 0, "amounts", [50, "sixty"], "Improvement[eh/recurring] 2022-23"),
    ("improvements", 2, "amounts", [-10, 20], "Improvement[pm/saving] 2021-22"),
    ("improvements", 2, "amounts", [10, -20], "Improvement[pm/saving] 2022-23"),
    ("inflation", 0, "rates", [0.1, "3%"], "Inflation[central/prices] 2022-23"),
    ("effects", 0, "phasing", [0.5, 1.5], "Effects[eh/r/volume] 2022-23"),
]


def _model_kwargs() -> dict[str, Any]:
    """The hand model's arguments, to change one."""
    model = hand_model()
    return {
        "base_year": "2020-21",
        "horizon": 2,
        "authority": model.authority,
        "money_unit": model.money_unit,
        "deflator": model.deflator,
        **{t: list(getattr(model, t)) for t in model._TABLES},
    }


def with_field(table: str, index: int, name: str, value: Any) -> Callable[[Path], Observed]:
    def run(_: Path) -> Observed:
        kwargs = _model_kwargs()
        records = kwargs[table]
        records[index] = dataclasses.replace(records[index], **{name: value})
        return observe(lambda: bm.Model(**kwargs))

    return run


def with_setting(name: str, value: Any) -> Callable[[Path], Observed]:
    def run(_: Path) -> Observed:
        kwargs = _model_kwargs()
        kwargs[name] = value
        return observe(lambda: bm.Model(**kwargs))

    return run


def _runs_like_floats(table: str, index: int, name: str, value: Any) -> Callable[[Any], bool]:
    def check(model: Any) -> bool:
        kwargs = _model_kwargs()
        records = kwargs[table]
        records[index] = dataclasses.replace(records[index], **{name: float(value)})
        expected = bm.Model(**kwargs).run().summary["total_cash"].to_numpy()
        return bool(np.array_equal(model.run().summary["total_cash"].to_numpy(), expected))

    return check


def cases() -> list[Case]:
    out: list[Case] = []

    def add(name: str, run: Callable[[Path], Observed], expect: Expect) -> None:
        out.append(Case(name, "api", run, expect))

    for table, index, name, where in FIELDS:
        for value in NOT_NUMBERS:
            optional = name in ("base_cost", "unit_cost", "agency_premium")
            if value is None and optional:
                continue
            add(
                f"{where} = {value!r}",
                with_field(table, index, name, value),
                Expect(REFUSED, where=where),
            )
        current = getattr(getattr(hand_model(), table)[index], name)
        for kind in (np.float64, np.float32, np.int64):
            value = kind(current)
            if kind is np.int64 and float(value) != current:
                continue
            add(
                f"{where} as {kind.__name__}",
                with_field(table, index, name, value),
                Expect(ACCEPTED, check=_runs_like_floats(table, index, name, value)),
            )
    for table, index, name, value, where in SERIES:
        add(
            f"{where} {name} = {value!r}",
            with_field(table, index, name, value),
            Expect(REFUSED, where=where),
        )
    add(
        "a numpy array of funding",
        with_field("funding", 0, "values", np.array([2000.0, 2100.0, 2200.0])),
        Expect(ACCEPTED, check=lambda m: m.funding[0].values == (2000.0, 2100.0, 2200.0)),
    )
    for value in (0, 16, -3):
        add(
            f"Model(horizon={value!r})",
            with_setting("horizon", value),
            Expect(REFUSED, text="horizon"),
        )
    for value in ("£bn", "GBP", None, 1000):
        add(
            f"Model(money_unit={value!r})",
            with_setting("money_unit", value),
            Expect(REFUSED, where="Settings!money_unit"),
        )
    add(
        "a number as a line type",
        with_field("cost_lines", 0, "type", 5),
        Expect(REFUSED, where="CostLines[act_r].type"),
    )
    add(
        "initiative id equal to a line id",
        with_field("improvements", 1, "initiative_id", "fix"),
        Expect(REFUSED, text="also the line_id"),
    )
    return out


#: Settings the model converts itself (base_year and horizon), each named when wrong.
PENDING: list[tuple[str, Callable[[Path], Observed], Expect]] = [
    ("base_year 'abc'", with_setting("base_year", "abc"), Expect(REFUSED, text="base_year")),
    ("horizon 'five'", with_setting("horizon", "five"), Expect(REFUSED, text="horizon")),
    ("horizon 2.5", with_setting("horizon", 2.5), Expect(REFUSED, text="horizon")),
    ("horizon True", with_setting("horizon", True), Expect(REFUSED, text="horizon")),
]
