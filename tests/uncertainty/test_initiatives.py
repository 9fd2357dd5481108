"""``simulate(..., by_initiative=True)``: each initiative's net benefit and its chance of
paying back, on a small model worked out by hand (DESIGN.md, "Uncertainty")."""

from __future__ import annotations

from typing import cast

import numpy as np
import pytest

import budgetmodel as bm

from ..factories import plan_model as model


def case(*uncertainty: bm.Uncertainty, strength: float = -0.5) -> bm.Model:
    """``eh`` costs 50 in 2021-22 and cuts ``cin`` (121 in 2022-23, £1 each) by
    ``-strength``: a net benefit of ``121 * -strength * x - 50`` at effect ``x``."""
    return model(
        improvements=[bm.Improvement("eh", "one_off", [50, 0], name="Early help")],
        effects=[bm.Effect("eh", "cin", strength, [0.0, 1.0])],
        uncertainty=list(uncertainty),
    )


def test_zero_width_draws_reproduce_the_business_case() -> None:
    for strength, pays in ((-0.5, 1.0), (-0.25, 0.0)):
        m = case(bm.Uncertainty("effect:eh", "uniform", 1.0, 1.0), strength=strength)
        sim = m.simulate(draws=500, seed=1, scenario="plan", by_initiative=True)
        business = m.run("plan").business_case.iloc[0]
        values = sim.initiatives.set_index("statistic")["value"]
        assert values.tolist() == pytest.approx([business["net_benefit"]] * 8)
        assert business["net_benefit"] == pytest.approx(121 * -strength - 50)
        payback = sim.payback.iloc[0]
        assert payback["p_payback"] == pays  # every draw, or none, pays back
        assert payback["net_benefit"] == pytest.approx(business["net_benefit"])
        assert payback["payback_year"] == business["payback_year"]
        assert payback["name"] == "Early help"


def test_uniform_effect_gives_percentiles_and_payback_by_hand() -> None:
    # x ~ U(0, 1): net benefit 60.5 x - 50, paid back when x >= 50 / 60.5
    m = case(bm.Uncertainty("effect:eh", "uniform", 0.0, 1.0))
    sim = m.simulate(draws=40_000, seed=5, scenario="plan", by_initiative=True)
    values = sim.initiatives.set_index("statistic")["value"]
    for p in (5, 25, 50, 75, 95):
        assert values[f"p{p}"] == pytest.approx(60.5 * p / 100 - 50, abs=0.6)
    assert values["mean"] == pytest.approx(60.5 / 2 - 50, abs=0.3)
    assert sim.payback.iloc[0]["p_payback"] == pytest.approx(1 - 50 / 60.5, abs=0.01)
    # the scenario without initiatives has no rows
    both = m.simulate(draws=1_000, seed=5, by_initiative=True)
    assert both.initiatives["scenario"].unique().tolist() == ["plan"]
    assert both.payback["scenario"].tolist() == ["plan"]


def test_a_saving_delivered_uncertainly_always_pays_back() -> None:
    m = model(
        improvements=[
            bm.Improvement("agency", "one_off", [10, 0]),
            bm.Improvement("agency", "saving", [20, 20]),
        ],
        uncertainty=[bm.Uncertainty("delivery:agency", "uniform", 0.6, 1.0)],
    )
    sim = m.simulate(draws=2_000, seed=2, scenario="plan", by_initiative=True)
    # savings 40 x - 10 with x in [0.6, 1]: 14 to 30, paid back in the first year
    values = sim.initiatives.set_index("statistic")["value"]
    assert values["p5"] >= 14 - 1e-9 and values["p95"] <= 30 + 1e-9
    assert sim.payback.iloc[0]["p_payback"] == 1.0
    assert sim.payback.iloc[0]["payback_year"] == "2021-22"


def test_seeded_and_chunk_independent() -> None:
    m = case(bm.Uncertainty("effect:eh", "pert", 0.2, 0.8, 1.2))
    runs = [
        m.simulate(draws=9_000, seed=9, scenario="plan", by_initiative=True, chunk_size=c)
        for c in (3_000, 257, 9_000)
    ]
    for other in runs[1:]:
        assert other.initiatives.equals(runs[0].initiatives)
        assert other.payback.equals(runs[0].payback)
    # the totals are the same with or without the initiatives
    plain = m.simulate(draws=9_000, seed=9, scenario="plan")
    assert plain.percentiles.equals(runs[0].percentiles)


def test_initiatives_need_by_initiative() -> None:
    sim = case().simulate(draws=10, seed=1, scenario="plan")
    with pytest.raises(ValueError, match="by_initiative=True"):
        sim.initiatives  # noqa: B018
    table = case().simulate(draws=10, seed=1, by_initiative=True).initiative_table("£")
    assert table.loc[("plan", "eh"), "as entered"] == pytest.approx(10.5)
    assert np.isclose(cast(float, table.loc[("plan", "eh"), "pays back"]), 1.0)
    html = case().simulate(draws=10, seed=1, by_initiative=True)._repr_html_()
    assert "Net benefit by initiative" in html and "Early help" in html
