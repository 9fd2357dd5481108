"""Hypothesis strategies for random *valid* budgetmodel models, shared by the property tests.

``model_kwargs()`` draws the keyword arguments of :class:`budgetmodel.Model` (so a
test can change them before building); ``models()`` builds the Model. Numbers are
kept moderate (volumes up to 1e4, money up to about £1e6) so that floating-point
comparisons with a relative tolerance of 1e-9 are meaningful.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

import budgetmodel as bm

__all__ = [
    "CATEGORIES",
    "DEFLATOR_CATEGORY",
    "KINDS",
    "MONEY_SCALES",
    "PARAMETER_VALUES",
    "model_kwargs",
    "models",
    "projection_series",
]

#: Price categories a line or initiative may use, besides ``"none"``.
CATEGORIES = ("pay", "non_pay", "placements")
#: A category every inflation scenario has, so a deflator other than "none" is always possible.
DEFLATOR_CATEGORY = "gdp_deflator"
#: Pounds per money unit (kept here, not imported, so the tests do not trust the library's table).
MONEY_SCALES = {"£": 1.0, "£000": 1_000.0, "£m": 1_000_000.0}
#: Initiative kinds (DESIGN.md, "Improvement initiatives").
KINDS = ("one_off", "recurring", "saving")


def _floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


#: Driver parameter -> (valid values, blank allowed in a projection year, required row).
PARAMETER_VALUES: dict[str, tuple[st.SearchStrategy[float], bool, bool]] = {
    "growth": (_floats(-0.5, 0.5), True, False),
    "rate_change": (_floats(-0.5, 0.5), True, False),
    "share": (_floats(0.0, 1.0), True, False),
    "entries": (_floats(0.0, 1_000.0), False, True),
    "exit_rate": (_floats(0.0, 1.0), True, False),
    "volume": (_floats(0.0, 10_000.0), False, True),
}
_METHOD_PARAMETERS = {
    "growth": ("growth",),
    "rate": ("rate_change",),
    "share": ("share",),
    "stock_flow": ("entries", "exit_rate"),
    "explicit": ("volume",),
}


@st.composite
def projection_series(
    draw: st.DrawFn, horizon: int, elements: st.SearchStrategy[float], *, blanks: bool = False
) -> Any:
    """A flow series as a user may give it: one number, ``horizon`` values, or
    ``horizon + 1`` values whose base-year entry is blank or 0."""
    element = st.one_of(st.none(), elements) if blanks else elements
    shape = draw(st.sampled_from(("scalar", "projection", "with_base")))
    if shape == "scalar":
        return draw(elements)
    values = draw(st.lists(element, min_size=horizon, max_size=horizon))
    if shape == "with_base":
        return [draw(st.sampled_from((None, 0.0))), *values]
    return values


@st.composite
def _level_series(draw: st.DrawFn, horizon: int, elements: st.SearchStrategy[float]) -> Any:
    """A level (population, funding, caseload, agency share): one number or every year."""
    if draw(st.booleans()):
        return draw(elements)
    return draw(st.lists(elements, min_size=horizon + 1, max_size=horizon + 1))


@st.composite
def model_kwargs(
    draw: st.DrawFn,
    *,
    zero_inflation: bool = False,
    initiatives: str | None = None,
    overrides: bool = True,
    money_unit: str | None = None,
) -> dict[str, Any]:
    """Keyword arguments of a valid :class:`budgetmodel.Model`.

    Parameters
    ----------
    zero_inflation : bool
        Every inflation rate 0.
    initiatives : str, optional
        Force every scenario's ``initiatives`` (e.g. ``"none"``).
    overrides : bool
        Whether Overrides rows may be drawn.
    money_unit : str, optional
        Force the money unit.
    """
    base_year = draw(st.integers(2000, 2030))
    horizon = draw(st.integers(1, 8))
    unit = money_unit or draw(st.sampled_from(tuple(MONEY_SCALES)))
    scale = MONEY_SCALES[unit]

    def money(low: float = 0.0, high: float = 1e6) -> st.SearchStrategy[float]:
        return _floats(low, high).map(lambda v: v / scale)

    # Populations: levels above 0 so rate drivers have a base rate.
    populations = [
        bm.Population(
            f"pop{k}", draw(_level_series(horizon, _floats(100.0, 1e5))), name=f"Population {k}"
        )
        for k in range(draw(st.integers(1, 2)))
    ]
    pop_ids = [p.id for p in populations]

    # Drivers: a share driver's basis is an earlier driver with a base volume above 0.
    drivers: list[bm.Driver] = []
    assumptions: list[bm.DriverAssumption] = []
    base_volumes: dict[str, float] = {}
    for i in range(draw(st.integers(1, 6))):
        did = f"d{i}"
        share_bases = [d for d, v in base_volumes.items() if v > 0]
        # share is listed twice: it is only possible after a driver with a base volume.
        methods = ["growth", "rate", "stock_flow", "explicit"] + ["share"] * 2 * bool(share_bases)
        method = draw(st.sampled_from(methods))
        # 0, or not so small that base_cost / V[0] or a base share overflows.
        v0 = draw(st.one_of(st.just(0.0), _floats(1.0, 10_000.0), _floats(1e-3, 10_000.0)))
        basis = (
            draw(st.sampled_from(pop_ids))
            if method == "rate"
            else draw(st.sampled_from(share_bases))
            if method == "share"
            else None
        )
        fields: dict[str, Any] = {}
        for parameter in _METHOD_PARAMETERS[method]:
            elements, blanks, required = PARAMETER_VALUES[parameter]
            how = draw(
                st.sampled_from(("field", "row") if required else ("field", "row", "absent"))
            )
            if how == "absent":
                continue
            values = draw(projection_series(horizon, elements, blanks=blanks))
            if how == "field":
                fields[parameter] = values
            else:
                assumptions.append(bm.DriverAssumption(did, parameter, values))
        drivers.append(
            bm.Driver(did, method, v0, basis=basis, name=f"Driver {i}", unit="children", **fields)
        )
        base_volumes[did] = v0
    driver_ids = list(base_volumes)

    # Cost lines of every type.
    lines: list[bm.CostLine] = []
    cost_assumptions: list[bm.CostAssumption] = []
    used_categories: set[str] = set()
    category = st.sampled_from(("none", *CATEGORIES))
    for j in range(draw(st.integers(1, 6))):
        lid, kind, cat = (
            f"l{j}",
            draw(st.sampled_from(("activity", "fixed", "staffing"))),
            draw(category),
        )
        used_categories.add(cat)
        common: dict[str, Any] = dict(
            name=f"Line {j}", service_area=draw(st.sampled_from(("Care", "Staff", "")))
        )
        if kind == "activity":
            did = draw(st.sampled_from(driver_ids))
            if base_volumes[did] > 0 and draw(st.booleans()):
                lines.append(
                    bm.CostLine(lid, kind, cat, driver_id=did, base_cost=draw(money()), **common)
                )
            else:
                lines.append(
                    bm.CostLine(
                        lid, kind, cat, driver_id=did, unit_cost=draw(money(0.0, 1e5)), **common
                    )
                )
        elif kind == "fixed":
            lines.append(bm.CostLine(lid, kind, cat, base_cost=draw(money()), **common))
        else:
            caseload = draw(_level_series(horizon, _floats(1.0, 50.0)))
            premium = draw(st.one_of(st.none(), _floats(0.0, 1.0)))
            # a blank premium is allowed only where there are no agency staff
            agency = (
                [0.0] * (horizon + 1)
                if premium is None
                else draw(_level_series(horizon, _floats(0.0, 1.0)))
            )
            series: dict[str, Any] = {}
            if draw(st.booleans()):
                series = dict(caseload=caseload, agency_share=agency)
            else:
                cost_assumptions += [
                    bm.CostAssumption(lid, "caseload", caseload),
                    bm.CostAssumption(lid, "agency_share", agency),
                ]
            lines.append(
                bm.CostLine(
                    lid,
                    kind,
                    cat,
                    driver_id=draw(st.sampled_from(driver_ids)),
                    cost_per_fte=draw(money(1e4, 1e5)),
                    agency_premium=premium,
                    **series,
                    **common,
                )
            )

    # Initiatives: Improvement rows of any kinds, Effects rows on any drivers, at least one row.
    improvements: list[bm.Improvement] = []
    effects: list[bm.Effect] = []
    initiative_ids = [f"i{k}" for k in range(draw(st.integers(0, 3)))]
    for k, iid in enumerate(initiative_ids):
        kinds = draw(st.lists(st.sampled_from(KINDS), unique=True, max_size=3))
        on = draw(st.lists(st.sampled_from(driver_ids), unique=True, max_size=len(driver_ids)))
        if not kinds and not on:
            kinds = [draw(st.sampled_from(KINDS))]
        for kind in kinds:
            cat = draw(category)
            used_categories.add(cat)
            improvements.append(
                bm.Improvement(
                    iid,
                    kind,
                    draw(projection_series(horizon, money(), blanks=True)),
                    name=f"Initiative {k}",
                    service_area="Plan",
                    inflation=cat,
                )
            )
        for did in on:
            phasing = draw(st.one_of(st.none(), projection_series(horizon, _floats(0.0, 1.0))))
            extra = {} if phasing is None else {"phasing": phasing}
            effects.append(bm.Effect(iid, did, draw(_floats(-0.5, 0.5)), **extra))
    # Interleave so the Improvement order is not always initiative order.
    improvements = draw(st.permutations(improvements))

    # Inflation: every scenario has every category used, and the deflator's category.
    categories = [*sorted(used_categories - {"none"}), DEFLATOR_CATEGORY]
    rate = st.just(0.0) if zero_inflation else _floats(-0.05, 0.15)
    inflation_ids = [f"infl{k}" for k in range(draw(st.integers(1, 2)))]
    inflation = [
        bm.InflationRate(s, c, draw(projection_series(horizon, rate)))
        for s in inflation_ids
        for c in categories
    ]
    deflator = draw(st.sampled_from(("none", *categories)))

    funding = [
        bm.Funding(f"f{k}", draw(_level_series(horizon, money(0.0, 1e7))), name=f"Fund {k}")
        for k in range(draw(st.integers(0, 2)))
    ]

    def selection() -> str:
        if initiatives is not None:
            return initiatives
        options = ["all", "none"] + (["list"] if initiative_ids else [])
        choice = draw(st.sampled_from(options))
        if choice != "list":
            return choice
        chosen = draw(st.lists(st.sampled_from(initiative_ids), unique=True, min_size=1))
        return draw(st.sampled_from((",", ", "))).join(chosen)

    scenarios = [
        bm.Scenario(
            f"sc{k}", draw(st.sampled_from(inflation_ids)), selection(), description=f"Scenario {k}"
        )
        for k in range(draw(st.integers(1, 3)))
    ]

    override_rows: list[bm.Override] = []
    if overrides:
        seen: set[tuple[str, str, str]] = set()
        for _ in range(draw(st.integers(0, 2))):
            d = draw(st.sampled_from(drivers))
            parameter = draw(st.sampled_from(_METHOD_PARAMETERS[d.method]))
            name = draw(st.sampled_from(scenarios)).name
            if (name, d.id, parameter) in seen:
                continue
            seen.add((name, d.id, parameter))
            elements, blanks, _ = PARAMETER_VALUES[parameter]
            override_rows.append(
                bm.Override(
                    name, d.id, parameter, draw(projection_series(horizon, elements, blanks=blanks))
                )
            )

    return dict(
        base_year=base_year,
        horizon=horizon,
        authority=draw(st.sampled_from(("", "Anytown"))),
        money_unit=unit,
        deflator=deflator,
        populations=populations,
        drivers=drivers,
        driver_assumptions=assumptions,
        cost_lines=lines,
        cost_assumptions=cost_assumptions,
        improvements=improvements,
        effects=effects,
        inflation=inflation,
        funding=funding,
        scenarios=scenarios,
        overrides=override_rows,
    )


def models(**options: Any) -> st.SearchStrategy[bm.Model]:
    """Random valid :class:`budgetmodel.Model` s; ``options`` as :func:`model_kwargs`."""
    return model_kwargs(**options).map(lambda kwargs: bm.Model(**kwargs))
