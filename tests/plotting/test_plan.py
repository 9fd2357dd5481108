"""The plan charts, tested by what they draw on a small model worked out by hand."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.axes import Axes

import budgetmodel as bm
from budgetmodel import plotting

from ..factories import plan_model as model
from .charts import as_bars, bars, new_ax, tick_texts

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def two() -> bm.Model:
    """cin 100, 110, 121 at £1. ``quick`` costs 10 in 2021-22 and cuts cin by 20% from
    then; ``slow`` costs 50 in 2021-22 and cuts it by 10% in 2022-23."""
    return model(
        improvements=[
            bm.Improvement("quick", "one_off", [10, 0], name="Quick win"),
            bm.Improvement("slow", "one_off", [50, 0], name="Slow burn"),
        ],
        effects=[
            bm.Effect("quick", "cin", -0.2, [1.0, 1.0]),
            bm.Effect("slow", "cin", -0.1, [0.0, 1.0]),
        ],
        uncertainty=[bm.Uncertainty("effect:slow", "uniform", 0.0, 1.0)],
    )


def labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_waterfall_from_without_to_with_the_plan(two: bm.Model) -> None:
    result = two.run()
    ax = plotting.plot_plan_waterfall(result, scenario="plan", unit="£", ax=new_ax())
    heights, bottoms = bars(ax, "plan")
    # 2022-23: without the plan 121; quick alone -24.2, slow alone -12.1; together
    # 121 * 0.8 * 0.9 = 87.12, so they interact by +2.42
    assert heights == pytest.approx([121, -24.2, -12.1, 2.42, 87.12])
    assert bottoms == pytest.approx([0, 121, 96.8, 84.7, 0])
    assert heights[0] + heights[1:4].sum() == pytest.approx(heights[-1])
    ticks = [t.replace("\n", " ") for t in tick_texts(ax)]
    assert ticks == [
        "Without the plan 2022-23",
        "Quick win",
        "Slow burn",
        "Acting together",
        "With the plan 2022-23",
    ]
    title = ax.get_title(loc="left")
    assert title == "The plan takes £34 off the 2022-23 budget; quick win saves most"
    # one initiative: no interaction bar
    one = plotting.plot_plan_waterfall(result, scenario="plan", year="2021-22", unit="£",
                                       ax=new_ax())  # fmt: skip
    assert bars(one, "plan")[0] == pytest.approx([110, 10 - 22, 50, 148.0])


def test_business_case_marks_the_payback_year(two: bm.Model) -> None:
    result = two.run()
    ax = plotting.plot_business_case(result, scenario="plan", unit="£", ax=new_ax())
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    # cumulative net benefit: quick 0, 22 - 10, + 24.2; slow 0, -50, -50 + 12.1
    assert np.asarray(lines["Quick win"].get_ydata()) == pytest.approx([0, 12, 36.2])
    assert np.asarray(lines["Slow burn"].get_ydata()) == pytest.approx([0, -50, -37.9])
    marker = lines["payback"]
    xs, ys = np.asarray(marker.get_xdata()), np.asarray(marker.get_ydata())
    assert (list(xs), list(ys)) == ([1], [pytest.approx(12)])
    assert "Quick win" in labels(ax) and "Slow burn" in labels(ax)
    assert (
        ax.get_title(loc="left")
        == "One of two initiatives pays back within two years; net benefit −£2"
    )
    found = plotting.business_case_finding(result, "plan", unit="£")
    assert found.takeaway.startswith("Quick win pays back in 2021-22. Slow burn does not pay")


def test_business_case_takeaway_with_probabilities(two: bm.Model) -> None:
    result = two.run()
    sim = two.simulate(draws=2_000, seed=4, scenario="plan", by_initiative=True)
    found = plotting.business_case_finding(result, "plan", simulation=sim, unit="£")
    # slow's net benefit is 12.1 x - 50 < 0 for every x in [0, 1]
    assert "Slow burn does not pay back within two years in any draw" in found.takeaway


def test_initiative_range_draws_percentiles_and_chances(two: bm.Model) -> None:
    sim = two.simulate(draws=4_000, seed=4, scenario="plan", by_initiative=True)
    ax = plotting.plot_initiative_range(sim, unit="£", ax=new_ax())
    (wide,) = [c for c in ax.containers if c.get_label() == "5th to 95th percentile"]
    widths = np.array([p.get_width() for p in as_bars(wide).patches])
    # quick is certain; slow runs 12.1 x - 50 for x ~ U(0, 1): 5th to 95th 0.9 * 12.1
    assert widths[0] == pytest.approx(0.0, abs=1e-9)
    assert widths[1] == pytest.approx(0.9 * 12.1, abs=0.2)
    assert {"100%", "0%"} <= set(labels(ax))
    title = ax.get_title(loc="left").replace("\n", " ")
    assert title == "Quick win is sure to pay back; slow burn is the least certain"
    names = [t.get_text() for t in ax.texts]
    assert "Quick win" in names and "Slow burn" in names


def test_no_initiatives_says_so(two: bm.Model) -> None:
    result = two.run()
    for draw in (plotting.plot_plan_waterfall, plotting.plot_business_case):
        ax = draw(result, scenario="none", ax=new_ax())
        assert ax.get_title(loc="left") == "No improvement initiatives in this scenario"
        assert not ax.containers
