"""Invariants of any valid model, checked with hypothesis (DESIGN.md, "The model, as
mathematics" and "Outputs").

Expected values are derived from the model's inputs here, not taken from the engine:
price indices, funding, initiative selection and line costs are recomputed from the
records, so a wiring mistake in the engine shows up as a mismatch.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

import budgetmodel as bm
from budgetmodel.core.inflation import deflate, price_index

from ..strategies import MONEY_SCALES, model_kwargs, models

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, database=None)
FEW = settings(max_examples=30, deadline=None, derandomize=True, database=None)
RTOL = 1e-9
STEPS = ["base", "demand", "plan_effects", "plan_direct", "inflation", "total"]


# -- expectations recomputed from the inputs ----------------------------------------------------
def labels(model: bm.Model) -> list[str]:
    return [
        f"{y}-{(y + 1) % 100:02d}"
        for y in range(model.base_year, model.base_year + model.horizon + 1)
    ]


def scenario(model: bm.Model, name: str) -> bm.Scenario:
    return next(s for s in model.scenarios if s.name == name)


def indices(model: bm.Model, name: str) -> dict[str, np.ndarray]:
    """``I[s, c, t]`` for every category of scenario ``name``'s inflation scenario."""
    T = model.horizon + 1
    out = {"none": np.ones(T)}
    for r in model.inflation:
        if r.scenario == scenario(model, name).inflation_scenario:
            index = [1.0]
            for t in range(1, T):
                index.append(index[-1] * (1.0 + (r.rates[t] or 0.0)))
            out[r.category] = np.array(index)
    return out


def included(model: bm.Model, name: str) -> set[str]:
    text = scenario(model, name).initiatives.strip()
    known = {r.initiative_id for r in model.improvements} | {e.initiative_id for e in model.effects}
    if text.lower() == "all":
        return known
    if text.lower() == "none":
        return set()
    return {part.strip() for part in text.split(",")}


def funding(model: bm.Model) -> np.ndarray:
    scale = MONEY_SCALES[model.money_unit]
    return sum(
        (np.array(f.values, dtype=float) * scale for f in model.funding),
        np.zeros(model.horizon + 1),
    )


def series(frame: pd.DataFrame, column: str, **where: Any) -> np.ndarray:
    for key, value in where.items():
        frame = frame[frame[key] == value]
    return frame[column].to_numpy(dtype=float)


def line_costs(model: bm.Model, volumes: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``K_l[t]`` of every baseline line (£ at base prices) from the table of line types."""
    scale = MONEY_SCALES[model.money_unit]
    rows = {
        (a.line_id, a.parameter): np.array(a.values, dtype=float) for a in model.cost_assumptions
    }
    v0 = {d.id: d.base_volume for d in model.drivers}
    out = {}
    for line in model.cost_lines:
        if line.type == "activity":
            u = (
                line.unit_cost * scale
                if line.unit_cost is not None
                else line.base_cost * scale / v0[line.driver_id]
            )
            out[line.id] = volumes[line.driver_id] * u
        elif line.type == "fixed":
            out[line.id] = np.full(model.horizon + 1, line.base_cost * scale)
        else:
            fte = volumes[line.driver_id] / rows[(line.id, "caseload")]
            premium = line.agency_premium or 0.0
            out[line.id] = (
                fte * line.cost_per_fte * scale * (1.0 + rows[(line.id, "agency_share")] * premium)
            )
    return out


def close(a: float, b: float, *terms: float) -> bool:
    """Equal to ``RTOL`` of the larger of the values and the terms summed to get them."""
    size = max([abs(a), abs(b), *map(abs, terms)])
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=RTOL * size + 1e-9)


# -- totals and the bridge ----------------------------------------------------------------------
@PROPERTY
@given(models())
def test_bridge_steps_sum_to_total_cash(model: bm.Model) -> None:
    result = model.run()
    bridge, summary, lines = result.bridge, result.summary, result.lines
    for name in model.scenario_names():
        total_cash = series(summary, "total_cash", scenario=name)
        for t, year in enumerate(labels(model)):
            step = dict(
                zip(
                    *(
                        bridge[(bridge.scenario == name) & (bridge.year == year)][c]
                        for c in ("step", "value")
                    ),
                    strict=True,
                )
            )
            assert list(step) == STEPS
            parts = [step[s] for s in STEPS[:5]]
            assert close(sum(parts), step["total"], *parts)
            assert close(step["total"], total_cash[t])
            here = lines[(lines.scenario == name) & (lines.year == year)]
            base_year = lines[(lines.scenario == name) & (lines.year == labels(model)[0])]
            baseline = here[here.kind == "baseline"]["base_price"]
            base = base_year[base_year.kind == "baseline"]["base_price"]
            assert close(step["base"], base.sum(), *base)
            assert close(
                step["base"] + step["demand"] + step["plan_effects"],
                baseline.sum(),
                step["base"],
                step["demand"],
                step["plan_effects"],
                *baseline,
            )
            direct = here[here.kind != "baseline"]["base_price"]
            assert close(step["plan_direct"], direct.sum(), *direct)


@PROPERTY
@given(models())
def test_bridge_demand_uses_counterfactual_volumes(model: bm.Model) -> None:
    result = model.run()
    for name in model.scenario_names():

        def volumes(column: str, name: str = name) -> dict[str, np.ndarray]:
            return {
                d.id: series(result.drivers, column, scenario=name, driver_id=d.id)
                for d in model.drivers
            }

        k_cf = line_costs(model, volumes("volume_counterfactual"))
        k = line_costs(model, volumes("volume"))
        base = sum(v[0] for v in k.values())
        for t, year in enumerate(labels(model)):
            step = series(result.bridge, "value", scenario=name, year=year)
            demand = sum(v[t] for v in k_cf.values()) - base
            plan = sum(k[line][t] - k_cf[line][t] for line in k)
            terms = [v[t] for v in (*k.values(), *k_cf.values())]
            assert close(step[1], demand, *terms)
            assert close(step[2], plan, *terms)


@PROPERTY
@given(models())
def test_lines_add_up_to_summary_in_cash_and_real_terms(model: bm.Model) -> None:
    result = model.run()
    lines, summary = result.lines, result.summary
    category = {("baseline", x.id): x.inflation for x in model.cost_lines}
    category |= {(r.kind, r.initiative_id): r.inflation for r in model.improvements}
    for name in model.scenario_names():
        index = indices(model, name)
        deflator = index[model.deflator]
        mine = lines[lines.scenario == name]
        for t, year in enumerate(labels(model)):
            here = mine[mine.year == year]
            row = summary[(summary.scenario == name) & (summary.year == year)].iloc[0]
            assert close(here["cash"].sum(), row["total_cash"], *here["cash"])
            assert close(here["real"].sum(), row["total_real"], *here["real"])
            assert close(row["total_real"], row["total_cash"] / deflator[t])
            for _, line in here.iterrows():
                c = category[(line["kind"], line["line_id"])]
                assert close(line["cash"], line["base_price"] * index[c][t])
                assert close(line["real"], line["cash"] / deflator[t])


@PROPERTY
@given(models())
def test_baseline_line_costs_follow_the_line_types(model: bm.Model) -> None:
    result = model.run()
    for name in model.scenario_names():
        volumes = {
            d.id: series(result.drivers, "volume", scenario=name, driver_id=d.id)
            for d in model.drivers
        }
        for line, expected in line_costs(model, volumes).items():
            got = series(result.lines, "base_price", scenario=name, line_id=line, kind="baseline")
            assert_allclose(got, expected, rtol=RTOL, atol=1e-9)


@PROPERTY
@given(models())
def test_initiative_rows_are_signed_amounts_of_included_initiatives(model: bm.Model) -> None:
    result = model.run()
    scale = MONEY_SCALES[model.money_unit]
    for name in model.scenario_names():
        rows = result.lines[(result.lines.scenario == name) & (result.lines.kind != "baseline")]
        chosen = [r for r in model.improvements if r.initiative_id in included(model, name)]
        assert set(zip(rows.line_id, rows.kind, strict=True)) == {
            (r.initiative_id, r.kind) for r in chosen
        }
        for r in chosen:
            sign = -1.0 if r.kind == "saving" else 1.0
            expected = [0.0] + [sign * (v or 0.0) * scale for v in r.amounts[1:]]
            got = series(rows, "base_price", line_id=r.initiative_id, kind=r.kind)
            assert_allclose(got, expected, rtol=RTOL, atol=1e-9)


# -- inflation --------------------------------------------------------------------------------
@PROPERTY
@given(models(zero_inflation=True))
def test_zero_inflation_makes_cash_equal_base_prices(model: bm.Model) -> None:
    result = model.run()
    lines = result.lines
    assert_array_equal(lines["cash"], lines["base_price"])
    assert_array_equal(lines["real"], lines["cash"])
    summary = result.summary
    assert_array_equal(summary["total_real"], summary["total_cash"])
    bridge = result.bridge
    size = np.abs(bridge["value"]).max()
    assert_allclose(bridge[bridge.step == "inflation"]["value"], 0.0, atol=RTOL * size + 1e-9)


def _rates(draws: int, categories: int, years: int) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(
        np.float64, (draws, categories, years), elements=st.floats(-0.5, 1.0, allow_subnormal=False)
    )


@PROPERTY
@given(st.integers(1, 3), st.integers(1, 4), st.integers(1, 16), st.data())
def test_deflating_an_escalated_series_gives_it_back(
    draws: int, categories: int, years: int, data: st.DataObject
) -> None:
    rates = data.draw(_rates(draws, categories, years))
    base = data.draw(
        hnp.arrays(
            np.float64,
            (draws, categories, years),
            elements=st.floats(-1e6, 1e6, allow_subnormal=False),
        )
    )
    index = price_index(rates)
    # The definition, year by year: I[0] = 1 whatever r[0] is, I[t] = I[t-1] * (1 + r[t]).
    expected = np.ones_like(rates)
    for t in range(1, years):
        expected[..., t] = expected[..., t - 1] * (1.0 + rates[..., t])
    assert_allclose(index, expected, rtol=1e-12)
    assert_array_equal(index[..., 0], 1.0)
    assert_allclose(deflate(base * index, index), base, rtol=1e-12, atol=1e-9)


# -- initiatives ----------------------------------------------------------------------------------
@PROPERTY
@given(models(initiatives="none"))
def test_without_initiatives_the_plan_changes_nothing(model: bm.Model) -> None:
    result = model.run()
    drivers = result.drivers
    assert_array_equal(drivers["volume"], drivers["volume_counterfactual"])
    bridge = result.bridge
    assert (bridge[bridge.step.isin(["plan_effects", "plan_direct"])]["value"] == 0.0).all()
    assert set(result.lines["kind"]) == {"baseline"}


@PROPERTY
@given(models())
def test_effects_scale_the_counterfactual_path(model: bm.Model) -> None:
    """``V = method volume * prod_i (1 + e * phi)``; a share driver's method volume is
    its counterfactual share of its basis's with-plan volume."""
    result = model.run()
    T = model.horizon + 1
    drivers = {d.id: d for d in model.drivers}
    for name in model.scenario_names():
        chosen = included(model, name)

        def vols(did: str, column: str, name: str = name) -> np.ndarray:
            return series(result.drivers, column, scenario=name, driver_id=did)

        for d in model.drivers:
            multiplier = np.ones(T)
            for e in model.effects:
                if e.initiative_id in chosen and e.target == d.id:
                    phasing = np.array([0.0] + [p for p in e.phasing[1:]], dtype=float)
                    multiplier *= 1.0 + e.value * phasing
            plan, cf = vols(d.id, "volume"), vols(d.id, "volume_counterfactual")
            if drivers[d.id].method == "share":
                basis = drivers[d.id].basis
                # V * Vcf[q] = Vcf * V[q] * multiplier, with no division by a zero basis.
                assert_allclose(
                    plan * vols(basis, "volume_counterfactual"),
                    cf * vols(basis, "volume") * multiplier,
                    rtol=1e-9,
                    atol=1e-6,
                )
            else:
                assert_allclose(plan, cf * multiplier, rtol=1e-12, atol=1e-9)


# -- drivers -------------------------------------------------------------------------------------
@PROPERTY
@given(model_kwargs(), st.data())
def test_share_of_one_mirrors_its_basis(kwargs: dict[str, Any], data: st.DataObject) -> None:
    drivers = list(kwargs["drivers"])
    candidates = [d for d in drivers if d.base_volume > 0]
    if not candidates:
        drivers.append(bm.Driver("basis", "growth", 123.0, growth=0.05))
        candidates = drivers[-1:]
    basis = data.draw(st.sampled_from(candidates))
    horizon = kwargs["horizon"]
    share = data.draw(
        st.sampled_from(
            [
                {"share": 1.0},
                {},
                {"share": [None] * horizon},
                {"share": [1.0 if k % 2 else None for k in range(horizon)]},
            ]
        )
    )
    mirror = bm.Driver("mirror", "share", basis.base_volume, basis=basis.id, **share)
    position = data.draw(st.integers(0, len(drivers)))  # before or after its basis
    drivers.insert(position, mirror)
    result = bm.Model(**{**kwargs, "drivers": drivers}).run()
    frame = result.drivers
    for column in ("volume_counterfactual", "volume"):
        for name in result.scenarios:
            assert_array_equal(
                series(frame, column, scenario=name, driver_id="mirror"),
                series(frame, column, scenario=name, driver_id=basis.id),
            )


# -- funding and gap -------------------------------------------------------------------------
@PROPERTY
@given(models())
def test_gap_and_cumulative_gap(model: bm.Model) -> None:
    summary = model.run().summary
    expected_funding = funding(model)
    for name in model.scenario_names():
        rows = summary[summary.scenario == name]
        cash, fund = rows["total_cash"].to_numpy(), rows["funding"].to_numpy()
        gap, cumulative = rows["gap"].to_numpy(), rows["cumulative_gap"].to_numpy()
        assert_allclose(fund, expected_funding, rtol=RTOL, atol=1e-9)
        assert_allclose(
            gap,
            cash - expected_funding,
            rtol=RTOL,
            atol=RTOL * max(np.abs(cash).max(), np.abs(fund).max()) + 1e-9,
        )
        assert cumulative[0] == 0.0
        running = np.cumsum(gap[1:])
        assert_allclose(cumulative[1:], running, rtol=RTOL, atol=RTOL * np.abs(gap).sum() + 1e-9)


# -- shape and order of the frames -------------------------------------------------------------
@PROPERTY
@given(models())
def test_frames_are_ordered_scenario_year_item(model: bm.Model) -> None:
    result = model.run()
    years = labels(model)
    names = model.scenario_names()
    drivers = [d.id for d in model.drivers]
    expected_lines = [
        (s, y, line_id, kind)
        for s in names
        for y in years
        for line_id, kind in [(x.id, "baseline") for x in model.cost_lines]
        + [
            (r.initiative_id, r.kind)
            for r in model.improvements
            if r.initiative_id in included(model, s)
        ]
    ]
    lines = result.lines
    assert list(lines.columns) == [
        "scenario",
        "year",
        "line_id",
        "line_name",
        "service_area",
        "kind",
        "base_price",
        "cash",
        "real",
    ]
    assert (
        list(zip(lines.scenario, lines.year, lines.line_id, lines.kind, strict=True))
        == expected_lines
    )
    frame = result.drivers
    assert list(frame.columns) == [
        "scenario",
        "driver_id",
        "year",
        "volume_counterfactual",
        "volume",
        "stock_counterfactual",
        "stock",
    ]
    assert list(zip(frame.scenario, frame.year, frame.driver_id, strict=True)) == [
        (s, y, d) for s in names for y in years for d in drivers
    ]
    bridge = result.bridge
    assert list(bridge.columns) == ["scenario", "year", "step", "value"]
    assert list(zip(bridge.scenario, bridge.year, bridge.step, strict=True)) == [
        (s, y, step) for s in names for y in years for step in STEPS
    ]
    summary = result.summary
    assert list(summary.columns) == [
        "scenario",
        "year",
        "gross_cash",
        "income_cash",
        "total_cash",
        "total_real",
        "funding",
        "gap",
        "cumulative_gap",
    ]
    assert list(zip(summary.scenario, summary.year, strict=True)) == [
        (s, y) for s in names for y in years
    ]
    names_of = {x.id: (x.name, x.service_area) for x in model.cost_lines}
    names_of |= {r.initiative_id: (r.name, r.service_area) for r in model.improvements}
    base = lines[lines.kind == "baseline"]
    assert list(zip(base.line_name, base.service_area, strict=True)) == [
        names_of[i] for i in base.line_id
    ]
    for frame in (lines, result.drivers, bridge, summary):
        assert frame.index.equals(pd.RangeIndex(len(frame)))


@FEW
@given(models(), st.data())
def test_running_one_scenario_gives_its_rows_of_the_full_run(
    model: bm.Model, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(model.scenario_names()))
    full, one = model.run(), model.run(name)
    assert one.scenarios == [name]
    for frame in ("lines", "drivers", "bridge", "summary"):
        a = getattr(full, frame)
        pd.testing.assert_frame_equal(
            a[a.scenario == name].reset_index(drop=True), getattr(one, frame)
        )


# -- what the results must not depend on -------------------------------------------------------
_ORDERLESS = (
    "populations",
    "drivers",
    "driver_assumptions",
    "cost_assumptions",
    "effects",
    "inflation",
    "funding",
    "overrides",
)


@PROPERTY
@given(model_kwargs(), st.data())
def test_order_of_records_does_not_matter(kwargs: dict[str, Any], data: st.DataObject) -> None:
    """Shuffling tables whose order carries no meaning (so a share driver may come before
    its basis) gives the same volumes, totals and bridge; line rows keep their values."""
    shuffled = {
        k: data.draw(st.permutations(v)) if k in _ORDERLESS else v for k, v in kwargs.items()
    }
    shuffled["improvements"] = data.draw(st.permutations(kwargs["improvements"]))
    a, b = bm.Model(**kwargs).run(), bm.Model(**shuffled).run()

    def keyed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        return frame.sort_values(keys).reset_index(drop=True)

    keys = ["scenario", "driver_id", "year"]
    pd.testing.assert_frame_equal(
        keyed(a.drivers, keys), keyed(b.drivers, keys), rtol=1e-12, atol=1e-9
    )
    pd.testing.assert_frame_equal(a.summary, b.summary, rtol=RTOL, atol=1e-6)
    pd.testing.assert_frame_equal(a.bridge, b.bridge, rtol=RTOL, atol=1e-6)
    keys = ["scenario", "year", "kind", "line_id"]
    pd.testing.assert_frame_equal(keyed(a.lines, keys), keyed(b.lines, keys), rtol=1e-12, atol=1e-9)


def _rescaled(kwargs: dict[str, Any], unit: str) -> dict[str, Any]:
    """The same model with its money restated in ``unit`` (a division by the unit's size)."""
    k = MONEY_SCALES[unit] / MONEY_SCALES[kwargs["money_unit"]]

    def money(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, list):
            return [money(v) for v in value]
        return value / k

    def swap(record: Any, **fields: Any) -> Any:
        from dataclasses import replace

        return replace(record, **{f: money(getattr(record, f)) for f in fields})

    out = dict(kwargs, money_unit=unit)
    out["cost_lines"] = [
        swap(x, unit_cost=1, base_cost=1, cost_per_fte=1) for x in kwargs["cost_lines"]
    ]
    out["improvements"] = [swap(r, amounts=1) for r in kwargs["improvements"]]
    out["funding"] = [swap(f, values=1) for f in kwargs["funding"]]
    return out


@PROPERTY
@given(model_kwargs(money_unit="£"), st.sampled_from(["£000", "£m"]))
def test_money_unit_does_not_change_results_in_pounds(kwargs: dict[str, Any], unit: str) -> None:
    a, b = bm.Model(**kwargs).run(), bm.Model(**_rescaled(kwargs, unit)).run()
    for frame in ("lines", "drivers", "bridge", "summary", "workforce"):
        pd.testing.assert_frame_equal(getattr(a, frame), getattr(b, frame), rtol=RTOL, atol=1e-6)
