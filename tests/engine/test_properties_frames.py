"""Invariants of any valid model: initiatives, drivers, the frames' shape and order,
and what the results must not depend on; checked with hypothesis (DESIGN.md, "The model,
as mathematics" and "Outputs").

Expected values are derived from the model's inputs (tests/engine/expected.py), not
taken from the engine, so a wiring mistake in the engine shows up as a mismatch.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

import budgetmodel as bm

from ..strategies import MONEY_SCALES, model_kwargs, models
from .expected import FEW, PROPERTY, RTOL, STEPS, included, labels, series


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
                assert basis is not None
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
    share: dict[str, Any] = data.draw(
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
